/** The help text: its flag sections come from the flag table, the rest is prose. */
import { Flag, flagsOf, Group, GROUPS } from './flags';

/** What follows every argument error, so that the error itself stays one line. */
export const HELP_HINT = 'Run \'cdk-ami-lookup preview --help\' for the flags.';

const TITLES: Record<Group, string> = {
  Query: 'Query (as DescribeImages takes it)',
  Selection: 'Selection',
  Options: 'Options',
};

/** Help lines start in this column, so that they line up under each other. */
const HELP_COLUMN = 33;

export function flagLines(f: Flag): string[] {
  const name = `  ${f.short === undefined ? '' : `-${f.short}, `}--${f.name}${f.arg === undefined ? '' : ` ${f.arg}`}`;
  const [first, ...more] = f.help;
  return [`${name.padEnd(HELP_COLUMN - 1)} ${first}`, ...more.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`)];
}

const PREVIEW_FLAGS = flagsOf('preview');
const SECTIONS = GROUPS.map((g) => [`${TITLES[g]}:`, ...PREVIEW_FLAGS.filter((f) => f.group === g).flatMap(flagLines)].join('\n')).join('\n');

export const USAGE = `Usage:
  cdk-ami-lookup preview [query flags] [selection flags] [options]
  cdk-ami-lookup preview --app <cdk.out> [options]

Shows which image a Custom::AmiLookup would resolve to, with the same selection code as the
deploy-time function, and how many images each stage kept.

${SECTIONS}

Region: each lookup searches the first of
  1. the lookup's own region (with --app, its region prop): part of the query, never overridden;
  2. --region, the region the stack deploys to (it overrides the stack's region in --app);
  3. the stack's region, from the cloud assembly (--app);
  4. AWS_REGION, then AWS_DEFAULT_REGION, then the AWS profile's region.
The deployed function follows the same rule: the lookup's region, else its own. Every lookup
prints the region it searched.

Endpoints: EC2 requests go to --endpoint, else AWS_ENDPOINT_URL_EC2, else AWS_ENDPOINT_URL, else the AWS
profile's endpoint_url, else AWS; STS requests (to assume a role) to AWS_ENDPOINT_URL_STS and SSM requests
(to read --source-parameter) to AWS_ENDPOINT_URL_SSM, else the same from AWS_ENDPOINT_URL on. Every lookup
prints an endpoint that is not AWS's, and where it came from. An
empty AWS_ENDPOINT_URL_EC2 (without --endpoint) or AWS_ENDPOINT_URL is refused: the SDK would skip it
and send the requests elsewhere.

Credentials come from the standard AWS chain (environment, profile, SSO, ...); a role in
--lookup-role-arn is assumed through STS in the region searched.
Exit codes: 0 an image was selected, 1 no image matched or the query is ambiguous, 2 invalid flags or endpoint
settings, 3 AWS or assembly error.`;
