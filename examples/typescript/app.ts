// An app people can copy: the newest Amazon Linux 2023 for an instance, a Windows Server image for a
// launch template, a soak-time lookup that never picks an image younger than a week, and a Graviton
// lookup published to SSM.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AmiLookup, AmiLookupMonitor, ImageOrder, Refresh } from 'cdk-ami-lookup';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'AmiLookupExample');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });

// The newest Amazon Linux 2023 image, resolved when the stack is deployed.
const al2023 = new AmiLookup(stack, 'Al2023', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-x86_64'], architecture: ['x86_64'] },
});
new ec2.Instance(stack, 'Web', {
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  instanceType: new ec2.InstanceType('t3.micro'),
  machineImage: al2023,
});

// Windows Server 2022 for a launch template; the image's OS gives the template the right user data.
const windows = new AmiLookup(stack, 'WindowsServer2022', {
  owners: ['amazon'],
  filters: { name: ['Windows_Server-2022-English-Full-Base-*'], platform: ['windows'] },
  os: ec2.OperatingSystemType.WINDOWS,
});
new ec2.LaunchTemplate(stack, 'WindowsTemplate', {
  machineImage: windows,
  instanceType: new ec2.InstanceType('t3.large'),
});

// Soak time: the newest standard release that has been out for at least 7 days, looked up again every week.
const soaked = new AmiLookup(stack, 'SoakedAl2023Arm', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-arm64'] },
  // Standard releases only (RE2 syntax; checked at synth, matched in linear time at deploy).
  nameRegex: '^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-arm64$',
  order: ImageOrder.naturalName(),
  minAge: cdk.Duration.days(7),
  refresh: Refresh.every(cdk.Duration.days(7)),
});
new ec2.LaunchTemplate(stack, 'ArmTemplate', {
  machineImage: soaked,
  instanceType: new ec2.InstanceType('t4g.small'),
});

// For a Graviton instance type: only arm64 images are asked for, so a vague name pattern cannot hand
// it an x86_64 image. The pick is also published to SSM for launch templates anywhere in the account.
const graviton = new AmiLookup(stack, 'Al2023Graviton', {
  owners: ['amazon'],
  filters: { name: ['al2023-ami-2023.*-kernel-6.1-*'] },
  instanceType: new ec2.InstanceType('m7g.large'),
  parameterName: '/cdk-ami-lookup-example/al2023/arm64',
});
const fromParameter = new ec2.CfnLaunchTemplate(stack, 'FromParameter', {
  launchTemplateData: { imageId: 'resolve:ssm:/cdk-ami-lookup-example/al2023/arm64', instanceType: 'm7g.large' },
});
fromParameter.node.addDependency(graviton);

// A daily check that every pin above can still launch, with alarms before a scale-out would fail.
new AmiLookupMonitor(stack, 'ImageMonitor');

new cdk.CfnOutput(stack, 'Al2023Image', { value: `${al2023.imageId} (${al2023.imageName})` });
new cdk.CfnOutput(stack, 'SoakedImageChange', { value: `${soaked.previousImageId} -> ${soaked.imageId}` });

app.synth();
