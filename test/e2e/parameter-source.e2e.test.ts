/**
 * The parameter source through the bundled asset (Node.js 24 in CI), against the SSM and EC2
 * doubles: create, refresh and rollback while the parameter moves, the soak rule for a parameter
 * with history and for a public one, a cross-region parameter, an assumed role, a shared parameter
 * by ARN, and the faults: a value that is not an image ID, a SecureString, an image that is gone, a
 * parameter that does not exist, throttling.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent } from '../../devkit/events';
import { ASSET_DIR, invokeAsset, Invocation } from '../../devkit/invoke-asset';
import { FakeParameter, SsmDouble } from '../../devkit/ssm-double';
import { StsDouble } from '../../devkit/sts-double';
import { asCloudFormationSends, lookupProperties } from '../../src/shared/lookup-properties';
import { GivenSettings, lookupSettings } from '../../src/shared/settings';
import { Attr, Prop } from '../../src/shared/wire';

jest.setTimeout(60_000);

const NOW = Date.now();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW - days * DAY);
const image = (n: number, days: number, extra: Partial<FakeImage> = {}): FakeImage => ({
  imageId: `ami-0${String(n).padStart(16, '0')}`,
  name: `al2023-ami-2023.${n}`,
  ownerId: '137112412989',
  creationDate: ago(days).toISOString(),
  architecture: 'x86_64',
  ...extra,
});
const A = image(1, 40);
const B = image(2, 2);
const ARM = image(3, 10, { architecture: 'arm64' });
const DISABLED = image(4, 10, { state: 'disabled' });
const GONE = 'ami-0ffffffffffffffff';

const PUBLIC = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
const publicParameter = (...ids: string[]): FakeParameter => ({ name: PUBLIC, dataType: 'aws:ec2:image', versions: ids.map((value) => ({ value })) });
const GOLDEN: FakeParameter = {
  name: '/images/golden',
  dataType: 'aws:ec2:image',
  versions: [{ value: A.imageId, lastModified: ago(30) }, { value: B.imageId, lastModified: ago(2) }],
};
const CENTRAL = '999988887777';
const SHARED: FakeParameter = { name: '/images/central', accountId: CENTRAL, dataType: 'aws:ec2:image', versions: [{ value: A.imageId }] };
const SHARED_ARN = `arn:aws:ssm:us-east-1:${CENTRAL}:parameter/images/central`;
const ROLE = 'arn:aws:iam::999988887777:role/image-reader';

let ec2: Ec2Double;
let ssm: SsmDouble;
let sts: StsDouble;
let cfn: CfnResponseEndpoint;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: [A, B, ARM, DISABLED], accountId: OWN_ACCOUNT });
  ssm = await SsmDouble.start({ parameters: [], accountId: OWN_ACCOUNT });
  sts = await StsDouble.start([ROLE]);
  cfn = await CfnResponseEndpoint.start();
});
afterAll(async () => {
  await Promise.all([ec2.close(), ssm.close(), sts.close(), cfn.close()]);
});

const props = (given: GivenSettings) => asCloudFormationSends(lookupProperties(lookupSettings(given))) as Record<string, unknown>;
const sent = (p: Record<string, unknown>) => cfnEvent('Create', p, 'http://unused').ResourceProperties;

interface Answer { readonly body: any; readonly run: Invocation }
async function send(type: string, p: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Answer> {
  const before = cfn.received.length;
  const run = await invokeAsset(cfnEvent(type, p, cfn.responseUrl, extra), {
    ec2Endpoint: ec2.url,
    env: { AWS_ENDPOINT_URL_SSM: ssm.url, AWS_ENDPOINT_URL_STS: sts.url },
  });
  expect(run.outcome).toBe('returned');
  expect(cfn.received).toHaveLength(before + 1);
  return { body: cfn.received[before].json, run };
}
const create = (p: Record<string, unknown>) => send('Create', p);
const update = (p: Record<string, unknown>, old: Record<string, unknown>, physicalId: string) =>
  send('Update', p, { OldResourceProperties: sent(old), PhysicalResourceId: physicalId });
const held = (a: Answer) => a.body.Data?.[Attr.imageId];
const failed = (a: Answer) => {
  expect(a.body.Status).toBe('FAILED');
  // SSM's errors come from ssm-reader.js, a bundle of its own: they are still the user's to act on, never "internal error: UserFacingError".
  expect(a.body.Reason).not.toMatch(/internal error|UserFacingError/);
  return a.body.Reason as string;
};

describe('pinned like a query', () => {
  test('create reads the parameter, a refresh follows it, a rollback restores the exact prior image without reading it', async () => {
    ssm.setParameters([publicParameter(A.imageId)]);
    const P1 = props({ sourceParameter: PUBLIC });
    const P2 = { ...P1, [Prop.refreshToken]: 'every P7D from 2026-12-01' };
    const created = await create(P1);
    expect(held(created)).toBe(A.imageId);
    expect(created.body.Data).toMatchObject({ [Attr.resolvedFrom]: 'parameter', [Attr.imageName]: A.name, [Attr.previousImageId]: '' });

    ssm.setParameters([publicParameter(A.imageId, B.imageId)]);
    const refreshed = await update(P2, P1, created.body.PhysicalResourceId);
    expect(held(refreshed)).toBe(B.imageId);
    expect(refreshed.body.Data[Attr.previousImageId]).toBe(A.imageId);

    const calls = ssm.getParameterCalls;
    const rolledBack = await update(P1, P2, refreshed.body.PhysicalResourceId);
    expect(held(rolledBack)).toBe(A.imageId);
    expect(rolledBack.body.Data[Attr.resolvedFrom]).toBe('restored');
    expect(ssm.getParameterCalls).toBe(calls);
  });

  test('an update with the same properties keeps the pin though the parameter moved', async () => {
    ssm.setParameters([publicParameter(A.imageId)]);
    const P = props({ sourceParameter: PUBLIC });
    const created = await create(P);
    ssm.setParameters([publicParameter(A.imageId, B.imageId)]);
    const again = await update(P, P, created.body.PhysicalResourceId);
    expect(held(again)).toBe(A.imageId);
  });
});

describe('the soak rule (minAge)', () => {
  test('a parameter with history: the newest value that has stood for minAge, read from GetParameterHistory', async () => {
    ssm.setParameters([GOLDEN]);
    const before = ssm.historyCalls.length;
    const a = await create(props({ sourceParameter: '/images/golden', minAgeSeconds: 7 * 86_400 }));
    expect(held(a)).toBe(A.imageId);
    expect(ssm.historyCalls.length).toBe(before + 1);
    const b = await create(props({ sourceParameter: '/images/golden', minAgeSeconds: 86_400 }));
    expect(held(b)).toBe(B.imageId);
  });

  test('a public parameter has no history: minAge judges the image; too young fails a create and keeps a held image', async () => {
    ssm.setParameters([publicParameter(B.imageId)]);
    const before = ssm.historyCalls.length;
    const P = props({ sourceParameter: PUBLIC, minAgeSeconds: 7 * 86_400 });
    expect(failed(await create(P))).toMatch(new RegExp(`no image selected: image ${B.imageId}, the value of parameter ${PUBLIC} \\(version 1\\), is too young for minAge \\(604800 s\\)`));
    expect(ssm.historyCalls.length).toBe(before);

    ssm.setParameters([publicParameter(A.imageId)]);
    const created = await create(P);
    expect(held(created)).toBe(A.imageId);
    ssm.setParameters([publicParameter(A.imageId, B.imageId)]);
    const P2 = { ...P, [Prop.refreshToken]: 'r2' };
    const kept = await update(P2, P, created.body.PhysicalResourceId);
    expect(held(kept)).toBe(A.imageId);
    expect(kept.body.Data[Attr.resolvedFrom]).toBe('restored');
    expect(kept.run.logs.join('\n')).toMatch(/held image kept/);
  });
});

describe('where it is read', () => {
  test('a cross-region lookup reads the parameter in its region', async () => {
    ssm.setParameters([publicParameter(A.imageId)]);
    const a = await create(props({ sourceParameter: PUBLIC, region: 'eu-west-1' }));
    expect(held(a)).toBe(A.imageId);
    expect(ssm.calls[ssm.calls.length - 1].region).toBe('eu-west-1');
  });

  test('with lookupRoleArn, the assumed role reads the shared parameter by its ARN', async () => {
    ssm.setParameters([SHARED]);
    const a = await create(props({ sourceParameter: SHARED_ARN, lookupRoleArn: ROLE }));
    expect(held(a)).toBe(A.imageId);
    expect(ssm.calls[ssm.calls.length - 1].accessKeyId).toBe(StsDouble.accessKeyFor(ROLE));
  });

  test('a shared parameter by its plain name is not found, and the reason says to use the ARN', async () => {
    ssm.setParameters([SHARED]);
    expect(failed(await create(props({ sourceParameter: '/images/central' })))).toMatch(/parameter \/images\/central not found \(a parameter shared from another account is read by its full ARN\)/);
  });
});

describe('faults', () => {
  test.each([
    ['a value that is not an image ID', { name: '/images/bad', versions: [{ value: 'hello' }] },
      /parameter \/images\/bad \(type String, data type text\) holds "hello", which is not an image ID/],
    ['a SecureString', { name: '/images/secret', type: 'SecureString', versions: [{ value: A.imageId }] },
      /parameter \/images\/secret is a SecureString; an image ID is not a secret/],
    ['a StringList', { name: '/images/list', type: 'StringList', versions: [{ value: `${A.imageId},${B.imageId}` }] },
      /parameter \/images\/list \(type StringList, data type text\) holds .*, which is not an image ID/],
  ] as Array<[string, FakeParameter, RegExp]>)('%s: FAILED, naming the parameter', async (_, parameter, reason) => {
    ssm.setParameters([parameter]);
    expect(failed(await create(props({ sourceParameter: parameter.name })))).toMatch(reason);
  });

  test('an image that is gone: FAILED, unless there is a fallback', async () => {
    ssm.setParameters([publicParameter(GONE)]);
    expect(failed(await create(props({ sourceParameter: PUBLIC })))).toMatch(new RegExp(`image ${GONE}, the value of parameter ${PUBLIC} \\(version 1\\), was not found: deregistered, or not shared with this account`));
    const fallback = await create(props({ sourceParameter: PUBLIC, fallbackImageId: A.imageId }));
    expect(held(fallback)).toBe(A.imageId);
    expect(fallback.body.Data[Attr.resolvedFrom]).toBe('fallback');
  });

  test('a disabled image, and one of another architecture than instanceType runs', async () => {
    ssm.setParameters([publicParameter(DISABLED.imageId)]);
    expect(failed(await create(props({ sourceParameter: PUBLIC })))).toMatch(/is disabled, and cannot launch/);
    ssm.setParameters([publicParameter(ARM.imageId)]);
    expect(failed(await create(props({ sourceParameter: PUBLIC, architecture: 'x86_64' })))).toMatch(/runs arm64, but instanceType needs x86_64/);
  });

  test('a parameter that does not exist, and a version that does not', async () => {
    ssm.setParameters([publicParameter(A.imageId)]);
    expect(failed(await create(props({ sourceParameter: '/images/none' })))).toMatch(/^GetParameter: parameter \/images\/none not found/);
    expect(failed(await create(props({ sourceParameter: `${PUBLIC}:9` })))).toMatch(/^GetParameter: parameter \S+:9 has no such version or label$/);
  });

  test('throttling is retried', async () => {
    ssm.setParameters([publicParameter(A.imageId)]);
    ssm.throttle(2);
    expect(held(await create(props({ sourceParameter: PUBLIC })))).toBe(A.imageId);
  });

  test('the SSM client is a file of its own beside the handler, which loads it only for a parameter source', () => {
    const handler = readFileSync(path.join(ASSET_DIR, 'index.js'), 'utf8');
    expect(handler).not.toMatch(/AmazonSSM\.GetParameter/);
    expect(handler.match(/require\("\.\/ssm-reader\.js"\)/g)).toHaveLength(1);
    expect(readFileSync(path.join(ASSET_DIR, 'ssm-reader.js'), 'utf8')).toMatch(/GetParameterHistory/);
  });
});
