/** cli/verdict.ts: one verdict per lookup, the worst news first, each with its exit code. */
import { STATUS_EXIT } from '../../cli/exit';
import { verdictOf, VerdictInputs } from '../../cli/verdict';
import { DEAD, ImageHealth, LAUNCH } from '../../lambda/health';

const healthy: ImageHealth = { launch: LAUNCH.canLaunch, deprecated: false, daysUntilDeprecation: 200, ageDays: 10 };
const base: VerdictInputs = { health: healthy, nextDeployChanges: false, refreshDiffers: false, warnDays: 30 };

test.each<[string, Partial<VerdictInputs>, string, number]>([
  ['a healthy pin in sync with nothing newer', {}, 'ok', STATUS_EXIT.ok],
  ['a newer image for the same query', { refreshDiffers: true }, 'refresh available', STATUS_EXIT.ok],
  ['a local change that picks another image', { nextDeployChanges: true, refreshDiffers: true }, 'changes on next deploy', STATUS_EXIT.ok],
  ['deprecating in 10 days', { health: { ...healthy, daysUntilDeprecation: 10 } }, 'deprecates within 30 days', STATUS_EXIT.deprecatesSoon],
  ['deprecating in 10 days with --warn-days 7', { health: { ...healthy, daysUntilDeprecation: 10 }, warnDays: 7 }, 'ok', STATUS_EXIT.ok],
  ['deprecating in exactly --warn-days days is not within them', { health: { ...healthy, daysUntilDeprecation: 30 } }, 'ok', STATUS_EXIT.ok],
  ['deprecated already', { health: { ...healthy, deprecated: true, daysUntilDeprecation: -3 } }, 'deprecates within 30 days', STATUS_EXIT.deprecatesSoon],
  ['deprecating soon outranks a pending change', { health: { ...healthy, daysUntilDeprecation: 1 }, nextDeployChanges: true }, 'deprecates within 30 days', STATUS_EXIT.deprecatesSoon],
  ['deregistered', { health: { launch: LAUNCH.cannotLaunch, deadReason: DEAD.gone, deprecated: false } }, 'cannot launch', STATUS_EXIT.cannotLaunch],
  ['disabled, even when deprecating too', { health: { ...healthy, launch: LAUNCH.cannotLaunch, deadReason: DEAD.disabled, daysUntilDeprecation: 2 } }, 'cannot launch', STATUS_EXIT.cannotLaunch],
  ['no image at all (a failed create)', { health: undefined, nextDeployChanges: true }, 'cannot launch', STATUS_EXIT.cannotLaunch],
  ['EC2 could not be asked: never taken for a dead image', { health: { launch: LAUNCH.unknown, deprecated: false } }, 'cannot check', STATUS_EXIT.error],
])('%s: %s', (_, given, label, code) => {
  const v = verdictOf({ ...base, ...given });
  expect([v.label, v.exitCode]).toEqual([label, code]);
});

test('the exit codes are distinct, and the preview\'s usage and error codes are kept', () => {
  const codes = Object.values(STATUS_EXIT);
  expect(new Set(codes).size).toBe(codes.length);
  expect([STATUS_EXIT.usage, STATUS_EXIT.error]).toEqual([2, 3]);
  // The worse the news, the higher the code: a run ends with the highest.
  expect(STATUS_EXIT.cannotLaunch).toBeGreaterThan(STATUS_EXIT.deprecatesSoon);
  expect(STATUS_EXIT.deprecatesSoon).toBeGreaterThan(STATUS_EXIT.error);
});
