/** The pager with the real SDK client against the EC2 test double: retries, timeouts and paging. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Client, describeImagePages } from '../lambda/pager';
import { Query } from '../lambda/properties';
import { bulkCatalog, OWN_ACCOUNT } from './support/catalog';
import { Ec2Double } from './support/ec2-double';

jest.setTimeout(30_000);

const query: Query = { owners: ['self'], executableUsers: [], imageIds: [], includeDeprecated: false, includeDisabled: false, filters: [] };
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

async function drain(signal = new AbortController().signal): Promise<number> {
  let n = 0;
  for await (const page of describeImagePages(client, query, signal)) n += page.length;
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
  await expect(drain()).rejects.toThrow('DescribeImages failed: RequestLimitExceeded: Request limit exceeded. (after 3 attempts)');
});

test('a request that never answers is failed by the per-request timeout, and retried', async () => {
  client = createEc2Client({ requestTimeoutMs: 300 });
  double.inject({ kind: 'hang' });
  expect(await drain()).toBe(1500);
  expect(double.describeImagesCalls).toBe(3);
});

test('a request that never answers, every time: a timeout error, not a hang', async () => {
  client = createEc2Client({ requestTimeoutMs: 200, maxAttempts: 2 });
  double.inject({ kind: 'hang' }, { kind: 'hang' });
  await expect(drain()).rejects.toThrow(/^DescribeImages failed: request timed out/);
});

test('an abort stops paging at once', async () => {
  client = createEc2Client();
  double.inject({ kind: 'hang' });
  const controller = new AbortController();
  const reason = new Error('deadline');
  setTimeout(() => controller.abort(reason), 100);
  await expect(drain(controller.signal)).rejects.toBe(reason);
});
