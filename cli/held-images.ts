/**
 * Describes the images that deployed lookups hold, in batches: one DescribeImages with many
 * ImageIds per region and role, with IncludeDeprecated and IncludeDisabled so that deprecated and
 * disabled images are still seen.
 *
 * EC2 fails the whole call with InvalidAMIID.NotFound (or .Unavailable) when any one ID is unknown.
 * Its message names the unknown IDs; those are marked absent and the rest asked again, and when the
 * message names none of them the batch is halved, so that one dead image never hides the others.
 */
import { DescribeImagesCommand, EC2Client, Image } from '@aws-sdk/client-ec2';
import { awsErrorMessage } from './aws-errors';
import { assumeRole } from '../lambda/credentials';
import { HeldImageLookup, isImageAbsentError } from '../lambda/health';
import { Ec2Target } from '../lambda/lookup';
import { createEc2Client } from '../lambda/pager';

/** IDs per DescribeImages call. EC2 documents no limit; this keeps a request far from any size limit. */
export const BATCH_SIZE = 100;

/** Asks EC2 for these image IDs (deprecated and disabled ones included); rejects as the SDK does. */
export type DescribeByIds = (imageIds: string[], target: Ec2Target) => Promise<Image[]>;

const targetKey = (t: Ec2Target) => JSON.stringify([t.region ?? '', t.lookupRoleArn ?? '']);
export const heldKey = (imageId: string, t: Ec2Target) => `${targetKey(t)} ${imageId}`;

/** What EC2 says of each (image, target), keyed by heldKey. */
export async function describeHeldImages(wanted: ReadonlyArray<{ imageId: string; target: Ec2Target }>,
  describe: DescribeByIds, batchSize = BATCH_SIZE): Promise<Map<string, HeldImageLookup<Image>>> {
  const byTarget = new Map<string, { target: Ec2Target; ids: Set<string> }>();
  for (const w of wanted) {
    const k = targetKey(w.target);
    const group = byTarget.get(k) ?? { target: w.target, ids: new Set<string>() };
    group.ids.add(w.imageId);
    byTarget.set(k, group);
  }
  const out = new Map<string, HeldImageLookup<Image>>();
  await Promise.all([...byTarget.values()].map(async ({ target, ids }) => {
    const all = [...ids];
    for (let i = 0; i < all.length; i += batchSize) {
      const answers = await describeBatch(all.slice(i, i + batchSize), target, describe);
      for (const [id, answer] of answers) out.set(heldKey(id, target), answer);
    }
  }));
  return out;
}

async function describeBatch(ids: string[], target: Ec2Target, describe: DescribeByIds): Promise<Map<string, HeldImageLookup<Image>>> {
  const out = new Map<string, HeldImageLookup<Image>>();
  if (ids.length === 0) return out;
  let images: Image[];
  try {
    images = await describe(ids, target);
  } catch (e) {
    if (!isImageAbsentError((e as Error).name)) {
      const error = awsErrorMessage(e);
      for (const id of ids) out.set(id, { kind: 'unknown', error });
      return out;
    }
    if (ids.length === 1) return out.set(ids[0], { kind: 'absent' });
    const named = new Set((e as Error).message.match(/ami-[0-9a-f]+/g) ?? []);
    const absent = ids.filter((id) => named.has(id));
    const rest = ids.filter((id) => !named.has(id));
    for (const id of absent) out.set(id, { kind: 'absent' });
    const retry = absent.length > 0 ? [rest] : [rest.slice(0, Math.ceil(rest.length / 2)), rest.slice(Math.ceil(rest.length / 2))];
    for (const part of retry) for (const [id, answer] of await describeBatch(part, target, describe)) out.set(id, answer);
    return out;
  }
  for (const id of ids) {
    const image = images.find((i) => i.ImageId === id);
    out.set(id, image ? { kind: 'found', image } : { kind: 'absent' });
  }
  return out;
}

/**
 * DescribeImages by ID with the caller's credentials, or a lookup role's (assumed once per role and
 * region for the run). `onCall` counts the calls, for progress.
 */
export function ec2DescribeByIds(signal: AbortSignal, onCall: () => void = () => undefined): DescribeByIds {
  const clients = new Map<string, Promise<EC2Client>>();
  const clientFor = (t: Ec2Target) => {
    const k = targetKey(t);
    let c = clients.get(k);
    if (!c) {
      c = t.lookupRoleArn === undefined
        ? Promise.resolve(createEc2Client({ region: t.region }))
        : assumeRole(t.lookupRoleArn, t.region, signal).then((credentials) => createEc2Client({ region: t.region, credentials }));
      clients.set(k, c);
    }
    return c;
  };
  return async (imageIds, target) => {
    const client = await clientFor(target);
    onCall();
    const request = new DescribeImagesCommand({ ImageIds: imageIds, IncludeDeprecated: true, IncludeDisabled: true });
    const out = await client.send(request, { abortSignal: signal });
    return out.Images ?? [];
  };
}
