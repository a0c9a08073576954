/**
 * End to end for the selection settings, refresh and cross-region / cross-account lookups: the
 * bundled asset in a fresh process, against the EC2 and STS test doubles on 127.0.0.1.
 */
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { StsDouble } from '../../devkit/sts-double';
import { Attr, Prop } from '../../src/shared/wire';
import { readStageReport } from '../support/stage-report';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const CENTRAL_ROLE = 'arn:aws:iam::444455556666:role/image-reader';

const images: FakeImage[] = [
  { imageId: 'ami-0000000000000001a', name: 'app-2.0.9', ownerId: OWN_ACCOUNT, creationDate: ago(1) },
  { imageId: 'ami-0000000000000002a', name: 'app-2.0.10', ownerId: OWN_ACCOUNT, creationDate: ago(3) },
  { imageId: 'ami-0000000000000003a', name: 'app-2.0.8', ownerId: OWN_ACCOUNT, creationDate: ago(10) },
  { imageId: 'ami-0000000000000004a', name: 'app-2.0.7', ownerId: OWN_ACCOUNT, creationDate: ago(20) },
  { imageId: 'ami-0000000000000005a', name: 'app-1.9.0', ownerId: OWN_ACCOUNT, creationDate: ago(40), deprecationTime: ago(2) },
  { imageId: 'ami-0000000000000009a', name: 'known-good', ownerId: OWN_ACCOUNT, creationDate: ago(400) },
];

let ec2: Ec2Double;
let sts: StsDouble;
let cfn: CfnResponseEndpoint;
beforeEach(async () => {
  ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT });
  sts = await StsDouble.start([CENTRAL_ROLE]);
  cfn = await CfnResponseEndpoint.start();
});
afterEach(async () => {
  await Promise.all([ec2.close(), sts.close(), cfn.close()]);
});

async function lookup(extra: Record<string, unknown>, type = 'Create', eventExtra: Record<string, unknown> = {}) {
  const run = await invokeAsset(cfnEvent(type, lookupProps(['self'], { name: ['app-*'] }, extra), cfn.responseUrl, eventExtra),
    { ec2Endpoint: ec2.url, env: { AWS_ENDPOINT_URL_STS: sts.url } });
  expect(run.outcome).toBe('returned');
  expect(cfn.received).toHaveLength(1);
  return cfn.received[0].json;
}

test('soak period: MinAgeSeconds of 7 days skips the newer releases', async () => {
  const body = await lookup({ [Prop.minAgeSeconds]: String(7 * 86400) });
  expect(body.Data[Attr.imageName]).toBe('app-2.0.8');
});

test('natural-name order with rank 1 (N-1)', async () => {
  const body = await lookup({ [Prop.order]: 'natural-name', [Prop.rank]: '1' });
  expect(body.Data[Attr.imageName]).toBe('app-2.0.9');
});

test('name pattern, age window and deny-list together', async () => {
  const body = await lookup({ [Prop.nameRegex]: '^app-2\\.0\\.\\d+$', [Prop.maxAgeSeconds]: String(15 * 86400), [Prop.excludeImageIds]: ['ami-0000000000000001a'] });
  expect(body.Data[Attr.imageName]).toBe('app-2.0.10');
});

test('deprecated images: preferred against, used as a fallback only when allowed', async () => {
  const onlyDeprecated = { [Prop.nameRegex]: '^app-1\\.', [Prop.includeDeprecated]: 'true' };
  expect((await lookup(onlyDeprecated)).Data[Attr.imageName]).toBe('app-1.9.0');
  cfn.received.length = 0;
  const refused = await lookup({ ...onlyDeprecated, [Prop.fallbackToDeprecated]: 'false' });
  expect(refused.Status).toBe('FAILED');
  expect(readStageReport(refused.Reason)).toMatchObject({
    counts: { allowed: 5, namePattern: 1, age: 1, denyList: 1, deprecation: 0 }, removedBy: 'deprecation',
  });
});

test('fallback image when nothing survives, with ResolvedFrom', async () => {
  const body = await lookup({ [Prop.nameRegex]: '^nothing$', [Prop.fallbackImageId]: 'ami-0000000000000009a' });
  expect(body).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: 'ami-0000000000000009a' } });
  expect(body.Data).toMatchObject({ [Attr.imageName]: 'known-good', [Attr.resolvedFrom]: 'fallback' });
  expect(ec2.requests[1].params['ImageId.1']).toBe('ami-0000000000000009a');
});

test('PreviousImageId on Update', async () => {
  const body = await lookup({}, 'Update', { PhysicalResourceId: 'ami-0000000000000004a', OldResourceProperties: lookupProps(['self'], { name: ['x'] }) });
  expect(body.Data).toMatchObject({ [Attr.previousImageId]: 'ami-0000000000000004a', [Attr.imageName]: 'app-2.0.9' });
});

test('Region sends the lookup to another region', async () => {
  await lookup({ [Prop.region]: 'eu-central-1' });
  expect(ec2.requests.map((r) => r.region)).toEqual(['eu-central-1']);
  cfn.received.length = 0;
  await lookup({});
  expect(ec2.requests.map((r) => r.region)).toEqual(['eu-central-1', 'us-east-1']);
});

test('LookupRoleArn: assumes the role through STS in the region asked for, and calls EC2 there with its credentials', async () => {
  const body = await lookup({ [Prop.lookupRoleArn]: CENTRAL_ROLE, [Prop.region]: 'ap-southeast-2' });
  expect(body.Status).toBe('SUCCESS');
  // STS is signed for the lookup's region (its regional endpoint), not the function's us-east-1.
  expect(sts.calls).toEqual([{ roleArn: CENTRAL_ROLE, sessionName: 'cdk-ami-lookup', durationSeconds: 900, callerAccessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'ap-southeast-2' }]);
  expect(ec2.requests.map((r) => [r.accessKeyId, r.region])).toEqual([[StsDouble.accessKeyFor(CENTRAL_ROLE), 'ap-southeast-2']]);
});

test('LookupRoleArn without a region: STS and EC2 in the function\'s own region', async () => {
  const body = await lookup({ [Prop.lookupRoleArn]: CENTRAL_ROLE });
  expect(body.Status).toBe('SUCCESS');
  expect(sts.calls.map((c) => c.region)).toEqual(['us-east-1']);
  expect(ec2.requests.map((r) => r.region)).toEqual(['us-east-1']);
});

test('a role that cannot be assumed: FAILED with the STS error, and no EC2 call', async () => {
  const body = await lookup({ [Prop.lookupRoleArn]: 'arn:aws:iam::444455556666:role/not-trusted' });
  expect(body.Status).toBe('FAILED');
  expect(body.Reason).toMatch(/^AssumeRole of arn:aws:iam::444455556666:role\/not-trusted failed: AccessDenied: /);
  expect(ec2.requests).toHaveLength(0);
});
