/**
 * End to end: the bundled asset that ships in the npm package, run in a fresh Node process the way
 * Lambda runs it, against the EC2 Query API test double and a local CloudFormation response endpoint.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AMAZON_ACCOUNT, bulkCatalog, OWN_ACCOUNT, realisticCatalog, SQUATTER_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, FakeImage, wildcard } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { ASSET_DIR, Invocation, invokeAsset } from '../../devkit/invoke-asset';
import { AmiLookup } from '../../src';
import { Attr, Prop } from '../../src/shared/wire';
import { readStageReport } from '../support/stage-report';

jest.setTimeout(60_000);

let ec2: Ec2Double;
let cfn: CfnResponseEndpoint;
const CATALOG_NOW = new Date();
const catalog = realisticCatalog(CATALOG_NOW);

beforeEach(async () => {
  ec2 = await Ec2Double.start({ images: catalog, now: CATALOG_NOW, accountId: OWN_ACCOUNT });
  cfn = await CfnResponseEndpoint.start();
});
afterEach(async () => {
  await ec2.close();
  await cfn.close();
});

async function invoke(type: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}, timeoutMs?: number) {
  const run = await invokeAsset(cfnEvent(type, properties, cfn.responseUrl, extra), { ec2Endpoint: ec2.url, timeoutMs });
  return { run, responses: cfn.received };
}

/** Exactly one accepted response, and the runtime saw the handler return normally. */
function onlyResponse(run: Invocation): any {
  expect(run.outcome).toBe('returned');
  expect(cfn.received).toHaveLength(1);
  return cfn.received[0].json;
}

/** An oracle independent of the handler: the newest image, then the catalog's own version order. */
function newest(images: FakeImage[]): FakeImage {
  return [...images].sort((a, b) => (a.creationDate < b.creationDate ? 1 : a.creationDate > b.creationDate ? -1 : 0))[0];
}

test('the asset is the built bundle, not the TypeScript source, and stays lean', () => {
  expect(existsSync(`${ASSET_DIR}/index.js`)).toBe(true);
  expect(existsSync(`${ASSET_DIR}/index.ts`)).toBe(false);
  // Tree-shaken EC2 and STS clients (scripts/bundle.mjs); the untransformed bundle is about 886 KB.
  expect(statSync(`${ASSET_DIR}/index.js`).size).toBeLessThan(300_000);
  // The default credential chain's other sources are not in the bundle.
  expect(readFileSync(`${ASSET_DIR}/index.js`, 'utf8')).not.toContain('AWS_CONTAINER_CREDENTIALS_FULL_URI');
});

// .ci/run puts Node.js 24 first on PATH (scripts/use-node24.sh), so in CI every end-to-end test runs
// the asset on the Node.js major that the function's runtime names. Elsewhere it runs on the Node.js
// that runs jest, which may be older.
(process.env.CI ? test : test.skip)('in CI the asset runs on the Node.js major of the function\'s runtime', async () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  new AmiLookup(stack, 'Lookup', { owners: ['amazon'] });
  const runtime = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0].Properties.Runtime;
  const { run } = await invoke('Create', lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] }));
  onlyResponse(run);
  expect(`nodejs${run.nodeVersion.split('.')[0].slice(1)}.x`).toBe(runtime);
});

test('resolves the newest non-deprecated Amazon Linux 2023 x86_64 image and returns every attribute', async () => {
  const pattern = 'al2023-ami-2023.*-x86_64';
  const { run } = await invoke('Create', lookupProps(['amazon'], { name: [pattern], architecture: ['x86_64'] }));
  const body = onlyResponse(run);
  const expected = newest(catalog.filter((i) => i.ownerAlias === 'amazon' && wildcard(pattern).test(i.name)
    && !(i.deprecationTime && Date.parse(i.deprecationTime) <= CATALOG_NOW.getTime())));
  expect(body).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: expected.imageId } });
  expect(body.PhysicalResourceId).toMatch(new RegExp(`^${expected.imageId}/v2/[0-9a-f]{32}/query$`));
  expect(body.Data).toEqual({
    [Attr.imageId]: expected.imageId,
    [Attr.imageName]: expected.name,
    [Attr.creationDate]: expected.creationDate,
    [Attr.architecture]: 'x86_64',
    [Attr.ownerId]: AMAZON_ACCOUNT,
    [Attr.description]: expected.description,
    [Attr.platformDetails]: 'Linux/UNIX',
    [Attr.rootDeviceName]: '/dev/xvda',
    [Attr.rootDeviceType]: 'ebs',
    [Attr.virtualizationType]: 'hvm',
    [Attr.deprecationTime]: expected.deprecationTime,
    [Attr.bootMode]: 'uefi-preferred',
    [Attr.enaSupport]: 'true',
    [Attr.imdsSupport]: '',
    [Attr.tpmSupport]: '',
    [Attr.rootVolumeSize]: '8',
    [Attr.rootVolumeType]: 'gp3',
    // The catalog's account has Allowed AMIs off: EC2 leaves the field out.
    [Attr.imageAllowed]: '',
    [Attr.previousImageId]: '',
    [Attr.resolvedFrom]: 'query',
  });
  expect(ec2.requests[0].params).toMatchObject({
    'Action': 'DescribeImages',
    'Owner.1': 'amazon',
    'MaxResults': '1000',
    'Filter.1.Name': 'architecture',
  });
});

test('pinning to an owner keeps out a newer look-alike published by a stranger', async () => {
  const filters = { name: ['al2023-ami-2023.*-x86_64'] };
  const pinned = onlyResponse((await invoke('Create', lookupProps(['amazon'], filters))).run);
  expect(pinned.Data[Attr.ownerId]).toBe(AMAZON_ACCOUNT);
  cfn.received.length = 0;
  const unpinned = onlyResponse((await invoke('Create', lookupProps([], filters, { [Prop.owners]: undefined, [Prop.allowUnpinnedOwner]: 'true' }))).run);
  expect(unpinned.Data[Attr.ownerId]).toBe(SQUATTER_ACCOUNT);
});

test('a private image of the own account, by tag', async () => {
  const body = onlyResponse((await invoke('Create', lookupProps(['self'], { 'tag:team': ['platform'] }))).run);
  expect(body.Data[Attr.imageName]).toBe('golden-al2023-2026.11.20');
});

test('pages through 2,345 images in ceil(N/1000) calls and picks the best, in any response order', async () => {
  const { images, best } = bulkCatalog(2345);
  for (const seed of [undefined, 7]) {
    await ec2.close();
    ec2 = await Ec2Double.start({ images, now: CATALOG_NOW, accountId: OWN_ACCOUNT, shuffleSeed: seed });
    cfn.received.length = 0;
    const body = onlyResponse((await invoke('Create', lookupProps(['self'], { name: ['bulk-image-*'] }))).run);
    expect(body.Data.ImageId).toBe(best);
    expect(ec2.describeImagesCalls).toBe(3);
    expect(ec2.requests.map((r) => r.params.NextToken === undefined)).toEqual([true, false, false]);
  }
});

test('no match: FAILED, echoing the effective query and the count', async () => {
  const body = onlyResponse((await invoke('Create', lookupProps(['amazon'], { name: ['no-such-image-*'] }))).run);
  expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'AmiLookup-CreateFailed' });
  expect(readStageReport(body.Reason)).toEqual({ pages: 1, counts: { api: 0, allowed: 0, namePattern: 0, age: 0, denyList: 0, deprecation: 0 } });
  expect(body.Reason).toContain('; query Owners=[amazon] ExecutableUsers=[] ImageIds=[] IncludeDeprecated=false IncludeDisabled=false '
    + 'Filters={image-type=[machine], name=[no-such-image-*], state=[available]}');
});

test('an EC2 error response: FAILED with its code and message', async () => {
  const body = onlyResponse((await invoke('Create', { [Prop.imageIds]: ['ami-0fffffffffffffff0'] })).run);
  expect(body).toMatchObject({ Status: 'FAILED', Reason: "DescribeImages failed on page 1: InvalidAMIID.NotFound: The image id '[ami-0fffffffffffffff0]' does not exist" });
  expect(ec2.requests[0].params.MaxResults).toBeUndefined();
});

test('throttling is retried with back-off and then succeeds', async () => {
  const throttle = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;
  ec2.inject(throttle, throttle);
  const body = onlyResponse((await invoke('Create', lookupProps(['amazon'], { name: ['Windows_Server-2022-English-Full-Base-*'] }))).run);
  expect(body.Status).toBe('SUCCESS');
  expect(body.Data[Attr.platformDetails]).toBe('Windows');
  expect(ec2.describeImagesCalls).toBe(3);
});

test('an EC2 request that never answers: FAILED before the function times out', async () => {
  ec2.inject({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
  const { run } = await invoke('Create', lookupProps(['amazon'], { name: ['x'] }), {}, 4_000);
  const body = onlyResponse(run);
  expect(body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^the lookup did not finish within its [23] s deadline; DescribeImages had answered 0 page\(s\) with 0 image\(s\) in [2-4] attempt\(s\), the last failed attempt with a request timeout$/) });
});

test('invalid properties: FAILED with a precise reason and zero EC2 calls', async () => {
  const body = onlyResponse((await invoke('Create', lookupProps(['amazon'], { name: ['x'] }, { [Prop.includeDeprecated]: 'TRUE' }))).run);
  expect(body).toMatchObject({ Status: 'FAILED', Reason: 'invalid properties: IncludeDeprecated must be "true" or "false", got "TRUE"' });
  expect(ec2.requests).toHaveLength(0);
});

test('Delete succeeds with zero EC2 calls, also after a failed Create', async () => {
  for (const id of ['ami-0a1b2c3d4e5f60001', 'AmiLookup-CreateFailed']) {
    cfn.received.length = 0;
    const body = onlyResponse((await invoke('Delete', { [Prop.owners]: 'not even valid' }, { PhysicalResourceId: id })).run);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id });
  }
  expect(ec2.requests).toHaveLength(0);
});

test('Update re-runs the lookup and may move to a new image', async () => {
  const props = lookupProps(['amazon'], { name: ['al2023-ami-minimal-*-arm64'] });
  const body = onlyResponse((await invoke('Update', props, { OldResourceProperties: lookupProps(['amazon'], { name: ['al2023-ami-2023.*-arm64'] }) })).run);
  expect(body.Status).toBe('SUCCESS');
  expect(body.Data[Attr.imageName]).toMatch(/^al2023-ami-minimal-.*-arm64$/);
  expect(ec2.describeImagesCalls).toBe(1);
});

test('the same event delivered twice gets byte-identical responses', async () => {
  const props = lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] });
  await invoke('Create', props);
  await invoke('Create', props);
  expect(cfn.received).toHaveLength(2);
  expect(cfn.received[0].body).toBe(cfn.received[1].body);
});

test('logs are JSON lines without the response URL or credentials', async () => {
  ec2.inject({ kind: 'error', status: 400, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
  cfn.failNext(500);
  const { run } = await invoke('Create', lookupProps(['amazon'], { name: ['x'] }));
  expect(run.outcome).toBe('returned');
  expect(cfn.accepted).toHaveLength(1);
  const logs = run.logs.join('\n');
  expect(run.logs.every((l) => { try { JSON.parse(l); return true; } catch { return false; } })).toBe(true);
  for (const secret of ['SECRETSIGNATURE', 'cfn-response', 'X-Amz-Signature', 'wJalrXUtnFEMI', 'AKIAIOSFODNN7EXAMPLE', 'EXAMPLESESSIONTOKEN']) {
    expect(logs).not.toContain(secret);
  }
});
