/**
 * The health monitor's wire names: what the monitor construct writes into its schedule's input and
 * its alarms, and the monitor handler (lambda/monitor/) reads and emits. Frozen like wire.ts:
 * renaming a metric or a dimension orphans every alarm and dashboard built on it.
 *
 * Internal: not exported from the package's index.
 */

/** The CloudWatch namespace of every metric the monitor emits. */
export const MONITOR_NAMESPACE = 'CdkAmiLookup';

/** Metric names. Each lookup gets one data point of each per run (DaysUntilDeprecation and AgeDays only when EC2 gives the date). */
export const MonitorMetric = {
  /** 1 when the pinned image can launch, 0 when it cannot; no data point when EC2 could not be asked. */
  launchable: 'Launchable',
  /** 1 when the pinned image is deprecated or deprecates within the monitor's warning period, else 0. */
  deprecatesSoon: 'DeprecatesSoon',
  /** Whole days until the deprecation time, negative once past. */
  daysUntilDeprecation: 'DaysUntilDeprecation',
  /** Whole days since the image's creation date. */
  ageDays: 'AgeDays',
  /**
   * With the monitor's `checkNewerImages`: 1 when the lookup's own query (or parameter) picks another
   * image now, which a refresh would bring, else 0; no data point when it could not be run.
   */
  newerImageAvailable: 'NewerImageAvailable',
} as const;

/** Dimension names: each data point is emitted with both sets, [Stack, ConstructPath] and [Stack]. */
export const MonitorDimension = {
  stack: 'Stack',
  constructPath: 'ConstructPath',
} as const;

/** The function's handler: a second entry point beside `index.handler` in the one handler asset. */
export const MONITOR_HANDLER = 'monitor.handler';

/** The version of the schedule's input format. */
export const MONITOR_INPUT_VERSION = 1;

/**
 * The schedule's input, as the construct writes it (keys are short because EventBridge caps one
 * target's input at 8,192 characters):
 * - `v`: {@link MONITOR_INPUT_VERSION};
 * - `stack`: the stack name, the `Stack` dimension;
 * - `days`: the warning period of `DeprecatesSoon`, in whole days;
 * - `targets`: `[region, lookupRoleArn]` pairs, `""` for the function's own region or role;
 * - `lookups`: `[constructPath, index into targets, pinned image ID]`, and with `checkNewerImages` a
 *   fourth element: the lookup's custom resource properties as the template has them (without the
 *   refresh and repair tokens), which the monitor resolves as a refresh would.
 */
export interface MonitorInput {
  readonly v: number;
  readonly stack: string;
  readonly days: number;
  readonly targets: ReadonlyArray<readonly [string, string]>;
  readonly lookups: ReadonlyArray<MonitoredLookup>;
}

/** One entry of {@link MonitorInput.lookups}. */
export type MonitoredLookup = readonly [string, number, string] | readonly [string, number, string, Readonly<Record<string, unknown>>];

/** EventBridge's limit on one target's input, in characters. */
export const MAX_TARGET_INPUT_CHARS = 8192;

/** CloudWatch's limit on a dimension value, in characters. */
export const MAX_DIMENSION_VALUE_CHARS = 1024;
