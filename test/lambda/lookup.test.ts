/**
 * Random lifecycle sequences against a small pure model of what CloudFormation sends, through the
 * handler in process: after every rollback the resource holds the image it held before the failed
 * update, and every response fits CloudFormation's 4096 bytes.
 */
import { Image } from '@aws-sdk/client-ec2';
import * as fc from 'fast-check';
import { lookupProps } from '../../devkit/events';
import { CloudFormationEvent, UserFacingError } from '../../lambda/events';
import { mixedMessage } from '../../lambda/guard';
import { ImagePages, lookUp, stageReport } from '../../lambda/lookup';
import { encodeBody, MAX_BODY_BYTES } from '../../lambda/response-body';
import { COUNTED_STAGES, STAGES, StageCounts } from '../../lambda/selector';
import { Limits } from '../../src/shared/formats';
import { Attr, Prop, REPAIRS } from '../../src/shared/wire';
import { mixOf } from '../support/selection';
import { readStageReport } from '../support/stage-report';

/** The catalog at any moment: images app-1.0 .. app-1.(n-1), each newer than the last. */
function catalogImage(n: number): Image {
  return {
    ImageId: `ami-0${String(n + 1).padStart(16, '0')}`,
    Name: `app-1.${n}`,
    CreationDate: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString(),
    Description: `release ${n} ${'x'.repeat(n * 37)}`,
    OwnerId: '111122223333',
  };
}

/** DescribeImages over the catalog: by ID, or by the `name` filter's prefix. */
function pagesOf(catalog: () => Image[]): ImagePages {
  return async function* (query) {
    const all = catalog();
    if (query.imageIds.length > 0) {
      yield all.filter((i) => query.imageIds.includes(i.ImageId!));
      return;
    }
    const prefix = query.filters.find((f) => f.name === 'name')!.values[0].replace('*', '');
    yield all.filter((i) => i.Name!.startsWith(prefix));
  };
}

// The lookups a user might deploy: another rank, a deny-list, a new refresh period, or one that matches nothing.
const VARIANTS: Array<Record<string, unknown>> = [
  lookupProps(['self'], { name: ['app-*'] }),
  lookupProps(['self'], { name: ['app-*'] }, { [Prop.rank]: '1' }),
  lookupProps(['self'], { name: ['app-*'] }, { [Prop.refreshToken]: 'period-2' }),
  lookupProps(['self'], { name: ['app-*'] }, { [Prop.refreshToken]: 'period-3' }),
  lookupProps(['self'], { name: ['app-*'] }, { [Prop.excludeImageIds]: [catalogImage(3).ImageId!] }),
  lookupProps(['self'], { name: ['nothing-*'] }),
];
const cfnProps = (i: number) => ({ ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:f', ServiceTimeout: '900', ...VARIANTS[i] });

interface Step {
  /** Which lookup the deploy asks for. */
  readonly variant: number;
  /** Whether another resource in the same deploy fails, so that the stack rolls back. */
  readonly otherFails: boolean;
  /** How many newer images are published before this deploy (and again before its rollback). */
  readonly published: number;
}
const step: fc.Arbitrary<Step> = fc.record({ variant: fc.nat(VARIANTS.length - 1), otherFails: fc.boolean(), published: fc.nat(2) });

test('after every rollback the resource holds the image it held before the failed update', async () => {
  await fc.assert(fc.asyncProperty(fc.nat(VARIANTS.length - 2), fc.array(step, { maxLength: 12 }), async (first, steps) => {
    let size = 4;
    const deps = { pages: pagesOf(() => Array.from({ length: size }, (_, n) => catalogImage(n))), now: () => Date.UTC(2027, 0, 1) };
    const budget = { signal: new AbortController().signal, deadline: Date.now() + 60_000 };

    /** One event through the handler, answered the way the wrapper would: SUCCESS or FAILED. */
    const send = async (event: Omit<CloudFormationEvent, 'ResponseURL' | 'StackId' | 'RequestId' | 'LogicalResourceId'>) => {
      const base = { ResponseURL: 'https://example.invalid/', StackId: 'stack', RequestId: 'r', LogicalResourceId: 'Lookup' };
      try {
        const r = await lookUp({ ...base, ...event }, deps, budget);
        const body = encodeBody({ Status: 'SUCCESS', PhysicalResourceId: r.physicalResourceId, StackId: 'stack', RequestId: 'r', LogicalResourceId: 'Lookup', Data: r.data });
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
        return { ok: true as const, physicalId: r.physicalResourceId, image: r.data[Attr.imageId] };
      } catch (e) {
        if (!(e instanceof UserFacingError)) throw e;
        return { ok: false as const };
      }
    };

    // CloudFormation's view: the properties and physical ID of the last successful deploy.
    const created = await send({ RequestType: 'Create', ResourceProperties: cfnProps(first) });
    if (!created.ok) return;
    let deployed = first;
    let physicalId = created.physicalId;
    let holding = created.image;

    for (const s of steps) {
      size += s.published;
      // CloudFormation sends an Update only when the properties changed.
      if (s.variant === deployed) continue;
      const updated = await send({ RequestType: 'Update', ResourceProperties: cfnProps(s.variant), OldResourceProperties: cfnProps(deployed), PhysicalResourceId: physicalId });
      if (updated.ok && !s.otherFails) {
        deployed = s.variant;
        physicalId = updated.physicalId;
        holding = updated.image;
        continue;
      }
      // The stack rolls back: the original properties, and the physical ID as it now stands (a
      // FAILED answer keeps the old one).
      size += s.published;
      const rolledBack = await send({
        RequestType: 'Update',
        ResourceProperties: cfnProps(deployed),
        OldResourceProperties: cfnProps(s.variant),
        PhysicalResourceId: updated.ok ? updated.physicalId : physicalId,
      });
      expect(rolledBack).toEqual(expect.objectContaining({ ok: true, image: holding }));
      if (rolledBack.ok) physicalId = rolledBack.physicalId;
    }
  }), { numRuns: 300 });
});

/**
 * The same model with repair on (cannot-launch), and images that die (are disabled) between events.
 * Every deploy sends an Update, since the repair token changes at every synth, whether the lookup
 * changed or not. The held image is never one that cannot launch, unless nothing could be picked,
 * and then the deploy failed; and a rollback still brings back the image held before the failed
 * update whenever that image can still launch.
 */
test('with repair on, the held image can always launch, and rollbacks restore what they can', async () => {
  const repairStep = fc.record({
    variant: fc.nat(VARIANTS.length - 1),
    otherFails: fc.boolean(),
    published: fc.nat(2),
    kill: fc.option(fc.nat(8), { nil: undefined }),
    killBeforeRollback: fc.option(fc.nat(8), { nil: undefined }),
  });
  await fc.assert(fc.asyncProperty(fc.nat(VARIANTS.length - 2), fc.array(repairStep, { maxLength: 12 }), async (first, steps) => {
    let size = 4;
    const dead = new Set<string>();
    const catalog = (): Image[] => Array.from({ length: size }, (_, n) => catalogImage(n))
      .map((i) => ({ ...i, State: dead.has(i.ImageId!) ? 'disabled' : 'available' } as Image));
    // DescribeImages: by ID, disabled images included (as the check asks); a query's default state filter leaves them out.
    const pages: ImagePages = async function* (query) {
      const all = catalog();
      if (query.imageIds.length > 0) {
        yield all.filter((i) => query.imageIds.includes(i.ImageId!));
        return;
      }
      const prefix = query.filters.find((f) => f.name === 'name')!.values[0].replace('*', '');
      yield all.filter((i) => i.Name!.startsWith(prefix) && i.State === 'available');
    };
    const deps = { pages, now: () => Date.UTC(2027, 0, 1) };
    const budget = { signal: new AbortController().signal, deadline: Date.now() + 60_000 };
    const canLaunch = (imageId: string | undefined) => imageId !== undefined && catalog().some((i) => i.ImageId === imageId && i.State === 'available');
    const kill = (n: number | undefined) => { if (n !== undefined && n < size) dead.add(catalogImage(n).ImageId!); };
    let token = 0;
    const props = (variant: number, t: number) => ({ ...cfnProps(variant), [Prop.repair]: REPAIRS.cannotLaunch, [Prop.repairToken]: `t${t}` });

    const send = async (event: Omit<CloudFormationEvent, 'ResponseURL' | 'StackId' | 'RequestId' | 'LogicalResourceId'>) => {
      const base = { ResponseURL: 'https://example.invalid/', StackId: 'stack', RequestId: 'r', LogicalResourceId: 'Lookup' };
      try {
        const r = await lookUp({ ...base, ...event }, deps, budget);
        // The invariant: whatever was answered can launch now.
        expect(canLaunch(r.data[Attr.imageId])).toBe(true);
        return { ok: true as const, physicalId: r.physicalResourceId, image: r.data[Attr.imageId] };
      } catch (e) {
        if (!(e instanceof UserFacingError)) throw e;
        // Failing is allowed only when nothing could be picked.
        expect(e.message).toMatch(/no image selected/);
        return { ok: false as const };
      }
    };

    const created = await send({ RequestType: 'Create', ResourceProperties: props(first, token) });
    if (!created.ok) return;
    let deployed = { variant: first, token };
    let physicalId = created.physicalId;
    let holding = created.image;

    for (const s of steps) {
      size += s.published;
      kill(s.kill);
      const next = { variant: s.variant, token: ++token };
      const updated = await send({
        RequestType: 'Update',
        ResourceProperties: props(next.variant, next.token),
        OldResourceProperties: props(deployed.variant, deployed.token),
        PhysicalResourceId: physicalId,
      });
      if (updated.ok && !s.otherFails) {
        deployed = next;
        physicalId = updated.physicalId;
        holding = updated.image;
        continue;
      }
      size += s.published;
      kill(s.killBeforeRollback);
      const rolledBack = await send({
        RequestType: 'Update',
        ResourceProperties: props(deployed.variant, deployed.token),
        OldResourceProperties: props(next.variant, next.token),
        PhysicalResourceId: updated.ok ? updated.physicalId : physicalId,
      });
      if (!rolledBack.ok) return; // nothing could be picked: CloudFormation's rollback fails, and the model ends
      // The image held before the failed update comes back whenever it can still launch.
      if (canLaunch(holding)) expect(rolledBack.image).toBe(holding);
      physicalId = rolledBack.physicalId;
      holding = rolledBack.image;
    }
  }), { numRuns: 300 });
});

describe('lookUp and resolve, directly', () => {
  const catalog = Array.from({ length: 5 }, (_, n) => catalogImage(n));
  const deps = { pages: pagesOf(() => catalog), now: () => Date.UTC(2027, 0, 1) };
  const budget = { signal: new AbortController().signal, deadline: Date.now() + 60_000 };
  const base = { ResponseURL: 'https://example.invalid/', StackId: 'stack', RequestId: 'r', LogicalResourceId: 'Lookup' };

  test('Create picks by the query, records the state, and says where the image came from', async () => {
    const r = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: cfnProps(0) }, deps, budget);
    expect(r.data).toMatchObject({ [Attr.imageId]: catalog[4].ImageId, [Attr.resolvedFrom]: 'query', [Attr.previousImageId]: '' });
    expect(r.physicalResourceId).toMatch(new RegExp(`^${catalog[4].ImageId}/v2/[0-9a-f]{32}/query$`));
  });

  test('nothing selected: a reason with every stage\'s count and the query', async () => {
    const message = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: cfnProps(VARIANTS.length - 1) }, deps, budget)
      .then(() => 'selected', (e: Error) => e.message);
    const counts: StageCounts = { api: 0, allowed: 0, namePattern: 0, age: 0, denyList: 0, deprecation: 0 };
    const expected = `no image selected: ${stageReport({ rank: 0 }, counts, 1)}; query Owners=[self]`;
    expect(message.slice(0, expected.length)).toBe(expected);
  });

  test('a fallback image is described and used when nothing survives', async () => {
    const props = { ...cfnProps(VARIANTS.length - 1), [Prop.fallbackImageId]: catalog[1].ImageId };
    const r = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: props }, deps, budget);
    expect(r.data).toMatchObject({ [Attr.imageId]: catalog[1].ImageId, [Attr.imageName]: 'app-1.1', [Attr.resolvedFrom]: 'fallback' });
  });

  describe('the ambiguity guard', () => {
    const mixed = catalog.map((i, n) => ({ ...i, Architecture: n % 2 ? 'arm64' : 'x86_64' } as Image));
    const mixedDeps = { ...deps, pages: pagesOf(() => mixed) };

    test('a mixed query is refused, even with a fallback image: it is a query to fix, not an absence', async () => {
      const props = { ...cfnProps(0), [Prop.fallbackImageId]: catalog[1].ImageId };
      const message = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: props }, mixedDeps, budget)
        .then(() => 'selected', (e: Error) => e.message);
      const expected = `${mixedMessage(5, [mixOf('architecture', [['x86_64', 3], ['arm64', 2]])])}; query `;
      expect(message.slice(0, expected.length)).toBe(expected);
    });

    test('AllowMixedImages, or a query pinned by ImageIds, picks the best image without refusing', async () => {
      const allowed = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: { ...cfnProps(0), [Prop.allowMixedImages]: 'true' } }, mixedDeps, budget);
      expect(allowed.data[Attr.imageId]).toBe(catalog[4].ImageId);
      const ids = [mixed[2].ImageId!, mixed[3].ImageId!];
      const pinned = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: lookupProps([], {}, { [Prop.imageIds]: ids }) }, mixedDeps, budget);
      expect(pinned.data[Attr.imageId]).toBe(mixed[3].ImageId);
    });

    test('the same properties again hold the image without asking the guard: it runs no query, and Data is the same', async () => {
      const created = await lookUp({ ...base, RequestType: 'Create', ResourceProperties: cfnProps(0) }, deps, budget);
      const restored = await lookUp({
        ...base, RequestType: 'Update', PhysicalResourceId: created.physicalResourceId, ResourceProperties: cfnProps(0), OldResourceProperties: cfnProps(1),
      }, mixedDeps, budget);
      // The mixed catalog describes the image with an architecture now; everything else is what the create answered.
      expect(restored.data).toEqual({ ...created.data, [Attr.architecture]: 'x86_64' });
      expect(restored.physicalResourceId).toBe(created.physicalResourceId);
    });
  });

  test('Delete answers with the physical ID it was given and asks EC2 nothing', async () => {
    const asked: string[] = [];
    const counting = { ...deps, pages: (q: any, t: any, b: any) => { asked.push('pages'); return deps.pages(q, t, b); } };
    const r = await lookUp({ ...base, RequestType: 'Delete', PhysicalResourceId: 'anything', ResourceProperties: {} }, counting, budget);
    expect([r.physicalResourceId, asked]).toEqual(['anything', []]);
  });

  test('an unknown RequestType is refused', async () => {
    await expect(lookUp({ ...base, RequestType: 'Upsert', ResourceProperties: cfnProps(0) }, deps, budget)).rejects.toThrow('unknown RequestType "Upsert"');
  });
});

describe('stageReport', () => {
  const counts: StageCounts = { api: 7, allowed: 6, namePattern: 5, age: 4, denyList: 3, deprecation: 2 };

  // The one test of its wording: others read it back with test/support/stage-report.ts.
  test('the exact text: every counted stage\'s count, and the rank when one is asked for', () => {
    expect(stageReport({ rank: 0 }, counts, 2))
      .toBe('EC2 returned 7 image(s) in 2 page(s); kept by Allowed AMIs 6, by name pattern 5, by age 4, by deny-list 3, by deprecation 2');
    expect(stageReport({ rank: 5 }, counts, 2))
      .toBe('EC2 returned 7 image(s) in 2 page(s); kept by Allowed AMIs 6, by name pattern 5, by age 4, by deny-list 3, by deprecation 2, and rank 5 needs 6');
  });

  test('mentions the stages in the order of STAGES: each counted one, then rank', () => {
    const report = stageReport({ rank: 1 }, counts, 1);
    const at = STAGES.map((s) => report.search(new RegExp(`(?<![\\w-])${s.label}(?![\\w-])`)));
    const mentioned = STAGES.filter((_, i) => at[i] >= 0);
    expect(mentioned.map((s) => s.id)).toEqual([...COUNTED_STAGES.map((s) => s.id), 'rank']);
    const positions = at.filter((p) => p >= 0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  test('fast-check: test/support/stage-report.ts reads back the counts, pages and rank it writes', () => {
    const count = fc.nat({ max: 100_000 });
    const countsArb = fc.record({ api: count, allowed: count, namePattern: count, age: count, denyList: count, deprecation: count });
    fc.assert(fc.property(countsArb, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: Limits.maxRank }), (c, pages, rank) => {
      const read = readStageReport(stageReport({ rank }, c, pages));
      expect(read).toMatchObject({ pages, counts: c });
      expect(read.rank).toBe(rank > 0 ? rank : undefined);
    }), { numRuns: 200 });
  });
});
