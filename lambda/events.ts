/** The parts of a CloudFormation custom resource event that this function reads. */
export interface CloudFormationEvent {
  readonly RequestType: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType?: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: unknown;
  readonly OldResourceProperties?: unknown;
}

/** The parts of the Lambda context that this function reads. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** What the lookup hands back to the wrapper on success. */
export interface LookupResult {
  readonly physicalResourceId: string;
  readonly data: Readonly<Record<string, string>>;
}

/** The time a handler has: it must stop work when `signal` aborts, which happens at `deadline`. */
export interface Budget {
  readonly signal: AbortSignal;
  /** Milliseconds since the epoch. */
  readonly deadline: number;
}

/** The handler: computes a result or throws. */
export type OnEvent = (event: CloudFormationEvent, budget: Budget) => Promise<LookupResult>;

/**
 * An error whose message is meant for the CloudFormation console as it is: short, precise, and
 * free of secrets. Any other error is reported by its name and message only.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** A failed AWS call, with the service's error code when it answered with one (`InvalidAMIID.NotFound`). */
export class AwsCallError extends UserFacingError {
  constructor(message: string, public readonly code?: string) {
    super(message);
  }
}
