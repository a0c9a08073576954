/**
 * The test doubles kept running for a person: `npx projen demo --serve` leaves the EC2, STS,
 * CloudFormation and SSM doubles on 127.0.0.1 and prints the shell lines that point the preview CLI
 * at them from a second terminal, so that the demo's commands can be tried, changed and run again.
 */
import { CfnDouble } from './cfn-double';
import { FakeImage, Ec2Double } from './ec2-double';
import { FakeParameter, SsmDouble } from './ssm-double';
import { StsDouble } from './sts-double';
import { closestName } from '../src/shared/suggest';

/** The one role the STS double lets be assumed; any other is refused as AWS would refuse it. */
export const PLAYGROUND_ROLE_ARN = 'arn:aws:iam::222233334444:role/image-reader';

/** Variables to set, and variables to remove because they would win over the ones set. */
export interface CliEnvironment {
  readonly set: Readonly<Record<string, string>>;
  readonly unset: readonly string[];
}

/**
 * What points the CLI, and the SDK in it, at the doubles and nowhere else: the demo runs the CLI
 * with it, and the playground prints it for a person's shell.
 */
export function cliEnvironment(endpoints: {
  readonly ec2: string;
  readonly sts: string;
  readonly cloudformation?: string;
  readonly ssm?: string;
}): CliEnvironment {
  return {
    set: {
      AWS_REGION: 'us-east-1',
      // The doubles check that requests are signed, not by whom.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'demo-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_ENDPOINT_URL_EC2: endpoints.ec2,
      AWS_ENDPOINT_URL_STS: endpoints.sts,
      // `status` reads the stacks there: without it, CloudFormation requests would go to AWS.
      ...(endpoints.cloudformation === undefined ? {} : { AWS_ENDPOINT_URL_CLOUDFORMATION: endpoints.cloudformation }),
      // A lookup with a source parameter reads it there: without it, SSM requests would go to AWS.
      ...(endpoints.ssm === undefined ? {} : { AWS_ENDPOINT_URL_SSM: endpoints.ssm }),
    },
    // The SDK prefers AWS_PROFILE to the keys above, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS would
    // send requests to AWS itself; a real session token does not belong with the dummy keys.
    unset: ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'],
  };
}

/** `base` with the environment applied; `base` itself is left as it is. */
export function applyEnvironment(base: NodeJS.ProcessEnv, environment: CliEnvironment): NodeJS.ProcessEnv {
  const env = { ...base, ...environment.set };
  for (const name of environment.unset) delete env[name];
  return env;
}

/** The environment as bash or zsh lines: one `unset`, then one `export` per variable. */
export function shellLines(environment: CliEnvironment): string[] {
  return [
    ...(environment.unset.length > 0 ? [`unset ${environment.unset.join(' ')}`] : []),
    ...Object.entries(environment.set).map(([name, value]) => `export ${name}=${shellWord(value)}`),
  ];
}

/** A word the shell passes on as it is: quoted when it has anything a shell would expand or split. */
export function shellWord(word: string): string {
  // zsh refuses an unquoted `*` that matches no file ("no matches found"), where bash passes it on.
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

export const DEMO_USAGE = 'usage: npx projen demo [--serve [--port <n>]]\n'
  + '  --serve     keep the test doubles (EC2, STS, CloudFormation, SSM) running afterwards, for the CLI in another terminal\n'
  + '  --port <n>  serve EC2 on port n and STS on port n+1 of 127.0.0.1 (default: free ports)';

export class DemoUsageError extends Error {}

export interface DemoOptions {
  readonly serve: boolean;
  /** EC2's port; STS takes the next one. Absent: free ports. */
  readonly port?: number;
  readonly help: boolean;
}

const FLAGS = ['--serve', '--port', '--help'];

/** The demo's arguments (as `npx projen demo ...` passes them on). */
export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  let serve = false;
  let help = false;
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [argv[i].slice(0, eq), argv[i].slice(eq + 1)] : [argv[i], undefined];
    if (flag === '--serve' && inline === undefined) {
      serve = true;
    } else if (flag === '--help' || flag === '-h') {
      help = true;
    } else if (flag === '--port') {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new DemoUsageError('--port needs a port number');
      port = parsePort(value);
    } else {
      const suggestion = flag.startsWith('-') ? closestName(flag, FLAGS) : undefined;
      throw new DemoUsageError(`unknown argument ${JSON.stringify(argv[i])}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
  }
  if (port !== undefined && !serve) throw new DemoUsageError('--port is for --serve: without it, nothing is left running');
  return { serve, port, help };
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65534)) {
    throw new DemoUsageError(`--port ${JSON.stringify(value)}: expected a port from 1 to 65534 (STS takes the one after it)`);
  }
  return port;
}

/** A port of 127.0.0.1 that is taken, said so that a person knows what to do. */
export class PortUnavailableError extends Error {
  constructor(readonly port: number, cause: NodeJS.ErrnoException) {
    super(cause.code === 'EADDRINUSE'
      ? `port ${port} of 127.0.0.1 is in use (by another playground?): pick other ports with --port <n>, or leave --port out for free ones`
      : `cannot listen on port ${port} of 127.0.0.1 (${cause.code ?? cause.message}): pick another with --port <n>, or leave --port out for free ones`);
  }
}

export interface PlaygroundOptions {
  readonly images: readonly FakeImage[];
  readonly accountId?: string;
  readonly shuffleSeed?: number;
  /** EC2's port; STS takes the next one. Absent: free ports. */
  readonly port?: number;
  /** What the SSM double holds, for lookups with a source parameter. @default none */
  readonly parameters?: readonly FakeParameter[];
}

/** The EC2, STS, CloudFormation and SSM doubles, on 127.0.0.1, for the CLI run from elsewhere. */
export class Playground {
  /** Starts every double, or none: when STS's port is taken, EC2's is given back. */
  public static async start(options: PlaygroundOptions): Promise<Playground> {
    const { port, parameters = [], ...ec2Options } = options;
    const listening = async <T>(at: number | undefined, start: () => Promise<T>): Promise<T> => {
      try {
        return await start();
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw at !== undefined && err.syscall === 'listen' ? new PortUnavailableError(at, err) : e;
      }
    };
    const ec2 = await listening(port, () => Ec2Double.start({ ...ec2Options, port }));
    const stsPort = port === undefined ? undefined : port + 1;
    const started: Array<{ close(): Promise<void> }> = [ec2];
    try {
      const sts = await listening(stsPort, () => StsDouble.start([PLAYGROUND_ROLE_ARN], { port: stsPort }));
      started.push(sts);
      // On a free port: it serves whatever stacks the demo deployed (none until then).
      const cfn = await CfnDouble.start({ stacks: [] });
      started.push(cfn);
      // On a free port too: the parameters the demo's parameter lookup reads.
      const ssm = await SsmDouble.start({ parameters, accountId: options.accountId });
      return new Playground(ec2, sts, cfn, ssm, parameters);
    } catch (e) {
      await Promise.all(started.map((d) => d.close()));
      throw e;
    }
  }

  private constructor(public readonly ec2: Ec2Double, public readonly sts: StsDouble, public readonly cfn: CfnDouble,
    public readonly ssm: SsmDouble, public readonly parameters: readonly FakeParameter[]) {}

  public get environment(): CliEnvironment {
    return cliEnvironment({ ec2: this.ec2.url, sts: this.sts.url, cloudformation: this.cfn.url, ssm: this.ssm.url });
  }

  /**
   * What a person reads once the doubles are left running: the shell lines, commands to try (with
   * `appDir`, the demo's cloud assembly), and how to stop it. `repo` is where npx finds this clone's bin.
   */
  public instructions(appDir: string, repo: string): string[] {
    const query = ['preview', '--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64'];
    const samples = [
      query,
      [...query, '--lookup-role-arn', PLAYGROUND_ROLE_ARN],
      ...this.parameters.map((p) => ['preview', '--source-parameter', p.name]),
      ['preview', '--app', appDir],
    ];
    return [
      `The test doubles keep running: EC2 on ${this.ec2.url}, STS on ${this.sts.url}, SSM on ${this.ssm.url}, CloudFormation on ${this.cfn.url}.`,
      'In a second terminal, in this repository, point the CLI at them:',
      '',
      ...shellLines(this.environment).map((l) => `  ${l}`),
      '',
      'Then try, for example:',
      '',
      ...samples.map((words) => `  npx cdk-ami-lookup ${words.map(shellWord).join(' ')}`),
      '',
      `Inside the repository npx runs its own bin/cdk-ami-lookup; elsewhere, run node ${shellWord(`${repo}/bin/cdk-ami-lookup`)} instead.`,
      `STS lets only ${PLAYGROUND_ROLE_ARN} be assumed; any other role is refused.`,
      'Ctrl-C here stops the doubles.',
    ];
  }

  public async close(): Promise<void> {
    await Promise.all([this.ec2.close(), this.sts.close(), this.cfn.close(), this.ssm.close()]);
  }
}

/**
 * Resolves with the first of SIGINT and SIGTERM. Both handlers go then, so that a second Ctrl-C
 * takes Node's default course and ends the process, should closing ever hang.
 */
export function untilStopped(signals: Pick<NodeJS.EventEmitter, 'once' | 'off'> = process): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const names: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    const handlers = names.map((name) => () => {
      names.forEach((n, i) => signals.off(n, handlers[i]));
      resolve(name);
    });
    names.forEach((n, i) => signals.once(n, handlers[i]));
  });
}
