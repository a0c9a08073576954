/**
 * The one HTTP PUT of the response to CloudFormation's presigned URL, with retries and back-off.
 */
import * as http from 'http';
import * as https from 'https';
import { Log } from './log';

/** How the PUT is retried; tests shrink these, production uses the defaults. */
export interface PutOptions {
  /** PUT attempts before giving up. */
  readonly putAttempts?: number;
  /** First back-off between PUT attempts; it doubles each time. */
  readonly putBackoffMs?: number;
  /** Time limit of one PUT attempt. */
  readonly putTimeoutMs?: number;
}

/** PUTs the response, retrying with back-off until it is accepted or the deadline is near. */
export async function putWithRetry(url: URL, body: string, deadline: number, options: PutOptions, log: Log): Promise<boolean> {
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
