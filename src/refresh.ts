import { Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { REFRESH_CLOCK_CONTEXT, synthClock } from './synth-clock';

/**
 * When a lookup is resolved again.
 *
 * CloudFormation re-runs a lookup only when its properties change. By default (`Refresh.never()`)
 * they change only when you change the query, so the image is pinned: an unrelated deploy never
 * replaces instances. The other choices add a property whose value decides when it changes.
 */
export class Refresh {
  /**
   * The context key that sets the clock `Refresh.every()` reads at synth: an ISO 8601 date or
   * milliseconds since the epoch. Without it the clock is the synthesizing machine's. Set it in
   * tests and snapshots so that they stay deterministic.
   */
  public static readonly CLOCK_CONTEXT_KEY = REFRESH_CLOCK_CONTEXT;

  /** Resolve on create, and again only when the lookup's own properties change. The default. */
  public static never(): Refresh {
    return new Refresh(() => undefined);
  }

  /**
   * Resolve again whenever `token` changes: any string, such as a release number, a date, or a
   * parameter's value.
   */
  public static onChangeOf(token: string): Refresh {
    if (!Token.isUnresolved(token) && token.length === 0) {
      throw new Error('Refresh.onChangeOf() needs a non-empty string');
    }
    return new Refresh(() => token);
  }

  /**
   * Resolve again on the first deploy after each `period`. The synthesized value is the start of
   * the current period (periods count from 1970-01-01T00:00:00Z), so it changes at most once per
   * period. That day was a Thursday: periods of whole weeks start on Thursdays at 00:00 UTC, and
   * periods of whole days at midnight UTC. The clock is the `cdk-ami-lookup:now` context value when
   * set, else the current time.
   *
   * @param period at least one minute, in whole seconds
   */
  public static every(period: Duration): Refresh {
    const ms = period.toMilliseconds();
    if (ms < 60_000 || ms % 1000 !== 0) {
      throw new Error(`Refresh.every() needs a period of at least one minute in whole seconds, got ${period.toHumanString()}`);
    }
    return new Refresh((scope) => {
      const now = synthClock(scope);
      const start = new Date(Math.floor(now / ms) * ms).toISOString();
      return `every ${period.toIsoString()} from ${start}`;
    });
  }

  private constructor(private readonly produce: (scope: Construct) => string | undefined) {}

  /**
   * The value of the lookup's `RefreshToken` property, or undefined for none.
   *
   * @internal
   */
  public _token(scope: Construct): string | undefined {
    return this.produce(scope);
  }
}
