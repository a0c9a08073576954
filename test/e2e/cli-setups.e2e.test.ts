/**
 * The preview CLI in real setups: regions from every source, roles, profiles, negative numbers,
 * messages in flag words, long candidate lists, and a clone that was never built. Each case runs the
 * shipped CLI as a process against the EC2 and STS test doubles.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NO_REGION } from '../../cli/aws-errors';
import { HELP_HINT } from '../../cli/usage';
import { OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { StsDouble } from '../../devkit/sts-double';
import { AmiLookup } from '../../src';
import { CLI_BIN, cliEnv, runCli } from '../support/run-cli';

jest.setTimeout(60_000);

const CENTRAL_ROLE = 'arn:aws:iam::222233334444:role/image-reader';
const many: FakeImage[] = Array.from({ length: 12 }, (_, i) => ({
  imageId: `ami-0${String(i + 1).padStart(16, '0')}`,
  name: `team-app-1.${i}`,
  ownerId: OWN_ACCOUNT,
  creationDate: new Date(Date.UTC(2026, 5, 1 + i)).toISOString(),
  architecture: 'x86_64',
}));

// One image line of one architecture, so that the ambiguity guard has nothing to refuse.
const AL2023 = ['--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64'];
const AL2023_PROPS = { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } };

let ec2: Ec2Double;
let sts: StsDouble;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: [...realisticCatalog(), ...many], accountId: OWN_ACCOUNT });
  sts = await StsDouble.start([CENTRAL_ROLE]);
});
afterAll(async () => {
  await ec2.close();
  await sts.close();
});

const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, cliEnv(ec2.url, { AWS_ENDPOINT_URL_STS: sts.url, ...extra }));
const regionsSince = (before: number) => ec2.requests.slice(before).map((r) => r.region);

describe('regions', () => {
  test('a lookup with --lookup-role-arn and --region: STS is asked in that region, then EC2 with the role', async () => {
    const before = ec2.requests.length;
    const stsBefore = sts.calls.length;
    const r = await cli(['preview', ...AL2023, '--lookup-role-arn', CENTRAL_ROLE, '--region', 'eu-west-2', '--json'], { AWS_REGION: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sts.calls.slice(stsBefore).map((c) => [c.roleArn, c.region])).toEqual([[CENTRAL_ROLE, 'eu-west-2']]);
    expect(ec2.requests.slice(before).map((q) => [q.region, q.accessKeyId])).toEqual([['eu-west-2', StsDouble.accessKeyFor(CENTRAL_ROLE)]]);
  });

  test('the region searched is printed, with where it came from, in text and in --json', async () => {
    const text = await cli(['preview', ...AL2023]);
    expect(text.stdout).toContain('  region:   us-east-1 (from AWS_REGION)\n');
    const json = JSON.parse((await cli(['preview', ...AL2023, '--json'], { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-north-1' })).stdout);
    expect(json.lookups[0]).toMatchObject({ region: 'eu-north-1', regionSource: 'AWS_DEFAULT_REGION' });
  });

  test('AWS_DEFAULT_REGION is honoured when AWS_REGION is not set, as the AWS CLI does', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', ...AL2023], { AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-south-1' });
    expect(r.code).toBe(0);
    expect(regionsSince(before)).toEqual(['ap-south-1']);
  });

  test('the AWS profile\'s region comes last, and says so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-profile-'));
    writeFileSync(path.join(dir, 'config'), '[default]\nregion = eu-west-1\n');
    const r = await cli(['preview', ...AL2023], { AWS_REGION: '', AWS_CONFIG_FILE: path.join(dir, 'config') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  region:   eu-west-1 (from the AWS profile)\n');
  });

  describe('--app', () => {
    let outdir: string;
    beforeAll(() => {
      outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-regions-'));
      const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
      const stack = new Stack(app, 'Regions', { env: { account: '111122223333', region: 'us-east-1' } });
      new AmiLookup(stack, 'StackRegion', AL2023_PROPS);
      new AmiLookup(stack, 'OwnRegion', { ...AL2023_PROPS, region: 'sa-east-1' });
      new AmiLookup(stack, 'WithRole', { ...AL2023_PROPS, lookupRoleArn: CENTRAL_ROLE });
      app.synth();
    });

    test('--region overrides the stack\'s region, never a lookup\'s own; a role is assumed in the region searched', async () => {
      const before = ec2.requests.length;
      const stsBefore = sts.calls.length;
      const out = JSON.parse((await cli(['preview', '--app', outdir, '--region', 'eu-west-3', '--json'], { AWS_REGION: '' })).stdout);
      expect(out.lookups.map((l: any) => [l.path, l.region, l.regionSource])).toEqual([
        ['Regions/StackRegion', 'eu-west-3', '--region'],
        ['Regions/OwnRegion', 'sa-east-1', 'the lookup\'s region prop'],
        ['Regions/WithRole', 'eu-west-3', '--region'],
      ]);
      expect(out.lookups.every((l: any) => l.selected)).toBe(true);
      expect(regionsSince(before)).toEqual(['eu-west-3', 'sa-east-1', 'eu-west-3']);
      expect(sts.calls.slice(stsBefore).map((c) => c.region)).toEqual(['eu-west-3']);
    });

    test('a lookup that assumes a role also names the STS endpoint, when it is not AWS\'s', async () => {
      const r = await cli(['preview', '--app', outdir]);
      expect(r.stdout).toContain(`Regions/WithRole\n  region:   us-east-1 (from the stack's region)\n  endpoint: ${ec2.url} (from AWS_ENDPOINT_URL_EC2)\n`
        + `  sts:      ${sts.url} (from AWS_ENDPOINT_URL_STS), to assume the lookup role\n`);
      expect(r.stdout.match(/^ {2}sts: /gm)).toHaveLength(1);
      const out = JSON.parse((await cli(['preview', '--app', outdir, '--json'])).stdout);
      expect(out.lookups.map((l: any) => [l.path, l.stsEndpoint, l.stsEndpointSource])).toEqual([
        ['Regions/StackRegion', null, null], ['Regions/OwnRegion', null, null], ['Regions/WithRole', sts.url, 'AWS_ENDPOINT_URL_STS'],
      ]);
    });

    test('without --region, the stack\'s region, then AWS_REGION for nothing: every lookup that names a role works', async () => {
      const out = JSON.parse((await cli(['preview', '--app', outdir, '--json'], { AWS_REGION: 'ca-central-1' })).stdout);
      expect(out.lookups.map((l: any) => [l.region, l.regionSource])).toEqual([
        ['us-east-1', 'the stack\'s region'], ['sa-east-1', 'the lookup\'s region prop'], ['us-east-1', 'the stack\'s region'],
      ]);
      expect(out.lookups[2].selected.imageId).toMatch(/^ami-/);
    });
  });
});

describe('a stack with no region (--app)', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-agnostic-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const agnostic = new Stack(app, 'Agnostic');
    new AmiLookup(agnostic, 'First', AL2023_PROPS);
    new AmiLookup(agnostic, 'OwnRegion', { ...AL2023_PROPS, region: 'eu-west-1' });
    new AmiLookup(agnostic, 'Second', AL2023_PROPS);
    new AmiLookup(agnostic, 'Third', { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-arm64'] } });
    new AmiLookup(new Stack(app, 'Pinned', { env: { account: '111122223333', region: 'us-east-1' } }), 'Only', AL2023_PROPS);
    app.synth();
  });

  test('text: the error once for the stack, with its lookups; the stack\'s other lookups are previewed', async () => {
    const r = await cli(['preview', '--app', outdir], { AWS_REGION: '' });
    expect(r.code).toBe(3);
    expect(r.stdout.startsWith(`stack Agnostic: 3 lookup(s) not previewed\n  error: ${NO_REGION}\n    Agnostic/First\n    Agnostic/Second\n    Agnostic/Third\n\n`
      + 'Agnostic/OwnRegion\n  region:   eu-west-1 (from the lookup\'s region prop)\n')).toBe(true);
    expect(r.stdout.split(NO_REGION)).toHaveLength(2);
    expect(r.stdout).toContain('Pinned/Only\n  region:   us-east-1 (from the stack\'s region)\n');
  });

  test('--json: one entry in stackErrors, and the previewed lookups under lookups', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', '--app', outdir, '--json'], { AWS_REGION: '' });
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.stackErrors).toEqual([{ stack: 'Agnostic', error: NO_REGION, lookups: ['Agnostic/First', 'Agnostic/Second', 'Agnostic/Third'] }]);
    expect(out.lookups.map((l: any) => [l.path, l.region, l.selected !== null])).toEqual([['Agnostic/OwnRegion', 'eu-west-1', true], ['Pinned/Only', 'us-east-1', true]]);
    expect(regionsSince(before)).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('with a region, every lookup is previewed and there is no stack error', async () => {
    const out = JSON.parse((await cli(['preview', '--app', outdir, '--json'], { AWS_REGION: 'ap-south-1' })).stdout);
    expect(out.stackErrors).toEqual([]);
    expect(out.lookups).toHaveLength(5);
  });
});

describe('endpoints from AWS_ENDPOINT_URL', () => {
  test('the global variable is used, and named, when EC2 has none of its own', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', ...AL2023], { AWS_ENDPOINT_URL_EC2: '', AWS_ENDPOINT_URL: ec2.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  endpoint: ${ec2.url} (from AWS_ENDPOINT_URL)\n`);
    expect(ec2.requests.length).toBe(before + 1);
  });

  test('AWS_ENDPOINT_URL_EC2 wins over AWS_ENDPOINT_URL, as in the SDK', async () => {
    const before = ec2.requests.length;
    // The global one points at the STS double: an EC2 request sent there would fail.
    const r = await cli(['preview', ...AL2023, '--json'], { AWS_ENDPOINT_URL: sts.url });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).lookups[0]).toMatchObject({ endpoint: ec2.url, endpointSource: 'AWS_ENDPOINT_URL_EC2' });
    expect(ec2.requests.length).toBe(before + 1);
  });
});

describe('messages in the CLI\'s own words', () => {
  test.each([
    [['--filter', 'name=al2023-*'], 'or --image-id; or set --allow-unpinned-owner to accept the risk'],
    [['--owner', 'amazon', '--order', 'newest'], 'invalid flags: --order must be one of newest-creation-date, oldest-creation-date, natural-name'],
    [['--owner', 'amazon', '--name-regex', '(a)\\1'], '--name-regex: "(a)\\\\1" is not a valid regular expression (RE2 syntax): a backreference'],
    [['--owner', 'amazon', '--min-age', '9d', '--max-age', '1d'], '--min-age (777600 s) is greater than --max-age (86400 s)'],
    [['--owner', 'amazon', '--exclude-image-id', 'ami-x'], '--exclude-image-id: "ami-x" is not an image ID'],
  ])('%j', async (flags, message) => {
    const r = await cli(['preview', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/allowUnpinnedOwner|nameRegex|minAge|excludeImageIds|\bOrder\b|invalid properties/);
    expect(r.stderr).toContain(HELP_HINT);
  });

  test.each([
    [['--rank', '-1'], '--rank must be a whole number from 0 to 99 (0 is the best image), got "-1"'],
    [['--rank=-1'], '--rank must be a whole number from 0 to 99 (0 is the best image), got "-1"'],
    [['--rank', '100'], '--rank must be a whole number from 0 to 99 (0 is the best image), got "100"'],
    [['--max-age', '-3d'], '--max-age must be a duration such as 7d, 12h, 90m, 3600s or P7D, got "-3d"'],
    [['--top', '-5'], '--top must be a whole number from 1 to 100, got "-5"'],
  ])('negative and out-of-range numbers: %j', async (flags, message) => {
    const r = await cli(['preview', '--owner', 'amazon', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('ambiguous');
  });

  test('a profile that does not exist is named, instead of a generic "no credentials"', async () => {
    const r = await cli(['preview', '--owner', 'amazon'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'nosuch' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the AWS profile "nosuch" (AWS_PROFILE) does not exist: it is not in /nonexistent/aws-config or /nonexistent/aws-credentials');
  });
});

describe('candidates', () => {
  test('--rank past the survivors says so, instead of "rank 5 picked"', async () => {
    const r = await cli(['preview', '--owner', 'self', '--filter', 'name=team-app-1.1*', '--rank', '5']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rank 5 asked, but only 3 survived:');
    expect(r.stdout).not.toContain('rank 5 picked');
  });

  test('a cut list says how many more there are', async () => {
    const r = await cli(['preview', '--owner', 'self', '--filter', 'name=team-app-*']);
    expect(r.stdout).toContain('    ... and 7 more (--top <n> lists up to 100)\n');
    const json = JSON.parse((await cli(['preview', '--owner', 'self', '--filter', 'name=team-app-*', '--json'])).stdout);
    expect([json.lookups[0].candidates.length, json.lookups[0].survivors]).toEqual([5, 12]);
  });
});

test('a clone that was never built: one line that says what to run, exit 3, no stack trace', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-unbuilt-'));
  mkdirSync(path.join(dir, 'bin'));
  copyFileSync(CLI_BIN, path.join(dir, 'bin', 'cdk-ami-lookup'));
  const r = await runCli(['preview', '--owner', 'amazon'], cliEnv(ec2.url), path.join(dir, 'bin', 'cdk-ami-lookup'));
  expect(r.code).toBe(3);
  expect(r.stderr).toMatch(/^cdk-ami-lookup: the CLI is not built \(.*assets\/cli\/index\.js is missing\); run 'npx projen bundle:handler' in this clone\.\n$/);
});
