/**
 * The preview CLI as it ships (bin/cdk-ami-lookup loading assets/cli), driven as a process against
 * the EC2 test double and a synthesized example app. What it selects must be what the deploy-time
 * function selects for the same lookup.
 */
import { spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter } from 'aws-cdk-lib';
import { NO_REGION } from '../../cli/aws-errors';
import { HELP_HINT, USAGE } from '../../cli/usage';
import { AL2023_PARAMETER, al2023Parameter, OWN_ACCOUNT, realisticCatalog, SQUATTER_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { demoApp } from '../../devkit/demo-app';
import { Ec2Double } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { latestVersion, SsmDouble } from '../../devkit/ssm-double';
import { stageReport } from '../../lambda/lookup';
import { AmiLookup } from '../../src';
import { Attr, Prop } from '../../src/shared/wire';
import { CLI_BIN, cliEnv, runCli } from '../support/run-cli';
import { readStageReport } from '../support/stage-report';

jest.setTimeout(60_000);

const BIN = CLI_BIN;
const catalog = realisticCatalog();
let ec2: Ec2Double;
let cfn: CfnResponseEndpoint;

beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT, shuffleSeed: 3 });
  cfn = await CfnResponseEndpoint.start();
});
afterAll(async () => {
  await ec2.close();
  await cfn.close();
});

const env = (extra: Record<string, string> = {}) => cliEnv(ec2.url, extra);
const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, env(extraEnv));

async function deployPicks(properties: Record<string, unknown>): Promise<string> {
  const before = cfn.received.length;
  await invokeAsset(cfnEvent('Create', properties, cfn.responseUrl), { ec2Endpoint: ec2.url });
  const body = cfn.received[before].json;
  return body.Status === 'SUCCESS' ? body.Data[Attr.imageId] : `FAILED: ${body.Reason}`;
}

describe('preview with flags', () => {
  test('prints the winner, the candidates and the stage counts', async () => {
    const r = await cli(['preview', '--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64']);
    expect(r.code).toBe(0);
    const picked = await deployPicks(lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] }));
    expect(r.stdout).toContain(`selected: ${picked}  al2023-ami-2023.`);
    // The whole line is a stage report, of one page.
    const stages = /\n {2}stages: {3}(.*)\n/.exec(r.stdout)![1];
    const report = readStageReport(stages);
    expect(report.pages).toBe(1);
    expect(stageReport({ rank: 0 }, report.counts, report.pages)).toBe(stages);
    expect(r.stdout).toMatch(/\n {7}# {2}ID +NAME +CREATED +ARCH +PLATFORM +ROOT +DEPRECATION\n {4}\* {2}0 {2}ami-/);
    expect(r.stdout.match(/^ {4}[ *] {2}\d /gm)).toHaveLength(3);
  });

  test.each<[string, string[], Record<string, unknown>]>([
    ['name pattern and rank', ['--owner', 'amazon', '--name-regex', '^al2023-ami-minimal-.*-arm64$', '--rank', '1'],
      lookupProps(['amazon'], {}, { [Prop.nameRegex]: '^al2023-ami-minimal-.*-arm64$', [Prop.rank]: '1' })],
    ['natural-name order and soak time', ['--owner', 'amazon', '--filter', 'name=Windows_Server-2022-*', '--order', 'natural-name', '--min-age', '30d'],
      lookupProps(['amazon'], { name: ['Windows_Server-2022-*'] }, { [Prop.order]: 'natural-name', [Prop.minAgeSeconds]: String(30 * 86400) })],
    ['deny-list and deprecated fallback', ['--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64', '--include-deprecated', '--exclude-image-id', 'ami-0a1b2c3d400000060'],
      lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] }, { [Prop.includeDeprecated]: 'true', [Prop.excludeImageIds]: ['ami-0a1b2c3d400000060'] })],
    ['tag filters of the own account', ['--owner', 'self', '--filter', 'tag:team=platform', '--filter', 'tag:release=stable,beta'],
      lookupProps(['self'], { 'tag:team': ['platform'], 'tag:release': ['stable', 'beta'] })],
    ['an unpinned query', ['--filter', 'name=al2023-ami-2023.*-x86_64', '--allow-unpinned-owner', '--max-age', 'P2D'],
      { ...lookupProps([], { name: ['al2023-ami-2023.*-x86_64'] }, { [Prop.allowUnpinnedOwner]: 'true', [Prop.maxAgeSeconds]: String(2 * 86400) }), [Prop.owners]: undefined }],
  ])('%s: --json selects what a deploy would', async (_, args, properties) => {
    const r = await cli(['preview', ...args, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.lookups).toHaveLength(1);
    expect(out.lookups[0].selected.imageId).toBe(await deployPicks(properties));
    expect(out.lookups[0].candidates.length).toBeGreaterThan(0);
    expect(out.lookups[0].stages).toEqual(expect.objectContaining({ api: expect.any(Number), deprecation: expect.any(Number) }));
  });

  test('the unpinned query finds the stranger\'s look-alike, so the flag is needed', async () => {
    const pinned = await cli(['preview', '--filter', 'name=al2023-ami-2023.*-x86_64']);
    expect(pinned.code).toBe(2);
    expect(pinned.stderr).toContain('the query is not pinned to an owner');
    const r = JSON.parse((await cli(['preview', '--filter', 'name=al2023-ami-2023.*-x86_64', '--allow-unpinned-owner', '--json'])).stdout);
    expect(r.lookups[0].selected.ownerId).toBe(SQUATTER_ACCOUNT);
  });

  test('--fallback-image-id is used when nothing survives, and says so', async () => {
    const r = JSON.parse((await cli(['preview', '--owner', 'amazon', '--name-regex', '^none$', '--fallback-image-id', catalog[0].imageId, '--json'])).stdout);
    expect(r.lookups[0].selected).toMatchObject({ imageId: catalog[0].imageId, resolvedFrom: 'fallback' });
  });

  test('--endpoint takes the place of AWS_ENDPOINT_URL_EC2, and --region is used', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', '--owner', 'self', '--endpoint', ec2.url, '--region', 'eu-north-1', '--json'], { AWS_ENDPOINT_URL_EC2: '' });
    expect(r.code).toBe(0);
    expect(ec2.requests.slice(before).map((q) => q.region)).toEqual(['eu-north-1']);
  });

  test('nothing matches: exit 1 with the stage counts', async () => {
    const r = await cli(['preview', '--owner', 'amazon', '--filter', 'name=no-such-image-*']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('selected: nothing: no image survived the stages, and there is no fallback');
    expect(r.stdout).toContain('EC2 returned 0 image(s)');
  });

  test.each([
    [['preview', '--bogus'], 'unknown flag --bogus\n'],
    [['preview', '--owner', 'amazon', '--rank', 'two'], '--rank must be a whole number from 0 to 99 (0 is the best image), got "two"'],
    [['preview', '--owner', 'amazon', '--min-age', '7 days'], '--min-age must be a duration such as 7d'],
    [['preview', '--owner', 'amazon', '--filter', 'name'], '--filter takes <name>=<value>'],
    [['preview', '--owner', 'amazon', '--order', 'newest'], 'invalid flags: --order must be one of newest-creation-date'],
    [['preview', '--owner', 'amazn'], '--owner: "amazn" is neither a 12-digit account ID'],
    [['preview', '--owner', 'amazon', '--name-regex', '('], '--name-regex: "(" is not a valid regular expression'],
    [['preview', '--app', 'cdk.out', '--owner', 'amazon'], '--app takes the lookups from the assembly'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('invalid flags %j: exit 2 with a clear message', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  test('no command is a usage error: the usage goes to stderr, exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${USAGE}\n`);
    expect(r.stdout).toBe('');
  });

  test('a misspelt command: did you mean, then the usage, on stderr', async () => {
    const r = await cli(['preveiw', '--owner', 'amazon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk-ami-lookup: unknown command "preveiw"; did you mean "preview"?\n\n${USAGE}\n`);
    expect(r.stdout).toBe('');
  });

  test('a misspelt flag: did you mean, and no request', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', '--ownr', 'amazon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk-ami-lookup: unknown flag --ownr; did you mean --owner?\n${HELP_HINT}\n`);
    expect(ec2.requests.length).toBe(before);
  });

  test('missing credentials: exit 3 with a clear message, and no request', async () => {
    const before = ec2.requests.length;
    const r = await cli(['preview', '--owner', 'amazon'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no AWS credentials found');
    expect(ec2.requests.length).toBe(before);
  });

  test('no region anywhere: exit 3 with a clear message', async () => {
    const r = await cli(['preview', '--owner', 'amazon'], { AWS_REGION: '' });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`cdk-ami-lookup: ${NO_REGION}\n`);
  });

  test.each([[['preview', '--help']], [['preview', '-h']], [['--help']], [['-h']], [['help']]])('%j prints the usage to stdout, exit 0', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${USAGE}\n`);
    expect(r.stderr).toBe('');
  });

  test('progress goes to stderr only when stderr is a terminal', async () => {
    const piped = await cli(['preview', '--owner', 'amazon']);
    expect(piped.stderr).toBe('');
    const command = [process.execPath, BIN, 'preview', '--owner', 'amazon', '--json'].map((a) => `'${a}'`).join(' ');
    // script(1) gives the CLI a pseudo-terminal; it must run asynchronously, since the EC2 double lives in this process.
    const tty = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', `${command} >/dev/null`, '/dev/null'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c) => { out += c; });
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    expect(tty).toContain('DescribeImages: 1 page(s), ');
  });
});

describe('the endpoint', () => {
  const AL2023 = ['preview', '--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64'];
  /** cliEnv drops empty variables; these runs need one set to nothing. */
  const withEmpty = (name: string, extra: Record<string, string> = {}) => ({ ...env(extra), [name]: '' });

  test('one not AWS\'s is printed under the region, with where it came from', async () => {
    const r = await cli(AL2023);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ {2}region: {3}us-east-1 \\(from AWS_REGION\\)\n {2}endpoint: ${ec2.url} \\(from AWS_ENDPOINT_URL_EC2\\)\n {2}query: `));
  });

  test('--json has it in endpoint and endpointSource; --endpoint is named as the source', async () => {
    const json = JSON.parse((await cli([...AL2023, '--json'])).stdout).lookups[0];
    expect(json).toMatchObject({ endpoint: ec2.url, endpointSource: 'AWS_ENDPOINT_URL_EC2', stsEndpoint: null, stsEndpointSource: null });
    const flagged = JSON.parse((await cli([...AL2023, '--endpoint', ec2.url, '--json'], { AWS_ENDPOINT_URL_EC2: '' })).stdout).lookups[0];
    expect(flagged).toMatchObject({ endpoint: ec2.url, endpointSource: '--endpoint' });
  });

  test('AWS\'s own is null in --json, and not printed', async () => {
    // No credentials, so the SDK fails before it sends anything to AWS.
    const noEndpoint = { AWS_ENDPOINT_URL_EC2: '', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const json = JSON.parse((await cli([...AL2023, '--json'], noEndpoint)).stdout).lookups[0];
    expect(json).toMatchObject({ region: 'us-east-1', endpoint: null, endpointSource: null, error: expect.stringContaining('no AWS credentials found') });
    expect((await cli(AL2023, noEndpoint)).stderr).not.toContain('endpoint:');
  });

  test('an AWS error says which endpoint it came from', async () => {
    ec2.inject({ kind: 'error', status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
    const r = await cli(AL2023);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^cdk-ami-lookup: .*UnauthorizedOperation.*\n {2}endpoint: ${ec2.url} \\(from AWS_ENDPOINT_URL_EC2\\)\n$`));
  });

  test('an empty AWS_ENDPOINT_URL_EC2 is refused, exit 2, and nothing is asked', async () => {
    const before = ec2.requests.length;
    const r = await runCli(AL2023, withEmpty('AWS_ENDPOINT_URL_EC2'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk-ami-lookup: AWS_ENDPOINT_URL_EC2 is set but empty, and the AWS SDK skips an empty value: EC2 requests would go to '
      + 'AWS_ENDPOINT_URL, the AWS profile\'s endpoint_url, or AWS itself. Unset it, or set it to an http or https URL.\n');
    expect(r.stdout).toBe('');
    expect(ec2.requests.length).toBe(before);
  });

  test('an empty AWS_ENDPOINT_URL is refused, exit 2', async () => {
    const r = await runCli(AL2023, withEmpty('AWS_ENDPOINT_URL'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk-ami-lookup: AWS_ENDPOINT_URL is set but empty, and the AWS SDK skips an empty value: requests with no '
      + 'AWS_ENDPOINT_URL_<SERVICE> of their own would go to the AWS profile\'s endpoint_url, or AWS itself. Unset it, or set it to an http or https URL.\n');
  });

  test('--endpoint replaces an empty AWS_ENDPOINT_URL_EC2', async () => {
    const r = await runCli([...AL2023, '--endpoint', ec2.url], withEmpty('AWS_ENDPOINT_URL_EC2'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  endpoint: ${ec2.url} (from --endpoint)\n`);
  });

  test('--endpoint the SDK would ignore is refused, exit 2, and nothing is asked', async () => {
    const before = ec2.requests.length;
    const r = await cli([...AL2023, '--endpoint', ec2.url], { AWS_ENDPOINT_URL_EC2: '', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk-ami-lookup: --endpoint would not be used: the AWS SDK is told to ignore configured endpoints '
      + '(AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, or ignore_configured_endpoint_urls in the AWS profile). Unset that to use --endpoint.\n');
    expect(ec2.requests.length).toBe(before);
  });
});

describe('preview --app', () => {
  let outdir: string;
  // The demo app's parameter lookup reads AWS's public Amazon Linux 2023 parameter.
  let ssm: SsmDouble;
  const withSsm = () => ({ AWS_ENDPOINT_URL_SSM: ssm.url });
  beforeAll(async () => {
    ssm = await SsmDouble.start({ accountId: OWN_ACCOUNT, parameters: [al2023Parameter(catalog)] });
    outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-app-'));
    const { app, stack } = demoApp(outdir);
    const param = new CfnParameter(stack, 'ImageOwner', { type: 'String' });
    new AmiLookup(stack, 'FromParameter', { owners: [param.valueAsString] });
    app.synth();
  });
  afterAll(() => ssm.close());

  test('previews every lookup of the assembly, with its construct path, as a deploy would resolve it', async () => {
    const r = await cli(['preview', '--app', outdir, '--json'], withSsm());
    const out = JSON.parse(r.stdout);
    expect(out.lookups.map((l: any) => l.path)).toEqual([
      'AmiLookupDemo/Al2023',
      'AmiLookupDemo/Al2023MinimalArm',
      'AmiLookupDemo/WindowsServer2022',
      'AmiLookupDemo/Al2023FromSsm',
      'AmiLookupDemo/GoldenImage',
      'AmiLookupDemo/FromParameter',
    ]);
    expect(out.lookups.slice(0, 5).every((l: any) => l.selected && l.region === 'us-east-1')).toBe(true);
    const { version, value, lastModified } = latestVersion(al2023Parameter(catalog));
    expect(out.lookups[3]).toMatchObject({
      query: null, sourceParameter: { parameter: AL2023_PARAMETER, version, value, lastModified: lastModified.toISOString(), rule: 'current' },
    });
    expect(out.lookups[3].selected).toMatchObject({ imageId: out.lookups[0].selected.imageId, resolvedFrom: 'parameter' });
    expect(out.lookups[4].selected.name).toMatch(/^golden-al2023-/);
    expect(out.lookups[5]).toEqual({
      path: 'AmiLookupDemo/FromParameter', error: 'cannot preview: property Owners[0] is only known at deploy time', parameterNames: [],
    });
    // One lookup could not be previewed, so the exit code says so.
    expect(r.code).toBe(3);
    const windows = await deployPicks(lookupProps(['amazon'], { name: ['Windows_Server-2022-English-Full-Base-*'], platform: ['windows'] }));
    expect(out.lookups[2].selected.imageId).toBe(windows);
  });

  test('text output names each lookup by its construct path', async () => {
    const r = await cli(['preview', '--app', outdir], withSsm());
    expect(r.stdout).toMatch(/^AmiLookupDemo\/Al2023\n {2}region: {3}us-east-1 \(from the stack's region\)\n {2}endpoint: \S+ \(from AWS_ENDPOINT_URL_EC2\)\n {2}query: {4}Owners=\[amazon\]/);
    expect(r.stdout).toContain('AmiLookupDemo/FromParameter\n  error: cannot preview: property Owners[0] is only known at deploy time');
  });

  test('a folder that is not an assembly: exit 3', async () => {
    const r = await cli(['preview', '--app', os.tmpdir() + '/does-not-exist']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('is not a cloud assembly: it has no manifest.json');
  });
});
