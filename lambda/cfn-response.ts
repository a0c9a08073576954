/**
 * The CloudFormation custom resource protocol around the lookup: one response per event, with the
 * deadline (deadline.ts), the body (response-body.ts) and the PUT (outbound.ts) each in a file of
 * its own.
 */
import { withDeadline } from './deadline';
import { CloudFormationEvent, LambdaContext, LookupResult, OnEvent } from './events';
import { jsonLog, Log } from './log';
import { PutOptions, putWithRetry } from './outbound';
import { encodeBody, reasonFor, ResponseBody } from './response-body';

/**
 * Physical ID of a resource whose Create failed. CloudFormation then sends a Delete with it, which
 * succeeds without calling EC2. Constant, so a redelivered event gets a byte-identical answer.
 */
export const CREATE_FAILED_ID = 'AmiLookup-CreateFailed';

/** Tuning that tests may shrink; production uses the defaults. */
interface WrapperOptions extends PutOptions {
  /** Time kept back from the Lambda timeout to send FAILED: min(maxReserveMs, remaining / 4). */
  readonly maxReserveMs?: number;
  readonly log?: Log;
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
