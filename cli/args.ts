/**
 * Turns preview flags into custom resource properties, exactly as the construct would write them
 * and CloudFormation would deliver them (every scalar a string), so that the handler's own parser
 * validates them.
 */
import { parseArgs, ParseArgsConfig } from 'util';
import { DEFAULT_TOP, Flag, flagsOf } from './flags';
import { Given, readFlags, UsageError } from './values';
import { asCloudFormationSends, lookupProperties } from '../src/shared/lookup-properties';
import { lookupSettings } from '../src/shared/settings';
import { closestName, didYouMean } from '../src/shared/suggest';

/** The commands; `help` is one too, for those who type it. */
const COMMANDS: readonly string[] = ['preview', 'status', 'help'];

/** An unknown command, with the command it is closest to. */
export function unknownCommandMessage(command: string): string {
  return `unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS)}`;
}

export interface PreviewOptions {
  readonly app?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly top: number;
  readonly json: boolean;
  readonly help: boolean;
  /** The SSM parameter a deploy would write the image ID to (--parameter-name). */
  readonly parameterName?: string;
  /** The lookup's properties, as CloudFormation would send them; absent with --app. */
  readonly properties?: Record<string, unknown>;
}

const FLAGS = flagsOf('preview');

/** Node's parser options for a command's flags. */
export function parserOptions(flags: readonly Flag[]): NonNullable<ParseArgsConfig['options']> {
  return Object.fromEntries(flags.map((f) => [f.name, {
    type: f.arg === undefined ? 'boolean' : 'string',
    ...(f.value.kind === 'list' || f.value.kind === 'filter' ? { multiple: true } : {}),
    ...(f.short === undefined ? {} : { short: f.short }),
  }]));
}

const PARSER_OPTIONS = parserOptions(FLAGS);

const RUN_FLAGS = FLAGS.filter((f) => f.group === 'Options');
const LOOKUP_FLAGS = FLAGS.filter((f) => f.group !== 'Options');

/**
 * The first flag the parser does not know, with the known one closest to it: Node's own message
 * names no alternative. A lenient parse finds it, so that the value of a known flag ("--filter
 * --x") is never taken for a flag.
 */
export function unknownFlagMessage(args: string[], flags: readonly Flag[] = FLAGS): string | undefined {
  const names = flags.map((f) => f.name);
  const { tokens } = parseArgs({ args, options: parserOptions(flags), strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || names.includes(token.name)) continue;
    // Short flags are one letter: any other letter is "close", so a suggestion would be noise.
    const near = token.rawName.startsWith('--') ? closestName(token.name, names) : undefined;
    return `unknown flag ${token.rawName}${near === undefined ? '' : `; did you mean --${near}?`}`;
  }
  return undefined;
}

/** `--rank -1` as `--rank=-1`: Node's parser would take "-1" for an option and say it is ambiguous. */
export function joinNegativeValues(argv: string[], flags: readonly Flag[] = FLAGS): string[] {
  // Flags that take a value, so that a value starting with "-" (a negative number) stays a value.
  const valueFlags = new Set(flags.filter((f) => f.arg !== undefined).map((f) => `--${f.name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (valueFlags.has(argv[i]) && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) {
      out.push(`${argv[i]}=${argv[i + 1]}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

export function parsePreviewArgs(argv: string[]): PreviewOptions {
  const args = joinNegativeValues(argv);
  const unknown = unknownFlagMessage(args);
  if (unknown) throw new UsageError(unknown);
  let given: Record<string, Given | undefined>;
  try {
    given = parseArgs({ args, options: PARSER_OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  // The run's flags are read first: they apply with --app too.
  const run = readFlags(RUN_FLAGS, given).values;
  const common = {
    region: run.get('region') as string | undefined,
    endpoint: run.get('endpoint') as string | undefined,
    top: (run.get('top') as number | undefined) ?? DEFAULT_TOP,
    json: (run.get('json') as boolean | undefined) ?? false,
    help: (run.get('help') as boolean | undefined) ?? false,
  };
  const lookupFlags = Object.keys(given).filter((name) => LOOKUP_FLAGS.some((f) => f.name === name));
  const app = run.get('app') as string | undefined;
  if (app !== undefined) {
    if (lookupFlags.length > 0) throw new UsageError(`--app takes the lookups from the assembly; it cannot be combined with --${lookupFlags[0]}`);
    return { ...common, app };
  }
  if (common.help) return common;

  const { values, spec } = readFlags(LOOKUP_FLAGS, given);
  // The construct's own mapping, then CloudFormation's coercion of every scalar to a string: the
  // handler's parser then sees exactly what a deploy would send.
  const properties = asCloudFormationSends(lookupProperties(lookupSettings(spec))) as Record<string, unknown>;
  return { ...common, properties, parameterName: values.get('parameter-name') as string | undefined };
}
