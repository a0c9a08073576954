/** How a run ends: its exit codes, and the error that ends it early with one. */

export const EXIT = { selected: 0, noMatch: 1, usage: 2, error: 3 } as const;

/**
 * `status`'s codes. The usage and AWS error codes are the preview's; the others are ranked so that
 * the run ends with the highest that applies to any lookup: a pipeline tests for the worst news.
 */
export const STATUS_EXIT = {
  /** Every pin can launch and none deprecates within --warn-days (a refresh or a change may still be waiting). */
  ok: 0,
  /** A stack named is not deployed, or has no Custom::AmiLookup: nothing there to judge. */
  nothingToCheck: 1,
  usage: EXIT.usage,
  /** An AWS or assembly error: some pin could not be checked. */
  error: EXIT.error,
  /** A pin can launch, but its image is deprecated or deprecates within --warn-days. */
  deprecatesSoon: 4,
  /** A pin cannot launch: deregistered, disabled, no longer shared, not allowed, or no image at all. */
  cannotLaunch: 5,
} as const;

/** Ends the run: the message goes to stderr after "cdk-ami-lookup: ", and the code is the exit code. */
export class Stop extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}
