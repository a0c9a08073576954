import * as http from 'http';
import * as https from 'https';
import { CloudFormationEvent, LambdaContext, LookupResult, OnEvent, UserFacingError } from './events';
import { jsonLog, Log } from './log';

/** CloudFormation rejects response bodies larger than this. */
export const MAX_BODY_BYTES = 4096;
/** Longest reason we send: enough for a query echo, short enough for the console. */
export const MAX_REASON_CHARS = 1000;
/**
 * Physical ID of a resource whose Create failed. CloudFormation then sends a Delete with it, which
 * succeeds without calling EC2. Constant, so a redelivered event gets a byte-identical answer.
 */
export const CREATE_FAILED_ID = 'AmiLookup-CreateFailed';

/** Tuning that tests may shrink; production uses the defaults. */
export interface WrapperOptions {
  /** Time kept back from the Lambda timeout to send FAILED: min(maxReserveMs, remaining / 4). */
  readonly maxReserveMs?: number;
  /** PUT attempts before giving up. */
  readonly putAttempts?: number;
  /** First back-off between PUT attempts; it doubles each time. */
  readonly putBackoffMs?: number;
  /** Time limit of one PUT attempt. */
  readonly putTimeoutMs?: number;
  readonly log?: Log;
}

export interface ResponseBody {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}


/**
 * Wraps a handler in the CloudFormation custom resource protocol: exactly one response per event,
 * FAILED before the Lambda timeout, a bounded body, and a retried PUT. It knows nothing about images.
 */
export function cloudFormationHandler(onEvent: OnEvent, options: WrapperOptions = {}) {
  const log = options.log ?? jsonLog;
  return async (event: CloudFormationEvent, context: LambdaContext): Promise<void> => {
    const started = Date.now();
    const url = responseUrl(event);
    if (url === undefined) {
      // Nobody to answer; CloudFormation's serviceTimeout fails the resource.
      log({ level: 'ERROR', message: 'event has no valid ResponseURL; no response can be sent' });
      return;
    }
    log({
      level: 'INFO',
      message: 'event',
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      requestId: event.RequestId,
      physicalResourceId: event.PhysicalResourceId,
      properties: event.ResourceProperties,
    });

    const remaining = context.getRemainingTimeInMillis();
    const reserve = Math.min(options.maxReserveMs ?? 20_000, remaining / 4);
    const budget = Math.max(0, remaining - reserve);

    let body: ResponseBody;
    try {
      const result = await withDeadline(onEvent, event, budget, Math.min(1_000, reserve / 4));
      body = success(event, result);
    } catch (e) {
      body = failure(event, e);
      log({ level: 'ERROR', message: 'failed', reason: body.Reason, error: e instanceof Error ? e.name : typeof e });
    }

    const encoded = encodeBody(body);
    // The PUT may use most of the reserve; a sliver is left for the function to return on time.
    const putDeadline = started + remaining - reserve / 4;
    const status = await putWithRetry(url, encoded, putDeadline, options, log);
    log({ level: status ? 'INFO' : 'ERROR', message: status ? 'responded' : 'response not delivered', status: body.Status, bytes: Buffer.byteLength(encoded), ms: Date.now() - started });
  };
}

function responseUrl(event: CloudFormationEvent): URL | undefined {
  if (typeof event !== 'object' || event === null || typeof event.ResponseURL !== 'string') return undefined;
  try {
    const url = new URL(event.ResponseURL);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

class DeadlineError extends UserFacingError {}

/**
 * Runs the handler with a budget. At the deadline the handler is aborted and given a short grace to
 * answer with its own, more precise error (where it was); after that the deadline error stands.
 */
async function withDeadline(onEvent: OnEvent, event: CloudFormationEvent, budgetMs: number, graceMs: number): Promise<LookupResult> {
  const controller = new AbortController();
  const running = onEvent(event, { signal: controller.signal, deadline: Date.now() + budgetMs });
  // Whatever happens, a late rejection must not become an unhandled one.
  running.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(`the lookup did not finish within its ${Math.round(budgetMs / 1000)} s deadline`);
      controller.abort(err);
      const grace = setTimeout(() => reject(err), graceMs);
      running.then(() => undefined, (e) => {
        clearTimeout(grace);
        reject(e instanceof UserFacingError ? e : err);
      });
    }, budgetMs);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function success(event: CloudFormationEvent, result: LookupResult): ResponseBody {
  return {
    Status: 'SUCCESS',
    PhysicalResourceId: result.physicalResourceId || physicalIdOnFailure(event),
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: { ...result.data },
  };
}

function failure(event: CloudFormationEvent, error: unknown): ResponseBody {
  return {
    Status: 'FAILED',
    Reason: reasonFor(error),
    PhysicalResourceId: physicalIdOnFailure(event),
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
}

/** On Update and Delete the ID must stay what CloudFormation knows, or it would try to replace the resource. */
function physicalIdOnFailure(event: CloudFormationEvent): string {
  return typeof event.PhysicalResourceId === 'string' && event.PhysicalResourceId ? event.PhysicalResourceId : CREATE_FAILED_ID;
}

/** A short, single-line reason with no stack trace: what the user can act on. */
export function reasonFor(error: unknown): string {
  const text = error instanceof UserFacingError ? error.message
    : error instanceof Error ? `internal error: ${error.name}: ${error.message.split('\n')[0]}`
      : 'internal error';
  return cleanText(text, MAX_REASON_CHARS);
}

/** Replaces control characters with spaces, collapses white space and caps the length. */
export function cleanText(text: string, maxChars: number): string {
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

/** PUTs the response, retrying with back-off until it is accepted or the deadline is near. */
async function putWithRetry(url: URL, body: string, deadline: number, options: WrapperOptions, log: Log): Promise<boolean> {
  const attempts = options.putAttempts ?? 6;
  let backoff = options.putBackoffMs ?? 250;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      const status = await put(url, body, Math.min(options.putTimeoutMs ?? 10_000, left));
      if (status >= 200 && status < 300) return true;
      log({ level: 'WARN', message: 'response PUT rejected', attempt, httpStatus: status });
    } catch (e) {
      log({ level: 'WARN', message: 'response PUT failed', attempt, error: e instanceof Error ? e.message.split('\n')[0] : 'unknown' });
    }
    if (attempt < attempts) {
      await new Promise((r) => setTimeout(r, Math.min(backoff, Math.max(0, deadline - Date.now()))));
      backoff *= 2;
    }
  }
  return false;
}

function put(url: URL, body: string, timeoutMs: number): Promise<number> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: 'PUT',
      // The presigned S3 URL is signed with an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      timeout: timeoutMs,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    // The error message never includes the URL: Node's errors name the host at most.
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
