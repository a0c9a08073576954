/**
 * Turns preview flags into custom resource properties, exactly as the construct would write them
 * and CloudFormation would deliver them (every scalar a string), so that the handler's own parser
 * validates them.
 */
import { parseArgs } from 'util';
import { architectureOfInstanceType, instanceTypeProblem } from '../src/shared/instance-architecture';
import { asCloudFormationSends, lookupProperties } from '../src/shared/lookup-properties';
import { architectureProblem, fallbackToDeprecatedProblem, Limits, parameterNameProblem, REGION } from '../src/shared/rules';
import { closestName, didYouMean } from '../src/shared/suggest';
import { Prop } from '../src/shared/wire';

export class UsageError extends Error {}

export const USAGE = `Usage:
  cdk-ami-lookup preview [query flags] [selection flags] [options]
  cdk-ami-lookup preview --app <cdk.out> [options]

Shows which image a Custom::AmiLookup would resolve to, with the same selection code as the
deploy-time function, and how many images each stage kept.

Query (as DescribeImages takes it):
  --owner <id|alias>             an owner: account ID, self, amazon, aws-marketplace, aws-backup-vault (repeatable)
  --executable-user <id|alias>   an account ID, self or all (repeatable)
  --image-id <ami-...>           an image ID (repeatable)
  --filter <name>=<v1>[,<v2>...] a DescribeImages filter, values OR'ed, * and ? wildcards (repeatable)
  --include-deprecated           include deprecated images
  --include-disabled             include disabled images
  --allow-unpinned-owner         allow a query not pinned to an owner
  --instance-type <type>         ask only for images of the architecture this type runs (arm64 for m7g.large)
Selection:
  --name-regex <pattern>         keep names matching this regular expression (RE2 syntax, linear time)
  --min-age <duration>           keep images at least this old (e.g. 7d, 12h, 90m, 3600s, P7D)
  --max-age <duration>           keep images at most this old
  --exclude-image-id <ami-...>   never pick this image (repeatable)
  --no-fallback-to-deprecated    never pick a deprecated image, even when nothing else is left
  --order <order>                newest-creation-date (default), oldest-creation-date, natural-name, tag-value
  --order-tag-key <key>          the tag whose greatest value (natural order) ranks first, with --order tag-value
  --rank <n>                     pick the n-th image in the order (0 = best, up to 99)
  --fallback-image-id <ami-...>  use this image when nothing survives
  --allow-mixed-images           pick even when the images left differ in architecture, platform, root
                                 device type or virtualization type (refused by default)
  --lookup-role-arn <arn>        assume this role and look up with its credentials
  --parameter-name <name>        show the SSM parameter a deploy would write the image ID to
Options:
  --app <dir>                    preview every Custom::AmiLookup in this cloud assembly (cdk.out)
  --region <region>              the region the stack deploys to (see Region below)
  --endpoint <url>               an EC2-compatible endpoint (default: see Endpoints below)
  --top <n>                      how many candidates to list (default 5)
  --json                         print JSON for scripts
  -h, --help                     show this help

Region: each lookup searches the first of
  1. the lookup's own region (with --app, its region prop): part of the query, never overridden;
  2. --region, the region the stack deploys to (it overrides the stack's region in --app);
  3. the stack's region, from the cloud assembly (--app);
  4. AWS_REGION, then AWS_DEFAULT_REGION, then the AWS profile's region.
The deployed function follows the same rule: the lookup's region, else its own. Every lookup
prints the region it searched.

Endpoints: EC2 requests go to --endpoint, else AWS_ENDPOINT_URL_EC2, else AWS_ENDPOINT_URL, else the AWS
profile's endpoint_url, else AWS; STS requests (to assume a role) to AWS_ENDPOINT_URL_STS, else the same
from AWS_ENDPOINT_URL on. Every lookup prints an endpoint that is not AWS's, and where it came from. An
empty AWS_ENDPOINT_URL_EC2 (without --endpoint) or AWS_ENDPOINT_URL is refused: the SDK would skip it
and send the requests elsewhere.

Credentials come from the standard AWS chain (environment, profile, SSO, ...); a role in
--lookup-role-arn is assumed through STS in the region searched.
Exit codes: 0 an image was selected, 1 no image matched or the query is ambiguous, 2 invalid flags or endpoint
settings, 3 AWS or assembly error.`;

/** The commands; `help` is one too, for those who type it. */
export const COMMANDS: readonly string[] = ['preview', 'help'];

/** An unknown command, with the command it is closest to. */
export function unknownCommandMessage(command: string): string {
  return `unknown command ${JSON.stringify(command)}${didYouMean(command, COMMANDS)}`;
}

/**
 * The one mapping between the construct's prop names (as synth and deploy messages name them), the
 * custom resource's property names, and the CLI's flags. Messages the CLI prints are translated
 * with it, so that they name what the user typed.
 */
export const FLAG_FOR_PROP: ReadonlyArray<{ readonly prop: string; readonly property?: string; readonly flag: string }> = [
  { prop: 'owners', property: Prop.owners, flag: '--owner' },
  { prop: 'executableUsers', property: Prop.executableUsers, flag: '--executable-user' },
  { prop: 'imageIds', property: Prop.imageIds, flag: '--image-id' },
  { prop: 'filters', property: Prop.filters, flag: '--filter' },
  { prop: 'includeDeprecated', property: Prop.includeDeprecated, flag: '--include-deprecated' },
  { prop: 'includeDisabled', property: Prop.includeDisabled, flag: '--include-disabled' },
  { prop: 'allowUnpinnedOwner', property: Prop.allowUnpinnedOwner, flag: '--allow-unpinned-owner' },
  { prop: 'nameRegex', property: Prop.nameRegex, flag: '--name-regex' },
  { prop: 'minAge', property: Prop.minAgeSeconds, flag: '--min-age' },
  { prop: 'maxAge', property: Prop.maxAgeSeconds, flag: '--max-age' },
  { prop: 'excludeImageIds', property: Prop.excludeImageIds, flag: '--exclude-image-id' },
  { prop: 'fallbackToDeprecated', property: Prop.fallbackToDeprecated, flag: '--no-fallback-to-deprecated' },
  { prop: 'order', property: Prop.order, flag: '--order' },
  { prop: 'rank', property: Prop.rank, flag: '--rank' },
  { prop: 'fallbackImageId', property: Prop.fallbackImageId, flag: '--fallback-image-id' },
  { prop: 'region', property: Prop.region, flag: '--region' },
  { prop: 'lookupRoleArn', property: Prop.lookupRoleArn, flag: '--lookup-role-arn' },
  { prop: 'allowMixedImages', property: Prop.allowMixedImages, flag: '--allow-mixed-images' },
  { prop: 'orderTagKey', property: Prop.orderTagKey, flag: '--order-tag-key' },
  // Not custom resource properties: the construct turns these into a filter and a parameter.
  { prop: 'instanceType', flag: '--instance-type' },
  { prop: 'parameterName', flag: '--parameter-name' },
];

/**
 * A synth or deploy message in the CLI's words: prop and property names become flags. `rank` and
 * `region` are ordinary words too, so they are translated only where they name the setting.
 */
export function inFlagWords(message: string): string {
  let out = message.replace(/^invalid properties: /, 'invalid flags: ');
  for (const { prop, property, flag } of FLAG_FOR_PROP) {
    const names = (prop === 'rank' || prop === 'region' ? [property] : [prop, property]).filter((n): n is string => n !== undefined);
    for (const name of names) out = out.replace(new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'g'), flag);
    if (prop === 'rank' || prop === 'region') out = out.replace(new RegExp(`(^|; |: )${prop}(?=:| must )`, 'g'), `$1${flag}`);
  }
  return out;
}

/** Flags that take a value, so that a value starting with "-" (a negative number) stays a value. */
const VALUE_FLAGS = new Set<string>();

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

const FLAGS = {
  'owner': { type: 'string', multiple: true },
  'executable-user': { type: 'string', multiple: true },
  'image-id': { type: 'string', multiple: true },
  'filter': { type: 'string', multiple: true },
  'include-deprecated': { type: 'boolean' },
  'include-disabled': { type: 'boolean' },
  'allow-unpinned-owner': { type: 'boolean' },
  'instance-type': { type: 'string' },
  'name-regex': { type: 'string' },
  'min-age': { type: 'string' },
  'max-age': { type: 'string' },
  'exclude-image-id': { type: 'string', multiple: true },
  'no-fallback-to-deprecated': { type: 'boolean' },
  'order': { type: 'string' },
  'order-tag-key': { type: 'string' },
  'rank': { type: 'string' },
  'fallback-image-id': { type: 'string' },
  'allow-mixed-images': { type: 'boolean' },
  'lookup-role-arn': { type: 'string' },
  'parameter-name': { type: 'string' },
  'app': { type: 'string' },
  'region': { type: 'string' },
  'endpoint': { type: 'string' },
  'top': { type: 'string' },
  'json': { type: 'boolean' },
  'help': { type: 'boolean', short: 'h' },
} as const;

for (const [name, spec] of Object.entries(FLAGS)) if (spec.type === 'string') VALUE_FLAGS.add(`--${name}`);

const FLAG_NAMES = Object.keys(FLAGS);

/**
 * The first flag the parser does not know, with the known one closest to it: Node's own message
 * names no alternative. A lenient parse finds it, so that the value of a known flag ("--filter
 * --x") is never taken for a flag.
 */
export function unknownFlagMessage(args: string[]): string | undefined {
  const { tokens } = parseArgs({ args, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || FLAG_NAMES.includes(token.name)) continue;
    // Short flags are one letter: any other letter is "close", so a suggestion would be noise.
    const near = token.rawName.startsWith('--') ? closestName(token.name, FLAG_NAMES) : undefined;
    return `unknown flag ${token.rawName}${near === undefined ? '' : `; did you mean --${near}?`}`;
  }
  return undefined;
}

/** `--rank -1` as `--rank=-1`: Node's parser would take "-1" for an option and say it is ambiguous. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (VALUE_FLAGS.has(argv[i]) && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) {
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
  let parsed;
  try {
    parsed = parseArgs({ args, options: FLAGS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  const top = v.top === undefined ? 5 : wholeNumber('--top', v.top, 1, 100);
  if (v.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(v.endpoint)) throw new UsageError(`--endpoint must be an http or https URL, got ${JSON.stringify(v.endpoint)}`);
  if (v.region !== undefined && !REGION.test(v.region)) throw new UsageError(`--region: ${JSON.stringify(v.region)} is not a region name such as eu-west-1`);
  const common = { region: v.region, endpoint: v.endpoint, top, json: v.json ?? false, help: v.help ?? false };
  const queryFlags = Object.keys(v).filter((k) => !['app', 'region', 'endpoint', 'top', 'json', 'help'].includes(k));
  if (v.app !== undefined) {
    if (queryFlags.length > 0) throw new UsageError(`--app takes the lookups from the assembly; it cannot be combined with --${queryFlags[0]}`);
    return { ...common, app: v.app };
  }
  if (common.help) return common;

  const filters: Record<string, string[]> = {};
  for (const f of v.filter ?? []) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--filter takes <name>=<value>[,<value>...], got ${JSON.stringify(f)}`);
    const name = f.slice(0, eq);
    if (name in filters) throw new UsageError(`--filter ${name} is given twice; list its values once, separated by commas`);
    filters[name] = f.slice(eq + 1).split(',');
  }
  const architecture = v['instance-type'] === undefined ? undefined : instanceArchitecture(v['instance-type'], filters);
  const parameterName = v['parameter-name'];
  const parameterProblem = parameterName === undefined ? undefined : parameterNameProblem(parameterName);
  if (parameterProblem) throw new UsageError(inFlagWords(parameterProblem));
  const deprecationProblem = fallbackToDeprecatedProblem(v['include-deprecated'], v['no-fallback-to-deprecated'] ? false : undefined);
  if (deprecationProblem) throw new UsageError(inFlagWords(deprecationProblem));
  // The construct's own mapping, then CloudFormation's coercion of every scalar to a string: the
  // handler's parser then sees exactly what a deploy would send.
  const properties = asCloudFormationSends(lookupProperties({
    owners: v.owner,
    executableUsers: v['executable-user'],
    imageIds: v['image-id'],
    includeDeprecated: v['include-deprecated'],
    includeDisabled: v['include-disabled'],
    filters,
    architecture,
    allowUnpinnedOwner: v['allow-unpinned-owner'],
    nameRegex: v['name-regex'],
    minAgeSeconds: v['min-age'] === undefined ? undefined : durationSeconds('--min-age', v['min-age']),
    maxAgeSeconds: v['max-age'] === undefined ? undefined : durationSeconds('--max-age', v['max-age']),
    excludeImageIds: v['exclude-image-id'],
    fallbackToDeprecated: v['no-fallback-to-deprecated'] ? false : undefined,
    order: v.order,
    orderTagKey: v['order-tag-key'],
    rank: v.rank === undefined ? undefined : wholeNumber('--rank', v.rank, 0, Limits.maxRank, ' (0 is the best image)'),
    fallbackImageId: v['fallback-image-id'],
    lookupRoleArn: v['lookup-role-arn'],
    allowMixedImages: v['allow-mixed-images'],
  })) as Record<string, unknown>;
  return { ...common, properties, parameterName };
}

/** The architecture an instance type runs, refused with the construct's own rules in the CLI's words. */
function instanceArchitecture(instanceType: string, filters: Record<string, string[]>): string {
  const problem = instanceTypeProblem(instanceType);
  if (problem) throw new UsageError(inFlagWords(problem));
  const architecture = architectureOfInstanceType(instanceType);
  const contradiction = architectureProblem(instanceType, architecture, filters);
  if (contradiction) throw new UsageError(inFlagWords(contradiction));
  return architecture;
}

function wholeNumber(flag: string, value: string, min: number, max: number, note = ''): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}${note}, got ${JSON.stringify(value)}`);
  return n;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Durations as people write them: 7d, 12h, 90m, 3600s, 2w, or ISO 8601 such as P7D and PT12H. */
export function durationSeconds(flag: string, value: string): number {
  const short = /^(\d{1,9})([smhdw])$/.exec(value);
  if (short) return Number(short[1]) * UNITS[short[2]];
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (iso && value !== 'P' && !value.endsWith('T')) {
    const [w, d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return w * 604800 + d * 86400 + h * 3600 + m * 60 + s;
  }
  throw new UsageError(`${flag} must be a duration such as 7d, 12h, 90m, 3600s or P7D, got ${JSON.stringify(value)}`);
}
