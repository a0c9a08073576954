/**
 * cli/held-images.ts against the EC2 test double with the real SDK client: held images described in
 * batches, deprecated and disabled ones seen, and one unknown image (which makes EC2 fail the whole
 * call) never hiding the others.
 */
import { BATCH_SIZE, describeHeldImages, ec2DescribeByIds, heldKey } from '../../cli/held-images';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';

const image = (n: number, extra: Partial<FakeImage> = {}): FakeImage => ({
  imageId: `ami-0${n.toString(16).padStart(16, '0')}`, name: `held-${n}`, ownerId: '111122223333', creationDate: '2026-01-01T00:00:00.000Z', ...extra,
});
const catalog = [
  image(1),
  image(2, { deprecationTime: '2026-02-01T00:00:00.000Z' }),
  image(3, { state: 'disabled' }),
  ...Array.from({ length: 150 }, (_, i) => image(100 + i)),
];
const dead = [image(900).imageId, image(901).imageId];

let ec2: Ec2Double;
const saved = { ...process.env };
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: catalog, now: new Date('2026-06-01T00:00:00.000Z') });
  Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: ec2.url, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' });
});
afterAll(async () => {
  process.env = saved;
  await ec2.close();
});

const target = { region: 'us-east-1' };
const describe = () => ec2DescribeByIds(new AbortController().signal);

test('one call for a batch, with deprecated and disabled images seen', async () => {
  const before = ec2.describeImagesCalls;
  const ids = catalog.slice(0, 3).map((i) => i.imageId);
  const got = await describeHeldImages(ids.map((imageId) => ({ imageId, target })), describe());
  expect(ec2.describeImagesCalls - before).toBe(1);
  expect(ids.map((id) => got.get(heldKey(id, target))?.kind)).toEqual(['found', 'found', 'found']);
  const last = ec2.requests[ec2.requests.length - 1].params;
  expect([last.IncludeDeprecated, last.IncludeDisabled]).toEqual(['true', 'true']);
});

test('unknown images are marked absent, and every other image is still described', async () => {
  const ids = [catalog[0].imageId, dead[0], catalog[1].imageId, dead[1], catalog[2].imageId];
  const got = await describeHeldImages(ids.map((imageId) => ({ imageId, target })), describe());
  expect(ids.map((id) => got.get(heldKey(id, target))?.kind)).toEqual(['found', 'absent', 'found', 'absent', 'found']);
});

test('when EC2 names no ID, the batch is halved until the dead image is found', async () => {
  const ids = catalog.slice(3, 11).map((i) => i.imageId).concat(dead[0]);
  let calls = 0;
  const real = describe();
  const got = await describeHeldImages(ids.map((imageId) => ({ imageId, target })), async (batch, t) => {
    calls++;
    try {
      return await real(batch, t);
    } catch (e) {
      // The same error, without the IDs in its message.
      (e as Error).message = 'The image id does not exist';
      throw e;
    }
  });
  expect(ids.map((id) => got.get(heldKey(id, target))?.kind)).toEqual([...Array(8).fill('found'), 'absent']);
  expect(calls).toBeLessThan(ids.length * 2);
});

test('more IDs than a batch take ceil(n / BATCH_SIZE) calls; regions and roles are batched apart', async () => {
  const before = ec2.describeImagesCalls;
  const ids = catalog.slice(3).map((i) => i.imageId);
  const wanted = [...ids.map((imageId) => ({ imageId, target })), { imageId: ids[0], target: { region: 'eu-west-1' } }];
  const got = await describeHeldImages(wanted, describe());
  expect(ec2.describeImagesCalls - before).toBe(Math.ceil(ids.length / BATCH_SIZE) + 1);
  expect(got.get(heldKey(ids[0], { region: 'eu-west-1' }))?.kind).toBe('found');
  expect(ec2.requests.slice(before).map((r) => r.region).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-east-1']);
});

test('an error that says nothing about the images leaves them unknown, never absent', async () => {
  ec2.inject({ kind: 'error', status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
  const got = await describeHeldImages([{ imageId: catalog[0].imageId, target }], describe());
  expect(got.get(heldKey(catalog[0].imageId, target))).toEqual({ kind: 'unknown', error: expect.stringContaining('UnauthorizedOperation') });
});
