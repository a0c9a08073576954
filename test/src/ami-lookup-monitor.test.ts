/** src/ami-lookup-monitor.ts: one function per stack, the schedule and its input, the alarms, their actions, IAM, cdk-nag. */
import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AmiLookup, AmiLookupMonitor, MonitorSchedule, Refresh, Repair } from '../../src';
import { MONITOR_HANDLER } from '../../src/shared/monitor-wire';

function stackWith(lookups: number, build?: (stack: Stack) => void, idPrefix = ''): Stack {
  const stack = new Stack(new App(), 'Demo', { env: { account: '111122223333', region: 'us-east-1' } });
  for (let i = 0; i < lookups; i++) {
    new AmiLookup(stack, `${idPrefix}Lookup${i}`, {
      owners: ['amazon'],
      region: ['us-east-1', 'eu-west-1', 'ap-southeast-2'][i % 3],
      lookupRoleArn: i % 3 === 2 ? 'arn:aws:iam::444455556666:role/image-reader' : undefined,
    });
  }
  build?.(stack);
  return stack;
}

const monitorFunctions = (t: Template) => Object.values(t.findResources('AWS::Lambda::Function')).filter((f: any) => f.Properties.Handler === MONITOR_HANDLER);
const rules = (t: Template) => Object.values(t.findResources('AWS::Events::Rule')) as any[];

test('one monitor function per stack, however many lookups, from the lookup function\'s asset', () => {
  for (const n of [1, 10, 100]) {
    const stack = stackWith(n, (s) => new AmiLookupMonitor(s, 'Monitor'));
    const t = Template.fromStack(stack);
    expect(monitorFunctions(t)).toHaveLength(1);
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as any[];
    expect(fns).toHaveLength(2);
    // One asset: both functions' code is the same S3 object.
    expect(new Set(fns.map((f) => JSON.stringify(f.Properties.Code))).size).toBe(1);
    expect(monitorFunctions(t)[0]).toMatchObject({ Properties: { Runtime: 'nodejs24.x', MemorySize: 256, Timeout: 300, Architectures: ['x86_64'] } });
  }
});

test('a second monitor in one stack fails at synth', () => {
  expect(() => stackWith(1, (s) => { new AmiLookupMonitor(s, 'A'); new AmiLookupMonitor(s, 'B'); }))
    .toThrow('AmiLookupMonitor Demo/B: the stack already has the monitor Demo/A');
});

test('the schedule is daily by default; its input carries each pinned image as a token, with region and role', () => {
  const t = Template.fromStack(stackWith(3, (s) => new AmiLookupMonitor(s, 'Monitor')));
  const [rule] = rules(t);
  expect(rule.Properties.ScheduleExpression).toBe('rate(1 day)');
  expect(rule.Properties.State).toBe('ENABLED');
  expect(rule.Properties.Targets).toHaveLength(1);
  const input = JSON.stringify(rule.Properties.Targets[0].Input);
  expect(rule.Properties.Targets[0].Input['Fn::Join'][1].filter((p: any) => p['Fn::GetAtt']?.[1] === 'ImageId')).toHaveLength(3);
  expect(input).toContain('eu-west-1');
  expect(input).toContain('arn:aws:iam::444455556666:role/image-reader');
  expect(input).toContain('Demo/Lookup2');
  expect(input).toContain('"Ref":"AWS::StackName"');
  t.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com', Action: 'lambda:InvokeFunction' });
});

test('MonitorSchedule.every: rate expressions, from 1 hour to 1 day in whole minutes; the alarms take its period', () => {
  const t = Template.fromStack(stackWith(1, (s) => new AmiLookupMonitor(s, 'Monitor', { schedule: MonitorSchedule.every(Duration.hours(6)) })));
  expect(rules(t)[0].Properties.ScheduleExpression).toBe('rate(6 hours)');
  const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
  expect(alarms.map((a) => a.Properties.Period)).toEqual([21600, 21600, 21600]);
  expect(() => MonitorSchedule.every(Duration.minutes(30))).toThrow('from 1 hour to 1 day');
  expect(() => MonitorSchedule.every(Duration.days(2))).toThrow('from 1 hour to 1 day');
  expect(() => MonitorSchedule.every(Duration.seconds(3630))).toThrow('whole minutes');
});

test('the alarms, their thresholds and missing-data treatment', () => {
  const t = Template.fromStack(stackWith(2, (s) => new AmiLookupMonitor(s, 'Monitor', { deprecationWarning: Duration.days(14) })));
  t.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  const dims = [{ Name: 'Stack', Value: { Ref: 'AWS::StackName' } }];
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'CdkAmiLookup',
    MetricName: 'Launchable',
    Dimensions: dims,
    Statistic: 'Minimum',
    Period: 86400,
    ComparisonOperator: 'LessThanThreshold',
    Threshold: 1,
    EvaluationPeriods: 1,
    TreatMissingData: 'ignore',
  });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'CdkAmiLookup',
    MetricName: 'DeprecatesSoon',
    Dimensions: dims,
    Statistic: 'Maximum',
    Period: 86400,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    EvaluationPeriods: 1,
    TreatMissingData: 'ignore',
    AlarmDescription: Match.stringLikeRegexp('within 14 days'),
  });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/Lambda',
    MetricName: 'Errors',
    Statistic: 'Sum',
    Period: 86400,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    Threshold: 1,
    TreatMissingData: 'notBreaching',
  });
  // The warning period reaches the function through the input.
  expect(JSON.stringify(rules(t)[0].Properties.Targets[0].Input)).toContain('\\"days\\":14');
  expect(() => stackWith(1, (s) => new AmiLookupMonitor(s, 'M', { deprecationWarning: Duration.hours(36) }))).toThrow('deprecationWarning must be whole days, at least 1');
});

test('alarm actions go on every alarm; without them, none', () => {
  const t = Template.fromStack(stackWith(1, (s) => {
    const topic = new sns.Topic(s, 'Pager');
    new AmiLookupMonitor(s, 'Monitor', { alarmActions: [new actions.SnsAction(topic)] });
  }));
  const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')) as any[];
  expect(alarms.map((a) => a.Properties.AlarmActions)).toEqual([[{ Ref: Match.anyValue() }], [{ Ref: Match.anyValue() }], [{ Ref: Match.anyValue() }]].map(() => [expect.objectContaining({ Ref: expect.stringMatching(/^Pager/) })]));
  const bare = Object.values(Template.fromStack(stackWith(1, (s) => new AmiLookupMonitor(s, 'Monitor'))).findResources('AWS::CloudWatch::Alarm')) as any[];
  expect(bare.every((a) => a.Properties.AlarmActions === undefined)).toBe(true);
});

test('IAM: DescribeImages, AssumeRole on the lookups\' roles only, its own log group; nothing else', () => {
  const t = Template.fromStack(stackWith(3, (s) => new AmiLookupMonitor(s, 'Monitor')));
  const role = Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('MonitorRole'))![1] as any;
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  const statements = role.Properties.Policies[0].PolicyDocument.Statement;
  expect(statements.map((s: any) => [s.Sid, s.Action, s.Resource])).toEqual([
    ['DescribeImages', 'ec2:DescribeImages', '*'],
    ['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [expect.stringMatching(/^MonitorLogGroup/), 'Arn'] }],
    ['AssumeLookupRoles', 'sts:AssumeRole', 'arn:aws:iam::444455556666:role/image-reader'],
  ]);
  // Nothing may write metrics: they travel in the log.
  expect(JSON.stringify(t.toJSON())).not.toContain('cloudwatch:PutMetricData');
  // A stack without lookup roles grants no AssumeRole at all.
  const plain = Template.fromStack(stackWith(2, (s) => new AmiLookupMonitor(s, 'Monitor')));
  const plainRole = Object.entries(plain.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('MonitorRole'))![1] as any;
  expect(plainRole.Properties.Policies[0].PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual(['DescribeImages', 'WriteOwnLogs']);
});

test('the lookups given, or all of the stack; one created after a watch-all monitor fails synth', () => {
  const stack = stackWith(2, (s) => {
    const only = s.node.findChild('Lookup1') as AmiLookup;
    new AmiLookupMonitor(s, 'Monitor', { lookups: [only] });
  });
  const input = JSON.stringify(rules(Template.fromStack(stack))[0].Properties.Targets[0].Input);
  expect(input).toContain('Demo/Lookup1');
  expect(input).not.toContain('Demo/Lookup0');

  const late = stackWith(1, (s) => {
    new AmiLookupMonitor(s, 'Monitor');
    new AmiLookup(s, 'Late', { owners: ['amazon'] });
  });
  expect(() => Template.fromStack(late)).toThrow(/Demo\/Late was created after it/);

  const other = stackWith(1);
  expect(() => stackWith(0, (s) => new AmiLookupMonitor(s, 'Monitor', { lookups: [other.node.findChild('Lookup0') as AmiLookup] })))
    .toThrow('is in another stack');
});

test('100 lookups fit in one input; 400 with long paths are split over inputs of at most 8,192 characters, five targets per rule', () => {
  const t100 = Template.fromStack(stackWith(100, (s) => new AmiLookupMonitor(s, 'Monitor')));
  expect(rules(t100).flatMap((r) => r.Properties.Targets)).toHaveLength(1);
  // CloudFormation's 500 resources per stack bound the lookups; 200-character paths make them many inputs.
  const t600 = Template.fromStack(stackWith(400, (s) => new AmiLookupMonitor(s, 'Monitor'), 'P'.repeat(190)));
  expect(rules(t600).length).toBeGreaterThan(1);
  const targets = rules(t600).flatMap((r) => r.Properties.Targets);
  expect(rules(t600).length).toBe(Math.ceil(targets.length / 5));
  expect(rules(t600).every((r) => r.Properties.Targets.length <= 5)).toBe(true);
  t600.resourceCountIs('AWS::Lambda::Permission', rules(t600).length);
  expect(targets.length).toBeGreaterThan(1);
  // Each input as deployed, with the longest stack name and image IDs, within EventBridge's limit.
  for (const target of targets) {
    const text = target.Input['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : p.Ref ? 'S'.repeat(128) : 'ami-0123456789abcdef0')).join('');
    expect(text.length).toBeLessThanOrEqual(8192);
    expect(JSON.parse(text).lookups.length).toBeGreaterThan(0);
  }
});

test('metrics for one lookup, and the stack-wide ones the alarms use', () => {
  const stack = stackWith(1);
  const monitor = new AmiLookupMonitor(stack, 'Monitor');
  const m = monitor.metricForLookup(stack.node.findChild('Lookup0') as AmiLookup, 'DaysUntilDeprecation');
  expect(stack.resolve(m.dimensions)).toEqual({ Stack: { Ref: 'AWS::StackName' }, ConstructPath: 'Demo/Lookup0' });
  expect(m.namespace).toBe('CdkAmiLookup');
  expect(() => monitor.metricForLookup(stack.node.findChild('Lookup0') as AmiLookup, 'CanLaunch')).toThrow('is not a monitor metric');
  expect(monitor.metricLaunchable().statistic).toBe('Minimum');
  expect(monitor.cannotLaunchAlarm).toBeInstanceOf(cloudwatch.Alarm);
  expect(monitor.lookups).toHaveLength(1);
});

test('cdk-nag AwsSolutions: zero unsuppressed findings with the monitor', () => {
  const app = new App();
  const stack = new Stack(app, 'Nagged', { env: { account: '111122223333', region: 'us-east-1' } });
  new AmiLookup(stack, 'Al2023', { owners: ['amazon'] });
  new AmiLookup(stack, 'Central', { owners: ['444455556666'], lookupRoleArn: 'arn:aws:iam::444455556666:role/image-reader' });
  new AmiLookupMonitor(stack, 'Monitor');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  expect(errors.map((e) => e.entry.data)).toEqual([]);
  expect(warnings.map((e) => e.entry.data)).toEqual([]);
});

describe('checkNewerImages', () => {
  const inputOf = (stack: Stack) => stack.resolve(rules(Template.fromStack(stack))[0].Properties.Targets[0].Input);
  const lookupsIn = (stack: Stack) => {
    // The input is a Fn::Join of JSON text and tokens; the lookups' properties are plain JSON between them.
    const parts = (inputOf(stack)['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN'));
    return JSON.parse(parts.join('')).lookups as unknown[][];
  };

  test('off by default: the input carries no properties, and the function may read no parameter', () => {
    const stack = stackWith(0, (s) => {
      new AmiLookup(s, 'FromSsm', { sourceParameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' });
      new AmiLookupMonitor(s, 'Monitor');
    });
    expect(lookupsIn(stack).map((l) => l.length)).toEqual([3]);
    const role = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('MonitorRole'))![1] as any;
    expect(JSON.stringify(role)).not.toContain('ssm:');
  });

  test('on: each lookup\'s properties, without the refresh and repair tokens; the parameter read exactly as the lookup function reads it', () => {
    const stack = stackWith(0, (s) => {
      new AmiLookup(s, 'Query', { owners: ['amazon'], filters: { name: ['al2023-ami-*'] }, refresh: Refresh.onChangeOf('r1'), repair: Repair.whenCannotLaunch() });
      new AmiLookup(s, 'Public', { sourceParameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' });
      new AmiLookup(s, 'Own', { sourceParameter: '/images/golden', minAge: Duration.days(7) });
      new AmiLookupMonitor(s, 'Monitor', { checkNewerImages: true });
    });
    const lookups = lookupsIn(stack);
    expect(lookups.map((l) => l.length)).toEqual([4, 4, 4]);
    expect(lookups[0][3]).toMatchObject({ Owners: ['amazon'], Filters: expect.any(Array) });
    for (const key of ['RefreshToken', 'Repair', 'RepairToken', 'ServiceToken']) expect(lookups[0][3]).not.toHaveProperty(key);
    expect(lookups[2][3]).toMatchObject({ SourceParameter: '/images/golden', MinAgeSeconds: 604800 });
    const role = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('MonitorRole'))![1] as any;
    const statements = stack.resolve(role.Properties.Policies[0].PolicyDocument.Statement);
    expect(statements.map((st: any) => st.Sid)).toEqual(['DescribeImages', 'WriteOwnLogs', 'ReadSourceParameters', 'ReadSourceParameterHistories']);
    expect(JSON.stringify(statements[2].Resource)).toContain(':ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    expect(statements[3].Action).toEqual(['ssm:GetParameter', 'ssm:GetParameterHistory']);
    expect(JSON.stringify(statements[3].Resource)).toContain(':ssm:us-east-1:111122223333:parameter/images/golden');
  });

  test('the stack-wide NewerImageAvailable metric, and per lookup', () => {
    let monitor!: AmiLookupMonitor;
    let lookup!: AmiLookup;
    stackWith(0, (s) => {
      lookup = new AmiLookup(s, 'Query', { owners: ['amazon'] });
      monitor = new AmiLookupMonitor(s, 'Monitor', { checkNewerImages: true });
    });
    expect(monitor.metricNewerImageAvailable()).toMatchObject({ namespace: 'CdkAmiLookup', metricName: 'NewerImageAvailable', statistic: 'Maximum' });
    expect(monitor.metricForLookup(lookup, 'NewerImageAvailable').metricName).toBe('NewerImageAvailable');
  });
});
