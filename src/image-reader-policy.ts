import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * What every function of the library may do, whatever else it is granted: describe EC2 images and
 * write its own log group. The lookup function and the monitor start from these, so that the two
 * roles cannot drift apart.
 *
 * Internal: not exported from the package's index.
 */
export function imageReaderStatements(logGroup: logs.ILogGroup): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'DescribeImages',
      actions: ['ec2:DescribeImages'],
      // DescribeImages supports no resource-level permissions.
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  ];
}
