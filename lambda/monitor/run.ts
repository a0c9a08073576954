/**
 * One monitor run: describes every watched lookup's pinned image, batched by region and role,
 * judges each with lambda/health.ts (the rules `status` and repair use), writes one EMF document
 * per judged lookup, and returns a summary. It throws when some image could not be judged, after
 * writing the others' documents, so that Lambda counts the run as an error (the monitor's errors
 * alarm) while an EC2 failure never becomes a "cannot launch" data point.
 */
import { emfDocument } from './emf';
import { DescribeByIds, describeHeldImages } from './held-images';
import { MonitorInput } from '../../src/shared/monitor-wire';
import { deprecatesWithin, judgeHeldImage, LAUNCH } from '../health';
import { Log } from '../log';

/** Where a batch of images is described: the function's own region and role unless given. */
export interface MonitorTarget {
  readonly region?: string;
  readonly lookupRoleArn?: string;
}

export interface MonitorDeps {
  /** DescribeImages by ID for one target (one AssumeRole at most per target and run). */
  readonly describer: (target: MonitorTarget) => DescribeByIds;
  readonly now: () => number;
  /** Writes one EMF document as one line on stdout. */
  readonly emit: (document: Record<string, unknown>) => void;
  readonly log: Log;
  /**
   * What a refresh of a lookup with these properties would pick now (`checkNewerImages`): the
   * lookup's own resolve, in its own region and with its own role. Undefined `imageId`: nothing.
   */
  readonly refreshPick?: (properties: Readonly<Record<string, unknown>>) => Promise<{ readonly imageId?: string }>;
}

export interface MonitorSummary {
  readonly lookups: number;
  readonly launchable: number;
  readonly cannotLaunch: number;
  readonly deprecatesSoon: number;
  readonly unknown: number;
  readonly describeImagesCalls: number;
  /** With `checkNewerImages`: lookups whose refresh would pick another image. */
  readonly newerImageAvailable: number;
}

export async function runMonitor(input: MonitorInput, deps: MonitorDeps): Promise<MonitorSummary> {
  const now = deps.now();
  const counts = { launchable: 0, cannotLaunch: 0, deprecatesSoon: 0, unknown: 0, describeImagesCalls: 0, newerImageAvailable: 0 };
  const unknown: string[] = [];
  for (let t = 0; t < input.targets.length; t++) {
    const lookups = input.lookups.filter((l) => l[1] === t);
    if (lookups.length === 0) continue;
    const [region, role] = input.targets[t];
    const describe = deps.describer({ region: region || undefined, lookupRoleArn: role || undefined });
    const held = await describeHeldImages(lookups.map((l) => l[2]), describe);
    counts.describeImagesCalls += held.calls;
    for (const [constructPath, , imageId, properties] of lookups) {
      const health = judgeHeldImage(held.byId.get(imageId)!, now);
      if (health.launch === LAUNCH.unknown) {
        counts.unknown++;
        const lookup = held.byId.get(imageId);
        const error = lookup?.kind === 'unknown' ? lookup.error : 'unknown';
        unknown.push(`${constructPath} (${imageId}): ${error}`);
        deps.log({ level: 'WARN', message: 'pinned image not checked', constructPath, imageId, region, error });
        continue;
      }
      const soon = deprecatesWithin(health, input.days);
      if (health.launch === LAUNCH.canLaunch) counts.launchable++;
      else counts.cannotLaunch++;
      if (soon) counts.deprecatesSoon++;
      let refreshPick: { imageId?: string } | undefined;
      if (properties !== undefined && deps.refreshPick !== undefined) {
        try {
          refreshPick = await deps.refreshPick(properties);
          if (refreshPick.imageId !== undefined && refreshPick.imageId !== imageId) counts.newerImageAvailable++;
        } catch (e) {
          // Health was judged, so its document is written; only the refresh check is missing, and the run fails for it.
          const error = e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : 'unknown error';
          unknown.push(`${constructPath} (${imageId}): the refresh check failed: ${error}`);
          deps.log({ level: 'WARN', message: 'refresh check failed', constructPath, imageId, region, error });
        }
      }
      deps.emit(emfDocument({ stack: input.stack, constructPath, imageId, region, health, deprecatesSoon: soon, refreshPick }, now));
    }
  }
  const summary: MonitorSummary = { lookups: input.lookups.length, ...counts };
  deps.log({ level: 'INFO', message: 'monitor run', ...summary });
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join('; ');
    throw new Error(`could not check ${unknown.length} of ${input.lookups.length} pinned image(s): ${shown}${unknown.length > 5 ? '; ...' : ''}`);
  }
  return summary;
}
