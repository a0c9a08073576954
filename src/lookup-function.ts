import * as path from 'path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { imageReaderStatements } from './image-reader-policy';

/**
 * Construct ID of the per-stack singleton. Changing it replaces every user's function, role and
 * log group, so it is frozen.
 */
const SINGLETON_ID = 'CdkAmiLookupProvider';

/**
 * The function's timeout. A lookup is usually one page; a query as broad as `owners: ['amazon']`
 * is a hundred pages of 1,000 images, and real EC2 takes a second or more per page. The handler's
 * own deadline answers FAILED 20 s before this.
 */
const FUNCTION_TIMEOUT = Duration.minutes(10);

/**
 * How long CloudFormation waits for a response before failing the resource: above the function
 * timeout plus Lambda's asynchronous-invocation delay, and far below CloudFormation's default hour.
 */
export const SERVICE_TIMEOUT = Duration.minutes(15);

/**
 * Memory size in MiB. The bundled handler's peak RSS for a 100,000-image lookup measured 118 MiB
 * (`npx projen measure:memory`, README "Operations"), nearly flat from 10,000 images on. 512 MiB
 * leaves four times that, and Lambda's CPU share grows with memory, which XML parsing uses.
 */
const MEMORY_SIZE = 512;

/**
 * Lambda's Node.js 24 runtime, named rather than taken from `lambda.Runtime.NODEJS_24_X`: that
 * constant only exists from aws-cdk-lib 2.224.0, and the peer range starts far lower. Pinned, not
 * resolved per region, so every deploy runs what was tested.
 */
const NODEJS_24 = new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/** Where the library's build puts the bundled handler; it ships in the npm package. */
const HANDLER_ASSET = path.join(__dirname, '..', 'assets', 'handler');

/**
 * One Lambda function per stack that answers every `Custom::AmiLookup` in it.
 *
 * CloudFormation invokes it directly (the function's ARN is the service token), so there is no
 * provider-framework function in between.
 */
export class AmiLookupFunction extends Construct {
  /** Returns the stack's function, creating it on first use. */
  public static of(scope: Construct): AmiLookupFunction {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SINGLETON_ID);
    return (existing as AmiLookupFunction | undefined) ?? new AmiLookupFunction(stack, SINGLETON_ID);
  }

  public readonly functionArn: string;
  private readonly role: iam.Role;
  private readonly readableParameters = new Set<string>();
  private readonly assumableRoles = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs cdk-ami-lookup: reads EC2 images and writes its own log group, nothing else',
      inlinePolicies: {
        AmiLookup: new iam.PolicyDocument({ statements: imageReaderStatements(logGroup) }),
      },
    });

    const fn = new lambda.Function(this, 'Function', {
      description: 'cdk-ami-lookup: resolves Custom::AmiLookup resources at deploy time',
      code: lambda.Code.fromAsset(HANDLER_ASSET),
      handler: 'index.handler',
      runtime: NODEJS_24,
      // x86_64 is the one architecture Lambda offers in every region and partition: new regions have
      // opened without arm64 (ca-west-1 did; aws-powertools/powertools-lambda-python#3545), and a
      // singleton that cannot deploy blocks the whole stack. The handler is pure JavaScript, so arm64
      // would only save cost on a function that runs for seconds per deploy.
      architecture: lambda.Architecture.X86_64,
      memorySize: MEMORY_SIZE,
      timeout: FUNCTION_TIMEOUT,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // CloudFormation invokes asynchronously; a retry after a crash would answer twice.
      retryAttempts: 0,
    });

    const cfnRole = role.node.defaultChild as iam.CfnRole;
    cfnRole.addMetadata('cdk_nag', {
      rules_to_suppress: [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'ec2:DescribeImages supports no resource-level permissions, so its resource must be "*". '
            + 'The action is read-only; the statement grants nothing else.',
          applies_to: ['Resource::*'],
        },
      ],
    });

    this.functionArn = fn.functionArn;
    this.role = role;
  }

  /**
   * Lets the function read one SSM parameter (`parameterArn`, without a selector) for a parameter
   * source, and its history when a soak needs it.
   */
  public allowParameterRead(parameterArn: string, withHistory: boolean): void {
    const key = `${parameterArn} ${withHistory}`;
    if (this.readableParameters.has(key)) return;
    this.readableParameters.add(key);
    const actions = withHistory ? ['ssm:GetParameter', 'ssm:GetParameterHistory'] : ['ssm:GetParameter'];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [parameterArn] }));
  }

  /** Lets the function assume `roleArn`, for lookups with credentials from another account. */
  public allowAssumeRole(roleArn: string): void {
    if (this.assumableRoles.has(roleArn)) return;
    this.assumableRoles.add(roleArn);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [roleArn] }));
  }
}
