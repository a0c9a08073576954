/**
 * Pinning across rollbacks, through the bundled asset: CloudFormation's lifecycle sequences against
 * the EC2 test double, with the catalog changing between events, as it does in real life while a
 * deploy is in flight. After a rollback the resource must hold the image it held before the failed
 * update, exactly, even though a newer image now exists.
 */
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { FakeImage } from '../../devkit/ec2-double';
import { lookupProps } from '../../devkit/events';
import { Attr, Prop } from '../../src/shared/wire';
import { Answer, deploysPerTest } from '../support/deploys';

jest.setTimeout(60_000);

const image = (n: number, day: number): FakeImage => ({
  imageId: `ami-0${String(n).padStart(16, '0')}`,
  name: `app-1.${n}`,
  ownerId: OWN_ACCOUNT,
  creationDate: new Date(Date.UTC(2026, 9, day)).toISOString(),
  architecture: 'x86_64',
  description: `release 1.${n}`,
});
const A = image(1, 1);
const B = image(2, 2);
const C = image(3, 3);
const D = image(4, 4);

const P1 = lookupProps(['self'], { name: ['app-*'] });
const P2 = { ...P1, [Prop.refreshToken]: 'every P7D from 2026-10-02T00:00:00.000Z' };
const P3 = { ...P1, [Prop.refreshToken]: 'every P7D from 2026-10-09T00:00:00.000Z' };
const NOTHING = lookupProps(['self'], { name: ['nothing-*'] });

const deploys = deploysPerTest({ images: [A], accountId: OWN_ACCOUNT });
const ec2 = () => deploys().ec2;

const send = (type: string, props: Record<string, unknown>, extra: Record<string, unknown> = {}) => deploys().send(type, props, extra);
const create = (props: Record<string, unknown>) => deploys().create(props);
const update = (props: Record<string, unknown>, old: Record<string, unknown>, physicalId: string) => deploys().update(props, old, physicalId);
const held = (a: Answer) => a.body.Data[Attr.imageId];

test('create -> update -> rollback: the created image comes back, not the newest', async () => {
  const created = await create(P1);
  expect(held(created)).toBe(A.imageId);
  ec2().setImages([A, B]);
  const updated = await update(P2, P1, created.body.PhysicalResourceId);
  expect(held(updated)).toBe(B.imageId);
  ec2().setImages([A, B, C]);
  // Another resource failed: CloudFormation sends the original properties with the current physical ID.
  const rolledBack = await update(P1, P2, updated.body.PhysicalResourceId);
  expect(rolledBack.body.Status).toBe('SUCCESS');
  expect(held(rolledBack)).toBe(A.imageId);
  expect(rolledBack.body.Data).toMatchObject({ [Attr.imageName]: A.name, [Attr.resolvedFrom]: 'restored', [Attr.previousImageId]: B.imageId });
  // Restoring describes the image by its ID; it never runs the query again.
  const last = ec2().requests[ec2().requests.length - 1].params;
  expect(last['ImageId.1']).toBe(A.imageId);
  expect(last['Owner.1']).toBeUndefined();
});

test('create -> update -> update -> rollback: the image before the failed update comes back', async () => {
  const created = await create(P1);
  ec2().setImages([A, B]);
  const first = await update(P2, P1, created.body.PhysicalResourceId);
  ec2().setImages([A, B, C]);
  const second = await update(P3, P2, first.body.PhysicalResourceId);
  expect([held(created), held(first), held(second)]).toEqual([A.imageId, B.imageId, C.imageId]);
  ec2().setImages([A, B, C, D]);
  const rolledBack = await update(P2, P3, second.body.PhysicalResourceId);
  expect(held(rolledBack)).toBe(B.imageId);
  expect(rolledBack.body.Data[Attr.previousImageId]).toBe(C.imageId);
});

test('Refresh.every() turning over, then a rollback: the image of the earlier period comes back', async () => {
  // P2 and P3 differ only in the RefreshToken that Refresh.every() writes for each period.
  ec2().setImages([A, B]);
  const created = await create(P2);
  expect(held(created)).toBe(B.imageId);
  ec2().setImages([A, B, C]);
  const turned = await update(P3, P2, created.body.PhysicalResourceId);
  expect(held(turned)).toBe(C.imageId);
  ec2().setImages([A, B, C, D]);
  const rolledBack = await update(P2, P3, turned.body.PhysicalResourceId);
  expect(held(rolledBack)).toBe(B.imageId);
});

test('an update that this resource itself FAILED, then the rollback: the held image, exactly', async () => {
  const created = await create(P1);
  ec2().setImages([A, B, C]);
  const failed = await update(NOTHING, P1, created.body.PhysicalResourceId);
  expect(failed.body.Status).toBe('FAILED');
  // A FAILED answer keeps the physical ID, so the rollback carries the state from the create.
  expect(failed.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
  const rolledBack = await update(P1, NOTHING, failed.body.PhysicalResourceId);
  expect(held(rolledBack)).toBe(A.imageId);
  expect(rolledBack.body.PhysicalResourceId).toBe(created.body.PhysicalResourceId);
  // The same state held again answers with the same Data, ResolvedFrom included: nothing downstream changes.
  expect(rolledBack.body.Data).toEqual(created.body.Data);
});

test('a rollback whose image was deregistered meanwhile: its ID all the same, empty attributes, and the log says why', async () => {
  const created = await create(P1);
  ec2().setImages([A, B]);
  const updated = await update(P2, P1, created.body.PhysicalResourceId);
  ec2().setImages([B, C]);
  const rolledBack = await update(P1, P2, updated.body.PhysicalResourceId);
  expect(rolledBack.body.Status).toBe('SUCCESS');
  expect(held(rolledBack)).toBe(A.imageId);
  expect(rolledBack.body.Data[Attr.imageName]).toBe('');
  expect(rolledBack.body.Data[Attr.creationDate]).toBe('');
  const warning = rolledBack.run.logs.map((l) => JSON.parse(l)).find((e) => e.message === 'restored image without attributes');
  expect(warning).toMatchObject({ level: 'WARN', imageId: A.imageId, why: 'deregistered, or no longer shared with this account: DescribeImages did not return it' });
});

test('an old-style physical ID (a plain image ID) -> update -> rollback: the update starts recording state', async () => {
  ec2().setImages([A, B]);
  const updated = await update(P2, P1, A.imageId);
  expect(held(updated)).toBe(B.imageId);
  expect(updated.body.Data[Attr.previousImageId]).toBe(A.imageId);
  expect(updated.body.PhysicalResourceId).toMatch(new RegExp(`^${B.imageId}/v2/[0-9a-f]{32}/query/${A.imageId}/[0-9a-f]{32}$`));
  ec2().setImages([A, B, C]);
  const rolledBack = await update(P1, P2, updated.body.PhysicalResourceId);
  expect(held(rolledBack)).toBe(A.imageId);
});

test('Delete of every kind of physical ID: SUCCESS with the same ID and zero EC2 calls', async () => {
  const created = await create(P1);
  ec2().setImages([A, B]);
  const updated = await update(P2, P1, created.body.PhysicalResourceId);
  const calls = ec2().describeImagesCalls;
  const ids = [created.body.PhysicalResourceId, updated.body.PhysicalResourceId, A.imageId, 'AmiLookup-CreateFailed', 'ami-0f/v9/garbage', ''];
  for (const id of ids) {
    const deleted = await send('Delete', { [Prop.owners]: 'not even valid' }, { PhysicalResourceId: id });
    expect(deleted.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: id || 'AmiLookup-CreateFailed' });
  }
  expect(ec2().describeImagesCalls).toBe(calls);
});
