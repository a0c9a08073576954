/**
 * `preview --app` over an app whose lookups mix a query and SSM parameter sources (AWS's public
 * Amazon Linux 2023 parameter, and the account's own parameter with history, soaked with minAge),
 * through the CLI as it ships, against the EC2 and SSM doubles. For each parameter lookup the text
 * and the JSON show the parameter, its version, when that version was set, the value the soak rule
 * chose and where SSM was reached; and each pick is the one the bundled handler makes for the same
 * properties. A lookup whose parameter cannot be read, or has no value old enough, is reported on
 * its own while the others are still previewed.
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { lookupsInAssembly } from '../../cli/assembly';
import { AL2023_PARAMETER, al2023Parameter, AMAZON_ACCOUNT, OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { FakeParameter, latestVersion, SsmDouble } from '../../devkit/ssm-double';
import { AmiLookup } from '../../src';
import { cliEnv, CliRun, runCli } from '../support/run-cli';

jest.setTimeout(120_000);

const NOW = Date.now();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW - days * DAY);
const golden = (n: number, days: number): FakeImage => ({
  imageId: `ami-0${String(n).padStart(16, '0')}`,
  name: `golden-${n}`,
  ownerId: OWN_ACCOUNT,
  isPublic: false,
  creationDate: ago(days).toISOString(),
  architecture: 'x86_64',
});
const G1 = golden(1, 40);
const G2 = golden(2, 12);
const G3 = golden(3, 2);
const catalog = [...realisticCatalog(new Date(NOW)), G1, G2, G3];
const PUBLIC = al2023Parameter(catalog);
/** The account's own parameter: promoted three times; with minAge 7 days, version 2 (set 9 days ago) is the one adopted. */
const GOLDEN: FakeParameter = {
  name: '/images/golden',
  dataType: 'aws:ec2:image',
  versions: [{ value: G1.imageId, lastModified: ago(30) }, { value: G2.imageId, lastModified: ago(9) }, { value: G3.imageId, lastModified: ago(1) }],
};

/** The newest Amazon Linux 2023 x86_64 image of Amazon's, found in the catalog without the parameter. */
function newestAl2023(): FakeImage {
  return catalog.filter((i) => i.ownerId === AMAZON_ACCOUNT && /^al2023-ami-2023\.[0-9.]+-kernel-6\.1-x86_64$/.test(i.name))
    .sort((a, b) => b.creationDate.localeCompare(a.creationDate))[0];
}

let ec2: Ec2Double;
let ssm: SsmDouble;
let cfn: CfnResponseEndpoint;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT, shuffleSeed: 11 });
  ssm = await SsmDouble.start({ accountId: OWN_ACCOUNT, parameters: [PUBLIC, GOLDEN] });
  cfn = await CfnResponseEndpoint.start();
});
afterAll(async () => {
  await Promise.all([ec2.close(), ssm.close(), cfn.close()]);
});
const env = () => cliEnv(ec2.url, { AWS_ENDPOINT_URL_SSM: ssm.url });

/** Synthesizes one stack with the given lookups to a fresh cloud assembly. */
function synth(name: string, add: (stack: Stack) => void): string {
  const outdir = mkdtempSync(path.join(os.tmpdir(), `cdk-ami-lookup-${name}-`));
  const app = new App({ outdir });
  add(new Stack(app, name, { env: { account: OWN_ACCOUNT, region: 'us-east-1' } }));
  app.synth();
  return outdir;
}

/** The text block of one lookup, from its construct path to the blank line after it. */
function block(stdout: string, lookupPath: string): string {
  const start = stdout.indexOf(`${lookupPath}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf('\n\n', start);
  return stdout.slice(start, end < 0 ? undefined : end + 1);
}

/** The SSM requests a run made, as `action name`. */
async function ssmRequests(run: () => Promise<CliRun>): Promise<{ run: CliRun; requests: string[] }> {
  const before = ssm.calls.length;
  const r = await run();
  return { run: r, requests: ssm.calls.slice(before).map((c) => `${c.target.replace(/^AmazonSSM\./, '')} ${c.name}`).sort() };
}

describe('an app with a query lookup and two parameter lookups', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synth('ParamApp', (stack) => {
      new AmiLookup(stack, 'Al2023Query', { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } });
      new AmiLookup(stack, 'Al2023Public', { sourceParameter: AL2023_PARAMETER });
      new AmiLookup(stack, 'GoldenSoaked', { sourceParameter: '/images/golden', minAge: Duration.days(7) });
    });
  });

  test('text: each parameter lookup shows the parameter, its version, when it was set, the value the soak rule chose, and the SSM endpoint', async () => {
    const { run, requests } = await ssmRequests(() => runCli(['preview', '--app', outdir], env()));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const current = latestVersion(PUBLIC);
    const newest = newestAl2023();
    expect(current.value).toBe(newest.imageId);

    const query = block(run.stdout, 'ParamApp/Al2023Query');
    expect(query).toMatch(/\n {2}query: {4}Owners=\[amazon\] /);
    expect(query).toContain(`\n  selected: ${newest.imageId}  ${newest.name}\n`);
    expect(query).not.toMatch(/source:|ssm:/);

    const publicBlock = block(run.stdout, 'ParamApp/Al2023Public');
    expect(publicBlock).toContain(`\n  endpoint: ${ec2.url} (from AWS_ENDPOINT_URL_EC2)\n  ssm:      ${ssm.url} (from AWS_ENDPOINT_URL_SSM), to read the source parameter\n`);
    expect(publicBlock).toContain(`\n  source:   SSM parameter ${AL2023_PARAMETER}: version ${current.version}, set ${current.lastModified.toISOString()}, value ${current.value}\n`);
    expect(publicBlock).toContain(`\n  selected: ${newest.imageId}  ${newest.name}\n`);
    expect(publicBlock).not.toMatch(/query:|stages:/);

    const soaked = block(run.stdout, 'ParamApp/GoldenSoaked');
    expect(soaked).toContain(`\n  ssm:      ${ssm.url} (from AWS_ENDPOINT_URL_SSM), to read the source parameter\n`);
    expect(soaked).toContain(`\n  source:   SSM parameter /images/golden: version 2, set ${GOLDEN.versions[1].lastModified!.toISOString()}, value ${G2.imageId}, `
      + 'the newest value that stood for minAge (current version 3 held back)\n');
    expect(soaked).toContain(`\n  selected: ${G2.imageId}  golden-2\n`);

    // The query reads no parameter; the public parameter keeps no history, so only the own one is walked.
    expect(requests).toEqual([`GetParameter ${AL2023_PARAMETER}`, 'GetParameter /images/golden', 'GetParameterHistory /images/golden']);
  });

  test('--json: sourceParameter with parameter, version, lastModified, value and rule; query null; ssmEndpoint only where SSM was read', async () => {
    const run = await runCli(['preview', '--app', outdir, '--json'], env());
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.stackErrors).toEqual([]);
    const byPath = Object.fromEntries(out.lookups.map((l: any) => [l.path, l]));
    expect(Object.keys(byPath)).toEqual(['ParamApp/Al2023Query', 'ParamApp/Al2023Public', 'ParamApp/GoldenSoaked']);
    const current = latestVersion(PUBLIC);

    expect(byPath['ParamApp/Al2023Query']).toMatchObject({
      query: expect.stringMatching(/^Owners=\[amazon\] /),
      sourceParameter: null,
      ssmEndpoint: null,
      ssmEndpointSource: null,
      selected: { imageId: newestAl2023().imageId, resolvedFrom: 'query' },
    });
    expect(byPath['ParamApp/Al2023Public']).toMatchObject({
      query: null,
      unpicked: null,
      endpoint: ec2.url,
      ssmEndpoint: ssm.url,
      ssmEndpointSource: 'AWS_ENDPOINT_URL_SSM',
      selected: { imageId: current.value, resolvedFrom: 'parameter' },
    });
    expect(byPath['ParamApp/Al2023Public'].sourceParameter).toEqual({
      parameter: AL2023_PARAMETER, version: current.version, lastModified: current.lastModified.toISOString(), value: current.value, rule: 'current',
    });
    expect(byPath['ParamApp/GoldenSoaked']).toMatchObject({
      query: null, unpicked: null, ssmEndpoint: ssm.url, selected: { imageId: G2.imageId, name: 'golden-2', resolvedFrom: 'parameter' },
    });
    expect(byPath['ParamApp/GoldenSoaked'].sourceParameter).toEqual({
      parameter: '/images/golden',
      version: 2,
      lastModified: GOLDEN.versions[1].lastModified!.toISOString(),
      value: G2.imageId,
      rule: 'soaked history',
      currentVersion: 3,
    });
  });

  test('each pick is what the bundled handler picks at deploy for the same properties', async () => {
    const previewed = JSON.parse((await runCli(['preview', '--app', outdir, '--json'], env())).stdout).lookups.map((l: any) => l.selected.imageId);
    const deployed: string[] = [];
    for (const lookup of lookupsInAssembly(outdir)) {
      const before = cfn.received.length;
      await invokeAsset(cfnEvent('Create', lookup.properties!, cfn.responseUrl), { ec2Endpoint: ec2.url, env: { AWS_ENDPOINT_URL_SSM: ssm.url } });
      const body = cfn.received[before]?.json;
      deployed.push(body?.Status === 'SUCCESS' ? `${body.Data.ImageId} ${body.Data.ResolvedFrom}` : `FAILED: ${body?.Reason}`);
    }
    expect(deployed).toEqual([`${newestAl2023().imageId} query`, `${latestVersion(PUBLIC).value} parameter`, `${G2.imageId} parameter`]);
    expect(previewed).toEqual(deployed.map((d) => d.split(' ')[0]));
  });
});

describe('parameter lookups that pick nothing, beside one that does', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synth('BadParamApp', (stack) => {
      new AmiLookup(stack, 'Missing', { sourceParameter: '/images/none' });
      new AmiLookup(stack, 'TooFresh', { sourceParameter: '/images/golden', minAge: Duration.days(60) });
      new AmiLookup(stack, 'Al2023Public', { sourceParameter: AL2023_PARAMETER });
    });
  });

  test('a parameter that does not exist is that lookup\'s error, no value old enough is its "nothing", and the others are still previewed', async () => {
    const run = await runCli(['preview', '--app', outdir], env());
    expect(run.code).toBe(3);
    expect(block(run.stdout, 'BadParamApp/Missing')).toMatch(new RegExp(
      `\n {2}ssm: {6}${ssm.url.replace(/\./g, '\\.')} \\(from AWS_ENDPOINT_URL_SSM\\), to read the source parameter\n {2}error: GetParameter: parameter /images/none not found`));
    const tooFresh = block(run.stdout, 'BadParamApp/TooFresh');
    expect(tooFresh).toMatch(/\n {2}source: {3}SSM parameter \/images\/golden: version 3, set \S+, value ami-0\d+, the newest value that stood for minAge\n/);
    expect(tooFresh).toContain('\n  stages:   no value of parameter /images/golden has stood for minAge (5184000 s) yet: version 3 was set');
    expect(tooFresh).toContain('\n  selected: nothing: no image survived the stages, and there is no fallback\n');
    expect(block(run.stdout, 'BadParamApp/Al2023Public')).toContain(`\n  selected: ${latestVersion(PUBLIC).value}  `);

    const json = JSON.parse((await runCli(['preview', '--app', outdir, '--json'], env())).stdout).lookups;
    expect(json.map((l: any) => [l.path, l.selected?.imageId ?? null, l.sourceParameter?.version ?? null, l.error ?? l.unpicked ?? null])).toEqual([
      ['BadParamApp/Missing', null, null, expect.stringMatching(/^GetParameter: parameter \/images\/none not found/)],
      ['BadParamApp/TooFresh', null, 3, expect.stringMatching(/^no value of parameter \/images\/golden has stood for minAge/)],
      ['BadParamApp/Al2023Public', latestVersion(PUBLIC).value, latestVersion(PUBLIC).version, null],
    ]);
    expect(json[0]).toMatchObject({ ssmEndpoint: ssm.url, ssmEndpointSource: 'AWS_ENDPOINT_URL_SSM' });
  });
});
