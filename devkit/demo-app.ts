/** The demo app: the lookups a typical stack makes, and the resources that use them. */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AL2023_PARAMETER } from './catalog';
import { AmiLookup, AmiLookupMonitor } from '../src';

export function demoApp(outdir: string): { app: App; stack: Stack } {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'AmiLookupDemo', { env: { account: '111122223333', region: 'us-east-1' } });

  const al2023 = new AmiLookup(stack, 'Al2023', {
    owners: ['amazon'],
    filters: { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] },
  });
  const al2023Arm = new AmiLookup(stack, 'Al2023MinimalArm', {
    owners: ['amazon'],
    filters: { name: ['al2023-ami-minimal-*'] },
    // Only images this instance type can run (arm64), and the pick published for other stacks.
    instanceType: new ec2.InstanceType('t4g.micro'),
    parameterName: '/cdk-ami-lookup-demo/al2023-minimal/arm64',
  });
  const windows = new AmiLookup(stack, 'WindowsServer2022', {
    owners: ['amazon'],
    filters: { name: ['Windows_Server-2022-English-Full-Base-*'], platform: ['windows'] },
    os: ec2.OperatingSystemType.WINDOWS,
  });
  // No query: the image ID AWS publishes as a public SSM parameter, read at deploy time and pinned.
  const al2023FromSsm = new AmiLookup(stack, 'Al2023FromSsm', { sourceParameter: AL2023_PARAMETER });
  const golden = new AmiLookup(stack, 'GoldenImage', {
    owners: ['self'],
    filters: { 'tag:team': ['platform'], 'tag:release': ['stable'] },
  });

  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
  new ec2.Instance(stack, 'Web', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: al2023 });
  new ec2.LaunchTemplate(stack, 'WindowsTemplate', { machineImage: windows, instanceType: new ec2.InstanceType('t3.large') });
  new ec2.LaunchTemplate(stack, 'ArmTemplate', { machineImage: al2023Arm, instanceType: new ec2.InstanceType('t4g.micro') });
  new ec2.LaunchTemplate(stack, 'SsmTemplate', { machineImage: al2023FromSsm, instanceType: new ec2.InstanceType('t3.micro') });
  new CfnOutput(stack, 'GoldenImageName', { value: golden.imageName });
  // The health monitor: a daily check of the pins, with alarms (devkit/monitor-demo.ts runs it). A
  // parameter's pin is an image like any other: AWS deprecates and deregisters it alike.
  new AmiLookupMonitor(stack, 'ImageMonitor', { lookups: [al2023, al2023Arm, windows, al2023FromSsm, golden] });
  new CfnOutput(stack, 'Al2023Deprecation', { value: al2023.deprecationTime });
  return { app, stack };
}
