import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AmiLookup } from '../../src';

function nagged(build: (stack: Stack) => void): Stack {
  const app = new App();
  const stack = new Stack(app, 'Nagged', { env: { account: '111122223333', region: 'us-east-1' } });
  build(stack);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return stack;
}

test('a stack of lookups passes AwsSolutions with zero unsuppressed findings', () => {
  const stack = nagged((s) => {
    new AmiLookup(s, 'Al2023', { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } });
    new AmiLookup(s, 'Windows', { owners: ['amazon'], filters: { name: ['Windows_Server-2022-*'] }, os: ec2.OperatingSystemType.WINDOWS });
    new AmiLookup(s, 'Central', { owners: ['444455556666'], lookupRoleArn: 'arn:aws:iam::444455556666:role/image-reader' });
  });
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  expect(errors.map((e) => e.entry.data)).toEqual([]);
  expect(warnings.map((e) => e.entry.data)).toEqual([]);
});

test('the wildcard on DescribeImages is suppressed by the library, with its reason, and only that', () => {
  const stack = nagged((s) => new AmiLookup(s, 'Al2023', { owners: ['amazon'] }));
  const role = stack.node.findAll().find((c) => c.node.path === 'Nagged/CdkAmiLookupProvider/Role/Resource')!;
  const metadata = (role as any).getMetadata('cdk_nag');
  expect(metadata.rules_to_suppress).toEqual([
    expect.objectContaining({ id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'], reason: expect.stringContaining('supports no resource-level permissions') }),
  ]);
});

test('the check is live: an unsuppressed wildcard elsewhere in the stack is reported', () => {
  const stack = nagged((s) => {
    new AmiLookup(s, 'Al2023', { owners: ['amazon'] });
    const role = new iam.Role(s, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }));
  });
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-IAM5'));
  expect(errors.map((e) => e.id)).toEqual(['/Nagged/Other/DefaultPolicy/Resource']);
});
