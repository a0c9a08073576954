/** How long one SDK attempt may take, for every client the handler uses. */
import { Budget } from './events';

/** The longest one HTTP attempt may take. */
export const MAX_ATTEMPT_MS = 30_000;

/** Time limit of one HTTP attempt: a third of what is left, so a hung request leaves time to retry. */
export function attemptTimeout(budget: Budget, capMs = MAX_ATTEMPT_MS, now = Date.now()): number {
  return Math.round(Math.min(capMs, Math.max(1_000, (budget.deadline - now) / 3)));
}
