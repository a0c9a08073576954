/**
 * cli/usage.ts: the help text, built from the flag table. The owner test of its every byte: a
 * change to a flag's help line, group or order shows here.
 */
import { HELP_HINT, USAGE } from '../../cli/usage';

test('the usage text', () => {
  expect(USAGE).toBe(`Usage:
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
  --source-parameter <name|arn>  read the image ID from this SSM parameter (:<version> or :<label> optional) instead of
                                 querying; with --min-age, its newest value that has stood that long
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
profile's endpoint_url, else AWS; STS requests (to assume a role) to AWS_ENDPOINT_URL_STS and SSM requests
(to read --source-parameter) to AWS_ENDPOINT_URL_SSM, else the same from AWS_ENDPOINT_URL on. Every lookup
prints an endpoint that is not AWS's, and where it came from. An
empty AWS_ENDPOINT_URL_EC2 (without --endpoint) or AWS_ENDPOINT_URL is refused: the SDK would skip it
and send the requests elsewhere.

Credentials come from the standard AWS chain (environment, profile, SSO, ...); a role in
--lookup-role-arn is assumed through STS in the region searched.
Exit codes: 0 an image was selected, 1 no image matched or the query is ambiguous, 2 invalid flags or endpoint
settings, 3 AWS or assembly error.`);
});

test('the hint after an argument error points at the help', () => {
  expect(HELP_HINT).toBe('Run \'cdk-ami-lookup preview --help\' for the flags.');
});
