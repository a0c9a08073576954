/** Turns `status` flags into its options, with the same flag table and readers as `preview`. */
import { parseArgs } from 'util';
import { joinNegativeValues, parserOptions, unknownFlagMessage } from './args';
import { DEFAULT_WARN_DAYS, flagsOf } from './flags';
import { Given, readFlags, UsageError } from './values';

export interface StatusOptions {
  readonly app?: string;
  /** Stack names from --stack, in the order given. */
  readonly stacks: readonly string[];
  readonly region?: string;
  readonly endpoint?: string;
  readonly warnDays: number;
  readonly json: boolean;
  readonly help: boolean;
}

export const STATUS_FLAGS = flagsOf('status');

export function parseStatusArgs(argv: string[]): StatusOptions {
  const args = joinNegativeValues(argv, STATUS_FLAGS);
  const unknown = unknownFlagMessage(args, STATUS_FLAGS);
  if (unknown) throw new UsageError(unknown);
  let given: Record<string, Given | undefined>;
  try {
    given = parseArgs({ args, options: parserOptions(STATUS_FLAGS), allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = readFlags(STATUS_FLAGS, given).values;
  const options: StatusOptions = {
    app: v.get('app') as string | undefined,
    stacks: [...new Set((v.get('stack') as string[] | undefined) ?? [])],
    region: v.get('region') as string | undefined,
    endpoint: v.get('endpoint') as string | undefined,
    warnDays: (v.get('warn-days') as number | undefined) ?? DEFAULT_WARN_DAYS,
    json: (v.get('json') as boolean | undefined) ?? false,
    help: (v.get('help') as boolean | undefined) ?? false,
  };
  if (!options.help && options.app === undefined && options.stacks.length === 0) {
    throw new UsageError('status needs --app <cdk.out>, --stack <name>, or both');
  }
  return options;
}
