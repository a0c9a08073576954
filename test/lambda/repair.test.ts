/**
 * lambda/repair.ts: the check of a held image and the reason to replace it.
 */
import { Image } from '@aws-sdk/client-ec2';
import { AwsCallError, UserFacingError } from '../../lambda/events';
import { ImagePages } from '../../lambda/lookup';
import { checkHeld, CheckTiming, describeHeld, repairReason } from '../../lambda/repair';
import { REPAIRS } from '../../src/shared/wire';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const ID = 'ami-0123456789abcdef0';
const found = (extra: Partial<Image> = {}) => ({ kind: 'found' as const, image: { ImageId: ID, State: 'available', ...extra } as Image });
const iso = (ms: number) => new Date(ms).toISOString();

describe('repairReason', () => {
  const cannot = { repair: REPAIRS.cannotLaunch };
  const deprecated = { repair: REPAIRS.deprecated };
  test.each<[string, Parameters<typeof repairReason>[0], Parameters<typeof repairReason>[1], ReturnType<typeof repairReason>]>([
    ['no repair judges nothing', { kind: 'absent' }, {}, undefined],
    ['an image that can launch is kept', found(), cannot, undefined],
    ['an absent image cannot launch', { kind: 'absent' }, cannot, { cannotLaunch: true, why: 'cannot launch: deregistered, or no longer shared with this account' }],
    ['nor a disabled one', found({ State: 'disabled' }), cannot, { cannotLaunch: true, why: 'cannot launch: disabled' }],
    ['nor a pending one', found({ State: 'pending' }), cannot, { cannotLaunch: true, why: 'cannot launch: not available' }],
    ['nor one Allowed AMIs refuses', found({ ImageAllowed: false }), cannot, { cannotLaunch: true, why: 'cannot launch: not allowed by Allowed AMIs' }],
    ['an unknown answer is never a dead image', { kind: 'unknown', error: 'throttled' }, cannot, undefined],
    ['a deprecated image launches: cannot-launch keeps it', found({ DeprecationTime: iso(NOW - DAY) }), cannot, undefined],
    ['the deprecated level replaces it', found({ DeprecationTime: iso(NOW - DAY) }), deprecated,
      { cannotLaunch: false, why: `is deprecated since ${iso(NOW - DAY)}` }],
    ['deprecated at this very instant counts', found({ DeprecationTime: iso(NOW) }), deprecated, { cannotLaunch: false, why: `is deprecated since ${iso(NOW)}` }],
    ['one deprecating later, without a period, is kept', found({ DeprecationTime: iso(NOW + 1000) }), deprecated, undefined],
    ['within the period it is replaced', found({ DeprecationTime: iso(NOW + 3 * DAY) }), { ...deprecated, repairWithinSeconds: 3 * 86_400 },
      { cannotLaunch: false, why: `deprecates at ${iso(NOW + 3 * DAY)}, within RepairWithinSeconds (259200 s)` }],
    ['a second past the period it is kept', found({ DeprecationTime: iso(NOW + 3 * DAY + 1000) }), { ...deprecated, repairWithinSeconds: 3 * 86_400 }, undefined],
    ['no deprecation time: kept', found(), { ...deprecated, repairWithinSeconds: 3 * 86_400 }, undefined],
    ['a dead image is "cannot launch" at the deprecated level too', found({ State: 'disabled', DeprecationTime: iso(NOW - DAY) }), deprecated,
      { cannotLaunch: true, why: 'cannot launch: disabled' }],
  ])('%s', (_, lookup, settings, expected) => {
    expect(repairReason(lookup, settings, NOW)).toEqual(expected);
  });
});

describe('describeHeld and checkHeld', () => {
  const budget = () => ({ signal: new AbortController().signal, deadline: Date.now() + 60_000 });
  const noWait: CheckTiming = { sleep: async () => undefined, firstWaitMs: 1, maxWaitMs: 1, reserveMs: 0 };
  /** A pages source that fails with `errors` in turn, then answers with `images`. */
  function pages(errors: Error[], images: Image[]): { pages: ImagePages; calls: () => number } {
    let calls = 0;
    return {
      calls: () => calls,
      pages: async function* () {
        calls++;
        const e = errors.shift();
        if (e) throw e;
        yield images;
      },
    };
  }
  const target = {};

  test('found, absent by an empty answer, absent by InvalidAMIID.NotFound or .Unavailable', async () => {
    expect(await describeHeld(ID, target, { pages: pages([], [{ ImageId: ID }]).pages, now: () => NOW }, budget())).toEqual({ kind: 'found', image: { ImageId: ID } });
    expect(await describeHeld(ID, target, { pages: pages([], []).pages, now: () => NOW }, budget())).toEqual({ kind: 'absent' });
    for (const code of ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable']) {
      const p = pages([new AwsCallError('DescribeImages failed on page 1: …', code)], []);
      expect(await describeHeld(ID, target, { pages: p.pages, now: () => NOW }, budget())).toEqual({ kind: 'absent' });
    }
  });

  test('an error that says nothing about the image is unknown, whatever its text says', async () => {
    for (const e of [new AwsCallError('DescribeImages failed: InvalidAMIID.NotFound in the text only', 'RequestLimitExceeded'),
      new UserFacingError('DescribeImages failed: InvalidAMIID.NotFound'), new Error('socket hang up')]) {
      const r = await describeHeld(ID, target, { pages: pages([e], []).pages, now: () => NOW }, budget());
      expect(r.kind).toBe('unknown');
    }
  });

  test('checkHeld asks again while the answer is unknown, and returns the first one that is not', async () => {
    const throttled = () => new AwsCallError('DescribeImages failed on page 1: RequestLimitExceeded', 'RequestLimitExceeded');
    const p = pages([throttled(), throttled(), throttled()], [{ ImageId: ID, State: 'disabled' }]);
    const r = await checkHeld(ID, target, { pages: p.pages, now: () => NOW }, budget(), noWait);
    expect(r).toEqual({ kind: 'found', image: { ImageId: ID, State: 'disabled' } });
    expect(p.calls()).toBe(4);
  });

  test('checkHeld gives up before the deadline less the reserve, saying how many tries it made', async () => {
    const waits: number[] = [];
    const errors = Array.from({ length: 100 }, () => new AwsCallError('DescribeImages failed on page 1: RequestLimitExceeded', 'RequestLimitExceeded'));
    const p = pages(errors, []);
    const timing: CheckTiming = {
      sleep: async (ms) => { waits.push(ms); await new Promise((r) => setTimeout(r, 20)); },
      firstWaitMs: 10,
      maxWaitMs: 40,
      reserveMs: 100,
    };
    const tight = { signal: new AbortController().signal, deadline: Date.now() + 400 };
    const r = await checkHeld(ID, target, { pages: p.pages, now: () => NOW }, tight, timing);
    expect(r.kind).toBe('unknown');
    expect((r as { error: string }).error).toMatch(/^DescribeImages failed on page 1: RequestLimitExceeded \(\d+ tries in 0 s\)$/);
    expect(p.calls()).toBeGreaterThan(1);
    expect(p.calls()).toBeLessThan(100);
    // Backoff doubles up to its cap.
    expect(waits.slice(0, 4)).toEqual([10, 20, 40, 40]);
  });
});
