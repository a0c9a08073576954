/**
 * Integration test, ready for a real account with `integ-runner`: several lookups (different owners
 * and architectures, one pinned by an instance type and published to SSM), an ec2.Instance and an
 * ec2.LaunchTemplate using them, and assertions that ask EC2 about each resolved image and SSM about
 * the published one. CI checks the committed snapshot offline (no credentials, no deploy).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aspects, CfnOutput, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { AmiLookup, AmiLookupMonitor, ImageOrder } from '../src';

// No creation stack traces in the committed snapshot: they hold the machine's paths.
const app = new App({ stackTraces: false });
const stack = new Stack(app, 'AmiLookupIntegStack');

const al2023 = new AmiLookup(stack, 'Al2023X86', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-x86_64'], architecture: ['x86_64'] },
});
const al2023Arm = new AmiLookup(stack, 'Al2023Arm', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-arm64'], architecture: ['arm64'] },
  order: ImageOrder.naturalName(),
});
const ubuntu = new AmiLookup(stack, 'UbuntuNoble', {
  owners: ['099720109477'],
  filters: { name: ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*'] },
  rank: 1,
});

// A vague name pattern (both architectures) made safe by the instance type, and published to SSM.
const graviton = new AmiLookup(stack, 'Al2023Graviton', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-*'] },
  instanceType: new ec2.InstanceType('m7g.medium'),
  parameterName: '/cdk-ami-lookup-integ/al2023/arm64',
});

const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 1,
  natGateways: 0,
  subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }],
  // At the aws-cdk-lib floor this feature deploys a custom resource on a Node.js runtime that Lambda
  // no longer creates; the VPC is only scaffolding for the instance.
  restrictDefaultSecurityGroup: false,
});
new ec2.Instance(stack, 'Instance', {
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  instanceType: new ec2.InstanceType('t3.micro'),
  machineImage: al2023,
});
new ec2.LaunchTemplate(stack, 'ArmTemplate', {
  instanceType: new ec2.InstanceType('t4g.micro'),
  machineImage: al2023Arm,
});
new CfnOutput(stack, 'UbuntuImage', { value: ubuntu.imageName });
// The health monitor over every lookup of the stack (created after them).
const monitor = new AmiLookupMonitor(stack, 'Monitor');

const integ = new IntegTest(app, 'AmiLookupInteg', { testCases: [stack] });
integ.assertions
  .awsApiCall('EC2', 'describeImages', { ImageIds: [graviton.imageId] })
  .expect(ExpectedResult.objectLike({ Images: Match.arrayWith([Match.objectLike({ ImageId: graviton.imageId, Architecture: 'arm64' })]) }));
integ.assertions
  .awsApiCall('SSM', 'getParameter', { Name: '/cdk-ami-lookup-integ/al2023/arm64' })
  .expect(ExpectedResult.objectLike({ Parameter: { Value: graviton.imageId, DataType: 'aws:ec2:image' } }));
// One monitor run in the real account: it answers with every lookup judged and none that cannot launch.
integ.assertions
  .invokeFunction({ functionName: monitor.monitorFunction.functionName, payload: monitorInputForAssertion() })
  .expect(ExpectedResult.objectLike({ StatusCode: 200, Payload: Match.stringLikeRegexp('"cannotLaunch":0') }));
for (const image of [al2023, al2023Arm, ubuntu]) {
  integ.assertions
    .awsApiCall('EC2', 'describeImages', { ImageIds: [image.imageId] })
    .expect(ExpectedResult.objectLike({
      Images: Match.arrayWith([Match.objectLike({ ImageId: image.imageId, Name: image.imageName, State: 'available' })]),
    }));
}

/**
 * The input the monitor's schedule carries, for invoking it on demand: written as plain JSON with the
 * image ID tokens in it, which the assertion stack imports (the schedule's own input is an
 * `Fn::Join` that integ-tests would quote without escaping).
 */
function monitorInputForAssertion(): string {
  return JSON.stringify({ v: 1, stack: stack.stackName, days: 30, targets: [['', '']], lookups: monitor.lookups.map((l) => [l.node.path, 0, l.imageId]) });
}

/**
 * At the aws-cdk-lib floor, integ-tests-alpha's assertion function takes its runtime from a region
 * map of nodejs20.x, which Lambda no longer creates (cfn-lint W1034). Its handler uses the SDK that
 * the runtime provides, which nodejs24.x has too.
 */
class AssertionRuntime implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function' && !(node instanceof lambda.CfnFunction)) {
      node.addPropertyOverride('Runtime', 'nodejs24.x');
      // The map is then unused (cfn-lint W7001).
      Stack.of(node).node.tryRemoveChild('LatestNodeRuntimeMap');
    }
    // For invokeFunction, integ-tests-alpha at the floor also writes an IAM action "lambda:Invoke",
    // which does not exist (cfn-lint W3037); the invoke is granted by its own Lambda permission.
    if (node instanceof CfnResource && node.cfnResourceType === 'AWS::IAM::Role' && Stack.of(node) !== stack) {
      node.addMetadata('cfn-lint', { config: { ignore_checks: ['W3037'] } });
    }
  }
}
Aspects.of(app).add(new AssertionRuntime());
