/**
 * `npx projen demo --serve` as a person uses it: the demo runs, the doubles stay up, and the lines it
 * prints are all a second terminal needs. The CLI runs as a separate process with nothing but those
 * lines' variables (and PATH and HOME), as it would in that terminal; then Ctrl-C stops it all.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AL2023_PARAMETER, al2023Parameter, AMAZON_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { wildcard } from '../../devkit/ec2-double';
import { PLAYGROUND_ROLE_ARN } from '../../devkit/playground';
import { latestVersion } from '../../devkit/ssm-double';
import { accepts, occupy, portOf, release, twoFreePorts } from '../support/ports';
import { CliRun, runCli, runProcess } from '../support/run-cli';

jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');
const AL2023 = ['preview', '--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64'];

/** demo/run.ts started as the demo task starts it (ts-node), with its output collected. */
class Demo {
  public output = '';
  public stdout = '';
  public readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  public readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--project', 'demo/tsconfig.json', 'demo/run.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    this.child.stdout.on('data', (c) => { this.stdout += c; this.output += c; });
    this.child.stderr.on('data', (c) => { this.output += c; });
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once the output matches; rejects if the process ends first, or after `ms`. */
  public async waitFor(pattern: RegExp, ms: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${ms} ms; output so far:\n${this.output}`)), ms);
      const check = () => { if (pattern.test(this.output)) done(); };
      const ended = () => done(new Error(`the demo ended before printing ${pattern}:\n${this.output}`));
      const done = (e?: Error) => {
        clearTimeout(timer);
        this.child.stdout.off('data', check);
        this.child.off('close', ended);
        if (e) reject(e); else resolve();
      };
      this.child.stdout.on('data', check);
      this.child.on('close', ended);
      check();
    });
  }

  /** How it ended; rejects (rather than hanging) if it has not ended within `ms`. */
  public ended(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running ${ms} ms on; output:\n${this.output}`)), ms);
    });
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  public kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** The `export NAME=value` lines of a bash script, single-quoted values unquoted. */
function exportsIn(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*export ([A-Z_][A-Z0-9_]*)=('(?:[^']|'\\'')*'|\S*)$/gm)) {
    vars[m[1]] = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/'\\''/g, "'") : m[2];
  }
  return vars;
}

/** The newest Amazon image the query names, by ID (IDs do not move with the catalog's dates). */
function newestAl2023(): string {
  const now = Date.now();
  const name = wildcard('al2023-ami-2023.*-x86_64');
  const candidates = realisticCatalog().filter((i) => i.ownerId === AMAZON_ACCOUNT && name.test(i.name) && Date.parse(i.deprecationTime ?? '9999') > now);
  candidates.sort((a, b) => b.creationDate.localeCompare(a.creationDate));
  return candidates[0].imageId;
}

describe('npx projen demo --serve', () => {
  let demo: Demo;
  let vars: Record<string, string>;
  let env: Record<string, string>;
  const selected = (run: CliRun) => JSON.parse(run.stdout).lookups[0].selected;

  beforeAll(async () => {
    demo = new Demo(['--serve']);
    await demo.waitFor(/^Ctrl-C .*$/m, 150_000);
    vars = exportsIn(demo.stdout);
    env = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(path.join(os.tmpdir(), 'playground-home-')), ...vars };
  });
  afterAll(() => demo?.kill());

  test('it runs the demo first, as without --serve', () => {
    expect(demo.stdout).toContain('And what the deploy-time function answers CloudFormation for each lookup:');
    expect(demo.stdout).toMatch(/<- the look-alike is excluded\n/);
  });

  test('it prints export lines that point the CLI at doubles on 127.0.0.1 and keep it off profiles and instance metadata', () => {
    expect(vars).toEqual(expect.objectContaining({
      AWS_REGION: expect.stringMatching(/^[a-z]+-[a-z]+-\d$/),
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
      AWS_ENDPOINT_URL_EC2: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_ENDPOINT_URL_STS: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_ENDPOINT_URL_CLOUDFORMATION: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_ENDPOINT_URL_SSM: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: expect.any(String),
      AWS_SHARED_CREDENTIALS_FILE: expect.any(String),
    }));
    expect(demo.stdout).toMatch(/^ {2}unset AWS_PROFILE\b/m);
  });

  test('with only those variables, the bundled CLI in another process selects the newest Amazon Linux 2023 image', async () => {
    const run = await runCli([...AL2023, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(selected(run)).toMatchObject({ imageId: newestAl2023(), ownerId: AMAZON_ACCOUNT });
  });

  test('with only those variables, the CLI reads the demo\'s public parameter from the SSM double: its latest version, naming the newest image', async () => {
    const run = await runCli(['preview', '--source-parameter', AL2023_PARAMETER, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [lookup] = JSON.parse(run.stdout).lookups;
    const latest = latestVersion(al2023Parameter(realisticCatalog()));
    expect(lookup.sourceParameter).toEqual({
      parameter: AL2023_PARAMETER, version: latest.version, lastModified: latest.lastModified.toISOString(), value: newestAl2023(), rule: 'current',
    });
    expect(lookup).toMatchObject({ ssmEndpoint: vars.AWS_ENDPOINT_URL_SSM, ssmEndpointSource: 'AWS_ENDPOINT_URL_SSM', selected: { imageId: newestAl2023() } });
  });

  test('--lookup-role-arn goes through the STS double: the role it allows works, and another is refused', async () => {
    const allowed = await runCli([...AL2023, '--lookup-role-arn', PLAYGROUND_ROLE_ARN, '--json'], env);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(selected(allowed).imageId).toBe(newestAl2023());
    const other = await runCli([...AL2023, '--lookup-role-arn', 'arn:aws:iam::999999999999:role/other'], env);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('AccessDenied');
  });

  test('the sample commands it prints are npx commands, and npx in the repository runs this clone\'s CLI', async () => {
    const commands = demo.stdout.split('\n').filter((l) => l.startsWith('  npx ')).map((l) => l.trim());
    expect(commands).toContain("npx cdk-ami-lookup preview --owner amazon --filter 'name=al2023-ami-2023.*-x86_64'");
    expect(commands).toContain(`npx cdk-ami-lookup preview --source-parameter ${AL2023_PARAMETER}`);
    // --offline and --no: were npx not to find the local bin, it would fail here rather than download one.
    const npx = await runProcess('npx', ['--offline', '--no', 'cdk-ami-lookup', ...AL2023, '--json'], { ...env, npm_config_update_notifier: 'false' }, ROOT);
    expect(npx.stderr).toBe('');
    expect(npx.code).toBe(0);
    expect(selected(npx).imageId).toBe(newestAl2023());
  });

  test('every command the demo printed runs as printed, through bash, from a second terminal', async () => {
    const printed = demo.stdout.split('\n').filter((l) => l.startsWith('$ npx cdk-ami-lookup ')).map((l) => l.slice(2));
    expect(printed.length).toBeGreaterThanOrEqual(4);
    const codes: Record<string, number> = {};
    for (const command of printed) {
      // --offline --no: the local bin or nothing, never a download.
      const line = command.replace(/^npx /, 'npx --offline --no ');
      codes[command] = (await runProcess('bash', ['-c', line], { ...env, npm_config_update_notifier: 'false' }, ROOT)).code;
    }
    // The vague query is refused on purpose (exit 1); everything else selects an image, and status finds every pin
    // fine: the demo's stack stays deployed in the CloudFormation double, and the catalog is put back.
    expect(codes).toEqual(Object.fromEntries(printed.map((c) => [c, c === "npx cdk-ami-lookup preview --owner amazon --filter 'name=al2023-ami-2023.*'" ? 1 : 0])));
  });

  test('Ctrl-C stops it: one line, exit code 0, and no double\'s port accepts connections any more', async () => {
    const ports = [vars.AWS_ENDPOINT_URL_EC2, vars.AWS_ENDPOINT_URL_STS, vars.AWS_ENDPOINT_URL_CLOUDFORMATION, vars.AWS_ENDPOINT_URL_SSM]
      .map((u) => Number(new URL(u).port));
    for (const port of ports) expect(await accepts(port)).toBe(true);
    const before = demo.stdout.length;
    demo.child.kill('SIGINT');
    expect(await demo.ended(30_000)).toEqual({ code: 0, signal: null });
    expect(demo.stdout.slice(before).trim().split('\n')).toEqual(['SIGINT: the test doubles are stopped.']);
    for (const port of ports) expect(await accepts(port)).toBe(false);
  });
});

describe('its arguments', () => {
  const demos: Demo[] = [];
  afterAll(() => demos.forEach((d) => d.kill()));
  const start = (args: string[]) => {
    const d = new Demo(args);
    demos.push(d);
    return d;
  };

  test('an unknown one is refused with exit code 2, a suggestion and the usage', async () => {
    const d = start(['--srve']);
    expect(await d.ended(60_000)).toEqual({ code: 2, signal: null });
    expect(d.output).toContain('demo: unknown argument "--srve" (did you mean --serve?)\nusage: npx projen demo [--serve [--port <n>]]');
    expect(d.stdout).toBe('');
  });

  test('SIGTERM stops it as Ctrl-C does, and --port puts EC2 on that port', async () => {
    const port = await twoFreePorts();
    const d = start(['--serve', '--port', String(port)]);
    await d.waitFor(/^Ctrl-C .*$/m, 150_000);
    expect(exportsIn(d.stdout).AWS_ENDPOINT_URL_EC2).toBe(`http://127.0.0.1:${port}`);
    d.child.kill('SIGTERM');
    expect(await d.ended(30_000)).toEqual({ code: 0, signal: null });
    expect(d.stdout.trim().split('\n').pop()).toBe('SIGTERM: the test doubles are stopped.');
    expect(await accepts(port)).toBe(false);
  });

  test('a --port that is taken is said at once, before the demo runs, with exit code 1', async () => {
    const taken = await occupy();
    const port = portOf(taken);
    try {
      const d = start(['--serve', '--port', String(port)]);
      expect(await d.ended(60_000)).toEqual({ code: 1, signal: null });
      expect(d.output).toContain(`demo: port ${port} of 127.0.0.1 is in use (by another playground?): pick other ports with --port <n>, or leave --port out for free ones`);
      expect(d.stdout).not.toContain('Synthesized');
    } finally {
      await release(taken);
    }
  });
});
