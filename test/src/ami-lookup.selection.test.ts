import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { deliveredProperties } from '../../devkit/events';
import { parseProperties } from '../../lambda/properties';
import { AmiLookup, AmiLookupProps, ImageOrder, Refresh } from '../../src';
import { ORDERS, RESOURCE_TYPE } from '../../src/shared/wire';

function synth(props: AmiLookupProps[], context: Record<string, unknown> = {}) {
  const app = new App({ context });
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  props.forEach((p, i) => new AmiLookup(stack, `Lookup${i}`, p));
  return { stack, template: Template.fromStack(stack) };
}
const base: AmiLookupProps = { owners: ['self'] };
const propsOf = (template: Template) => Object.values(template.findResources(RESOURCE_TYPE)).map((r: any) => r.Properties);

describe('selection props become properties', () => {
  test('every setting, as the handler reads it', () => {
    const { template } = synth([{
      ...base,
      nameRegex: '^app-\\d+$',
      minAge: Duration.days(7),
      maxAge: Duration.days(90),
      excludeImageIds: ['ami-0123456789abcdef0'],
      includeDeprecated: true,
      fallbackToDeprecated: false,
      order: ImageOrder.naturalName(),
      rank: 1,
      fallbackImageId: 'ami-0fedcba9876543210',
      region: 'us-west-2',
    }]);
    expect(propsOf(template)[0]).toMatchObject({
      NameRegex: '^app-\\d+$',
      MinAgeSeconds: 604800,
      MaxAgeSeconds: 7776000,
      ExcludeImageIds: ['ami-0123456789abcdef0'],
      FallBackToDeprecated: false,
      Order: 'natural-name',
      Rank: 1,
      FallbackImageId: 'ami-0fedcba9876543210',
      Region: 'us-west-2',
    });
  });

  test('defaults write nothing, so existing templates never change', () => {
    const { template } = synth([{ ...base, order: ImageOrder.newestCreationDate(), rank: 0, refresh: Refresh.never() }]);
    expect(Object.keys(propsOf(template)[0]).sort()).toEqual(['Filters', 'IncludeDeprecated', 'IncludeDisabled', 'Owners', 'ServiceTimeout', 'ServiceToken']);
  });

  test('every ImageOrder is written as an order the handler parses to the same order', () => {
    const orders: Array<[ImageOrder, string]> = [
      [ImageOrder.newestCreationDate(), ORDERS.newestCreationDate],
      [ImageOrder.oldestCreationDate(), ORDERS.oldestCreationDate],
      [ImageOrder.naturalName(), ORDERS.naturalName],
    ];
    const { template } = synth(orders.map(([order]) => ({ ...base, order })));
    const parsed = propsOf(template).map((p) => parseProperties(deliveredProperties(p)).order);
    expect(parsed).toEqual(orders.map(([, wire]) => wire));
  });
});

describe('refresh', () => {
  test('onChangeOf writes the token', () => {
    expect(propsOf(synth([{ ...base, refresh: Refresh.onChangeOf('release-42') }]).template)[0].RefreshToken).toBe('release-42');
  });

  test('every(period) changes at most once per period, by the context clock', () => {
    const at = (now: string) =>
      propsOf(synth([{ ...base, refresh: Refresh.every(Duration.days(7)) }], { [Refresh.CLOCK_CONTEXT_KEY]: now }).template)[0].RefreshToken;
    // Periods count from the epoch (a Thursday): 2026-11-19 to 2026-11-26 is one period.
    expect(at('2026-11-19T00:00:00.000Z')).toBe('every P7D from 2026-11-19T00:00:00.000Z');
    expect(at('2026-11-25T23:59:59.999Z')).toBe('every P7D from 2026-11-19T00:00:00.000Z');
    expect(at('2026-11-26T00:00:00.000Z')).toBe('every P7D from 2026-11-26T00:00:00.000Z');
    expect(at(String(Date.parse('2026-11-26T00:00:00.000Z')))).toBe('every P7D from 2026-11-26T00:00:00.000Z');
    // As the README says: weeks start on Thursdays at 00:00 UTC.
    expect(new Date('2026-11-26T00:00:00.000Z').getUTCDay()).toBe(4);
  });

  test('every(1 day) turns over at midnight UTC', () => {
    const token = propsOf(synth([{ ...base, refresh: Refresh.every(Duration.days(1)) }], { [Refresh.CLOCK_CONTEXT_KEY]: '2026-12-01T23:59:00+05:00' }).template)[0].RefreshToken;
    expect(token).toBe('every P1D from 2026-12-01T00:00:00.000Z');
  });

  test('with the context clock set, two synths are identical', () => {
    const a = synth([{ ...base, refresh: Refresh.every(Duration.hours(1)) }], { [Refresh.CLOCK_CONTEXT_KEY]: '2026-01-01T10:30:00Z' }).template.toJSON();
    const b = synth([{ ...base, refresh: Refresh.every(Duration.hours(1)) }], { [Refresh.CLOCK_CONTEXT_KEY]: '2026-01-01T10:59:00Z' }).template.toJSON();
    expect(a).toEqual(b);
  });

  test('bad refresh settings fail at synth', () => {
    expect(() => Refresh.every(Duration.seconds(30))).toThrow(/at least one minute/);
    expect(() => Refresh.onChangeOf('')).toThrow(/non-empty/);
    expect(() => synth([{ ...base, refresh: Refresh.every(Duration.days(1)) }], { [Refresh.CLOCK_CONTEXT_KEY]: 'yesterday' }))
      .toThrow(/context cdk-ami-lookup:now must be an ISO 8601 date/);
  });
});

describe('synth-time validation of selection settings', () => {
  test.each<[AmiLookupProps, RegExp]>([
    [{ ...base, nameRegex: '(' }, /nameRegex: "\(" is not a valid regular expression \(RE2 syntax\): missing closing \)/],
    [{ ...base, nameRegex: '^(a)\\1$' }, /Lookup0: invalid props: nameRegex: .* a backreference \(\\1 or \\k<name>\) is not supported: names are matched in linear time/],
    [{ ...base, nameRegex: 'x(?=y)' }, /lookahead \(\(\?=\.\.\.\) or \(\?!\.\.\.\)\) is not supported/],
    [{ ...base, nameRegex: '(?<!x)y' }, /lookbehind .* is not supported/],
    [{ ...base, nameRegex: '[z-a]' }, /nameRegex: .* is not a valid regular expression/],
    [{ ...base, nameRegex: '' }, /empty pattern/],
    [{ ...base, minAge: Duration.days(10), maxAge: Duration.days(1) }, /minAge \(864000 s\) is greater than maxAge \(86400 s\)/],
    [{ ...base, rank: -1 }, /rank must be a whole number from 0/],
    [{ ...base, rank: 1.5 }, /rank must be a whole number/],
    [{ ...base, rank: 100 }, /to 99/],
    [{ ...base, excludeImageIds: ['ami-1'] }, /excludeImageIds: "ami-1" is not an image ID/],
    [{ ...base, fallbackImageId: 'image-1' }, /fallbackImageId: "image-1"/],
    [{ ...base, region: 'Europe' }, /region: "Europe" is not a region name/],
    [{ ...base, lookupRoleArn: 'arn:aws:iam::123456789012:user/x' }, /lookupRoleArn: .* is not an IAM role ARN/],
    [{ ...base, lookupRoleArn: 'arn:aws:iam::123456789012:role/*' }, /is not an IAM role ARN/],
  ])('rejects case %#', (props, message) => {
    expect(() => synth([props])).toThrow(message);
  });

  test('a duration that is not whole seconds is rejected', () => {
    expect(() => synth([{ ...base, minAge: Duration.millis(1500) }])).toThrow('AmiLookup Stack/Lookup0: invalid props: minAge must be a whole number of seconds from 0 to 3162240000 (100 years), got 1.5');
  });
});

describe('IAM for lookupRoleArn', () => {
  const A = 'arn:aws:iam::444455556666:role/image-reader';
  const B = 'arn:aws:iam::777788889999:role/golden-images';

  test('sts:AssumeRole on exactly the roles the lookups name', () => {
    const { template } = synth([{ ...base, lookupRoleArn: A }, { ...base, lookupRoleArn: B }, { ...base, lookupRoleArn: A }, base]);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: A },
      { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: B },
    ]);
    // The function waits for the policy, so the first lookup can already assume the role.
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as any;
    expect(fn.DependsOn).toEqual(expect.arrayContaining([Object.keys(template.findResources('AWS::IAM::Policy'))[0]]));
  });

  test('a stack without such a lookup has no STS permission at all', () => {
    const { template } = synth([base, { ...base, region: 'us-east-2' }]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as any;
    const actions = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat()));
    expect(actions).toEqual(['ec2:DescribeImages', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  });
});
