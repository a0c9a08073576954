/**
 * Reading an SSM parameter, as the parameter source needs it: the interface the lookup calls, and
 * the production reader, which loads the SSM client only when a lookup has a parameter source.
 * The bundle keeps `./ssm-reader` as a file of its own (scripts/bundle.mjs), so that query lookups
 * never load or parse the SSM client.
 */
import { Budget } from './events';
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
    get: (request, target, budget) => load().get(request, target, budget),
    history: (base, target, budget) => load().history(base, target, budget),
  };
}
