/**
 * Whether a held image can still launch, and how soon it deprecates: the one set of rules that the
 * `status` command, repair at deploy and the health monitor judge a pin by, so that they never
 * disagree. Pure: no SDK calls and no clock of its own.
 *
 * A held image is described by ID with IncludeDeprecated and IncludeDisabled, so that deprecated and
 * disabled images are still seen. EC2 then answers in one of three ways, which the caller reports
 * as a {@link HeldImageLookup}: the image; no image (it was deregistered, or is no longer shared
 * with the account: EC2 does not say which); or an error that says nothing about the image
 * (throttling, a timeout, access denied), which must never be taken for a dead image.
 */
import { instant } from './candidate';

/** The fields of an EC2 image that health reads. The SDK's `Image` type fits it structurally. */
export interface HealthFields {
  readonly ImageId?: string;
  readonly State?: string;
  readonly ImageAllowed?: boolean;
  readonly CreationDate?: string;
  readonly DeprecationTime?: string;
}

/** What describing a held image by ID gave. */
export type HeldImageLookup<T extends HealthFields = HealthFields> =
  | { readonly kind: 'found'; readonly image: T }
  /** EC2 answered without the image, or with InvalidAMIID.NotFound / InvalidAMIID.Unavailable. */
  | { readonly kind: 'absent' }
  /** EC2 could not be asked: nothing is known about the image. */
  | { readonly kind: 'unknown'; readonly error: string };

/** How a held image stands. `unknown` is never "cannot launch". */
export const LAUNCH = {
  /** Available, and Allowed AMIs does not refuse it. */
  canLaunch: 'can launch',
  cannotLaunch: 'cannot launch',
  unknown: 'unknown',
} as const;
export type Launch = typeof LAUNCH[keyof typeof LAUNCH];

/** Why a held image cannot launch, as the status table, the log and the metrics name it. */
export const DEAD = {
  gone: 'deregistered, or no longer shared with this account',
  disabled: 'disabled',
  notAllowed: 'not allowed by Allowed AMIs',
  notAvailable: 'not available',
} as const;
export type DeadReason = typeof DEAD[keyof typeof DEAD];

export interface ImageHealth {
  readonly launch: Launch;
  /** Set exactly when `launch` is `cannot launch`. */
  readonly deadReason?: DeadReason;
  /** The EC2 state when the image was found (`available`, `disabled`, `pending`, ...). */
  readonly state?: string;
  /** Deprecated at `now`: it still launches, but is on its way out. */
  readonly deprecated: boolean;
  /** Whole days until the deprecation time (negative once past); undefined without one. */
  readonly daysUntilDeprecation?: number;
  /** Whole days since the creation date; undefined without a valid one. */
  readonly ageDays?: number;
}

const DAY_MS = 86_400_000;

/** EC2 error codes that mean the image is not there for this account, as opposed to a failed request. */
export function isImageAbsentError(code: string | undefined): boolean {
  return code === 'InvalidAMIID.NotFound' || code === 'InvalidAMIID.Unavailable';
}

/** The health of a held image at `now` (milliseconds since the epoch). */
export function judgeHeldImage(lookup: HeldImageLookup, now: number): ImageHealth {
  if (lookup.kind === 'unknown') return { launch: LAUNCH.unknown, deprecated: false };
  if (lookup.kind === 'absent') return { launch: LAUNCH.cannotLaunch, deadReason: DEAD.gone, deprecated: false };
  const image = lookup.image;
  const deprecatedAt = instant(image.DeprecationTime);
  const created = instant(image.CreationDate);
  const dates = {
    deprecated: deprecatedAt !== undefined && deprecatedAt <= now,
    daysUntilDeprecation: deprecatedAt === undefined ? undefined : Math.floor((deprecatedAt - now) / DAY_MS),
    ageDays: created === undefined ? undefined : Math.floor((now - created) / DAY_MS),
  };
  const dead = deadReason(image);
  return dead === undefined
    ? { launch: LAUNCH.canLaunch, state: image.State, ...dates }
    : { launch: LAUNCH.cannotLaunch, deadReason: dead, state: image.State, ...dates };
}

function deadReason(image: HealthFields): DeadReason | undefined {
  // An image EC2 returns without a state is taken as available: the field is always set by EC2.
  const state = image.State ?? 'available';
  if (state === 'deregistered') return DEAD.gone;
  if (state === 'disabled') return DEAD.disabled;
  if (state !== 'available') return DEAD.notAvailable;
  if (image.ImageAllowed === false) return DEAD.notAllowed;
  return undefined;
}

/** Deprecated already, or deprecating within `days` days of `now`. */
export function deprecatesWithin(health: ImageHealth, days: number): boolean {
  return health.deprecated || (health.daysUntilDeprecation !== undefined && health.daysUntilDeprecation < days);
}
