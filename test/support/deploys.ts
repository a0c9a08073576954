/**
 * The deploys of one lookup resource through the bundled asset, as CloudFormation makes them: each
 * event sent with every property (ServiceToken and ServiceTimeout included, old ones too), answered
 * to a local response endpoint, against the EC2 test double. Shared by the lifecycle suites
 * (rollback, repair).
 */
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, Ec2DoubleOptions } from '../../devkit/ec2-double';
import { cfnEvent } from '../../devkit/events';
import { invokeAsset, Invocation } from '../../devkit/invoke-asset';

/** What CloudFormation received for one event, the run that answered it, and what it cost. */
export interface Answer {
  readonly body: any;
  readonly run: Invocation;
  /** The response body's size. */
  readonly bytes: number;
  /** DescribeImages calls the event made. */
  readonly calls: number;
}

export interface SendOptions {
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

/** The properties as CloudFormation sends them. */
export const sent = (props: Record<string, unknown>) => cfnEvent('Create', props, 'http://unused').ResourceProperties;

export class Deploys {
  public static async start(options: Ec2DoubleOptions): Promise<Deploys> {
    return new Deploys(await Ec2Double.start(options), await CfnResponseEndpoint.start());
  }

  private constructor(public readonly ec2: Ec2Double, public readonly cfn: CfnResponseEndpoint) {}

  /** One event, answered exactly once, within CloudFormation's limits on the body and the physical ID. */
  public async send(type: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}, options: SendOptions = {}): Promise<Answer> {
    const before = this.cfn.received.length;
    const callsBefore = this.ec2.describeImagesCalls;
    const run = await invokeAsset(cfnEvent(type, props, this.cfn.responseUrl, extra), { ec2Endpoint: this.ec2.url, ...options });
    expect(run.outcome).toBe('returned');
    expect(this.cfn.received).toHaveLength(before + 1);
    const r = this.cfn.received[before];
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(4096);
    expect(r.json.PhysicalResourceId.length).toBeLessThanOrEqual(1024);
    return { body: r.json, run, bytes: Buffer.byteLength(r.body), calls: this.ec2.describeImagesCalls - callsBefore };
  }

  public create(props: Record<string, unknown>, options: SendOptions = {}): Promise<Answer> {
    return this.send('Create', props, {}, options);
  }

  /** An Update from `old` to `props`, for the resource that `physicalId` names. */
  public update(props: Record<string, unknown>, old: Record<string, unknown>, physicalId: string, options: SendOptions = {}): Promise<Answer> {
    return this.send('Update', props, { OldResourceProperties: sent(old), PhysicalResourceId: physicalId }, options);
  }

  public async close(): Promise<void> {
    await this.ec2.close();
    await this.cfn.close();
  }
}

/** Fresh doubles for each test of the suite that calls it (started before, stopped after); the accessor gives the current ones. */
export function deploysPerTest(options: Ec2DoubleOptions): () => Deploys {
  let current: Deploys | undefined;
  beforeEach(async () => {
    current = await Deploys.start(options);
  });
  afterEach(async () => {
    await current?.close();
  });
  return () => current!;
}
