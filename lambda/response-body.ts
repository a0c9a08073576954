/**
 * The response CloudFormation reads: its shape, a reason a person can act on, and an encoding that
 * always fits CloudFormation's 4096-byte limit.
 */
import { UserFacingError } from './events';

/** CloudFormation rejects response bodies larger than this. */
export const MAX_BODY_BYTES = 4096;
/** Longest reason we send: enough for a query echo, short enough for the console. */
const MAX_REASON_CHARS = 1000;
export interface ResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

/** A short, single-line reason with no stack trace: what the user can act on. */
export function reasonFor(error: unknown): string {
  const text = error instanceof UserFacingError ? error.message
    : error instanceof Error ? `internal error: ${error.name}: ${error.message.split('\n')[0]}`
      : 'internal error';
  return cleanText(text, MAX_REASON_CHARS);
}

/** Replaces control characters with spaces, collapses white space and caps the length. */
function cleanText(text: string, maxChars: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > maxChars ? `${truncateCodePoints(flat, maxChars - 3)}...` : flat;
}

function truncateCodePoints(s: string, maxUnits: number): string {
  let cut = s.slice(0, maxUnits);
  // Never leave half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** Bytes a string takes inside the JSON body: UTF-8, plus JSON's escapes. */
function jsonBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s)) - 2;
}

/** The longest prefix of `s` (marked with "...") whose JSON bytes fit `maxBytes`, cut on a character boundary. */
function truncateJson(s: string, maxBytes: number): string {
  // Every code unit takes at least one byte, so nothing past maxBytes units can fit: the work stays
  // bounded however long a value a hostile endpoint sends.
  if (s.length <= maxBytes && jsonBytes(s) <= maxBytes) return s;
  const marker = '...';
  let lo = 0;
  let hi = Math.min(s.length, maxBytes);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(truncateCodePoints(s, mid)) + marker.length <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return maxBytes < marker.length ? '' : truncateCodePoints(s, lo) + marker;
}

/**
 * Serializes the body within CloudFormation's 4096-byte limit. The text values (Data values and the
 * reason) share the room left by the fixed fields fairly: short values such as IDs stay whole, and
 * only the longest are cut.
 */
export function encodeBody(body: ResponseBody): string {
  const json = JSON.stringify(body);
  if (Buffer.byteLength(json) <= MAX_BODY_BYTES) return json;

  const data = { ...body.Data };
  // Values are first cut to what could ever fit, so that sizing them is bounded work.
  const capped = (v: string) => (v.length > MAX_BODY_BYTES ? truncateCodePoints(v, MAX_BODY_BYTES + 1) : v);
  const texts: Array<[string, string]> = Object.entries(data).map(([k, v]) => [k, capped(v)]);
  if (body.Reason !== undefined) texts.push([REASON_KEY, capped(body.Reason)]);
  const emptied = { ...body, Reason: body.Reason === undefined ? undefined : '', Data: body.Data ? Object.fromEntries(Object.keys(data).map((k) => [k, ''])) : undefined };
  let room = MAX_BODY_BYTES - Buffer.byteLength(JSON.stringify(emptied));

  // Water-filling: the smallest values are served first, each taking at most an equal share of what is left.
  const size = new Map(texts.map(([k, v]) => [k, jsonBytes(v)]));
  const bySize = [...texts].sort((a, b) => size.get(a[0])! - size.get(b[0])!);
  const cut = new Map<string, string>();
  bySize.forEach(([key, value], i) => {
    const share = Math.max(0, Math.floor(room / (bySize.length - i)));
    const kept = truncateJson(value, share);
    cut.set(key, kept);
    room -= jsonBytes(kept);
  });
  return JSON.stringify({
    ...body,
    Reason: body.Reason === undefined ? undefined : cut.get(REASON_KEY),
    Data: body.Data ? Object.fromEntries(Object.keys(data).map((k) => [k, cut.get(k) ?? ''])) : undefined,
  });
}

const REASON_KEY = '\u0000reason';
