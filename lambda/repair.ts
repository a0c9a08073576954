/**
 * Repair at deploy: the check of the held image that the `Repair` setting makes at every deploy, and
 * whether it replaces the image. "Can launch" is health.ts's rule, the one that the status command
 * and the monitor judge by too. The decision what to pick instead is lookup.ts's.
 *
 * An answer that says nothing about the image (throttling, a timeout, access denied) is never taken
 * for a dead image: the check asks again, with backoff, until shortly before the deadline, and then
 * the caller keeps the image.
 */
import { Image } from '@aws-sdk/client-ec2';
import { instant } from './candidate';
import { describeById } from './describe-image';
import { AwsCallError, Budget } from './events';
import { HeldImageLookup, isImageAbsentError, judgeHeldImage, LAUNCH } from './health';
import type { Ec2Target, LookupDeps } from './lookup';
import { LookupSettings } from '../src/shared/settings';
import { Prop, REPAIRS } from '../src/shared/wire';

/** The held image, described by ID with deprecated and disabled images included, as health reads it. */
export async function describeHeld(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget): Promise<HeldImageLookup<Image>> {
  try {
    const image = await describeById(imageId, target, deps, budget, true);
    return image === undefined ? { kind: 'absent' } : { kind: 'found', image };
  } catch (e) {
    // EC2 answers an ImageIds query for an image it does not know with an error, not an empty page.
    if (e instanceof AwsCallError && isImageAbsentError(e.code)) return { kind: 'absent' };
    return { kind: 'unknown', error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : 'unknown error' };
  }
}

/** How the check waits between tries, and how much of the budget it leaves for the answer. */
export interface CheckTiming {
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The first wait; each next one doubles, up to `maxWaitMs`. */
  readonly firstWaitMs: number;
  readonly maxWaitMs: number;
  /** Time kept back from the deadline (at most a quarter of what is left), so that a kept pin is still answered. */
  readonly reserveMs: number;
}

export const CHECK_TIMING: CheckTiming = { sleep, firstWaitMs: 1_000, maxWaitMs: 20_000, reserveMs: 5_000 };

/**
 * The held image, asked again while EC2's answer says nothing about it. Each try has the SDK's own
 * retries; the tries stop at the deadline less the reserve, and the last unknown answer says how many
 * there were.
 */
export async function checkHeld(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget,
  timing: CheckTiming = CHECK_TIMING): Promise<HeldImageLookup<Image>> {
  const started = Date.now();
  const end = budget.deadline - Math.min(timing.reserveMs, (budget.deadline - started) / 4);
  let wait = timing.firstWaitMs;
  for (let tries = 1; ; tries++) {
    const signal = AbortSignal.any([budget.signal, AbortSignal.timeout(Math.max(0, Math.floor(end - Date.now())))]);
    const lookup = await describeHeld(imageId, target, deps, { signal, deadline: end });
    if (lookup.kind !== 'unknown') return lookup;
    if (budget.signal.aborted || Date.now() + wait >= end) {
      return { kind: 'unknown', error: `${lookup.error} (${tries} tries in ${Math.round((Date.now() - started) / 1000)} s)` };
    }
    await timing.sleep(wait, budget.signal);
    wait = Math.min(wait * 2, timing.maxWaitMs);
  }
}

/** Why the repair setting replaces a held image: it cannot launch, or (at the deprecated level) it is on its way out. */
export interface RepairReason {
  readonly cannotLaunch: boolean;
  /** For the log and a FAILED reason, after the image ID: "cannot launch: disabled". */
  readonly why: string;
}

/** Why the repair setting replaces the held image at `now`, or undefined while it keeps it. */
export function repairReason(lookup: HeldImageLookup<Image>, settings: Pick<LookupSettings, 'repair' | 'repairWithinSeconds'>,
  now: number): RepairReason | undefined {
  if (settings.repair === undefined || lookup.kind === 'unknown') return undefined;
  const health = judgeHeldImage(lookup, now);
  if (health.launch === LAUNCH.cannotLaunch) return { cannotLaunch: true, why: `cannot launch: ${health.deadReason}` };
  if (settings.repair !== REPAIRS.deprecated || lookup.kind !== 'found') return undefined;
  const at = instant(lookup.image.DeprecationTime);
  if (at === undefined) return undefined;
  if (at <= now) return { cannotLaunch: false, why: `is deprecated since ${new Date(at).toISOString()}` };
  const within = settings.repairWithinSeconds ?? 0;
  if (at <= now + within * 1000) {
    return { cannotLaunch: false, why: `deprecates at ${new Date(at).toISOString()}, within ${Prop.repairWithinSeconds} (${within} s)` };
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
