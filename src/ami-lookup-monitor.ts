import * as path from 'path';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AmiLookup } from './ami-lookup';
import { imageReaderStatements } from './image-reader-policy';
import { monitorInputs } from './monitor-input';
import { MonitorSchedule } from './monitor-schedule';
import { MONITOR_HANDLER, MONITOR_NAMESPACE, MonitorDimension, MonitorMetric } from './shared/monitor-wire';

/** The one handler asset: the monitor is its second entry point (`monitor.js` beside `index.js`). */
const HANDLER_ASSET = path.join(__dirname, '..', 'assets', 'handler');

/** Named, as in src/lookup-function.ts: `Runtime.NODEJS_24_X` only exists from aws-cdk-lib 2.224.0. */
const NODEJS_24 = new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/** EventBridge allows five targets per rule; each target carries one input of up to 8,192 characters. */
const TARGETS_PER_RULE = 5;

/** Properties of an {@link AmiLookupMonitor}. */
export interface AmiLookupMonitorProps {
  /**
   * The lookups to watch, all of this monitor's stack.
   *
   * @default - every `AmiLookup` of the stack (synth fails if one is created after the monitor, so that none goes unwatched)
   */
  readonly lookups?: AmiLookup[];

  /**
   * How often the pinned images are checked. It is also the period of the alarms.
   *
   * @default MonitorSchedule.daily()
   */
  readonly schedule?: MonitorSchedule;

  /**
   * The deprecation alarm fires when a pinned image is deprecated or deprecates within this period.
   * Whole days, at least one.
   *
   * @default Duration.days(30)
   */
  readonly deprecationWarning?: Duration;

  /**
   * Actions for all three alarms when they go into ALARM, such as an SNS topic
   * (`new cloudwatch_actions.SnsAction(topic)`).
   *
   * @default - no actions: the alarms only change state
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Also resolve each watched lookup at every run, with its own query or parameter, as a refresh
   * would, and emit `NewerImageAvailable`: 1 when it would pick another image than the pinned one,
   * else 0. This pages through `DescribeImages` with the lookup's query (or reads its parameter, for
   * which the function may then call `ssm:GetParameter` on exactly that parameter), so a run costs
   * as much as a lookup's create; the schedule's input then carries each lookup's properties, which
   * needs more inputs (and rules) for many lookups.
   *
   * @default false
   */
  readonly checkNewerImages?: boolean;
}

/** The monitor of each stack: one per stack. */
const MONITOR_OF_STACK = new WeakMap<Stack, string>();

/**
 * Watches the pinned images of a stack's lookups and raises CloudWatch alarms before a scale-out
 * fails: when an image can no longer launch (deregistered, disabled, no longer shared, refused by
 * Allowed AMIs), and when it is deprecated or deprecates soon.
 *
 * An EventBridge schedule invokes one function per stack, whatever the number of lookups, with
 * each lookup's pinned image ID (a token of the lookup, so every deploy keeps it current), region
 * and role. The function describes the images in batches and writes CloudWatch metrics in the
 * Embedded Metric Format to its log (no `cloudwatch:PutMetricData`): in the namespace
 * `CdkAmiLookup`, `Launchable`, `DeprecatesSoon`, `DaysUntilDeprecation` and `AgeDays`, with the
 * dimensions `Stack` and `ConstructPath`, and again with `Stack` alone, which the alarms watch.
 *
 * @example
 * new AmiLookup(this, 'Al2023', { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } });
 * const topic = new sns.Topic(this, 'ImageAlerts');
 * // Created after the lookups: it watches every lookup of the stack.
 * new AmiLookupMonitor(this, 'Monitor', {
 *   alarmActions: [new cloudwatch_actions.SnsAction(topic)],
 * });
 */
export class AmiLookupMonitor extends Construct {
  /** In ALARM when some watched pinned image cannot launch. */
  public readonly cannotLaunchAlarm: cloudwatch.Alarm;
  /** In ALARM when some watched pinned image is deprecated or deprecates within `deprecationWarning`. */
  public readonly deprecationAlarm: cloudwatch.Alarm;
  /** In ALARM when a monitor run failed: its function threw (some image could not be checked), timed out or crashed. */
  public readonly errorsAlarm: cloudwatch.Alarm;
  /** The monitor's function. */
  public readonly monitorFunction: lambda.IFunction;
  /** The schedule's period, which is the alarms' period. */
  public readonly period: Duration;

  private readonly watched: AmiLookup[];

  constructor(scope: Construct, id: string, props: AmiLookupMonitorProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const other = MONITOR_OF_STACK.get(stack);
    if (other !== undefined) {
      throw new Error(`AmiLookupMonitor ${this.node.path}: the stack already has the monitor ${other}; one monitor watches all the lookups of a stack`);
    }
    MONITOR_OF_STACK.set(stack, this.node.path);

    const days = warningDays(this, props.deprecationWarning ?? Duration.days(30));
    const schedule = props.schedule ?? MonitorSchedule.daily();
    this.period = schedule.period;
    this.watched = props.lookups ? [...props.lookups] : lookupsOf(stack);
    for (const l of this.watched) {
      if (Stack.of(l) !== stack) throw new Error(`AmiLookupMonitor ${this.node.path}: ${l.node.path} is in another stack; a monitor watches the lookups of its own stack`);
    }
    if (props.lookups === undefined) {
      this.node.addValidation({
        validate: () => lookupsOf(stack).filter((l) => !this.watched.includes(l)).map((l) => `AmiLookupMonitor ${this.node.path} watches every lookup of the stack, `
          + `but ${l.node.path} was created after it: create the monitor after the lookups, or list them in \`lookups\``),
      });
    }

    const fn = this.createFunction(this.watched, props.checkNewerImages ?? false);
    this.monitorFunction = fn;

    const inputs = monitorInputs(Aws.STACK_NAME, days, this.watched.map((l) => ({
      constructPath: l.node.path,
      imageId: l.imageId,
      region: l._target.region,
      lookupRoleArn: l._target.lookupRoleArn,
      properties: props.checkNewerImages ? l._resolvable.properties : undefined,
    })));
    for (let r = 0; r * TARGETS_PER_RULE < inputs.length; r++) {
      const rule = new events.CfnRule(this, r === 0 ? 'Schedule' : `Schedule${r + 1}`, {
        description: `cdk-ami-lookup: checks the pinned images of the stack's lookups (${schedule._expression()})`,
        scheduleExpression: schedule._expression(),
        state: 'ENABLED',
        targets: inputs.slice(r * TARGETS_PER_RULE, (r + 1) * TARGETS_PER_RULE).map((input, i) => ({
          id: `Lookups${r * TARGETS_PER_RULE + i + 1}`,
          arn: fn.functionArn,
          input: stack.toJsonString(input),
        })),
      });
      fn.addPermission(r === 0 ? 'InvokedBySchedule' : `InvokedBySchedule${r + 1}`, {
        principal: new iam.ServicePrincipal('events.amazonaws.com'),
        sourceArn: rule.attrArn,
      });
    }

    this.cannotLaunchAlarm = new cloudwatch.Alarm(this, 'CannotLaunchAlarm', {
      alarmDescription: `cdk-ami-lookup: a pinned image of stack ${stack.node.id} cannot launch (deregistered, disabled, no longer shared, or refused by Allowed AMIs); `
        + 'the next scale-out or instance refresh would fail. See the Launchable metric by ConstructPath.',
      metric: this.metricLaunchable(),
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      // A run that could not ask EC2 writes no data point: the alarm keeps its state rather than
      // guess, and the errors alarm says the monitor failed.
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.deprecationAlarm = new cloudwatch.Alarm(this, 'DeprecationAlarm', {
      alarmDescription: `cdk-ami-lookup: a pinned image of stack ${stack.node.id} is deprecated or deprecates within ${days} days. `
        + 'See the DaysUntilDeprecation metric by ConstructPath.',
      metric: this.metricDeprecatesSoon(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `cdk-ami-lookup: the image monitor of stack ${stack.node.id} failed a run (EC2 errors after retries, a timeout, or a crash); its pins went unchecked. See its log group.`,
      metric: fn.metricErrors({ statistic: 'Sum', period: this.period }),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      threshold: 1,
      evaluationPeriods: 1,
      // No invocation in a period means no failure in it.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const action of props.alarmActions ?? []) {
      for (const alarm of [this.cannotLaunchAlarm, this.deprecationAlarm, this.errorsAlarm]) alarm.addAlarmAction(action);
    }
  }

  /** The lookups this monitor watches. */
  public get lookups(): AmiLookup[] {
    return [...this.watched];
  }

  /** `Launchable` over the stack's watched lookups: its minimum is 0 when one of them cannot launch. */
  public metricLaunchable(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.stackMetric(MonitorMetric.launchable, { statistic: 'Minimum', ...options });
  }

  /** `DeprecatesSoon` over the stack's watched lookups: its maximum is 1 when one of them deprecates within the warning period. */
  public metricDeprecatesSoon(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.stackMetric(MonitorMetric.deprecatesSoon, { statistic: 'Maximum', ...options });
  }

  /**
   * `NewerImageAvailable` over the stack's watched lookups (with `checkNewerImages`): its maximum is 1
   * when a refresh of one of them would pick another image.
   */
  public metricNewerImageAvailable(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.stackMetric(MonitorMetric.newerImageAvailable, { statistic: 'Maximum', ...options });
  }

  /**
   * One of the monitor's metrics for one lookup: `Launchable`, `DeprecatesSoon`,
   * `DaysUntilDeprecation`, `AgeDays` or (with `checkNewerImages`) `NewerImageAvailable`, by the
   * dimensions `Stack` and `ConstructPath`.
   */
  public metricForLookup(lookup: AmiLookup, metricName: string, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    if (!(Object.values(MonitorMetric) as string[]).includes(metricName)) {
      throw new Error(`metricForLookup: ${JSON.stringify(metricName)} is not a monitor metric (${Object.values(MonitorMetric).join(', ')})`);
    }
    return new cloudwatch.Metric({
      namespace: MONITOR_NAMESPACE,
      metricName,
      period: this.period,
      statistic: 'Minimum',
      ...options,
      dimensionsMap: { [MonitorDimension.stack]: Aws.STACK_NAME, [MonitorDimension.constructPath]: lookup.node.path, ...options.dimensionsMap },
    });
  }

  private stackMetric(metricName: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: MONITOR_NAMESPACE,
      metricName,
      period: this.period,
      ...options,
      dimensionsMap: { [MonitorDimension.stack]: Aws.STACK_NAME, ...options.dimensionsMap },
    });
  }

  private createFunction(watched: readonly AmiLookup[], checkNewerImages: boolean): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const roles = [...new Set(watched.map((l) => l._target.lookupRoleArn).filter((r): r is string => r !== undefined))];
    const statements = imageReaderStatements(logGroup);
    if (roles.length > 0) statements.push(new iam.PolicyStatement({ sid: 'AssumeLookupRoles', actions: ['sts:AssumeRole'], resources: roles }));
    // A parameter source resolved as a refresh would reads its parameter, as the lookup function does.
    const reads = checkNewerImages ? watched.map((l) => l._resolvable.parameterRead).filter((r) => r !== undefined) : [];
    const plain = [...new Set(reads.filter((r) => !r.withHistory).map((r) => r.arn))];
    const withHistory = [...new Set(reads.filter((r) => r.withHistory).map((r) => r.arn))];
    if (plain.length > 0) statements.push(new iam.PolicyStatement({ sid: 'ReadSourceParameters', actions: ['ssm:GetParameter'], resources: plain }));
    if (withHistory.length > 0) {
      statements.push(new iam.PolicyStatement({ sid: 'ReadSourceParameterHistories', actions: ['ssm:GetParameter', 'ssm:GetParameterHistory'], resources: withHistory }));
    }
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the cdk-ami-lookup monitor: reads EC2 images (through the lookups\' roles) and writes its own log group, nothing else',
      inlinePolicies: { AmiLookupMonitor: new iam.PolicyDocument({ statements }) },
    });
    (role.node.defaultChild as iam.CfnRole).addMetadata('cdk_nag', {
      rules_to_suppress: [{
        id: 'AwsSolutions-IAM5',
        reason: 'ec2:DescribeImages supports no resource-level permissions, so its resource must be "*". '
          + 'The action is read-only; the statement grants nothing else.',
        applies_to: ['Resource::*'],
      }],
    });
    return new lambda.Function(this, 'Function', {
      description: 'cdk-ami-lookup: checks that the stack\'s pinned images can launch, and when they deprecate',
      code: lambda.Code.fromAsset(HANDLER_ASSET),
      handler: MONITOR_HANDLER,
      runtime: NODEJS_24,
      // As the lookup function, for the same reason: the one architecture of every region.
      architecture: lambda.Architecture.X86_64,
      // 100 lookups take a few DescribeImages calls and a few MiB.
      memorySize: 256,
      timeout: Duration.minutes(5),
      role,
      logGroup,
      // The next scheduled run is the retry; an async retry would count the same failure again.
      retryAttempts: 0,
    });
  }
}

function lookupsOf(stack: Stack): AmiLookup[] {
  return stack.node.findAll().filter((c): c is AmiLookup => c instanceof AmiLookup && Stack.of(c) === stack);
}

function warningDays(scope: Construct, warning: Duration): number {
  const hours = warning.toHours({ integral: false });
  if (!Number.isInteger(hours / 24) || hours < 24) {
    throw new Error(`AmiLookupMonitor ${scope.node.path}: deprecationWarning must be whole days, at least 1, got ${warning.toHumanString()}`);
  }
  return hours / 24;
}
