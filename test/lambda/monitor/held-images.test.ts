/** lambda/monitor/held-images.ts: batched DescribeImages by ID, split so that one dead image hides no other. */
import { describeHeldImages, MAX_IDS_PER_CALL } from '../../../lambda/monitor/held-images';

const id = (n: number) => `ami-${n.toString(16).padStart(17, '0')}`;
const ec2Error = (name: string, message: string) => Object.assign(new Error(message), { name });

/** EC2 as it behaves: the whole call fails when any listed ID is unknown, naming them (or not). */
function fakeEc2(known: Set<string>, options: { nameMissing?: boolean } = {}) {
  const calls: string[][] = [];
  const describe = async (ids: readonly string[]) => {
    calls.push([...ids]);
    const missing = ids.filter((i) => !known.has(i));
    if (missing.length > 0) throw ec2Error('InvalidAMIID.NotFound', options.nameMissing === false ? 'The image id does not exist' : `The image id '[${missing.join(', ')}]' does not exist`);
    return ids.map((ImageId) => ({ ImageId, State: 'available' }));
  };
  return { calls, describe };
}

test('one call per hundred IDs; duplicates asked once', async () => {
  const ids = Array.from({ length: 150 }, (_, i) => id(i));
  const ec2 = fakeEc2(new Set(ids));
  const held = await describeHeldImages([...ids, ids[0]], ec2.describe);
  expect(ec2.calls.map((c) => c.length)).toEqual([MAX_IDS_PER_CALL, 50]);
  expect(held.calls).toBe(2);
  expect([...held.byId.values()].every((l) => l.kind === 'found')).toBe(true);
});

test('a NotFound that names the dead IDs: they are absent, the rest is asked once more', async () => {
  const ids = Array.from({ length: 10 }, (_, i) => id(i));
  const ec2 = fakeEc2(new Set(ids.filter((_, i) => i !== 3 && i !== 7)));
  const held = await describeHeldImages(ids, ec2.describe);
  expect(held.calls).toBe(2);
  expect(held.byId.get(ids[3])).toEqual({ kind: 'absent' });
  expect(held.byId.get(ids[7])).toEqual({ kind: 'absent' });
  expect(held.byId.get(ids[0])?.kind).toBe('found');
});

test('a NotFound that names none: the batch is halved until each dead ID stands alone', async () => {
  const ids = Array.from({ length: 8 }, (_, i) => id(i));
  const ec2 = fakeEc2(new Set(ids.filter((_, i) => i !== 5)), { nameMissing: false });
  const held = await describeHeldImages(ids, ec2.describe);
  expect(held.byId.get(ids[5])).toEqual({ kind: 'absent' });
  expect(ids.filter((_, i) => i !== 5).every((i) => held.byId.get(i)?.kind === 'found')).toBe(true);
  // 8 -> 4+4 -> (4 found) 2+2 -> (2 found) 1+1: log2(8) levels.
  expect(held.calls).toBe(7);
});

test('an 8-digit ID is not taken as named by a longer ID that begins with it', async () => {
  const short = 'ami-12345678';
  const long = 'ami-12345678abcdef012';
  const ec2 = fakeEc2(new Set([short]));
  const held = await describeHeldImages([short, long], ec2.describe);
  expect(held.byId.get(short)?.kind).toBe('found');
  expect(held.byId.get(long)).toEqual({ kind: 'absent' });
});

test('an error that says nothing about the images makes its batch unknown, never absent', async () => {
  const held = await describeHeldImages([id(1), id(2)], async () => { throw ec2Error('RequestLimitExceeded', 'Request limit exceeded.'); });
  expect(held.byId.get(id(1))).toEqual({ kind: 'unknown', error: 'RequestLimitExceeded: Request limit exceeded.' });
  expect(held.calls).toBe(1);
});

test('an answer without an ID: absent (no longer shared)', async () => {
  const held = await describeHeldImages([id(1), id(2)], async () => [{ ImageId: id(1), State: 'disabled' }]);
  expect(held.byId.get(id(1))).toEqual({ kind: 'found', image: { ImageId: id(1), State: 'disabled' } });
  expect(held.byId.get(id(2))).toEqual({ kind: 'absent' });
});
