/**
 * The parameter source in the construct: what it writes, and the IAM statements in each case (a
 * public parameter, an own one, a shared one by ARN, with and without a soak, with a lookup role),
 * cdk-nag, and the synth errors that name both props.
 */
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AmiLookup, AmiLookupProps } from '../../src';
import { Prop } from '../../src/shared/wire';

const PUBLIC = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

function synth(lookups: AmiLookupProps[], env = { account: '111122223333', region: 'eu-west-1' }) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env });
  lookups.forEach((p, i) => new AmiLookup(stack, `Lookup${i}`, p));
  return { stack, template: Template.fromStack(stack) };
}
const statements = (template: Template) => (Object.values(template.findResources('AWS::IAM::Policy')) as any[])
  .flatMap((p) => p.Properties.PolicyDocument.Statement);

test('writes SourceParameter and no query; the instance type becomes the architecture the image is checked against', () => {
  const { template } = synth([{ sourceParameter: PUBLIC, instanceType: new ec2.InstanceType('m7g.large') }]);
  const [resource] = Object.values(template.findResources('Custom::AmiLookup')) as any[];
  expect(resource.Properties[Prop.sourceParameter]).toBe(PUBLIC);
  expect(resource.Properties[Prop.owners]).toBeUndefined();
  expect(resource.Properties[Prop.filters]).toContainEqual({ Name: 'architecture', Values: ['arm64'] });
});

describe('IAM', () => {
  test('a public parameter: ssm:GetParameter on its ARN, with no account', () => {
    expect(statements(synth([{ sourceParameter: PUBLIC }]).template)).toEqual([{
      Action: 'ssm:GetParameter',
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-west-1::parameter${PUBLIC}`]] },
    }]);
  });

  test('an own parameter with a soak: GetParameter and GetParameterHistory on it, in the lookup\'s region', () => {
    expect(statements(synth([{ sourceParameter: '/images/golden', minAge: Duration.days(7), region: 'us-east-2' }]).template)).toEqual([{
      Action: ['ssm:GetParameter', 'ssm:GetParameterHistory'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-2:111122223333:parameter/images/golden']] },
    }]);
  });

  test('a shared parameter by ARN, with a label: the ARN without the label', () => {
    const arn = 'arn:aws:ssm:eu-west-1:999988887777:parameter/images/central';
    expect(statements(synth([{ sourceParameter: `${arn}:prod` }]).template)).toEqual([{ Action: 'ssm:GetParameter', Effect: 'Allow', Resource: arn }]);
  });

  test('with lookupRoleArn, only sts:AssumeRole: the role reads the parameter', () => {
    const role = 'arn:aws:iam::999988887777:role/image-reader';
    expect(statements(synth([{ sourceParameter: PUBLIC, lookupRoleArn: role }]).template)).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: role }]);
  });

  test('two lookups of one parameter share a statement; a query lookup adds no SSM permission', () => {
    const s = statements(synth([{ sourceParameter: PUBLIC }, { sourceParameter: PUBLIC }, { owners: ['amazon'] }]).template);
    expect(s).toHaveLength(1);
  });

  test('cdk-nag: no findings', () => {
    const app = new App();
    const stack = new Stack(app, 'Nagged', { env: { account: '111122223333', region: 'us-east-1' } });
    new AmiLookup(stack, 'Public', { sourceParameter: PUBLIC });
    new AmiLookup(stack, 'Own', { sourceParameter: '/images/golden', minAge: Duration.days(7) });
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    app.synth();
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });
});

describe('synth errors', () => {
  test('every query prop combined with it is named, with the parameter, in one error', () => {
    expect(() => synth([{ sourceParameter: PUBLIC, owners: ['amazon'], nameRegex: '^al' }]))
      .toThrow(/2 invalid props:\n {2}- sourceParameter and owners cannot be combined.*\n {2}- sourceParameter and nameRegex cannot be combined/);
  });

  test('an ARN in another region than the stack\'s', () => {
    expect(() => synth([{ sourceParameter: 'arn:aws:ssm:us-east-1:999988887777:parameter/images/central' }]))
      .toThrow('AmiLookup Stack/Lookup0: invalid props: sourceParameter is in us-east-1, but the lookup runs in eu-west-1; GetParameter reads a parameter in its own region');
  });
});
