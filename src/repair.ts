import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RepairName, REPAIRS } from './shared/wire';
import { synthClock } from './synth-clock';

/**
 * Whether every deploy checks that the held image can still launch, and picks again when it cannot.
 *
 * A pinned image can die while it is pinned: it is deregistered, disabled, no longer shared with the
 * account, or refused by Allowed AMIs. Instances that run keep running, but the next scale-out or
 * instance refresh fails. With repair on, every deploy describes the held image by its ID (one
 * `DescribeImages` call). While it can launch, the answer is the one the last deploy gave, so nothing
 * downstream changes. When it cannot, the lookup picks again with its own query or parameter, as a
 * refresh would; the dead image becomes `previousImageId`.
 *
 * To check at every deploy, the lookup gets a `RepairToken` property whose value is the synth time,
 * from the clock `Refresh.every()` reads (the `cdk-ami-lookup:now` context value when set), so
 * `cdk diff` shows that one property changing on every deploy. The repair settings are left out of
 * the digest that a rollback is matched by: a rollback never brings back an image that was repaired
 * away, and turning repair on picks nothing new.
 *
 * @example
 * const image = new AmiLookup(this, 'Image', {
 *   owners: ['amazon'],
 *   filters: { name: ['al2023-ami-2023.*-x86_64'] },
 *   repair: Repair.whenCannotLaunch(),
 * });
 */
export class Repair {
  /** No check: the held image stays until the lookup's properties change or `refresh` asks. The default. */
  public static never(): Repair {
    return new Repair(undefined, undefined);
  }

  /**
   * At every deploy, check the held image, and pick again when it cannot launch: it is deregistered,
   * disabled, no longer shared with the account, or refused by Allowed AMIs. A deprecated image
   * still launches, so it is kept.
   */
  public static whenCannotLaunch(): Repair {
    return new Repair(REPAIRS.cannotLaunch, undefined);
  }

  /**
   * As `whenCannotLaunch()`, and also pick again when the held image is deprecated, or deprecates
   * within `within` of the deploy. Deprecated images still launch, so this is a choice: a deprecation
   * often announces a recall, and a query that leaves deprecated images out then moves to a newer one.
   * When nothing else can be picked, the deprecated image stays (the fallback image is not used for it).
   *
   * @param within how long before its deprecation time an image is picked again, in whole seconds.
   * @default - only once it is deprecated
   */
  public static whenDeprecated(within?: Duration): Repair {
    const ms = within?.toMilliseconds();
    if (ms !== undefined && ms % 1000 !== 0) {
      throw new Error(`Repair.whenDeprecated() needs a period in whole seconds, got ${within!.toHumanString()}`);
    }
    return new Repair(REPAIRS.deprecated, ms === undefined || ms === 0 ? undefined : ms / 1000);
  }

  /**
   * The level as the lookup's `Repair` property names it; undefined for no repair.
   *
   * @internal
   */
  public readonly _wireName?: RepairName;

  /**
   * The `RepairWithinSeconds` property.
   *
   * @internal
   */
  public readonly _withinSeconds?: number;

  private constructor(wireName: RepairName | undefined, withinSeconds: number | undefined) {
    this._wireName = wireName;
    this._withinSeconds = withinSeconds;
  }

  /**
   * The value of the lookup's `RepairToken` property (new at every synth), or undefined without repair.
   *
   * @internal
   */
  public _token(scope: Construct): string | undefined {
    return this._wireName === undefined ? undefined : `checked at deploy; synthesized ${new Date(synthClock(scope)).toISOString()}`;
  }
}
