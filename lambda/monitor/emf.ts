/**
 * One CloudWatch Embedded Metric Format document per lookup, written by hand rather than with
 * aws-embedded-metrics: the documents are small and fixed, so the library's environment detection,
 * buffering and flush would be more code in the asset than the format needs, and this keeps the
 * handler free of dependencies beyond the SDK clients. The format's rules (spec: "Specification:
 * Embedded metric format", CloudWatch User Guide) are checked by test/lambda/monitor/emf.test.ts.
 */
import { MONITOR_NAMESPACE, MonitorDimension, MonitorMetric } from '../../src/shared/monitor-wire';
import { ImageHealth, LAUNCH } from '../health';

/** What one lookup's document says. */
export interface LookupReading {
  readonly stack: string;
  readonly constructPath: string;
  readonly imageId: string;
  /** The region the image was described in; empty for the function's own. */
  readonly region: string;
  readonly health: ImageHealth;
  /** `deprecatesWithin(health, days)`, judged by lambda/health.ts. */
  readonly deprecatesSoon: boolean;
  /**
   * With `checkNewerImages`: what a refresh would pick now (no `imageId` when it would pick nothing);
   * undefined when not checked, or when the check failed.
   */
  readonly refreshPick?: { readonly imageId?: string };
}

/** The document for a lookup whose image EC2 answered for (never for an unknown one). */
export function emfDocument(r: LookupReading, timestamp: number): Record<string, unknown> {
  const values: Record<string, number> = {
    [MonitorMetric.launchable]: r.health.launch === LAUNCH.canLaunch ? 1 : 0,
    [MonitorMetric.deprecatesSoon]: r.deprecatesSoon ? 1 : 0,
  };
  if (r.health.daysUntilDeprecation !== undefined) values[MonitorMetric.daysUntilDeprecation] = r.health.daysUntilDeprecation;
  if (r.health.ageDays !== undefined) values[MonitorMetric.ageDays] = r.health.ageDays;
  if (r.refreshPick !== undefined) {
    const other = r.refreshPick.imageId !== undefined && r.refreshPick.imageId !== r.imageId;
    values[MonitorMetric.newerImageAvailable] = other ? 1 : 0;
  }
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: MONITOR_NAMESPACE,
        // Per lookup, and per stack: the stack's alarms watch the second, whatever the number of lookups.
        Dimensions: [[MonitorDimension.stack, MonitorDimension.constructPath], [MonitorDimension.stack]],
        Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'None' })),
      }],
    },
    [MonitorDimension.stack]: r.stack,
    [MonitorDimension.constructPath]: r.constructPath,
    ...values,
    // Context for Logs Insights; not metrics, so they cost nothing in CloudWatch Metrics.
    imageId: r.imageId,
    region: r.region,
    launch: r.health.launch,
    ...(r.health.deadReason !== undefined ? { deadReason: r.health.deadReason } : {}),
    ...(r.health.state !== undefined ? { state: r.health.state } : {}),
    ...(r.refreshPick !== undefined ? { refreshWouldPick: r.refreshPick.imageId ?? null } : {}),
  };
}
