/** How a run ends: its exit codes, and the error that ends it early with one. */

export const EXIT = { selected: 0, noMatch: 1, usage: 2, error: 3 } as const;

/** Ends the run: the message goes to stderr after "cdk-ami-lookup: ", and the code is the exit code. */
export class Stop extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}
