/**
 * Fault injection against the bundled asset, invoked the way Lambda invokes it, with the EC2 test
 * double and the CloudFormation response endpoint on 127.0.0.1. Every fault has an asserted outcome:
 * exactly one accepted response (or, when the endpoint never accepts, a bounded number of tries),
 * a precise reason, and an answer before the function's timeout.
 */
import { bulkCatalog, OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, Fault, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { Invocation, invokeAsset } from '../../devkit/invoke-asset';
import { Attr, Prop } from '../../src/shared/wire';

jest.setTimeout(90_000);

const { images, best } = bulkCatalog(2500);
const props = lookupProps(['self'], { name: ['bulk-image-*'] });
const throttle: Fault = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' };
const serverError: Fault = { kind: 'error', status: 500, code: 'InternalError', message: 'An internal error has occurred' };
const unavailable: Fault = { kind: 'error', status: 503, code: 'Unavailable', message: 'The server is overloaded and can\'t handle the request' };

let ec2: Ec2Double;
let cfn: CfnResponseEndpoint;

async function setUp(options: { latencyMs?: number; catalog?: FakeImage[] } = {}) {
  ec2 = await Ec2Double.start({ images: options.catalog ?? images, accountId: OWN_ACCOUNT, latencyMs: options.latencyMs });
  cfn = await CfnResponseEndpoint.start();
}
beforeEach(() => setUp());
afterEach(async () => {
  await ec2.close();
  await cfn.close();
});

async function invoke(event: unknown, timeoutMs = 30_000): Promise<Invocation> {
  return invokeAsset(event, { ec2Endpoint: ec2.url, timeoutMs });
}

function create(extra: Record<string, unknown> = {}) {
  return cfnEvent('Create', { ...props, ...extra }, cfn.responseUrl);
}

/** The function returned normally, answered once, and that answer was accepted. */
function answer(run: Invocation, timeoutMs = 30_000): any {
  expect(run.outcome).toBe('returned');
  expect(run.durationMs).toBeLessThan(timeoutMs);
  expect(cfn.accepted).toHaveLength(1);
  expect(cfn.received).toHaveLength(1);
  return cfn.received[0].json;
}

function logged(run: Invocation, message: string): any[] {
  return run.logs.map((l) => JSON.parse(l)).filter((e) => e.message === message);
}

describe('EC2 faults', () => {
  test('throttled three times, then served: succeeds, and the attempts are counted in the logs', async () => {
    ec2.inject(throttle, throttle, throttle);
    const run = await invoke(create());
    expect(answer(run)).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
    expect(ec2.describeImagesCalls).toBe(6);
    expect(logged(run, 'DescribeImages')).toEqual([expect.objectContaining({ pages: 3, images: 2500, attempts: 6, lastError: 'RequestLimitExceeded' })]);
  });

  test('throttling that never stops: FAILED at the deadline, naming the throttling', async () => {
    // Every throttled answer takes 0.6 s, so that at most 5 of the 8 attempts fit in the 3 s deadline:
    // the deadline, not the retry limit, ends the lookup, whatever the back-off's jitter draws (and an
    // attempt is never cut off: its time limit is at least 1 s).
    await ec2.close();
    await cfn.close();
    await setUp({ latencyMs: 600 });
    ec2.inject(...Array(50).fill(throttle));
    const run = await invoke(create(), 4_000);
    const body = answer(run, 4_000);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/^the lookup did not finish within its 3 s deadline; DescribeImages had answered 0 page\(s\) with 0 image\(s\) in [1-5] attempt\(s\), the last failed attempt with RequestLimitExceeded$/);
    expect(ec2.describeImagesCalls).toBeLessThanOrEqual(5);
  });

  test.each<[string, Fault]>([['500 InternalError', serverError], ['503 Unavailable', unavailable]])('%s once: retried, succeeds', async (_, fault) => {
    ec2.inject(fault);
    expect(answer(await invoke(create()))).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
    expect(ec2.describeImagesCalls).toBe(4);
  });

  test('a 5xx on every attempt: FAILED with the code and the attempts', async () => {
    ec2.inject(...Array(8).fill(serverError));
    const body = answer(await invoke(create(), 60_000), 60_000);
    expect(body).toMatchObject({ Status: 'FAILED', Reason: 'DescribeImages failed on page 1: InternalError: An internal error has occurred (after 8 attempts)' });
  });

  test('a connection reset mid-paging: retried, succeeds', async () => {
    ec2.inject({ kind: 'delay', ms: 0 }, { kind: 'reset' });
    expect(answer(await invoke(create()))).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
    expect(ec2.describeImagesCalls).toBe(4);
  });

  test('a truncated response: retried, succeeds', async () => {
    ec2.inject({ kind: 'truncated' });
    expect(answer(await invoke(create()))).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
  });

  test('malformed XML: FAILED with a short reason, no stack trace', async () => {
    ec2.inject(...Array(8).fill({ kind: 'malformed' }));
    const body = answer(await invoke(create()));
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toBe('DescribeImages failed on page 1: EC2\'s response is not valid XML (missing closing tag </imageId>.)');
    expect(body.Reason).not.toMatch(/\n|\s+at\s|\.js:\d+/);
    expect(body.Reason.length).toBeLessThanOrEqual(1000);
  });

  test('a response that never arrives: the per-attempt timeout fires and the retry succeeds', async () => {
    ec2.inject({ kind: 'hang' });
    const run = await invoke(create(), 9_000);
    expect(answer(run, 9_000)).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
    expect(logged(run, 'DescribeImages')[0]).toMatchObject({ attempts: 4, lastError: 'a request timeout' });
  });

  test('paging slower than the time left: FAILED before the Lambda timeout, saying how far it got', async () => {
    await ec2.close();
    await cfn.close();
    await setUp({ latencyMs: 700, catalog: bulkCatalog(20_000).images });
    const run = await invoke(create(), 5_000);
    const body = answer(run, 5_000);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/^the lookup did not finish within its 4 s deadline; DescribeImages had answered \d page\(s\) with \d+ image\(s\) in \d attempt\(s\)$/);
  });
});

test('no credentials in the environment: FAILED with a clear reason', async () => {
  const run = await invokeAsset(create(), { ec2Endpoint: ec2.url, env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
  expect(answer(run)).toMatchObject({
    Status: 'FAILED',
    Reason: 'DescribeImages failed on page 1: Error: no AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
  });
  expect(ec2.requests).toHaveLength(0);
});

describe('response endpoint faults', () => {
  test('fails twice, then accepts: retried, one accepted response, identical bodies', async () => {
    cfn.failNext(500, 503);
    const run = await invoke(create());
    expect(run.outcome).toBe('returned');
    expect(cfn.received.map((r) => r.status)).toEqual([500, 503, 200]);
    expect(new Set(cfn.received.map((r) => r.body)).size).toBe(1);
    expect(cfn.accepted[0].json).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: best } });
  });

  test('never accepts: a bounded number of tries, an error in the logs, and a normal return', async () => {
    cfn.failNext(...Array(50).fill(403));
    const run = await invoke(create());
    expect(run.outcome).toBe('returned');
    expect(cfn.received).toHaveLength(6);
    expect(logged(run, 'response not delivered')).toHaveLength(1);
  });

  test('an unreachable response URL: the function still returns, without logging the URL', async () => {
    const event = create();
    event.ResponseURL = 'http://127.0.0.1:9/cfn-response?X-Amz-Signature=SECRETSIGNATURE';
    const run = await invoke(event);
    expect(run.outcome).toBe('returned');
    expect(logged(run, 'response not delivered')).toHaveLength(1);
    expect(run.logs.join('\n')).not.toContain('SECRETSIGNATURE');
  });
});

describe('lifecycle', () => {
  test('duplicate delivery of the same event: byte-identical responses, SUCCESS and FAILED alike', async () => {
    const ok = create();
    const bad = create({ [Prop.nameRegex]: '^never$' });
    const run = await invoke([ok, ok, bad, bad]);
    expect(run.outcomes!.map((o) => o.outcome)).toEqual(['returned', 'returned', 'returned', 'returned']);
    const bodies = cfn.received.map((r) => r.body);
    expect(bodies[0]).toBe(bodies[1]);
    expect(bodies[2]).toBe(bodies[3]);
    expect(JSON.parse(bodies[2]).Status).toBe('FAILED');
  });

  test('Delete after a failed Create, and Delete of an unknown physical ID: SUCCESS, zero EC2 calls', async () => {
    const failedCreate = create({ [Prop.owners]: ['not-an-owner'] });
    await invoke(failedCreate);
    const failed = cfn.received[0].json;
    expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'AmiLookup-CreateFailed' });
    const del = (id: string) => ({ ...failedCreate, RequestType: 'Delete', PhysicalResourceId: id });
    const run = await invoke([del(failed.PhysicalResourceId), del('ami-0ffffffffffffffff'), del('something-else-entirely')]);
    expect(run.outcomes!.map((o) => o.outcome)).toEqual(['returned', 'returned', 'returned']);
    expect(cfn.received.slice(1).map((r) => [r.json.Status, r.json.PhysicalResourceId]))
      .toEqual([['SUCCESS', 'AmiLookup-CreateFailed'], ['SUCCESS', 'ami-0ffffffffffffffff'], ['SUCCESS', 'something-else-entirely']]);
    expect(ec2.requests).toHaveLength(0);
  });

  test('Update and its rollback (properties swapped): the rollback restores the created image and its attributes', async () => {
    const oldProps = { ...props, [Prop.rank]: '3' };
    const newProps = props;
    const createOld = cfnEvent('Create', oldProps, cfn.responseUrl);
    await invoke(createOld);
    const created = cfn.received[0].json;
    const update = cfnEvent('Update', newProps, cfn.responseUrl, { PhysicalResourceId: created.PhysicalResourceId, OldResourceProperties: oldProps });
    await invoke(update);
    const updated = cfn.received[1].json;
    expect(updated.Data.ImageId).toBe(best);
    const rollback = cfnEvent('Update', oldProps, cfn.responseUrl, { PhysicalResourceId: updated.PhysicalResourceId, OldResourceProperties: newProps });
    await invoke(rollback);
    const rolledBack = cfn.received[2].json;
    expect(rolledBack.Data.ImageId).toBe(created.Data.ImageId);
    const { [Attr.previousImageId]: previous, [Attr.resolvedFrom]: from, ...rest } = rolledBack.Data;
    const { [Attr.previousImageId]: none, [Attr.resolvedFrom]: freshFrom, ...fresh } = created.Data;
    expect(rest).toEqual(fresh);
    expect([freshFrom, from]).toEqual(['query', 'restored']);
    expect([none, updated.Data[Attr.previousImageId], previous]).toEqual(['', created.Data.ImageId, best]);
  });
});

describe('malformed events', () => {
  test('missing ResponseURL: logged, nothing sent, no crash', async () => {
    const { ResponseURL: _, ...event } = create();
    const run = await invoke(event);
    expect(run.outcome).toBe('returned');
    expect(cfn.received).toHaveLength(0);
    expect(logged(run, 'event has no valid ResponseURL; no response can be sent')).toHaveLength(1);
  });

  test.each([
    ['a ResponseURL that is not a URL', { ResponseURL: 'not a url' }],
    ['a ResponseURL with another scheme', { ResponseURL: 'file:///etc/passwd' }],
  ])('%s: logged, nothing sent, no crash', async (_, patch) => {
    const run = await invoke({ ...create(), ...patch });
    expect(run.outcome).toBe('returned');
    expect(cfn.received).toHaveLength(0);
  });

  test('missing ResourceProperties: FAILED, zero EC2 calls', async () => {
    const { ResourceProperties: _, ...event } = create();
    expect(answer(await invoke(event))).toMatchObject({ Status: 'FAILED', Reason: 'invalid properties: ResourceProperties is missing or not an object' });
    expect(ec2.requests).toHaveLength(0);
  });

  test('unknown RequestType: FAILED, zero EC2 calls', async () => {
    expect(answer(await invoke({ ...create(), RequestType: 'Upsert' }))).toMatchObject({ Status: 'FAILED', Reason: 'unknown RequestType "Upsert"' });
    expect(ec2.requests).toHaveLength(0);
  });

  test.each([null, 'a string', 42])('an event that is not an object (%j): no crash', async (event) => {
    const run = await invoke(event);
    expect(run.outcome).toBe('returned');
    expect(cfn.received).toHaveLength(0);
  });
});
