/**
 * Reading an SSM parameter, as the parameter source needs it: the interface the lookup calls, and
 * the production reader, which loads the SSM client only when a lookup has a parameter source.
 * The bundle keeps `./ssm-reader` as a file of its own (scripts/bundle.mjs), so that query lookups
 * never load or parse the SSM client.
 */
import { Budget, UserFacingError } from './events';
import type { Ec2Target } from './lookup';

/** One value of a parameter: the current one, or one from its history. */
export interface ParameterValue {
  /** As SSM names it in the answer. */
  readonly name: string;
  readonly type: string;
  /** `text` or `aws:ec2:image` (absent from old parameters: text). */
  readonly dataType?: string;
  readonly value: string;
  readonly version: number;
  /** Milliseconds since the epoch. */
  readonly lastModified: number;
  readonly labels: readonly string[];
}

export interface ParameterReader {
  /** GetParameter of a name or ARN, with its selector. Throws UserFacingError with the reason. */
  get(request: string, target: Ec2Target, budget: Budget): Promise<ParameterValue>;
  /** GetParameterHistory, page by page, oldest first. Throws UserFacingError with the reason. */
  history(base: string, target: Ec2Target, budget: Budget): AsyncIterable<readonly ParameterValue[]>;
}

/** The production reader: the SSM client, loaded on first use. */
export function lazyParameterReader(): ParameterReader {
  let reader: ParameterReader | undefined;
  const load = (): ParameterReader => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    reader ??= (require('./ssm-reader') as typeof import('./ssm-reader')).ssmParameterReader();
    return reader;
  };
  return {
    get: async (request, target, budget) => {
      try {
        return await load().get(request, target, budget);
      } catch (e) {
        throw ownError(e);
      }
    },
    history: (base, target, budget) => ({
      [Symbol.asyncIterator]: async function* () {
        try {
          yield* load().history(base, target, budget);
        } catch (e) {
          throw ownError(e);
        }
      },
    }),
  };
}

/**
 * ssm-reader.js is a bundle of its own, with its own copy of UserFacingError, which `instanceof`
 * in this bundle does not know: its reasons would reach CloudFormation and the preview as
 * "internal error: UserFacingError: ...". So they are made this bundle's UserFacingError again.
 */
function ownError(e: unknown): unknown {
  return e instanceof Error && e.name === 'UserFacingError' && !(e instanceof UserFacingError) ? new UserFacingError(e.message) : e;
}
