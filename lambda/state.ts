/**
 * What the physical resource ID remembers. CloudFormation hands nothing back to the function except
 * the physical ID, so the state that lets a rollback restore the image it replaced lives there:
 *
 *   <image>/v2/<digest>/<from>[/<previous image>/<previous digest>]
 *
 * `image` is the image this resource holds now, `digest` the digest of the properties that produced
 * it and `from` the `ResolvedFrom` it was answered with; the optional pair is the image it held
 * before and the digest of the properties that produced that one. Keeping `from` lets a deploy that
 * keeps the image (a repair check of a healthy image) answer with byte-identical `Data`.
 * `<image>/v1/<digest>[/<previous image>/<previous digest>]`, written before `from` was kept, decodes
 * without it and encodes back exactly as it was; a plain `ami-…` (the first releases) holds only the
 * image.
 *
 * Deterministic, at most 122 characters, and free of secrets and of anything that changes between
 * deploys of the same properties. Pure: no I/O.
 */
import { createHash } from 'crypto';
import { IMAGE_ID } from '../src/shared/formats';
import { CHECK_PROPERTIES, PROVIDER_PROPERTIES, RESOLVED_FROM, ResolvedFrom } from '../src/shared/wire';

/** The image a resource holds, and the properties digest that produced it when known. */
export interface HeldImage {
  readonly imageId: string;
  /** Undefined for a plain physical ID from an earlier release. */
  readonly digest?: string;
}

export interface ResourceState {
  readonly current: HeldImage;
  readonly previous?: HeldImage;
  /** The `ResolvedFrom` that `current` was answered with; undefined in a physical ID written before it was kept. */
  readonly from?: ResolvedFrom;
}

const V1 = 'v1';
const V2 = 'v2';
const FROM: readonly string[] = Object.values(RESOLVED_FROM);
const SEPARATOR = '/';
const DIGEST = /^[0-9a-f]{32}$/;


/**
 * A digest of the lookup's properties that survives key order and CloudFormation's coercion of every
 * scalar to a string: `true`, `"true"` and 1 vs `"1"` digest alike, as CloudFormation would send them.
 */
export function propertiesDigest(properties: unknown): string {
  const canonical = JSON.stringify(canonicalize(properties, true));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

function canonicalize(value: unknown, top = false): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => canonicalize(v));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined || v === null || (top && (PROVIDER_PROPERTIES.includes(key) || CHECK_PROPERTIES.includes(key)))) continue;
      out[key] = canonicalize(v);
    }
    return out;
  }
  return String(value);
}

/** The physical ID for a state. */
export function encodeState(state: ResourceState): string {
  const parts = state.from === undefined
    ? [state.current.imageId, V1, state.current.digest ?? '']
    : [state.current.imageId, V2, state.current.digest ?? '', state.from];
  if (state.previous !== undefined) parts.push(state.previous.imageId, state.previous.digest ?? '');
  return parts.join(SEPARATOR);
}

/**
 * The state a physical ID holds: a plain image ID gives an image without a digest; anything this
 * function did not write (such as the ID after a failed create) gives undefined.
 */
export function decodeState(physicalResourceId: string | undefined): ResourceState | undefined {
  if (physicalResourceId === undefined) return undefined;
  if (IMAGE_ID.test(physicalResourceId)) return { current: { imageId: physicalResourceId } };
  const all = physicalResourceId.split(SEPARATOR);
  let from: ResolvedFrom | undefined;
  let parts = all;
  if (all[1] === V2) {
    if (!FROM.includes(all[3])) return undefined;
    from = all[3] as ResolvedFrom;
    parts = [...all.slice(0, 3), ...all.slice(4)];
  } else if (all[1] !== V1) {
    return undefined;
  }
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  const held = (imageId: string, digest: string): HeldImage | undefined =>
    IMAGE_ID.test(imageId) && (digest === '' || DIGEST.test(digest)) ? { imageId, digest: digest || undefined } : undefined;
  const current = held(parts[0], parts[2]);
  if (current === undefined) return undefined;
  const withFrom = from === undefined ? {} : { from };
  if (parts.length === 3) return { current, ...withFrom };
  const previous = held(parts[3], parts[4]);
  return previous === undefined ? undefined : { current, previous, ...withFrom };
}
