/**
 * The playground's pieces: the environment it prints is what a real bash makes of it, its arguments
 * are checked, its ports are the asked ones or free ones (and a taken one is said plainly), and it
 * waits for exactly one stop signal.
 */
import { spawn } from 'child_process';
import { EventEmitter } from 'events';
import { mkdtempSync, writeFileSync } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { AL2023_PARAMETER, al2023Parameter, OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import {
  applyEnvironment, cliEnvironment, DemoUsageError, parseDemoArgs, Playground, PLAYGROUND_ROLE_ARN, PortUnavailableError,
  shellLines, shellWord, untilStopped,
} from '../../devkit/playground';
import { accepts, occupy, portOf, release, twoFreePorts } from '../support/ports';

jest.setTimeout(30_000);

const ENDPOINTS = { ec2: 'http://127.0.0.1:4566', sts: 'http://127.0.0.1:4567' };

/** Runs a bash script with exactly `env`; bash is what the printed lines are for. */
function bash(script: string, env: Record<string, string>, cwd = os.tmpdir()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-c', script], { env, cwd });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`bash exited ${code}: ${err}`))));
  });
}

describe('the environment', () => {
  test('it points EC2 and STS at the given endpoints, with a region, keys, and no profile files or instance metadata', () => {
    expect(cliEnvironment(ENDPOINTS).set).toEqual(expect.objectContaining({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
      AWS_ENDPOINT_URL_EC2: ENDPOINTS.ec2,
      AWS_ENDPOINT_URL_STS: ENDPOINTS.sts,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    }));
  });

  test('CloudFormation and SSM are pointed at too when given, and only then', () => {
    const set = cliEnvironment({ ...ENDPOINTS, cloudformation: 'http://127.0.0.1:4568', ssm: 'http://127.0.0.1:4569' }).set;
    expect(set).toMatchObject({ AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:4568', AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:4569' });
    expect(cliEnvironment(ENDPOINTS).set).not.toHaveProperty('AWS_ENDPOINT_URL_SSM');
  });

  test('applied to an environment, it sets its variables and removes the ones that would win over them', () => {
    const base = { PATH: '/bin', AWS_PROFILE: 'prod', AWS_SESSION_TOKEN: 'real-token', AWS_REGION: 'eu-west-1' };
    const env = applyEnvironment(base, cliEnvironment(ENDPOINTS));
    expect(env).toMatchObject({ PATH: '/bin', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_EC2: ENDPOINTS.ec2 });
    expect(env).not.toHaveProperty('AWS_PROFILE');
    expect(env).not.toHaveProperty('AWS_SESSION_TOKEN');
    expect(base.AWS_PROFILE).toBe('prod');
  });

  test('its shell lines, run by bash in a shell with a real profile set, leave exactly the environment the demo uses', async () => {
    const environment = cliEnvironment(ENDPOINTS);
    const before = { PATH: process.env.PATH ?? '', AWS_PROFILE: 'prod', AWS_SESSION_TOKEN: 'real-token', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    const out = await bash(`${shellLines(environment).join('\n')}\nenv`, before);
    const after = Object.fromEntries(out.split('\n').filter((l) => /^AWS_/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const expected = Object.fromEntries(Object.entries(applyEnvironment(before, environment)).filter(([k]) => k.startsWith('AWS_')));
    expect(after).toEqual(expected);
    expect(Object.keys(after)).not.toEqual(expect.arrayContaining(['AWS_PROFILE']));
  });

  test('a value bash would split or expand is quoted, and arrives as it was', async () => {
    const environment = { set: { A: "it's $HOME `x` a b", B: 'name=al2023-*', C: '' }, unset: [] };
    const out = await bash(`${shellLines(environment).join('\n')}\nprintf '%s|' "$A" "$B" "$C"`, { PATH: process.env.PATH ?? '', HOME: '/home/someone' });
    expect(out).toBe("it's $HOME `x` a b|name=al2023-*||");
  });
});

describe('shell words', () => {
  test('a glob is quoted, so that it is not expanded even when a file matches it (and zsh does not refuse it)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'playground-glob-'));
    writeFileSync(path.join(dir, 'name=al2023-ami-2023.1-x86_64'), '');
    const word = 'name=al2023-ami-2023.*-x86_64';
    expect(shellWord(word)).not.toBe(word);
    expect(await bash(`printf '%s' ${shellWord(word)}`, { PATH: process.env.PATH ?? '' }, dir)).toBe(word);
  });

  test('plain words, URLs, paths and ARNs are left as they are', () => {
    for (const w of ['preview', '--owner', 'http://127.0.0.1:4566', '/nonexistent', PLAYGROUND_ROLE_ARN, 'demo/cdk.out']) expect(shellWord(w)).toBe(w);
  });
});

describe('arguments', () => {
  test.each([
    [[], { serve: false, port: undefined, help: false }],
    [['--serve'], { serve: true, port: undefined, help: false }],
    [['--serve', '--port', '4566'], { serve: true, port: 4566, help: false }],
    [['--port=4566', '--serve'], { serve: true, port: 4566, help: false }],
    [['--help'], { serve: false, port: undefined, help: true }],
  ])('%j', (argv, options) => {
    expect(parseDemoArgs(argv)).toEqual(options);
  });

  test.each([
    [['--srve'], 'unknown argument "--srve" (did you mean --serve?)'],
    [['serve'], 'unknown argument "serve"'],
    [['--serve', '--prot', '1'], 'unknown argument "--prot" (did you mean --port?)'],
    [['--serve=yes'], 'unknown argument "--serve=yes"'],
    [['--serve', '--port'], '--port needs a port number'],
    [['--serve', '--port', 'abc'], '--port "abc": expected a port from 1 to 65534'],
    [['--serve', '--port', '0'], '--port "0": expected a port from 1 to 65534'],
    [['--serve', '--port', '65535'], '--port "65535": expected a port from 1 to 65534 (STS takes the one after it)'],
    [['--serve', '--port', '80.5'], '--port "80.5"'],
    [['--port', '4566'], '--port is for --serve'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});

function post(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', timeout: 5_000 }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end('Action=Nothing');
  });
}

describe('the doubles', () => {
  const options = { images: realisticCatalog(), accountId: OWN_ACCOUNT };

  test('without a port, they take free ones; all answer, and none accepts connections once closed', async () => {
    const playground = await Playground.start({ ...options, parameters: [al2023Parameter(options.images)] });
    const ports = [playground.ec2.url, playground.sts.url, playground.cfn.url, playground.ssm.url].map((u) => Number(new URL(u).port));
    try {
      for (const double of [playground.ec2, playground.sts, playground.cfn, playground.ssm]) expect(new URL(double.url).hostname).toBe('127.0.0.1');
      expect(new Set(ports).size).toBe(4);
      // Unsigned requests: each double answers with its own refusal.
      expect(await post(playground.ec2.url)).toBe(401);
      expect(await post(playground.sts.url)).toBe(400);
      expect(await post(playground.ssm.url)).toBe(400);
      const { ec2, sts, cfn, ssm } = playground;
      expect(playground.environment).toEqual(cliEnvironment({ ec2: ec2.url, sts: sts.url, cloudformation: cfn.url, ssm: ssm.url }));
      expect(playground.parameters.map((p) => p.name)).toEqual([AL2023_PARAMETER]);
    } finally {
      await playground.close();
    }
    for (const port of ports) expect(await accepts(port)).toBe(false);
  });

  test('with --port n, EC2 is on n and STS on n+1', async () => {
    const port = await twoFreePorts();
    const playground = await Playground.start({ ...options, port });
    try {
      expect(playground.ec2.url).toBe(`http://127.0.0.1:${port}`);
      expect(playground.sts.url).toBe(`http://127.0.0.1:${port + 1}`);
    } finally {
      await playground.close();
    }
  });

  test('a taken port is said plainly, with what to do', async () => {
    const taken = await occupy();
    try {
      const started = Playground.start({ ...options, port: portOf(taken) });
      await expect(started).rejects.toThrow(PortUnavailableError);
      await expect(started).rejects.toThrow(`port ${portOf(taken)} of 127.0.0.1 is in use (by another playground?): pick other ports with --port <n>, or leave --port out for free ones`);
    } finally {
      await release(taken);
    }
  });

  test('when only STS\'s port is taken, it says that port, and gives EC2\'s back', async () => {
    const port = await twoFreePorts();
    const taken = await occupy(port + 1);
    try {
      await expect(Playground.start({ ...options, port })).rejects.toThrow(`port ${port + 1} of 127.0.0.1 is in use`);
      await release(await occupy(port));
    } finally {
      await release(taken);
    }
  });
});

describe('what it prints', () => {
  let playground: Playground;
  beforeAll(async () => { playground = await Playground.start({ images: [] }); });
  afterAll(() => playground.close());

  test('every shell line, commands that run this clone\'s CLI, the allowed role, and how to stop it', () => {
    const lines = playground.instructions('demo/cdk.out', '/work/clone');
    for (const l of shellLines(playground.environment)) expect(lines).toContain(`  ${l}`);
    const commands = lines.filter((l) => l.startsWith('  npx '));
    expect(commands).toEqual([
      "  npx cdk-ami-lookup preview --owner amazon --filter 'name=al2023-ami-2023.*-x86_64'",
      `  npx cdk-ami-lookup preview --owner amazon --filter 'name=al2023-ami-2023.*-x86_64' --lookup-role-arn ${PLAYGROUND_ROLE_ARN}`,
      '  npx cdk-ami-lookup preview --app demo/cdk.out',
    ]);
    expect(lines.join('\n')).toContain('node /work/clone/bin/cdk-ami-lookup');
    expect(lines.join('\n')).toContain(PLAYGROUND_ROLE_ARN);
    expect(lines[lines.length - 1]).toMatch(/^Ctrl-C .*stops/);
  });

  test('with a parameter in the SSM double, a command that previews it, and the SSM endpoint among the lines', async () => {
    const withParameter = await Playground.start({ images: [], parameters: [al2023Parameter(realisticCatalog())] });
    try {
      const lines = withParameter.instructions('demo/cdk.out', '/work/clone');
      expect(lines.filter((l) => l.startsWith('  npx '))).toContain(`  npx cdk-ami-lookup preview --source-parameter ${AL2023_PARAMETER}`);
      expect(lines).toContain(`  export AWS_ENDPOINT_URL_SSM=${withParameter.ssm.url}`);
      expect(lines[0]).toContain(`SSM on ${withParameter.ssm.url}`);
    } finally {
      await withParameter.close();
    }
  });
});

describe('stopping', () => {
  test.each(['SIGINT', 'SIGTERM'])('%s ends the wait, and both handlers are gone', async (signal) => {
    const signals = new EventEmitter();
    const stopped = untilStopped(signals);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(2);
    signals.emit(signal);
    await expect(stopped).resolves.toBe(signal);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });
});
