import { Duration } from 'aws-cdk-lib';

/**
 * How often an {@link AmiLookupMonitor} checks its lookups' pinned images.
 *
 * A rate rather than any `events.Schedule`: the alarms evaluate one period of the schedule, so the
 * period must be known, and a cron expression has none.
 */
export class MonitorSchedule {
  /** Once a day. The default: images are deprecated with days' notice and deregistered rarely. */
  public static daily(): MonitorSchedule {
    return new MonitorSchedule(Duration.days(1));
  }

  /**
   * Every `period`, from one hour to one day in whole minutes: a CloudWatch alarm evaluates at most
   * one day, and a shorter rate costs more metric hours than it tells.
   */
  public static every(period: Duration): MonitorSchedule {
    const ms = period.toMilliseconds({ integral: false });
    if (ms % 60_000 !== 0 || ms < 3_600_000 || ms > 86_400_000) {
      throw new Error(`MonitorSchedule.every() needs a period from 1 hour to 1 day in whole minutes, got ${period.toHumanString()}`);
    }
    return new MonitorSchedule(period);
  }

  /** The period of the schedule, which is also the period of the alarms. */
  public readonly period: Duration;

  private constructor(period: Duration) {
    this.period = period;
  }

  /**
   * The EventBridge schedule expression, written here rather than by `events.Schedule` so that it
   * is the same string in every aws-cdk-lib release.
   *
   * @internal
   */
  public _expression(): string {
    const minutes = this.period.toMinutes();
    if (minutes % 1440 === 0) return minutes === 1440 ? 'rate(1 day)' : `rate(${minutes / 1440} days)`;
    if (minutes % 60 === 0) return minutes === 60 ? 'rate(1 hour)' : `rate(${minutes / 60} hours)`;
    return `rate(${minutes} minutes)`;
  }
}
