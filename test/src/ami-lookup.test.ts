import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AmiLookup, AmiLookupProps } from '../../src';

const al2023: AmiLookupProps = { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] } };

function stackWith(...lookups: AmiLookupProps[]): { stack: Stack; images: AmiLookup[] } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  return { stack, images: lookups.map((p, i) => new AmiLookup(stack, `Lookup${i}`, p)) };
}

describe('resources', () => {
  test('one function, role and log group per stack, however many lookups', () => {
    const { stack } = stackWith(al2023, al2023, { owners: ['self'] }, { imageIds: ['ami-0123456789abcdef0'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::AmiLookup', 4);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('the lookup resource: type, service token, service timeout and the query as properties', () => {
    const { stack } = stackWith({ ...al2023, includeDeprecated: true, executableUsers: ['all'] });
    const t = Template.fromStack(stack);
    const fn = Object.keys(t.findResources('AWS::Lambda::Function'))[0];
    t.hasResource('Custom::AmiLookup', {
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [fn, 'Arn'] },
        ServiceTimeout: '900',
        Owners: ['amazon'],
        ExecutableUsers: ['all'],
        IncludeDeprecated: true,
        IncludeDisabled: false,
        Filters: [
          { Name: 'architecture', Values: ['x86_64'] },
          { Name: 'image-type', Values: ['machine'] },
          { Name: 'name', Values: ['al2023-ami-2023.*-x86_64'] },
          { Name: 'state', Values: ['available'] },
        ],
      },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    });
  });

  test('user filters replace the default state and image-type filters', () => {
    const { stack } = stackWith({ owners: ['self'], filters: { 'state': ['available', 'pending'], 'image-type': ['kernel'] } });
    Template.fromStack(stack).hasResourceProperties('Custom::AmiLookup', {
      Filters: [{ Name: 'image-type', Values: ['kernel'] }, { Name: 'state', Values: ['available', 'pending'] }],
    });
  });

  test('the function: pinned Node.js 24 runtime, its own log group, measured memory, timeout, no retries', () => {
    const t = Template.fromStack(stackWith(al2023).stack);
    const logGroup = Object.keys(t.findResources('AWS::Logs::LogGroup'))[0];
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 600,
      Architectures: ['x86_64'],
      LoggingConfig: { LogGroup: { Ref: logGroup }, LogFormat: 'JSON' },
    });
    t.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('IAM: DescribeImages and the own log group, nothing else, no managed policies', () => {
    const t = Template.fromStack(stackWith(al2023).stack);
    const logGroup = Object.keys(t.findResources('AWS::Logs::LogGroup'))[0];
    const roles = t.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    const role = Object.values(roles)[0] as any;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    expect(role.Properties.Policies).toEqual([{
      PolicyName: 'AmiLookup',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'DescribeImages', Action: 'ec2:DescribeImages', Effect: 'Allow', Resource: '*' },
          { Sid: 'WriteOwnLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
        ],
      },
    }]);
  });

  test('the singleton keeps stable logical IDs', () => {
    const t = Template.fromStack(stackWith(al2023).stack);
    expect(Object.keys(t.toJSON().Resources).sort()).toEqual([
      'CdkAmiLookupProviderFunction05FFF163',
      'CdkAmiLookupProviderFunctionEventInvokeConfig0596A514',
      'CdkAmiLookupProviderLogGroupCF8C9A5A',
      'CdkAmiLookupProviderRole4EE423A6',
      'Lookup0501F14EB',
    ].sort());
  });

  test('two synths give identical templates', () => {
    const a = Template.fromStack(stackWith(al2023, { owners: ['self'] }).stack).toJSON();
    const b = Template.fromStack(stackWith(al2023, { owners: ['self'] }).stack).toJSON();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test('filter key order does not change the template', () => {
    const a = Template.fromStack(stackWith({ owners: ['amazon'], filters: { name: ['x'], architecture: ['arm64'] } }).stack).toJSON();
    const b = Template.fromStack(stackWith({ owners: ['amazon'], filters: { architecture: ['arm64'], name: ['x'] } }).stack).toJSON();
    expect(a).toEqual(b);
  });
});

describe('attributes', () => {
  test('imageId and the others are GetAtt of the contract names, never the Ref (the physical ID holds rollback state)', () => {
    const { stack, images } = stackWith(al2023);
    const image = images[0];
    const r = (v: string) => stack.resolve(v);
    const attrs: Array<[string, string]> = [
      [image.imageId, 'ImageId'],
      [image.imageName, 'ImageName'], [image.creationDate, 'CreationDate'], [image.architecture, 'Architecture'],
      [image.ownerId, 'OwnerId'], [image.description, 'Description'], [image.platformDetails, 'PlatformDetails'],
      [image.rootDeviceName, 'RootDeviceName'], [image.rootDeviceType, 'RootDeviceType'],
      [image.virtualizationType, 'VirtualizationType'], [image.deprecationTime, 'DeprecationTime'],
    ];
    for (const [token, name] of attrs) {
      expect(Token.isUnresolved(token)).toBe(true);
      expect(r(token)).toEqual({ 'Fn::GetAtt': ['Lookup0501F14EB', name] });
    }
  });
});

describe('as an ec2.IMachineImage', () => {
  const vpcIn = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 1 });

  test('plugs into ec2.Instance', () => {
    const { stack, images } = stackWith(al2023);
    new ec2.Instance(stack, 'Instance', { vpc: vpcIn(stack), instanceType: new ec2.InstanceType('t3.micro'), machineImage: images[0] });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::Instance', {
      ImageId: { 'Fn::GetAtt': ['Lookup0501F14EB', 'ImageId'] },
      UserData: { 'Fn::Base64': '#!/bin/bash' },
    });
  });

  test('plugs into ec2.LaunchTemplate, carrying the operating system', () => {
    const { stack, images } = stackWith({ owners: ['amazon'], filters: { name: ['Windows_Server-2022-English-Full-Base-*'] }, os: ec2.OperatingSystemType.WINDOWS });
    const template = new ec2.LaunchTemplate(stack, 'Template', { machineImage: images[0] });
    expect(template.osType).toBe(ec2.OperatingSystemType.WINDOWS);
    expect(images[0].getImage(stack).userData.render()).toBe('<powershell></powershell>');
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { ImageId: { 'Fn::GetAtt': ['Lookup0501F14EB', 'ImageId'] } },
    });
  });

  test('plugs into an auto scaling group, with the user data given', () => {
    const { stack } = stackWith();
    const userData = ec2.UserData.forLinux();
    userData.addCommands('echo hello');
    const image = new AmiLookup(stack, 'Custom', { ...al2023, userData });
    new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc: vpcIn(stack), instanceType: new ec2.InstanceType('t3.micro'), machineImage: image });
    const t = Template.fromStack(stack);
    const [config] = [...Object.values(t.findResources('AWS::AutoScaling::LaunchConfiguration')), ...Object.values(t.findResources('AWS::EC2::LaunchTemplate'))];
    const data = (config as any).Properties.LaunchTemplateData ?? (config as any).Properties;
    expect(data.ImageId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Custom[0-9A-F]{8}$/), 'ImageId'] });
    expect(data.UserData).toEqual({ 'Fn::Base64': '#!/bin/bash\necho hello' });
  });

  test('each consumer gets its own user data when none is given', () => {
    const { stack, images } = stackWith(al2023);
    const a = images[0].getImage(stack).userData;
    const b = images[0].getImage(stack).userData;
    expect(a).not.toBe(b);
  });
});

describe('synth-time validation', () => {
  test.each<[AmiLookupProps, RegExp]>([
    [{ filters: { name: ['al2023-*'] } }, /not pinned to an owner.*AMI squatting.*allowUnpinnedOwner/],
    [{}, /not pinned to an owner/],
    [{ owners: ['amazn'] }, /owners: "amazn" is neither a 12-digit account ID nor one of self, amazon, aws-marketplace, aws-backup-vault/],
    [{ owners: ['12345'] }, /owners: "12345"/],
    [{ imageIds: ['ami-12'] }, /imageIds: "ami-12" is not an image ID/],
    [{ owners: ['amazon'], executableUsers: ['public'] }, /executableUsers: "public"/],
    [{ owners: ['amazon'], filters: { Name: ['x'] } }, /filter "Name" is not a DescribeImages filter \(filter names are case-sensitive\)/],
    [{ owners: ['amazon'], filters: { owner_id: ['x'] } }, /filter "owner_id" is not a DescribeImages filter/],
    [{ owners: ['amazon'], filters: { name: [] } }, /filter "name" has no values/],
    [{ owners: ['amazon'], filters: { name: [''] } }, /empty value/],
    [{ owners: ['amazon'], filters: { name: ['a\nb'] } }, /control character/],
    [{ owners: ['amazon'], filters: { name: Array(201).fill('x') } }, /201 entries; at most 200/],
  ])('rejects case %#', (props, message) => {
    const { stack } = stackWith();
    expect(() => new AmiLookup(stack, 'Bad', props)).toThrow(message);
    expect(() => new AmiLookup(stack, 'Bad2', props)).toThrow(/^AmiLookup Stack\/Bad2: invalid query: /);
  });

  test.each<AmiLookupProps>([
    { owners: ['123456789012'] },
    { filters: { 'owner-id': ['123456789012'] } },
    { filters: { 'owner-alias': ['amazon'] } },
    { imageIds: ['ami-0123456789abcdef0'] },
    { filters: { name: ['x'] }, allowUnpinnedOwner: true },
    { owners: ['self'], filters: { 'tag:Team Name': ['platform'] } },
  ])('accepts %j', (props) => {
    const { stack } = stackWith();
    expect(() => new AmiLookup(stack, 'Ok', props)).not.toThrow();
  });

  test('an opt-out writes AllowUnpinnedOwner so the handler agrees', () => {
    const { stack } = stackWith({ filters: { name: ['x'] }, allowUnpinnedOwner: true });
    Template.fromStack(stack).hasResourceProperties('Custom::AmiLookup', { AllowUnpinnedOwner: true });
  });

  test('tokens are left to the handler to validate', () => {
    const { stack } = stackWith();
    const owner = new CfnParameter(stack, 'Owner', { type: 'String' });
    expect(() => new AmiLookup(stack, 'FromParam', { owners: [owner.valueAsString] })).not.toThrow();
  });
});
