/** The pager with the real SDK client against the EC2 test double: retries, timeouts and paging. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { bulkCatalog, OWN_ACCOUNT } from '../../devkit/catalog';
import { Ec2Double } from '../../devkit/ec2-double';
import { attemptTimeout } from '../../lambda/attempts';
import { createEc2Client, describeImagePages } from '../../lambda/pager';
import { ImageQuery } from '../../src/shared/settings';

jest.setTimeout(30_000);

const query: ImageQuery = { owners: ['self'], executableUsers: [], imageIds: [], includeDeprecated: false, includeDisabled: false, filters: [] };
let double: Ec2Double;
let client: EC2Client;
const env = { ...process.env };

beforeEach(async () => {
  double = await Ec2Double.start({ images: bulkCatalog(1500).images, accountId: OWN_ACCOUNT });
  Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: double.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
});
afterEach(async () => {
  client?.destroy();
  process.env = { ...env };
  await double.close();
});

async function drain(signal = new AbortController().signal, deadline = Date.now() + 60_000): Promise<number> {
  let n = 0;
  for await (const page of describeImagePages(client, query, { signal, deadline })) n += page.length;
  return n;
}

test('finds the endpoint through AWS_ENDPOINT_URL_EC2 and pages with MaxResults 1000', async () => {
  client = createEc2Client();
  expect(await drain()).toBe(1500);
  expect(double.requests.map((r) => r.params.MaxResults)).toEqual(['1000', '1000']);
});

test('RequestLimitExceeded is retried with back-off until it succeeds', async () => {
  client = createEc2Client();
  const throttle = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;
  double.inject(throttle, throttle, throttle);
  expect(await drain()).toBe(1500);
  expect(double.describeImagesCalls).toBe(5);
});

test('throttling that never stops fails with the code and the number of attempts', async () => {
  client = createEc2Client({ maxAttempts: 3 });
  const throttle = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;
  double.inject(throttle, throttle, throttle, throttle);
  await expect(drain()).rejects.toThrow('DescribeImages failed on page 1: RequestLimitExceeded: Request limit exceeded. (after 3 attempts)');
});

test('a request that never answers is failed by the per-request timeout, and retried', async () => {
  client = createEc2Client();
  double.inject({ kind: 'hang' });
  expect(await drain(undefined, Date.now() + 3_000)).toBe(1500);
  expect(double.describeImagesCalls).toBe(3);
});

test('a request that never answers, every time: a timeout error, not a hang', async () => {
  client = createEc2Client({ maxAttempts: 2 });
  double.inject({ kind: 'hang' }, { kind: 'hang' });
  await expect(drain(undefined, Date.now() + 1_000)).rejects.toThrow(/^DescribeImages failed on page 1: request timed out \(after 2 attempts\)$/);
});

test('an abort stops paging at once, and the error says where it stopped', async () => {
  client = createEc2Client();
  const throttle = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;
  double.inject({ kind: 'delay', ms: 0 }, throttle, { kind: 'hang' });
  const controller = new AbortController();
  // Aborted once the third attempt is hanging, however slow the machine is to get there.
  const poll = setInterval(() => {
    if (double.describeImagesCalls >= 3) {
      clearInterval(poll);
      setTimeout(() => controller.abort(new Error('deadline')), 50);
    }
  }, 10);
  await expect(drain(controller.signal).finally(() => clearInterval(poll))).rejects.toThrow(
    'deadline; DescribeImages had answered 1 page(s) with 1000 image(s) in 3 attempt(s), the last failed attempt with RequestLimitExceeded');
});

test('the per-attempt timeout is a third of the time left, between 1 s and 30 s', () => {
  const signal = new AbortController().signal;
  expect(attemptTimeout({ signal, deadline: 90_000 }, 30_000, 0)).toBe(30_000);
  expect(attemptTimeout({ signal, deadline: 6_000 }, 30_000, 0)).toBe(2_000);
  expect(attemptTimeout({ signal, deadline: 100 }, 30_000, 0)).toBe(1_000);
});

// The first attempt must be cut off after a third of the 4.5 s left, not after the 30 s cap: an
// attempt held to the cap would outlive this test's own 20 s limit, however slow the machine.
test('a hung attempt near the deadline is cut off in time to retry', async () => {
  client = createEc2Client();
  double.inject({ kind: 'hang' });
  expect(await drain(undefined, Date.now() + 4_500)).toBe(1500);
  expect(double.describeImagesCalls).toBe(3);
}, 20_000);
