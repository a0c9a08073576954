/**
 * One verdict per deployed lookup, from the pin's health (lambda/health.ts, the rules the monitor
 * and repair share) and from what the next deploy and a refresh would pick. Pure.
 */
import { STATUS_EXIT } from './exit';
import { deprecatesWithin, ImageHealth, LAUNCH } from '../lambda/health';

export const VERDICT = {
  ok: 'ok',
  refreshAvailable: 'refresh available',
  changesOnNextDeploy: 'changes on next deploy',
  deprecatesSoon: 'deprecates within N days',
  cannotLaunch: 'cannot launch',
  /** EC2 could not be asked about the pin: nothing is known, and nothing is claimed. */
  cannotCheck: 'cannot check',
} as const;
export type VerdictKind = keyof typeof VERDICT;

export interface VerdictInputs {
  /** The pin's health; undefined when the resource holds no image at all (a failed create). */
  readonly health?: ImageHealth;
  /** The next deploy would put another image in place of the pin. */
  readonly nextDeployChanges: boolean;
  /** Re-resolving the same query now would pick another image than the pin. */
  readonly refreshDiffers: boolean;
  readonly warnDays: number;
}

export interface Verdict {
  readonly kind: VerdictKind;
  /** As printed: `deprecates within 30 days` names its days. */
  readonly label: string;
  readonly exitCode: number;
}

/** The worst news first: a pin that cannot launch outranks one that deprecates, which outranks a pending change. */
export function verdictOf(v: VerdictInputs): Verdict {
  const make = (kind: VerdictKind, exitCode: number): Verdict =>
    ({ kind, label: kind === 'deprecatesSoon' ? `deprecates within ${v.warnDays} days` : VERDICT[kind], exitCode });
  if (v.health === undefined || v.health.launch === LAUNCH.cannotLaunch) return make('cannotLaunch', STATUS_EXIT.cannotLaunch);
  if (v.health.launch === LAUNCH.unknown) return make('cannotCheck', STATUS_EXIT.error);
  if (deprecatesWithin(v.health, v.warnDays)) return make('deprecatesSoon', STATUS_EXIT.deprecatesSoon);
  if (v.nextDeployChanges) return make('changesOnNextDeploy', STATUS_EXIT.ok);
  if (v.refreshDiffers) return make('refreshAvailable', STATUS_EXIT.ok);
  return make('ok', STATUS_EXIT.ok);
}
