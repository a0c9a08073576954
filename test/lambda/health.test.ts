/** lambda/health.ts: whether a held image can launch, and how soon it deprecates. */
import * as fc from 'fast-check';
import { DEAD, deprecatesWithin, isImageAbsentError, judgeHeldImage, LAUNCH } from '../../lambda/health';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();
const found = (image: Record<string, unknown>) => ({ kind: 'found' as const, image: { ImageId: 'ami-12345678', ...image } });

describe('judgeHeldImage', () => {
  test('an available, allowed image can launch; its age and days to deprecation are whole days', () => {
    const h = judgeHeldImage(found({ State: 'available', CreationDate: at(-40.5), DeprecationTime: at(10.2) }), NOW);
    expect(h).toEqual({ launch: LAUNCH.canLaunch, state: 'available', deprecated: false, daysUntilDeprecation: 10, ageDays: 40 });
  });

  test.each([
    [{ State: 'deregistered' }, DEAD.gone],
    [{ State: 'disabled' }, DEAD.disabled],
    [{ State: 'pending' }, DEAD.notAvailable],
    [{ State: 'failed' }, DEAD.notAvailable],
    [{ State: 'available', ImageAllowed: false }, DEAD.notAllowed],
  ])('%j cannot launch: %s', (fields, reason) => {
    expect(judgeHeldImage(found(fields), NOW)).toMatchObject({ launch: LAUNCH.cannotLaunch, deadReason: reason });
  });

  test('an image EC2 did not return cannot launch; a failed request says nothing about the image', () => {
    expect(judgeHeldImage({ kind: 'absent' }, NOW)).toMatchObject({ launch: LAUNCH.cannotLaunch, deadReason: DEAD.gone });
    const unknown = judgeHeldImage({ kind: 'unknown', error: 'RequestLimitExceeded' }, NOW);
    expect(unknown.launch).toBe(LAUNCH.unknown);
    expect(unknown.deadReason).toBeUndefined();
  });

  test('a deprecated image still launches; ImageAllowed absent or true allows', () => {
    expect(judgeHeldImage(found({ State: 'available', DeprecationTime: at(-1) }), NOW)).toMatchObject({ launch: LAUNCH.canLaunch, deprecated: true, daysUntilDeprecation: -1 });
    expect(judgeHeldImage(found({ State: 'available', ImageAllowed: true }), NOW).launch).toBe(LAUNCH.canLaunch);
  });

  test('fast-check: it can launch exactly when it is available and not refused', () => {
    fc.assert(fc.property(fc.constantFrom(undefined, 'available', 'disabled', 'deregistered', 'pending', 'error'),
      fc.constantFrom(undefined, true, false), (State, ImageAllowed) => {
        const h = judgeHeldImage(found({ State, ImageAllowed }), NOW);
        expect(h.launch === LAUNCH.canLaunch).toBe((State ?? 'available') === 'available' && ImageAllowed !== false);
        expect(h.deadReason === undefined).toBe(h.launch === LAUNCH.canLaunch);
      }));
  });
});

test('deprecatesWithin: deprecated already, or within the window; never without a deprecation time', () => {
  const h = (days?: number) => judgeHeldImage(found({ State: 'available', DeprecationTime: days === undefined ? undefined : at(days) }), NOW);
  expect(deprecatesWithin(h(10), 30)).toBe(true);
  expect(deprecatesWithin(h(30), 30)).toBe(false);
  expect(deprecatesWithin(h(-5), 30)).toBe(true);
  expect(deprecatesWithin(h(), 30)).toBe(false);
});

test('isImageAbsentError: the two InvalidAMIID codes, nothing else', () => {
  expect(isImageAbsentError('InvalidAMIID.NotFound')).toBe(true);
  expect(isImageAbsentError('InvalidAMIID.Unavailable')).toBe(true);
  expect(isImageAbsentError('InvalidAMIID.Malformed')).toBe(false);
  expect(isImageAbsentError('RequestLimitExceeded')).toBe(false);
  expect(isImageAbsentError(undefined)).toBe(false);
});
