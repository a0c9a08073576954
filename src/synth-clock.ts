/**
 * The clock a synth reads, for the values that depend on the time: `Refresh.every()`'s period start
 * and `Repair`'s per-deploy token. It is the `cdk-ami-lookup:now` context value when set, so that
 * tests and snapshots stay deterministic, and the synthesizing machine's clock otherwise.
 *
 * Internal: not exported from the package's index.
 */
import { Construct } from 'constructs';

/** The context key; `Refresh.CLOCK_CONTEXT_KEY` publishes it. */
export const REFRESH_CLOCK_CONTEXT = 'cdk-ami-lookup:now';

/** Milliseconds since the epoch, at synth. */
export function synthClock(scope: Construct): number {
  const v: unknown = scope.node.tryGetContext(REFRESH_CLOCK_CONTEXT);
  if (v === undefined) return Date.now();
  const t = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) {
    throw new Error(`context ${REFRESH_CLOCK_CONTEXT} must be an ISO 8601 date or milliseconds since the epoch, got ${JSON.stringify(v)}`);
  }
  return t;
}
