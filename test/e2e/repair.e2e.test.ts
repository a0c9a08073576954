/**
 * Repair at deploy, through the bundled asset: every deploy with `Repair` on sends an Update with the
 * same properties but a new RepairToken. The held image is checked with one DescribeImages by ID;
 * while it can launch the answer is the last one, byte for byte; when it cannot, the lookup picks
 * again and the dead image becomes PreviousImageId.
 */
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { FakeImage } from '../../devkit/ec2-double';
import { lookupProps } from '../../devkit/events';
import { SsmDouble } from '../../devkit/ssm-double';
import { Attr, Prop, REPAIRS } from '../../src/shared/wire';
import { Answer, deploysPerTest, SendOptions } from '../support/deploys';

jest.setTimeout(90_000);

const VENDOR = '444455556666';
const DAY = 86_400_000;
const image = (n: number, extra: Partial<FakeImage> = {}): FakeImage => ({
  imageId: `ami-0${String(n).padStart(16, '0')}`,
  name: `app-1.${n}`,
  ownerId: OWN_ACCOUNT,
  creationDate: new Date(Date.UTC(2026, 9, n)).toISOString(),
  architecture: 'x86_64',
  description: `release 1.${n}`,
  ...extra,
});
const A = image(1);
const B = image(2);

/** A lookup with repair at `level`; `token` stands for the synth time the construct writes. */
const repairing = (token: string, level: string = REPAIRS.cannotLaunch, extra: Record<string, unknown> = {}) =>
  lookupProps(['self'], { name: ['app-*'] }, { [Prop.repair]: level, [Prop.repairToken]: token, ...extra });

const deploys = deploysPerTest({ images: [A], accountId: OWN_ACCOUNT });
const ec2 = () => deploys().ec2;

const send = (type: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}, options: SendOptions = {}) =>
  deploys().send(type, props, extra, options);
const create = (props: Record<string, unknown>) => deploys().create(props);
/** The next deploy: CloudFormation's Update from the last deploy's properties. */
const deploy = (props: Record<string, unknown>, old: Record<string, unknown>, physicalId: string, options: SendOptions = {}) =>
  deploys().update(props, old, physicalId, options);
const logsOf = (a: Answer) => a.run.logs.map((l) => JSON.parse(l));
const replaced = (a: Answer) => logsOf(a).filter((e) => e.message === 'held image replaced');

test('a held image that can still launch: the same physical ID and byte-identical Data, for one DescribeImages call', async () => {
  const created = await create(repairing('t1'));
  ec2().setImages([A, B]);
  const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
  expect(next.body.Status).toBe('SUCCESS');
  expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
  expect(JSON.stringify(next.body.Data)).toBe(JSON.stringify(created.body.Data));
  expect(next.calls).toBe(1);
  expect(next.run.nodeVersion).toMatch(process.env.CI ? /^v24\./ : /^v\d+\./);
  const request = ec2().requests[ec2().requests.length - 1].params;
  expect(request).toMatchObject({ 'ImageId.1': A.imageId, 'IncludeDeprecated': 'true', 'IncludeDisabled': 'true' });
  expect(request['Owner.1']).toBeUndefined();
  expect(replaced(next)).toEqual([]);
});

test('without repair, a deploy with the same properties does not check: it is the plain hold (and sends no Update at all in real life)', async () => {
  const plain = lookupProps(['self'], { name: ['app-*'] });
  const created = await create(plain);
  ec2().setImages([{ ...A, state: 'disabled' }, B]);
  const next = await deploy(plain, plain, created.body.PhysicalResourceId);
  expect(next.body.Data[Attr.imageId]).toBe(A.imageId);
  expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
});

describe.each([
  ['deregistered', (imgs: FakeImage[]) => imgs.filter((i) => i.imageId !== A.imageId), 'cannot launch: deregistered, or no longer shared with this account'],
  ['deregistered, still listed as such', (imgs: FakeImage[]) => imgs.map((i) => (i.imageId === A.imageId ? { ...i, state: 'deregistered' } : i)),
    'cannot launch: deregistered, or no longer shared with this account'],
  ['disabled', (imgs: FakeImage[]) => imgs.map((i) => (i.imageId === A.imageId ? { ...i, state: 'disabled' } : i)), 'cannot launch: disabled'],
  ['refused by Allowed AMIs', (imgs: FakeImage[]) => imgs.map((i) => (i.imageId === A.imageId ? { ...i, imageAllowed: false } : i)),
    'cannot launch: not allowed by Allowed AMIs'],
])('a held image %s', (_, kill, why) => {
  test('is re-picked: the dead image becomes PreviousImageId, and the log says why in one line', async () => {
    const created = await create(repairing('t1'));
    ec2().setImages(kill([A, B]));
    const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('SUCCESS');
    expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.previousImageId]: A.imageId, [Attr.resolvedFrom]: 'query', [Attr.imageName]: B.name });
    expect(next.body.PhysicalResourceId).not.toBe(created.body.PhysicalResourceId);
    expect(replaced(next)).toEqual([expect.objectContaining({ level: 'WARN', imageId: A.imageId, why })]);
    // The next deploy holds B, unchanged.
    const after = await deploy(repairing('t3'), repairing('t2'), next.body.PhysicalResourceId);
    expect(after.body.PhysicalResourceId).toBe(next.body.PhysicalResourceId);
    expect(JSON.stringify(after.body.Data)).toBe(JSON.stringify(next.body.Data));
  });
});

test('a held image no longer shared with the account is re-picked', async () => {
  const shared = (n: number, accounts: string[]) => image(n, { ownerId: VENDOR, isPublic: false, launchPermissions: accounts });
  ec2().setImages([shared(1, [OWN_ACCOUNT])]);
  const vendor = (token: string) => lookupProps([VENDOR], { name: ['app-*'] }, { [Prop.repair]: REPAIRS.cannotLaunch, [Prop.repairToken]: token });
  const created = await create(vendor('t1'));
  expect(created.body.Data[Attr.imageId]).toBe(A.imageId);
  ec2().setImages([shared(1, []), shared(2, [OWN_ACCOUNT])]);
  const next = await deploy(vendor('t2'), vendor('t1'), created.body.PhysicalResourceId);
  expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.previousImageId]: A.imageId });
  expect(replaced(next)).toEqual([expect.objectContaining({ why: 'cannot launch: deregistered, or no longer shared with this account' })]);
});

describe('a deprecated held image', () => {
  const deprecated = { ...A, deprecationTime: new Date(Date.now() - DAY).toISOString() };
  const soon = { ...A, deprecationTime: new Date(Date.now() + 10 * DAY).toISOString() };

  test('still launches, so cannot-launch keeps it, byte for byte', async () => {
    const created = await create(repairing('t1'));
    ec2().setImages([{ ...deprecated, description: A.description }, B]);
    const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
    expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    expect(next.body.Data[Attr.imageId]).toBe(A.imageId);
    // EC2 now reports the deprecation time: the one attribute that changed, because the image did.
    expect(next.body.Data).toEqual({ ...created.body.Data, [Attr.deprecationTime]: deprecated.deprecationTime });
  });

  test('the deprecated level re-picks it', async () => {
    const created = await create(repairing('t1', REPAIRS.deprecated));
    ec2().setImages([deprecated, B]);
    const next = await deploy(repairing('t2', REPAIRS.deprecated), repairing('t1', REPAIRS.deprecated), created.body.PhysicalResourceId);
    expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.previousImageId]: A.imageId });
    expect(replaced(next)).toEqual([expect.objectContaining({ why: `is deprecated since ${deprecated.deprecationTime}` })]);
  });

  test('the deprecated level with a period: an image deprecating in 10 days is re-picked within 14 days, kept within 7', async () => {
    const level = (t: string, days: number) => repairing(t, REPAIRS.deprecated, { [Prop.repairWithinSeconds]: String(days * 86_400) });
    const created = await create(level('t1', 14));
    ec2().setImages([soon, B]);
    const kept = await deploy(level('t2', 7), level('t1', 14), created.body.PhysicalResourceId);
    expect(kept.body.Data[Attr.imageId]).toBe(A.imageId);
    expect(kept.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    const next = await deploy(level('t3', 14), level('t2', 7), kept.body.PhysicalResourceId);
    expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.previousImageId]: A.imageId });
    expect(replaced(next)[0].why).toMatch(/^deprecates at .*, within RepairWithinSeconds \(1209600 s\)$/);
  });

  test('the deprecated level keeps it when nothing else can be picked: a deprecated image still launches', async () => {
    const created = await create(repairing('t1', REPAIRS.deprecated, { [Prop.fallbackImageId]: B.imageId }));
    ec2().setImages([deprecated, { ...B, name: 'other-1' }]);
    const next = await deploy(repairing('t2', REPAIRS.deprecated, { [Prop.fallbackImageId]: B.imageId }),
      repairing('t1', REPAIRS.deprecated, { [Prop.fallbackImageId]: B.imageId }), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('SUCCESS');
    expect(next.body.Data[Attr.imageId]).toBe(A.imageId);
    expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    expect(logsOf(next).some((e) => e.message === 'held image kept: nothing else to pick')).toBe(true);
  });
});

describe('a dead image with nothing left to pick', () => {
  test('with a fallback: the fallback image', async () => {
    const props = (t: string) => repairing(t, REPAIRS.cannotLaunch, { [Prop.fallbackImageId]: B.imageId });
    const created = await create(props('t1'));
    ec2().setImages([{ ...A, state: 'disabled' }, { ...B, name: 'other-1' }]);
    const next = await deploy(props('t2'), props('t1'), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('SUCCESS');
    expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.resolvedFrom]: 'fallback', [Attr.previousImageId]: A.imageId });
  });

  test('without one: FAILED, naming the dead image, why it cannot launch, and the stage report', async () => {
    const created = await create(repairing('t1'));
    ec2().setImages([{ ...A, state: 'disabled' }]);
    const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('FAILED');
    expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    expect(next.body.Reason).toMatch(new RegExp(`^held image ${A.imageId} cannot launch: disabled, and no image selected: EC2 returned 0 image\\(s\\) in 1 page\\(s\\); kept by Allowed AMIs 0, .*; query Owners=\\[self\\]`));
  });

  test('even when the query takes disabled images, the dead image is not picked again', async () => {
    const props = (t: string) => lookupProps(['self'], { name: ['app-*'], state: ['available', 'disabled'] },
      { [Prop.includeDisabled]: 'true', [Prop.repair]: REPAIRS.cannotLaunch, [Prop.repairToken]: t });
    const created = await create(props('t1'));
    ec2().setImages([{ ...A, state: 'disabled' }]);
    const next = await deploy(props('t2'), props('t1'), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('FAILED');
    expect(next.body.Reason).toMatch(/kept by Allowed AMIs 1, by name pattern 1, by age 1, by deny-list 0/);
  });
});

test('a rollback after a repair keeps the repaired pin: the dead image is never restored', async () => {
  const created = await create(repairing('t1'));
  ec2().setImages([{ ...A, state: 'disabled' }, B]);
  const repaired = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
  expect(repaired.body.Data[Attr.imageId]).toBe(B.imageId);
  // Another resource in that deploy failed: CloudFormation sends the last deploy's properties (the old
  // repair token) with the repaired physical ID.
  const rolledBack = await deploy(repairing('t1'), repairing('t2'), repaired.body.PhysicalResourceId);
  expect(rolledBack.body.Status).toBe('SUCCESS');
  expect(rolledBack.body.Data[Attr.imageId]).toBe(B.imageId);
  expect(rolledBack.body.PhysicalResourceId).toBe(repaired.body.PhysicalResourceId);
  expect(JSON.stringify(rolledBack.body.Data)).toBe(JSON.stringify(repaired.body.Data));
});

test('a rollback to properties whose image died meanwhile picks again with those properties instead of restoring it', async () => {
  const v1 = repairing('t1');
  const v2 = repairing('t2', REPAIRS.cannotLaunch, { [Prop.rank]: '1' });
  ec2().setImages([A, B]);
  const created = await create(v1);
  expect(created.body.Data[Attr.imageId]).toBe(B.imageId);
  const changed = await deploy(v2, v1, created.body.PhysicalResourceId);
  expect(changed.body.Data[Attr.imageId]).toBe(A.imageId);
  const C = image(3);
  ec2().setImages([A, { ...B, state: 'disabled' }, C]);
  const rolledBack = await deploy(v1, v2, changed.body.PhysicalResourceId);
  // The image held as the rollback arrived (A) is the previous one, so a later revert to v2 still brings it back.
  expect(rolledBack.body.Data).toMatchObject({ [Attr.imageId]: C.imageId, [Attr.previousImageId]: A.imageId });
  expect(rolledBack.run.logs.map((l) => JSON.parse(l)).find((e) => e.message === 'held image replaced'))
    .toMatchObject({ imageId: B.imageId, why: 'cannot launch: disabled', by: C.imageId });
  const reverted = await deploy(v2, v1, rolledBack.body.PhysicalResourceId);
  expect(reverted.body.Data[Attr.imageId]).toBe(A.imageId);
});

describe('EC2 throttling during the check is never taken for a dead image', () => {
  const throttle = { kind: 'error', status: 400, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;

  test('the SDK retries, and the held image is kept, byte for byte', async () => {
    const created = await create(repairing('t1'));
    ec2().inject(throttle, throttle, throttle);
    const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId);
    expect(next.body.Status).toBe('SUCCESS');
    expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    expect(JSON.stringify(next.body.Data)).toBe(JSON.stringify(created.body.Data));
    expect(next.calls).toBe(4);
  });

  test('throttled until the deadline: the pin is kept, and the log says so', async () => {
    const created = await create(repairing('t1'));
    ec2().inject(...Array.from({ length: 500 }, () => throttle));
    const next = await deploy(repairing('t2'), repairing('t1'), created.body.PhysicalResourceId, { timeoutMs: 12_000 });
    expect(next.body.Status).toBe('SUCCESS');
    expect(next.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
    expect(next.body.Data[Attr.imageId]).toBe(A.imageId);
    // The SDK's own retries, with backoff, until shortly before the deadline.
    expect(next.calls).toBeGreaterThanOrEqual(3);
    const kept = logsOf(next).find((e) => e.message === 'held image kept without attributes: its check failed');
    expect(kept).toMatchObject({ level: 'WARN', imageId: A.imageId, why: expect.stringMatching(/RequestLimitExceeded.*\(\d+ tries in \d+ s\)$/) });
    expect(replaced(next)).toEqual([]);
  });
});

test('a parameter source: a dead held image is re-picked from the parameter\'s value now', async () => {
  const name = '/images/app';
  const parameter = (...values: string[]) => ({ name, dataType: 'aws:ec2:image' as const, versions: values.map((value) => ({ value })) });
  const ssm = await SsmDouble.start({ parameters: [parameter(A.imageId)], accountId: OWN_ACCOUNT });
  try {
    const props = (t: string) => ({
      ...lookupProps([], {}),
      [Prop.sourceParameter]: name,
      [Prop.repair]: REPAIRS.cannotLaunch,
      [Prop.repairToken]: t,
    });
    const env = { AWS_ENDPOINT_URL_SSM: ssm.url };
    const created = await send('Create', props('t1'), {}, { env });
    expect(created.body.Data[Attr.imageId]).toBe(A.imageId);
    ec2().setImages([{ ...A, state: 'disabled' }, B]);
    ssm.setParameters([parameter(A.imageId, B.imageId)]);
    const next = await deploy(props('t2'), props('t1'), created.body.PhysicalResourceId, { env });
    expect(next.body.Data).toMatchObject({ [Attr.imageId]: B.imageId, [Attr.resolvedFrom]: 'parameter', [Attr.previousImageId]: A.imageId });
  } finally {
    await ssm.close();
  }
});
