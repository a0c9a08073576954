import { CloudFormationEvent, LookupResult, OnEvent, UserFacingError } from './events';

class DeadlineError extends UserFacingError {}

/**
 * Runs the handler with a budget. At the deadline the handler is aborted and given a short grace to
 * answer with its own, more precise error (where it was); after that the deadline error stands.
 */
export async function withDeadline(onEvent: OnEvent, event: CloudFormationEvent, budgetMs: number, graceMs: number): Promise<LookupResult> {
  const controller = new AbortController();
  const running = onEvent(event, { signal: controller.signal, deadline: Date.now() + budgetMs });
  // Whatever happens, a late rejection must not become an unhandled one.
  running.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(`the lookup did not finish within its ${Math.round(budgetMs / 1000)} s deadline`);
      controller.abort(err);
      const grace = setTimeout(() => reject(err), graceMs);
      running.then(() => undefined, (e) => {
        clearTimeout(grace);
        reject(e instanceof UserFacingError ? e : err);
      });
    }, budgetMs);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
