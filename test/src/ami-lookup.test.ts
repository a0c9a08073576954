import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AmiLookup, AmiLookupProps, ImageOrder } from '../../src';
import { Attr, RESOURCE_TYPE } from '../../src/shared/wire';

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
    t.resourceCountIs(RESOURCE_TYPE, 4);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::Logs::LogGroup', 1);
  });

  test('the resource type is frozen: renaming it would replace every deployed lookup', () => {
    expect(RESOURCE_TYPE).toBe('Custom::AmiLookup');
  });

  test('the lookup resource: type, service token, service timeout and the query as properties', () => {
    const { stack } = stackWith({ ...al2023, includeDeprecated: true, executableUsers: ['all'] });
    const t = Template.fromStack(stack);
    const fn = Object.keys(t.findResources('AWS::Lambda::Function'))[0];
    t.hasResource(RESOURCE_TYPE, {
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
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
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
  test('every attribute of the wire map is a getter of the same name: GetAtt of the wire name, never the Ref (the physical ID holds rollback state)', () => {
    const { stack, images } = stackWith(al2023);
    const image = images[0] as unknown as Record<string, string>;
    for (const [getter, name] of Object.entries(Attr)) {
      expect(Token.isUnresolved(image[getter])).toBe(true);
      expect(stack.resolve(image[getter])).toEqual({ 'Fn::GetAtt': ['Lookup0501F14EB', name] });
    }
  });

  test('the attribute names are frozen: renaming one breaks every template that reads it', () => {
    expect(Object.values(Attr)).toEqual([
      'ImageId', 'ImageName', 'CreationDate', 'Architecture', 'OwnerId', 'Description', 'PlatformDetails',
      'RootDeviceName', 'RootDeviceType', 'VirtualizationType', 'DeprecationTime', 'BootMode', 'EnaSupport',
      'ImdsSupport', 'TpmSupport', 'RootVolumeSize', 'RootVolumeType', 'ImageAllowed', 'PreviousImageId', 'ResolvedFrom',
    ]);
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
    expect(() => new AmiLookup(stack, 'Bad2', props)).toThrow(/^AmiLookup Stack\/Bad2: invalid props: /);
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
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { AllowUnpinnedOwner: true });
  });

  test('tokens are left to the handler to validate', () => {
    const { stack } = stackWith();
    const owner = new CfnParameter(stack, 'Owner', { type: 'String' });
    expect(() => new AmiLookup(stack, 'FromParam', { owners: [owner.valueAsString] })).not.toThrow();
  });
});

describe('launch compatibility', () => {
  const properties = (props: AmiLookupProps) =>
    Object.values(Template.fromStack(stackWith(props).stack).findResources(RESOURCE_TYPE))[0].Properties;
  const filtersOf = (props: AmiLookupProps) => properties(props).Filters;
  const synthError = (props: AmiLookupProps) => {
    try {
      stackWith(props);
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };

  test.each([
    ['m7g.large', 'arm64'], ['t4g.micro', 'arm64'], ['a1.medium', 'arm64'], ['c7gn.xlarge', 'arm64'], ['im4gn.large', 'arm64'],
    ['t3.micro', 'x86_64'], ['m7i-flex.large', 'x86_64'], ['g4dn.xlarge', 'x86_64'], ['c5.large', 'x86_64'],
  ])('instanceType %s asks only for %s images', (type, arch) => {
    expect(filtersOf({ owners: ['amazon'], instanceType: new ec2.InstanceType(type) })).toEqual([
      { Name: 'architecture', Values: [arch] }, { Name: 'image-type', Values: ['machine'] }, { Name: 'state', Values: ['available'] },
    ]);
  });

  test('an architecture filter that allows the instance type\'s architecture is narrowed to it', () => {
    const filters = filtersOf({ owners: ['amazon'], filters: { architecture: ['x86_64', 'arm*'] }, instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE) });
    expect(filters[0]).toEqual({ Name: 'architecture', Values: ['arm64'] });
  });

  test('a contradicting architecture filter fails at synth, with both values', () => {
    expect(synthError({ owners: ['amazon'], filters: { architecture: ['x86_64'] }, instanceType: new ec2.InstanceType('m7g.large') }))
      .toBe('AmiLookup Stack/Lookup0: invalid props: instanceType "m7g.large" runs arm64 images, but the architecture filter asks for ["x86_64"]: '
        + 'no image could run on it');
    expect(synthError({ owners: ['amazon'], filters: { architecture: ['arm?4', 'i386'] }, instanceType: new ec2.InstanceType('t3.micro') }))
      .toMatch(/instanceType "t3.micro" runs x86_64 images, but the architecture filter asks for \["arm\?4", "i386"\]/);
  });

  test('Mac, unparseable and unresolved instance types fail at synth instead of guessing', () => {
    expect(synthError({ owners: ['amazon'], instanceType: new ec2.InstanceType('mac2.metal') }))
      .toMatch(/instanceType "mac2.metal": Mac instances run x86_64_mac or arm64_mac images/);
    expect(synthError({ owners: ['amazon'], instanceType: new ec2.InstanceType('u-3tb1.metal') }))
      .toMatch(/instanceType "u-3tb1.metal" is not an instance type whose architecture can be derived/);
    const stack = new Stack(new App(), 'Stack');
    const type = new CfnParameter(stack, 'Type').valueAsString;
    expect(() => new AmiLookup(stack, 'L', { owners: ['amazon'], instanceType: new ec2.InstanceType(type) }))
      .toThrow('AmiLookup Stack/L: invalid props: instanceType must be known at synth: its architecture decides the query');
  });

  test('without the launch props, the properties are those of a plain query: unset props write nothing', () => {
    expect(Object.keys(properties(al2023)).sort()).toEqual(['Filters', 'IncludeDeprecated', 'IncludeDisabled', 'Owners', 'ServiceTimeout', 'ServiceToken']);
    expect(properties({ ...al2023, allowMixedImages: false })).toEqual(properties(al2023));
  });

  test('allowMixedImages and the tag-value order reach the handler through the one mapping', () => {
    expect(properties({ ...al2023, allowMixedImages: true })).toMatchObject({ AllowMixedImages: true });
    expect(properties({ ...al2023, order: ImageOrder.tagValue('version') })).toMatchObject({ Order: 'tag-value', OrderTagKey: 'version' });
  });

  test('a tag key that EC2 could not have fails at synth', () => {
    expect(synthError({ ...al2023, order: ImageOrder.tagValue('') }))
      .toBe('AmiLookup Stack/Lookup0: invalid props: orderTagKey: a tag key has 1 to 128 characters, got 0');
  });
});

describe('parameterName', () => {
  test('writes the image ID attribute, not the physical ID, to an aws:ec2:image String parameter', () => {
    const { stack, images } = stackWith({ ...al2023, parameterName: '/images/al2023/latest' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SSM::Parameter', 1);
    t.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/images/al2023/latest',
      Type: 'String',
      DataType: 'aws:ec2:image',
      Value: { 'Fn::GetAtt': ['Lookup0501F14EB', 'ImageId'] },
    });
    expect(images[0].parameter).toBeDefined();
  });

  test('needs no new permission for the lookup function: CloudFormation writes it', () => {
    const without = Template.fromStack(stackWith(al2023).stack);
    const withParameter = Template.fromStack(stackWith({ ...al2023, parameterName: '/images/x' }).stack);
    expect(withParameter.findResources('AWS::IAM::Role')).toEqual(without.findResources('AWS::IAM::Role'));
    expect(withParameter.findResources('AWS::IAM::Policy')).toEqual({});
    expect(JSON.stringify(withParameter.toJSON())).not.toMatch(/"ssm:/);
  });

  test('grantRead gives a grantee read access to exactly that parameter', () => {
    const { stack, images } = stackWith({ ...al2023, parameterName: '/images/al2023/latest' });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    images[0].grantRead(role);
    const t = Template.fromStack(stack);
    const policy = Object.values(t.findResources('AWS::IAM::Policy'))[0];
    const statement = policy.Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toEqual(['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory']);
    const parameter = Object.keys(t.findResources('AWS::SSM::Parameter'))[0];
    expect(statement.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111122223333:parameter', { Ref: parameter }]] });
    expect(policy.Properties.Roles).toEqual([{ Ref: Object.keys(t.findResources('AWS::IAM::Role')).find((k) => k.startsWith('Reader')) }]);
  });

  test('grantRead without a parameter fails at synth, saying what to set', () => {
    const { stack, images } = stackWith(al2023);
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    expect(() => images[0].grantRead(role)).toThrow('AmiLookup Stack/Lookup0: grantRead needs a parameter to read; set parameterName');
  });

  test.each([
    ['aws-images', /must not begin with aws or ssm/], ['/SSM/x', /must not begin with aws or ssm/], ['images/x', /has a path, so it must begin with \//],
    ['/images x', /may contain only letters, digits and . - _ \//], ['', /must have 1 to 1011 characters, got 0/],
    [`/${Array(16).fill('a').join('/')}`, /has more than 15 levels/], ['/a//b', /has an empty level/],
  ])('an SSM parameter name %j fails at synth', (name, reason) => {
    expect(() => stackWith({ ...al2023, parameterName: name })).toThrow(reason);
  });

  test('a launch template can read it with resolve:ssm:', () => {
    const { stack } = stackWith({ ...al2023, parameterName: '/images/al2023/latest' });
    new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { imageId: 'resolve:ssm:/images/al2023/latest' } });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { ImageId: 'resolve:ssm:/images/al2023/latest' } });
  });
});

describe('every synth problem at once', () => {
  test('three problems are reported together, each naming the prop and the value given', () => {
    const { stack } = stackWith();
    expect(() => new AmiLookup(stack, 'Three', { filters: { nmae: ['al2023-*'] }, rank: 200 })).toThrow([
      'AmiLookup Stack/Three: 3 invalid props:',
      '  - filter "nmae" is not a DescribeImages filter (filter names are case-sensitive); did you mean "name"?',
      '  - the query is not pinned to an owner, so anyone could publish an image it matches (AMI squatting). '
        + 'Set owners, an owner-id or owner-alias filter, or imageIds; or set allowUnpinnedOwner to accept the risk',
      '  - rank must be a whole number from 0 (the best image) to 99, got 200',
    ].join('\n'));
  });

  test('problems of the query, the selection, the instance type and the parameter are collected in one pass', () => {
    const { stack } = stackWith();
    let message = '';
    try {
      new AmiLookup(stack, 'Many', {
        owners: ['amazn'],
        instanceType: new ec2.InstanceType('mac2.metal'),
        minAge: Duration.millis(1500),
        fallbackToDeprecated: false,
        parameterName: 'aws-reserved',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').map((l) => l.replace(/^ {2}- (\w+).*$/, '$1'))).toEqual([
      'AmiLookup Stack/Many: 5 invalid props:', 'instanceType', 'owners', 'minAge', 'fallbackToDeprecated', 'parameterName',
    ]);
  });

  test('fallbackToDeprecated without includeDeprecated is refused, whichever its value', () => {
    for (const fallbackToDeprecated of [false, true]) {
      const { stack } = stackWith();
      expect(() => new AmiLookup(stack, 'L', { ...al2023, fallbackToDeprecated })).toThrow(
        `AmiLookup Stack/L: invalid props: fallbackToDeprecated is set (to ${fallbackToDeprecated}) but has no effect without includeDeprecated `
        + '(deprecated images are left out of the query); set includeDeprecated, or leave fallbackToDeprecated unset');
    }
    const { stack } = stackWith();
    expect(() => new AmiLookup(stack, 'Ok', { ...al2023, includeDeprecated: true, fallbackToDeprecated: false })).not.toThrow();
  });

  test('two lookups in one stack cannot write one parameter; in two stacks they can', () => {
    const { stack } = stackWith({ ...al2023, parameterName: '/images/web' });
    expect(() => new AmiLookup(stack, 'Again', { ...al2023, parameterName: '/images/web' })).toThrow(
      'AmiLookup Stack/Again: invalid props: parameterName: "/images/web" is already written by the AmiLookup Stack/Lookup0 in this stack; '
      + 'two lookups cannot write one parameter (the deploy would fail on the duplicate)');
    expect(() => new AmiLookup(stack, 'Other', { ...al2023, parameterName: '/images/other' })).not.toThrow();
    expect(() => stackWith({ ...al2023, parameterName: '/images/web' })).not.toThrow();
  });

  test('an instance class aws-cdk-lib does not know is a warning (an error with --strict), not a guess in silence', () => {
    const { stack } = stackWith({ owners: ['amazon'], instanceType: new ec2.InstanceType('m7q.large') });
    Annotations.fromStack(stack).hasWarning('/Stack/Lookup0', Match.stringLikeRegexp(
      '^instanceType "m7q.large": aws-cdk-lib does not know the instance class "m7q" \\(a typo, or a class newer than this aws-cdk-lib\\), '
      + 'so its architecture is guessed as x86_64'));
    const known = stackWith({ owners: ['amazon'], instanceType: new ec2.InstanceType('m7g.large') });
    expect(Annotations.fromStack(known.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a token in one group of props hides no problem of the others, and makes none', () => {
    const { stack } = stackWith();
    const role = new CfnParameter(stack, 'Role').valueAsString;
    const minAge = Duration.seconds(Token.asNumber(new CfnParameter(stack, 'MinAge', { type: 'Number' }).value));
    expect(() => new AmiLookup(stack, 'L', { owners: ['amazon'], filters: { nmae: ['x'] }, lookupRoleArn: role, minAge, rank: 200 })).toThrow([
      'AmiLookup Stack/L: 2 invalid props:',
      '  - filter "nmae" is not a DescribeImages filter (filter names are case-sensitive); did you mean "name"?',
      '  - rank must be a whole number from 0 (the best image) to 99, got 200',
    ].join('\n'));
    const owner = new CfnParameter(stack, 'Owner').valueAsString;
    expect(() => new AmiLookup(stack, 'Ok', { owners: [owner], excludeImageIds: [owner], lookupRoleArn: role, minAge })).not.toThrow();
  });

  test('a lookup that fails to synthesize does not take its parameter name', () => {
    const { stack } = stackWith();
    expect(() => new AmiLookup(stack, 'Bad', { ...al2023, rank: 200, parameterName: '/images/web' })).toThrow(/rank/);
    expect(() => new AmiLookup(stack, 'Good', { ...al2023, parameterName: '/images/web' })).not.toThrow();
  });

  test('a prop that is a token is left to the function, the others are still checked', () => {
    const { stack } = stackWith();
    const owner = new CfnParameter(stack, 'Owner').valueAsString;
    expect(() => new AmiLookup(stack, 'L', { owners: [owner], rank: 100 }))
      .toThrow('AmiLookup Stack/L: invalid props: rank must be a whole number from 0 (the best image) to 99, got 100');
    expect(() => new AmiLookup(stack, 'L2', { owners: [owner], rank: Token.asNumber(new CfnParameter(stack, 'Rank', { type: 'Number' }).value) }))
      .not.toThrow();
  });
});
