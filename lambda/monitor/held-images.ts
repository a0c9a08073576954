/**
 * Describes pinned images by ID, many per call, and says for each what EC2 answered (a
 * HeldImageLookup, judged by lambda/health.ts).
 *
 * EC2 fails a whole DescribeImages call with InvalidAMIID.NotFound (or .Unavailable) when any ID in
 * it is unknown, so one dead image would hide every other image of its batch. Such a failure is
 * split: the IDs its message names are absent, and the rest is asked again; when the message names
 * none of them, the batch is halved. An error that says nothing about the images (throttling after
 * the client's retries, access denied, a timeout) makes its batch unknown, never absent.
 */
import { HealthFields, HeldImageLookup, isImageAbsentError } from '../health';

/** DescribeImages by ID for one region and role; throws the SDK's error (its `name` is EC2's code). */
export type DescribeByIds = (imageIds: readonly string[]) => Promise<readonly HealthFields[]>;

/** IDs per call: EC2 documents no limit, and a hundred IDs keep a request far below any URL or body size. */
export const MAX_IDS_PER_CALL = 100;

/** What EC2 answered for each ID, and how many calls it took. */
export interface HeldImages {
  readonly byId: ReadonlyMap<string, HeldImageLookup>;
  readonly calls: number;
}

export async function describeHeldImages(imageIds: readonly string[], describe: DescribeByIds): Promise<HeldImages> {
  const byId = new Map<string, HeldImageLookup>();
  let calls = 0;
  const ask = async (batch: readonly string[]): Promise<void> => {
    calls++;
    let images: readonly HealthFields[];
    try {
      images = await describe(batch);
    } catch (e) {
      const { code, message } = errorOf(e);
      if (!isImageAbsentError(code)) {
        for (const id of batch) byId.set(id, { kind: 'unknown', error: `${code ?? 'Error'}: ${message}` });
        return;
      }
      if (batch.length === 1) {
        byId.set(batch[0], { kind: 'absent' });
        return;
      }
      // Whole IDs only: ami-12345678 is a prefix of ami-12345678abcdef012.
      const mentioned = new Set(message.match(/ami-[0-9a-f]+/g) ?? []);
      const named = batch.filter((id) => mentioned.has(id));
      if (named.length > 0) {
        for (const id of named) byId.set(id, { kind: 'absent' });
        const rest = batch.filter((id) => !named.includes(id));
        if (rest.length > 0) await ask(rest);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await ask(batch.slice(0, half));
      await ask(batch.slice(half));
      return;
    }
    for (const id of batch) {
      const image = images.find((i) => i.ImageId === id);
      // Answered without it: EC2 no longer shows it to this account.
      byId.set(id, image === undefined ? { kind: 'absent' } : { kind: 'found', image });
    }
  };
  const unique = [...new Set(imageIds)];
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_CALL) await ask(unique.slice(i, i + MAX_IDS_PER_CALL));
  return { byId, calls };
}

function errorOf(e: unknown): { code?: string; message: string } {
  if (!(e instanceof Error)) return { message: 'unknown error' };
  return { code: e.name, message: e.message.split('\n')[0].slice(0, 300) };
}
