/**
 * The SSM parameter a lookup reads its image ID from (`sourceParameter`): how its name or ARN is
 * read, and which settings it cannot be combined with. Shared by synth, the handler and the CLI.
 *
 * GetParameter takes a name (`/aws/service/...`, `golden`) or a full ARN (required for a parameter
 * shared from another account), each optionally followed by `:<version>` or `:<label>`.
 *
 * Internal: not exported from the package's index.
 */
import { ACCOUNT_ID, REGION } from './formats';
import { isDefaultFilter } from './query-rules';
import { quote } from './quote';
import { DEFAULT_SETTINGS, LookupSettings } from './settings';

/** A source parameter, read. */
export interface SourceParameterRef {
  /** The parameter's name, as GetParameter returns it for a parameter of the caller's account. */
  readonly name: string;
  /** Set when it was given as an ARN: that ARN without the selector. */
  readonly arn?: string;
  readonly partition?: string;
  readonly region?: string;
  /** The owning account from the ARN; empty for AWS's public parameters. */
  readonly account?: string;
  readonly version?: number;
  readonly label?: string;
  /** One of AWS's public parameters (`/aws/service/...`): readable by every account, with no history. */
  readonly isPublic: boolean;
  /** The name or ARN without the selector: what GetParameterHistory and IAM take. */
  readonly base: string;
}

/** Where AWS publishes its public parameters. */
export const PUBLIC_PARAMETER_PREFIX = '/aws/service/';

const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s;
const NAME = /^[a-zA-Z0-9_.\-/]+$/;
const VERSION = /^[1-9]\d{0,9}$/;
const LABEL = /^[a-zA-Z0-9_.-]{1,100}$/;
/** GetParameter's limit on `Name`, ARN and selector included. */
const MAX_REQUEST_LENGTH = 2048;
const MAX_NAME_LENGTH = 1011;
const MAX_LEVELS = 15;

/** Reads a source parameter; a problem, worded for the prop, when it cannot be one. */
export function readSourceParameter(value: string): { readonly ref?: SourceParameterRef; readonly problem?: string } {
  const what = `sourceParameter: ${quote(value)}`;
  const fail = (why: string) => ({ problem: `${what} ${why}` });
  if (value.length === 0 || value.length > MAX_REQUEST_LENGTH) return fail(`must have 1 to ${MAX_REQUEST_LENGTH} characters, got ${value.length}`);

  let name = value;
  let arn: { partition: string; region: string; account: string } | undefined;
  if (value.startsWith('arn:')) {
    const m = ARN.exec(value);
    if (!m) return fail('is not an ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>)');
    const [, partition, service, region, account, resource] = m;
    if (service !== 'ssm') return fail(`is an ARN of ${quote(service)}, not of an SSM parameter (arn:<partition>:ssm:<region>:<account>:parameter/<name>)`);
    if (!PARTITIONS.includes(partition)) return fail(`has the unknown partition ${quote(partition)} (one of ${PARTITIONS.join(', ')})`);
    if (!REGION.test(region)) return fail(`has ${region === '' ? 'no region' : `the region ${quote(region)}, which is not a region name such as eu-west-1`}`);
    if (!resource.startsWith('parameter/') || resource.length === 'parameter/'.length) return fail('is not a parameter\'s ARN: its resource must be parameter/<name>');
    name = `/${resource.slice('parameter/'.length)}`;
    // A name at the top level has no slash of its own; its ARN adds one.
    if (!name.slice(1).includes('/')) name = name.slice(1);
    const isPublic = `/${resource.slice('parameter/'.length)}`.startsWith(PUBLIC_PARAMETER_PREFIX);
    if (isPublic ? account !== '' && !ACCOUNT_ID.test(account) : !ACCOUNT_ID.test(account)) {
      return fail(`has the account ${quote(account)}, which is not a 12-digit account ID`);
    }
    arn = { partition, region, account };
  }

  let selector: string | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    selector = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return fail(`has a name of ${name.length} characters; a parameter name has 1 to ${MAX_NAME_LENGTH}`);
  if (!NAME.test(name)) return fail('has a name with a character other than letters, digits and . - _ /');
  if (name.includes('/') && !name.startsWith('/')) return fail('has a path, so its name must begin with /');
  if (name.includes('//') || (name.length > 1 && name.endsWith('/'))) return fail('has an empty level in its name');
  if (name.split('/').filter((l) => l.length > 0).length > MAX_LEVELS) return fail(`has more than ${MAX_LEVELS} levels in its name`);
  const isPublic = name.startsWith(PUBLIC_PARAMETER_PREFIX);
  if (!isPublic && /^\/?(?:aws|ssm)/i.test(name)) return fail(`names a parameter that cannot exist: names beginning with aws or ssm are reserved by AWS, whose public parameters are under ${PUBLIC_PARAMETER_PREFIX}`);

  let version: number | undefined;
  let label: string | undefined;
  if (selector !== undefined) {
    if (/^\d+$/.test(selector)) {
      if (!VERSION.test(selector)) return fail(`asks for version ${selector}: versions are whole numbers from 1`);
      version = Number(selector);
    } else if (!LABEL.test(selector)) {
      return fail(`asks for the label ${quote(selector)}: a label has 1 to 100 letters, digits, periods, hyphens or underscores`);
    } else if (/^\d/.test(selector) || /^(?:aws|ssm)/i.test(selector)) {
      return fail(`asks for the label ${quote(selector)}: a label cannot begin with a digit, aws or ssm`);
    } else {
      label = selector;
    }
  }
  const base = arn === undefined ? name : value.slice(0, selector === undefined ? value.length : value.length - selector.length - 1);
  return { ref: { name, arn: arn && base, ...arn, version, label, isPublic, base } };
}

/** Settings that mean something only for a query, with how to tell that one was given. */
const QUERY_ONLY: ReadonlyArray<readonly [keyof LookupSettings, (s: LookupSettings) => boolean]> = [
  ['owners', (s) => s.owners.length > 0],
  ['executableUsers', (s) => s.executableUsers.length > 0],
  ['imageIds', (s) => s.imageIds.length > 0],
  // The instance type's architecture is checked against the parameter's image; any other filter is the query's.
  ['filters', (s) => s.filters.some((f) => f.name !== 'architecture' && !isDefaultFilter(f))],
  ['includeDeprecated', (s) => s.includeDeprecated !== DEFAULT_SETTINGS.includeDeprecated],
  ['includeDisabled', (s) => s.includeDisabled !== DEFAULT_SETTINGS.includeDisabled],
  ['allowUnpinnedOwner', (s) => s.allowUnpinnedOwner !== DEFAULT_SETTINGS.allowUnpinnedOwner],
  ['nameRegex', (s) => s.nameRegex !== undefined],
  ['fallbackToDeprecated', (s) => s.fallbackToDeprecated !== DEFAULT_SETTINGS.fallbackToDeprecated],
  ['order', (s) => s.order !== DEFAULT_SETTINGS.order],
  ['rank', (s) => s.rank !== DEFAULT_SETTINGS.rank],
  ['allowMixedImages', (s) => s.allowMixedImages !== DEFAULT_SETTINGS.allowMixedImages],
];

/**
 * Every problem with a parameter source: its name or ARN, the query's settings it was combined
 * with (a parameter names one image, so there is nothing to query, rank or order), a pinned version
 * with a soak, and an ARN in another region than the lookup's (GetParameter is regional).
 */
export function sourceParameterProblems(s: LookupSettings, lookupRegion?: string): string[] {
  if (s.sourceParameter === undefined) return [];
  const { ref, problem } = readSourceParameter(s.sourceParameter);
  const problems = problem === undefined ? [] : [problem];
  for (const [setting, given] of QUERY_ONLY) {
    if (given(s)) problems.push(`sourceParameter and ${setting} cannot be combined: ${setting} shapes a query, and a parameter names one image`);
  }
  if (ref?.version !== undefined && s.minAgeSeconds !== undefined) {
    problems.push(`sourceParameter asks for version ${ref.version}, so minAge has no newer value to hold back; drop one of them`);
  }
  const region = s.region ?? lookupRegion;
  if (ref?.region !== undefined && region !== undefined && ref.region !== region) {
    problems.push(`sourceParameter is in ${ref.region}, but the lookup runs in ${region}; GetParameter reads a parameter in its own region`);
  }
  return problems;
}
