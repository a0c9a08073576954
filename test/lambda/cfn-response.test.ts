import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { cfnEvent } from '../../devkit/events';
import { CREATE_FAILED_ID, cloudFormationHandler } from '../../lambda/cfn-response';
import { LookupResult, OnEvent, UserFacingError } from '../../lambda/events';
import { encodeBody, MAX_BODY_BYTES, reasonFor, ResponseBody } from '../../lambda/response-body';

let endpoint: CfnResponseEndpoint;
let logs: string[];
beforeEach(async () => {
  endpoint = await CfnResponseEndpoint.start();
  logs = [];
});
afterEach(() => endpoint.close());

const context = (ms = 30_000) => {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};
const wrap = (onEvent: OnEvent) => cloudFormationHandler(onEvent, {
  putBackoffMs: 10,
  log: (e) => logs.push(JSON.stringify(e)),
});
const ok: OnEvent = async () => ({ physicalResourceId: 'ami-0123456789abcdef0', data: { ImageId: 'ami-0123456789abcdef0' } });

describe('cloudFormationHandler: exactly one response per event', () => {
  test.each(['Create', 'Update', 'Delete'])('%s success', async (type) => {
    await wrap(ok)(cfnEvent(type, {}, endpoint.responseUrl), context());
    expect(endpoint.received).toHaveLength(1);
    const r = endpoint.received[0];
    expect(r.method).toBe('PUT');
    expect(r.headers['content-type']).toBe('');
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
    expect(r.json).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'ami-0123456789abcdef0',
      StackId: expect.stringContaining('arn:aws:cloudformation'),
      RequestId: '5b3f0a2e-1111-4222-8333-944455556666',
      LogicalResourceId: 'Al2023LookupResource1A2B3C4D',
      Data: { ImageId: 'ami-0123456789abcdef0' },
    });
  });

  test('a thrown user-facing error becomes FAILED with its message; Create failure gets the marker ID', async () => {
    await wrap(async () => { throw new UserFacingError('no image matched'); })(cfnEvent('Create', {}, endpoint.responseUrl), context());
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0].json).toMatchObject({ Status: 'FAILED', Reason: 'no image matched', PhysicalResourceId: CREATE_FAILED_ID });
  });

  test('an Update failure keeps the existing physical ID, so CloudFormation does not replace the resource', async () => {
    await wrap(async () => { throw new UserFacingError('x'); })(cfnEvent('Update', {}, endpoint.responseUrl), context());
    expect(endpoint.received[0].json).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'ami-0a1b2c3d4e5f60001' });
  });

  test('an unexpected error is reported by name and first line only, never a stack trace', async () => {
    await wrap(async () => {
      const e = new TypeError('cannot read x\n    at secret (/var/task/index.js:1:1)');
      throw e;
    })(cfnEvent('Create', {}, endpoint.responseUrl), context());
    const reason: string = endpoint.received[0].json.Reason;
    expect(reason).toBe('internal error: TypeError: cannot read x');
  });

  test('a handler that never settles gets FAILED, sent before the wrapper returns, with a deadline inside the Lambda timeout', async () => {
    await wrap(() => new Promise<LookupResult>(() => undefined))(cfnEvent('Create', {}, endpoint.responseUrl), context(2_000));
    // The wrapper returned on its own (a never-settling handler cannot make it return), and by then
    // the one response was delivered.
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0].json).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^the lookup did not finish within its [12] s deadline$/) });
  });

  test('the handler is told to stop when the deadline passes', async () => {
    let aborted = false;
    await wrap((_, { signal }) => new Promise<LookupResult>(() => {
      signal.addEventListener('abort', () => { aborted = true; });
    }))(cfnEvent('Create', {}, endpoint.responseUrl), context(1_000));
    expect(aborted).toBe(true);
  });

  test('the handler gets the deadline, and its own error at the deadline is reported instead of the generic one', async () => {
    let deadline = 0;
    await wrap((_, budget) => {
      deadline = budget.deadline;
      return new Promise<LookupResult>((__, reject) => {
        budget.signal.addEventListener('abort', () => reject(new UserFacingError(`${(budget.signal.reason as Error).message}; stuck on page 3`)));
      });
    })(cfnEvent('Create', {}, endpoint.responseUrl), context(2_000));
    expect(deadline).toBeGreaterThan(Date.now() - 2_000);
    expect(endpoint.received[0].json.Reason).toMatch(/^the lookup did not finish within its [12] s deadline; stuck on page 3$/);
  });

  test('a handler that ignores the abort still gets a FAILED answer after a short grace', async () => {
    await wrap(() => new Promise<LookupResult>(() => undefined))(cfnEvent('Update', {}, endpoint.responseUrl), context(1_200));
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0].json).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'ami-0a1b2c3d4e5f60001' });
  });

  test('a failing response endpoint is retried until it accepts, with one accepted response', async () => {
    endpoint.failNext(500, 503);
    await wrap(ok)(cfnEvent('Create', {}, endpoint.responseUrl), context());
    expect(endpoint.received.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(endpoint.accepted).toHaveLength(1);
    expect(new Set(endpoint.received.map((r) => r.body)).size).toBe(1);
  });

  test('an endpoint that never accepts: bounded attempts, then the handler logs and returns', async () => {
    endpoint.failNext(...Array(20).fill(500));
    await wrap(ok)(cfnEvent('Create', {}, endpoint.responseUrl), context());
    expect(endpoint.received).toHaveLength(6);
    expect(logs.some((l) => l.includes('response not delivered'))).toBe(true);
  });

  test('an event without a ResponseURL is logged and dropped without throwing', async () => {
    const event = cfnEvent('Create', {}, endpoint.responseUrl);
    delete event.ResponseURL;
    await expect(wrap(ok)(event, context())).resolves.toBeUndefined();
    expect(endpoint.received).toHaveLength(0);
    expect(logs.join('\n')).toMatch(/no valid ResponseURL/);
  });

  test('the response URL never reaches the logs', async () => {
    endpoint.failNext(500);
    await wrap(async () => { throw new UserFacingError('boom'); })(cfnEvent('Create', {}, endpoint.responseUrl), context());
    expect(logs.join('\n')).not.toContain('SECRETSIGNATURE');
    expect(logs.join('\n')).not.toContain('cfn-response');
  });
});

describe('encodeBody', () => {
  const base: ResponseBody = {
    Status: 'SUCCESS',
    PhysicalResourceId: 'ami-0123456789abcdef0',
    StackId: 'arn:aws:cloudformation:us-east-1:1:stack/s/1',
    RequestId: 'r',
    LogicalResourceId: 'L',
  };

  test('keeps a small body as it is', () => {
    const body = { ...base, Data: { ImageName: 'x' } };
    expect(JSON.parse(encodeBody(body))).toEqual(body);
  });

  test.each([
    ['ASCII', 'd'.repeat(10_000)],
    ['multi-byte', '画像'.repeat(3_000)],
    ['emoji', '😀'.repeat(3_000)],
    ['escapes', '"\\'.repeat(3_000)],
  ])('cuts long %s text to fit 4096 bytes and keeps IDs whole', (_, long) => {
    const json = encodeBody({ ...base, Data: { ImageId: 'ami-0123456789abcdef0', Description: long, ImageName: long } });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const parsed = JSON.parse(json);
    expect(parsed.Data.ImageId).toBe('ami-0123456789abcdef0');
    expect(parsed.Data.Description.endsWith('...')).toBe(true);
    expect(parsed.Data.Description).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test('cuts a long reason too', () => {
    const json = encodeBody({ ...base, Status: 'FAILED', Reason: 'r'.repeat(9_000) });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  });
});

describe('reasonFor', () => {
  test('strips control characters and caps the length', () => {
    const r = reasonFor(new UserFacingError(`a\u0000b\nc\td ${'x'.repeat(5000)}`));
    expect(r.startsWith('a b c d x')).toBe(true);
    expect(r.length).toBeLessThanOrEqual(1000);
    expect(r).not.toMatch(/[\u0000-\u001f]/);
  });
});
