/**
 * What a cold process loads, as the Lambda runtime runs the bundled asset: a query lookup loads the
 * handler's index.js and nothing else (neither ssm-reader.js, the SSM client, nor re2js.js, the
 * name-pattern engine); a name pattern adds re2js.js; a parameter lookup adds ssm-reader.js. The CLI
 * as it ships loads its own ssm-reader.js likewise only to read a parameter. Every file is recorded
 * by a `--require` preload (devkit/record-modules.js) from require.cache when the process exits; no
 * timing is asserted here (bench/cold-load.ts measures the time).
 */
import { mkdtempSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AL2023_PARAMETER, al2023Parameter, OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { ASSET_DIR, invokeAsset, LAMBDA_RUNTIME, RECORD_MODULES, RECORD_MODULES_TO } from '../../devkit/invoke-asset';
import { latestVersion, SsmDouble } from '../../devkit/ssm-double';
import { monitorInputs } from '../../src/monitor-input';
import { asCloudFormationSends, lookupProperties } from '../../src/shared/lookup-properties';
import { lookupSettings } from '../../src/shared/settings';
import { Prop } from '../../src/shared/wire';
import { CLI_BIN, cliEnv, runCli } from '../support/run-cli';

jest.setTimeout(60_000);

const catalog = realisticCatalog();
const PARAMETER = al2023Parameter(catalog);
let ec2: Ec2Double;
let ssm: SsmDouble;
let cfn: CfnResponseEndpoint;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT });
  ssm = await SsmDouble.start({ accountId: OWN_ACCOUNT, parameters: [PARAMETER] });
  cfn = await CfnResponseEndpoint.start();
});
afterAll(async () => {
  await Promise.all([ec2.close(), ssm.close(), cfn.close()]);
});

const QUERY = lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] });
const FROM_PARAMETER = asCloudFormationSends(lookupProperties(lookupSettings({ sourceParameter: AL2023_PARAMETER }))) as Record<string, unknown>;

/** One cold Create, as Lambda runs it: the answer, and every file the process loaded. */
async function coldCreate(properties: Record<string, unknown>, entry?: string) {
  const before = cfn.received.length;
  const run = await invokeAsset(entry === undefined ? cfnEvent('Create', properties, cfn.responseUrl) : properties, {
    ec2Endpoint: ec2.url, env: { AWS_ENDPOINT_URL_SSM: ssm.url }, recordModules: true, entry,
  });
  expect(run.outcome).toBe('returned');
  expect(run.modules).toBeDefined();
  return { answer: cfn.received[before]?.json, run, modules: run.modules! };
}

/** The asset's files among the loaded ones, by name. */
const assetFiles = (modules: string[], dir = ASSET_DIR) => modules.filter((m) => path.dirname(m) === dir).map((m) => path.basename(m));

test('a query lookup loads index.js and nothing else: no SSM client, no name-pattern engine, nothing from node_modules', async () => {
  const { answer, modules } = await coldCreate(QUERY);
  expect(answer.Status).toBe('SUCCESS');
  expect(answer.Data.ResolvedFrom).toBe('query');
  expect(assetFiles(modules)).toEqual(['index.js']);
  // The preload, the runtime, the asset: the whole of what was required.
  expect(modules).toEqual([RECORD_MODULES, LAMBDA_RUNTIME, path.join(ASSET_DIR, 'index.js')]);
  expect(ssm.calls).toHaveLength(0);
});

test('a query lookup with a name pattern loads re2js.js, and still not ssm-reader.js', async () => {
  const { answer, modules } = await coldCreate({ ...QUERY, [Prop.nameRegex]: '^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-x86_64$' });
  expect(answer.Status).toBe('SUCCESS');
  expect(assetFiles(modules)).toEqual(['index.js', 're2js.js']);
});

test('a parameter lookup loads ssm-reader.js, once, after index.js, and resolves the parameter\'s image', async () => {
  const { answer, modules } = await coldCreate(FROM_PARAMETER);
  expect(answer.Status).toBe('SUCCESS');
  expect(answer.Data).toMatchObject({ ImageId: latestVersion(PARAMETER).value, ResolvedFrom: 'parameter' });
  expect(assetFiles(modules)).toEqual(['index.js', 'ssm-reader.js']);
  expect(modules.filter((m) => !m.startsWith(`${ASSET_DIR}${path.sep}`))).toEqual([RECORD_MODULES, LAMBDA_RUNTIME]);
});

test('the health monitor\'s entry loads monitor.js alone', async () => {
  const [input] = monitorInputs('AmiLookupDemo', 14, [{ constructPath: 'AmiLookupDemo/Al2023', imageId: latestVersion(PARAMETER).value }]);
  const { modules } = await coldCreate(input as unknown as Record<string, unknown>, 'monitor.js');
  expect(assetFiles(modules)).toEqual(['monitor.js']);
});

describe('the CLI as it ships', () => {
  const CLI_ASSET = path.join(path.dirname(CLI_BIN), '..', 'assets', 'cli');
  /** A preview run with the preload, and the CLI asset's files it loaded. */
  async function loaded(args: string[]): Promise<string[]> {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ami-lookup-cli-modules-')), 'modules.json');
    const run = await runCli(args, cliEnv(ec2.url, { AWS_ENDPOINT_URL_SSM: ssm.url, NODE_OPTIONS: `--require ${RECORD_MODULES}`, [RECORD_MODULES_TO]: file }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return assetFiles(JSON.parse(readFileSync(file, 'utf8')), path.resolve(CLI_ASSET));
  }

  test('a query preview does not load its ssm-reader.js; a --source-parameter preview does', async () => {
    expect(await loaded(['preview', '--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*-x86_64'])).toEqual(['index.js']);
    expect(await loaded(['preview', '--source-parameter', AL2023_PARAMETER])).toEqual(['index.js', 'ssm-reader.js']);
  });
});
