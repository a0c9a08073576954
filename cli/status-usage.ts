/** `status --help`: its flags from the flag table, the rest prose. */
import { GROUPS } from './flags';
import { STATUS_FLAGS } from './status-args';
import { flagLines } from './usage';

export const STATUS_HELP_HINT = 'Run \'cdk-ami-lookup status --help\' for the flags.';

const OPTIONS = GROUPS.flatMap((g) => STATUS_FLAGS.filter((f) => f.group === g)).flatMap(flagLines).join('\n');

export const STATUS_USAGE = `Usage:
  cdk-ami-lookup status --app <cdk.out> [--stack <name>]... [options]
  cdk-ami-lookup status --stack <name> [--stack <name>]... [options]

Reports every deployed Custom::AmiLookup: the image it pins and whether that image can still
launch, the previous image a rollback would restore, and, with --app, whether the local lookup is
in sync with the deployed one, which image the next deploy would pick and which a refresh would
pick now (with the preview's selection code). Read-only: it never changes a stack.

Options:
${OPTIONS}

Verdicts, one per lookup, the worst that applies:
  cannot launch             the pin is deregistered, disabled, no longer shared, not allowed by Allowed AMIs,
                            or the resource holds no image (a failed create)
  deprecates within N days  the pin is deprecated already, or deprecates within --warn-days
  changes on next deploy    the local lookup differs from the deployed one, and a deploy would pick another image
  refresh available         the same query now picks another image than the pin
  ok                        none of the above

Stacks: with --app, each stack is read in its region from the assembly (or --region); with --stack
alone, in --region, else AWS_REGION, AWS_DEFAULT_REGION or the AWS profile's region. Without --app
a lookup's own region and role are not known: its images are described in the stack's region with
the caller's credentials, and there is nothing local to compare or re-resolve.

Endpoints and credentials are the preview's: EC2 requests go to --endpoint, else AWS_ENDPOINT_URL_EC2,
...; CloudFormation's to AWS_ENDPOINT_URL_CLOUDFORMATION, else AWS_ENDPOINT_URL, else the profile's, else
AWS. A lookup's role is assumed through STS in the lookup's region.
Permissions (read-only): cloudformation:DescribeStacks, cloudformation:ListStackResources,
ec2:DescribeImages, and sts:AssumeRole on the lookups' roles.

Exit codes, the highest that applies: 0 every pin can launch and none deprecates soon, 1 a stack is not
deployed or has no lookups, 2 invalid flags or endpoint settings, 3 AWS or assembly error,
4 a pin deprecates within --warn-days, 5 a pin cannot launch.`;
