/**
 * The preview and the deployed function agree: one synthesized app with nine lookups (other
 * regions, an assumed role, a fallback, no match, a rank, every order, a soak time) is resolved by
 * the bundled function asset, as CloudFormation would invoke it, and by `preview --app` over the same
 * cloud assembly, against the same EC2 and STS test doubles. Every lookup must pick the same image
 * in the same region.
 */
import { mkdtempSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double } from '../../devkit/ec2-double';
import { cfnEvent, deliveredProperties } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { StsDouble } from '../../devkit/sts-double';
import { AmiLookup, ImageOrder } from '../../src';
import { Attr, RESOURCE_TYPE } from '../../src/shared/wire';
import { cliEnv, runCli } from '../support/run-cli';

jest.setTimeout(120_000);

const CENTRAL_ROLE = 'arn:aws:iam::222233334444:role/image-reader';
const catalog = realisticCatalog();
const al2023 = { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } };

let ec2: Ec2Double;
let sts: StsDouble;
let cfn: CfnResponseEndpoint;
let outdir: string;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT, shuffleSeed: 11 });
  sts = await StsDouble.start([CENTRAL_ROLE]);
  cfn = await CfnResponseEndpoint.start();
  outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-agree-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Agree', { env: { account: '111122223333', region: 'us-east-1' } });
  new AmiLookup(stack, 'Newest', al2023);
  new AmiLookup(stack, 'OtherRegion', { ...al2023, region: 'eu-central-1' });
  new AmiLookup(stack, 'AssumedRole', { ...al2023, lookupRoleArn: CENTRAL_ROLE, region: 'ap-southeast-2' });
  new AmiLookup(stack, 'Fallback', { owners: ['amazon'], nameRegex: '^no-such-name$', fallbackImageId: catalog[0].imageId });
  new AmiLookup(stack, 'NoMatch', { owners: ['amazon'], filters: { name: ['no-such-image-*'] } });
  new AmiLookup(stack, 'RankOne', { ...al2023, rank: 1 });
  new AmiLookup(stack, 'Oldest', { ...al2023, order: ImageOrder.oldestCreationDate() });
  new AmiLookup(stack, 'NaturalName', { owners: ['amazon'], filters: { name: ['Windows_Server-2022-*'] }, order: ImageOrder.naturalName() });
  new AmiLookup(stack, 'Soaked', { ...al2023, minAge: Duration.days(30), includeDeprecated: true });
  app.synth();
});
afterAll(async () => {
  await Promise.all([ec2.close(), sts.close(), cfn.close()]);
});

test('every lookup picks the same image, in the same region, in the function and in the preview', async () => {
  const template = JSON.parse(readFileSync(path.join(outdir, 'Agree.template.json'), 'utf8'));
  const lookups = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === RESOURCE_TYPE);
  expect(lookups.length).toBeGreaterThanOrEqual(8);

  const deployed: Record<string, { image: string | null; region: string }> = {};
  for (const [logicalId, resource] of lookups) {
    const before = ec2.requests.length;
    const event = cfnEvent('Create', deliveredProperties(resource.Properties), cfn.responseUrl, { LogicalResourceId: logicalId });
    await invokeAsset(event, { ec2Endpoint: ec2.url, env: { AWS_ENDPOINT_URL_STS: sts.url } });
    const body = cfn.received[cfn.received.length - 1].json;
    const constructPath = resource.Metadata['aws:cdk:path'].replace(/\/Resource\/Default$/, '');
    deployed[constructPath] = { image: body.Status === 'SUCCESS' ? body.Data[Attr.imageId] : null, region: ec2.requests[before].region };
  }

  const before = ec2.requests.length;
  const preview = await runCli(['preview', '--app', outdir, '--json'], cliEnv(ec2.url, { AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: '' }));
  expect(preview.stderr).toBe('');
  const previewed: Record<string, { image: string | null; region: string }> = {};
  for (const l of JSON.parse(preview.stdout).lookups) previewed[l.path] = { image: l.selected?.imageId ?? null, region: l.region };

  expect(previewed).toEqual(deployed);
  // The cases are what they claim to be.
  expect(deployed['Agree/OtherRegion'].region).toBe('eu-central-1');
  expect(deployed['Agree/AssumedRole'].region).toBe('ap-southeast-2');
  expect(deployed['Agree/Fallback'].image).toBe(catalog[0].imageId);
  expect(deployed['Agree/NoMatch'].image).toBeNull();
  expect(new Set([deployed['Agree/Newest'].image, deployed['Agree/RankOne'].image, deployed['Agree/Oldest'].image]).size).toBe(3);
  expect(deployed['Agree/Soaked'].image).not.toBe(deployed['Agree/Newest'].image);
  // One preview lookup failed to match, so the exit code says so.
  expect(preview.code).toBe(1);
  expect(ec2.requests.slice(before).some((r) => r.accessKeyId === StsDouble.accessKeyFor(CENTRAL_ROLE) && r.region === 'ap-southeast-2')).toBe(true);
});
