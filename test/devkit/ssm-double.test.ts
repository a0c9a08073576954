/**
 * The SSM double stands in for Parameter Store in the tests of the Lambda that reads an AMI ID from
 * it, so it is only worth what its fidelity is: these tests drive it with the real SDK client over
 * HTTP and check every answer as the SDK parses it, errors as the SDK's typed exceptions.
 */
import {
  AccessDeniedException, GetParameterCommand, GetParameterCommandInput, GetParameterHistoryCommand, GetParameterHistoryCommandInput,
  InternalServerError, InvalidNextToken, ParameterHistory, ParameterNotFound, ParameterVersionNotFound, SSMClient, ThrottlingException,
  ValidationException, paginateGetParameterHistory,
} from '@aws-sdk/client-ssm';
import { FakeParameter, latestVersion, SsmDouble } from '../../devkit/ssm-double';

jest.setTimeout(20_000);

const OWN = '111122223333';
const SHARER = '444455556666';
const AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
const EKS = '/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id';
const BOTTLEROCKET = '/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id';

const PARAMETERS: FakeParameter[] = [
  { name: AL2023, firstVersion: 97, versions: [{ value: 'ami-0a0a0a0a0a0a0a097' }, { value: 'ami-0a0a0a0a0a0a0a098' }, { value: 'ami-0a0a0a0a0a0a0a099' }] },
  { name: EKS, versions: [{ value: 'ami-0e0e0e0e0e0e0e0e1' }] },
  { name: BOTTLEROCKET, versions: [{ value: 'ami-0b0b0b0b0b0b0b0b1' }] },
  {
    name: '/golden/web',
    dataType: 'aws:ec2:image',
    versions: [
      { value: 'ami-00000000000000001', labels: ['stable'], lastModified: new Date('2025-06-01T12:00:00.250Z') },
      { value: 'ami-00000000000000002' },
      { value: 'ami-00000000000000003', labels: ['canary', 'prod'] },
    ],
  },
  { name: 'golden-ami', versions: [{ value: 'ami-0123456789abcdef0' }] },
  { name: '/shared/base', accountId: SHARER, dataType: 'aws:ec2:image', versions: [{ value: 'ami-0fedcba9876543210' }, { value: 'ami-0fedcba9876543211' }] },
  { name: '/secret/token', type: 'SecureString', versions: [{ value: 'hunter2' }] },
  { name: '/list/regions', type: 'StringList', versions: [{ value: 'eu-west-1,us-east-1' }] },
  {
    name: '/history/five',
    versions: [
      { value: 'v1', description: 'first', allowedPattern: '^v\\d+$', lastModifiedUser: `arn:aws:iam::${OWN}:user/alice`, lastModified: new Date('2024-02-29T23:59:59.500Z') },
      { value: 'v2', labels: ['old'] },
      { value: 'v3' },
      { value: 'v4', labels: ['stable', 'blue'] },
      { value: 'v5', labels: ['latest'] },
    ],
  },
  { name: '/history/long', firstVersion: 41, versions: Array.from({ length: 60 }, (_, i) => ({ value: `long-${41 + i}` })) },
];

const credentials = { accessKeyId: 'AKIAEXAMPLEOWN000001', secretAccessKey: 'fake-secret' };
let double: SsmDouble;
/** The SDK's default retry policy, as the Lambda has it. */
let client: SSMClient;
/** No retries, so each error arrives as answered. */
let once: SSMClient;

beforeAll(async () => {
  double = await SsmDouble.start({ parameters: PARAMETERS });
  client = new SSMClient({ region: 'eu-west-1', endpoint: double.url, credentials });
  once = new SSMClient({ region: 'eu-west-1', endpoint: double.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  once.destroy();
  await double.close();
});
afterEach(() => {
  double.allowAll();
  double.latencyMs = 0;
});

const get = async (input: GetParameterCommandInput, c = once) => (await c.send(new GetParameterCommand(input))).Parameter!;
const failure = (input: GetParameterCommandInput, c = once): Promise<unknown> =>
  c.send(new GetParameterCommand(input)).then(() => { throw new Error(`${input.Name} was found`); }, (e: unknown) => e);
const history = async (input: GetParameterHistoryCommandInput, c = once) => c.send(new GetParameterHistoryCommand(input));
const historyFailure = (input: GetParameterHistoryCommandInput, c = once): Promise<unknown> =>
  c.send(new GetParameterHistoryCommand(input)).then(() => { throw new Error(`${input.Name}: history was answered`); }, (e: unknown) => e);
/** Every page the SDK's paginator fetches. */
const pages = async (input: GetParameterHistoryCommandInput, pageSize?: number, c = once) => {
  const out: ParameterHistory[][] = [];
  for await (const page of paginateGetParameterHistory({ client: c, pageSize }, input)) out.push(page.Parameters ?? []);
  return out;
};
const arn = (name: string, account = OWN, region = 'eu-west-1') => `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;

describe('by name', () => {
  test('the latest version, with every field of the answer', async () => {
    const p = await get({ Name: '/golden/web' });
    expect(p).toEqual({
      Name: '/golden/web',
      Type: 'String',
      Value: 'ami-00000000000000003',
      Version: 3,
      LastModifiedDate: new Date(Date.UTC(2026, 0, 3, 9, 30, 0, 125)),
      ARN: `arn:aws:ssm:eu-west-1:${OWN}:parameter/golden/web`,
      DataType: 'aws:ec2:image',
    });
    expect(p.Selector).toBeUndefined();
  });

  test.each([
    [AL2023, 'ami-0a0a0a0a0a0a0a099', 99],
    [EKS, 'ami-0e0e0e0e0e0e0e0e1', 1],
    [BOTTLEROCKET, 'ami-0b0b0b0b0b0b0b0b1', 1],
  ])('public parameter %s: any account reads it, its ARN has no account', async (name, value, version) => {
    const p = await get({ Name: name });
    expect(p).toMatchObject({ Name: name, Value: value, Version: version, DataType: 'text', ARN: `arn:aws:ssm:eu-west-1::parameter${name}` });
  });

  test('at the top level a leading slash is optional, and the name comes back as created', async () => {
    for (const name of ['golden-ami', '/golden-ami']) {
      expect(await get({ Name: name })).toMatchObject({ Name: 'golden-ami', Value: 'ami-0123456789abcdef0', ARN: arn('golden-ami') });
    }
  });

  test('spaces around the name are dropped', async () => {
    expect(await get({ Name: '  /golden/web ' })).toMatchObject({ Name: '/golden/web', Version: 3 });
  });

  test('a configured LastModifiedDate keeps its milliseconds', async () => {
    expect((await get({ Name: '/golden/web:1' })).LastModifiedDate).toEqual(new Date('2025-06-01T12:00:00.250Z'));
  });
});

test('latestVersion says what GetParameter answers without a selector: version, value and LastModifiedDate, defaulted or given', async () => {
  for (const p of PARAMETERS.filter((x) => x.type === undefined && x.accountId === undefined)) {
    const answer = await get({ Name: p.name });
    const latest = latestVersion(p);
    expect([latest.version, latest.value, latest.lastModified.toISOString()])
      .toEqual([answer.Version, answer.Value, answer.LastModifiedDate!.toISOString()]);
  }
  expect(latestVersion(PARAMETERS[0]).version).toBe(99);
  expect(latestVersion({ name: '/x', versions: [{ value: 'v', lastModified: new Date('2026-03-04T05:06:07.089Z') }] }).lastModified.toISOString())
    .toBe('2026-03-04T05:06:07.089Z');
  expect(() => latestVersion({ name: '/x', versions: [] })).toThrow('has no version');
});

describe('selectors', () => {
  test('by version: that version, with Selector', async () => {
    expect(await get({ Name: '/golden/web:1' })).toMatchObject({ Value: 'ami-00000000000000001', Version: 1, Selector: ':1', Name: '/golden/web' });
    expect(await get({ Name: '/golden/web:2' })).toMatchObject({ Value: 'ami-00000000000000002', Version: 2, Selector: ':2' });
  });

  test('version numbers count from the first version kept', async () => {
    expect(await get({ Name: `${AL2023}:98` })).toMatchObject({ Value: 'ami-0a0a0a0a0a0a0a098', Version: 98, Selector: ':98' });
  });

  test('by label: the labelled version, with Selector', async () => {
    expect(await get({ Name: '/golden/web:stable' })).toMatchObject({ Value: 'ami-00000000000000001', Version: 1, Selector: ':stable' });
    expect(await get({ Name: '/golden/web:prod' })).toMatchObject({ Value: 'ami-00000000000000003', Version: 3, Selector: ':prod' });
  });

  test('an unknown version, version 0, a version no longer kept and an unknown label are ParameterVersionNotFound', async () => {
    for (const name of ['/golden/web:4', '/golden/web:0', `${AL2023}:96`, '/golden/web:Prod', '/golden/web:beta']) {
      const e = await failure({ Name: name });
      expect(e).toBeInstanceOf(ParameterVersionNotFound);
      expect((e as Error).message).toMatch(/^Systems Manager could not find (version|label) /);
    }
  });
});

describe('by ARN', () => {
  test('own parameter: found, named by its name, the ARN without the selector', async () => {
    expect(await get({ Name: arn('/golden/web') })).toMatchObject({ Name: '/golden/web', Value: 'ami-00000000000000003', ARN: arn('/golden/web') });
    const p = await get({ Name: `${arn('/golden/web')}:stable` });
    expect(p).toMatchObject({ Value: 'ami-00000000000000001', Selector: ':stable', ARN: arn('/golden/web') });
    expect(await get({ Name: arn('golden-ami') })).toMatchObject({ Name: 'golden-ami', Value: 'ami-0123456789abcdef0' });
  });

  test('public parameter by its account-less ARN', async () => {
    expect(await get({ Name: `arn:aws:ssm:eu-west-1::parameter${EKS}` })).toMatchObject({ Name: EKS, Value: 'ami-0e0e0e0e0e0e0e0e1' });
  });

  test("a shared parameter: by the owner's full ARN, with version selectors; its ARN names the owner", async () => {
    const shared = arn('/shared/base', SHARER);
    expect(await get({ Name: shared })).toMatchObject({
      Name: shared, Value: 'ami-0fedcba9876543211', Version: 2, ARN: shared, DataType: 'aws:ec2:image',
    });
    expect(await get({ Name: `${shared}:1` })).toMatchObject({ Value: 'ami-0fedcba9876543210', Version: 1, Selector: ':1', ARN: shared });
  });

  test("a shared parameter by plain name, or by an ARN in this account's name, is ParameterNotFound", async () => {
    for (const name of ['/shared/base', '/shared/base:1', arn('/shared/base')]) {
      expect(await failure({ Name: name })).toBeInstanceOf(ParameterNotFound);
    }
  });

  test("another region's ARN is not in this region's store", async () => {
    expect(await failure({ Name: arn('/golden/web', OWN, 'us-east-1') })).toBeInstanceOf(ParameterNotFound);
  });

  test('a malformed ARN, or one of another partition, is a ValidationException', async () => {
    for (const name of ['arn:aws:ssm:eu-west-1:1234:parameter/golden/web', 'arn:aws:ssm:eu-west-1:111122223333:document/x', `arn:aws-cn:ssm:eu-west-1:${OWN}:parameter/golden/web`]) {
      expect(await failure({ Name: name })).toBeInstanceOf(ValidationException);
    }
  });
});

describe('errors', () => {
  test('an unknown parameter is ParameterNotFound, which SSM sends without a message', async () => {
    const e = await failure({ Name: '/golden/missing' });
    expect(e).toBeInstanceOf(ParameterNotFound);
    expect(e).toMatchObject({ name: 'ParameterNotFound', message: 'UnknownError', $metadata: { httpStatusCode: 400 } });
  });

  test('malformed names are ValidationExceptions', async () => {
    for (const name of ['golden web', 'golden/web', '/golden//web', '/golden/web/', '/golden#web', '/golden/web:', '/golden/web:1:2', '/golden/web:bad label', '', 'x'.repeat(2049),
      `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`]) {
      const e = await failure({ Name: name });
      expect(e).toBeInstanceOf(ValidationException);
      expect(e).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    }
  });

  test('AccessDeniedException for a denied parameter, however it is named, even one that does not exist', async () => {
    double.denyAccess('/golden/web', 'golden/nothing-here');
    for (const name of ['/golden/web', '/golden/web:1', `${arn('/golden/web')}:prod`, '/golden/nothing-here']) {
      const e = await failure({ Name: name });
      expect(e).toBeInstanceOf(AccessDeniedException);
      expect((e as Error).message).toContain('is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:eu-west-1:');
    }
    expect(await get({ Name: 'golden-ami' })).toMatchObject({ Value: 'ami-0123456789abcdef0' });
  });

  test("denying a shared parameter's ARN leaves a same-named parameter of this account alone", async () => {
    double.setParameters([...PARAMETERS, { name: '/shared/base', versions: [{ value: 'ami-0aaaaaaaaaaaaaaa1' }] }]);
    try {
      double.denyAccess(arn('/shared/base', SHARER));
      expect(await failure({ Name: arn('/shared/base', SHARER) })).toBeInstanceOf(AccessDeniedException);
      expect(await get({ Name: '/shared/base' })).toMatchObject({ Value: 'ami-0aaaaaaaaaaaaaaa1', ARN: arn('/shared/base') });
    } finally {
      double.setParameters(PARAMETERS);
    }
  });
});

describe('retries', () => {
  test('throttling is a typed ThrottlingException (HTTP 400) without retries', async () => {
    double.throttle(1);
    const e = await failure({ Name: '/golden/web' });
    expect(e).toBeInstanceOf(ThrottlingException);
    expect(e).toMatchObject({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    expect(await get({ Name: '/golden/web' })).toMatchObject({ Version: 3 });
  });

  test('the SDK retries throttling by itself and then succeeds', async () => {
    const before = double.getParameterCalls;
    double.throttle(2);
    const out = await client.send(new GetParameterCommand({ Name: '/golden/web:prod' }));
    expect(out.Parameter).toMatchObject({ Value: 'ami-00000000000000003', Selector: ':prod' });
    expect(out.$metadata.attempts).toBe(3);
    expect(double.getParameterCalls - before).toBe(3);
  });

  test('more throttling than the SDK has attempts reaches the caller', async () => {
    double.throttle(3);
    expect(await failure({ Name: '/golden/web' }, client)).toBeInstanceOf(ThrottlingException);
  });

  test('an InternalServerError is HTTP 500, typed, and retried by the SDK', async () => {
    double.failInternally(1);
    const e = await failure({ Name: '/golden/web' });
    expect(e).toBeInstanceOf(InternalServerError);
    expect(e).toMatchObject({ $metadata: { httpStatusCode: 500 } });
    double.failInternally(1);
    expect((await client.send(new GetParameterCommand({ Name: '/golden/web' }))).$metadata.attempts).toBe(2);
  });

  test('latency holds every answer back', async () => {
    double.latencyMs = 300;
    const before = double.calls.length;
    const started = Date.now();
    let settled = false;
    const pending = get({ Name: '/golden/web' }).finally(() => { settled = true; });
    while (double.calls.length === before) await new Promise((r) => setTimeout(r, 5));
    expect(settled).toBe(false);
    expect(await pending).toMatchObject({ Version: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });
});

describe('types and decryption', () => {
  test('SecureString: ciphertext without WithDecryption, plaintext with it', async () => {
    const secret = PARAMETERS.find((p) => p.name === '/secret/token')!;
    for (const input of [{ Name: '/secret/token' }, { Name: '/secret/token', WithDecryption: false }]) {
      const p = await get(input);
      expect(p).toMatchObject({ Type: 'SecureString', Version: 1, Value: SsmDouble.ciphertextOf(secret, 1) });
      expect(p.Value).toMatch(/^AQICAH[A-Za-z0-9+/]{100,}={0,2}$/);
      expect(Buffer.from(p.Value!, 'base64').toString('latin1')).not.toContain('hunter2');
    }
    expect(await get({ Name: '/secret/token', WithDecryption: true })).toMatchObject({ Type: 'SecureString', Value: 'hunter2' });
  });

  test('WithDecryption is ignored for String and StringList', async () => {
    expect(await get({ Name: '/list/regions', WithDecryption: true })).toMatchObject({ Type: 'StringList', Value: 'eu-west-1,us-east-1', DataType: 'text' });
    expect(await get({ Name: '/golden/web', WithDecryption: true })).toMatchObject({ Type: 'String', Value: 'ami-00000000000000003' });
  });

  test('the data type: aws:ec2:image as configured, text by default', async () => {
    expect((await get({ Name: '/golden/web' })).DataType).toBe('aws:ec2:image');
    expect((await get({ Name: 'golden-ami' })).DataType).toBe('text');
  });

  test('the store refuses parameters SSM would not hold, and keeps what it had', async () => {
    const bad: FakeParameter[] = [
      { name: '/x', dataType: 'aws:ec2:image', versions: [{ value: 'not-an-ami' }] },
      { name: '/x', dataType: 'aws:ec2:image', type: 'SecureString', versions: [{ value: 'ami-00000000000000001' }] },
      { name: '/x', versions: [{ value: 'a', labels: ['prod'] }, { value: 'b', labels: ['prod'] }] },
      { name: '/x', versions: [{ value: 'a', labels: ['1st'] }] },
      { name: '/x', versions: [{ value: 'a', labels: ['AWS-thing'] }] },
      { name: '/x', versions: [] },
      { name: 'x/y', versions: [{ value: 'a' }] },
      { name: `${EKS}-2`, accountId: SHARER, versions: [{ value: 'a' }] },
    ];
    for (const p of bad) expect(() => double.setParameters([p])).toThrow(/^SsmDouble: parameter /);
    expect(() => double.setParameters([{ name: 'dup', versions: [{ value: 'a' }] }, { name: '/dup', versions: [{ value: 'b' }] }])).toThrow(/given twice/);
    expect(await get({ Name: '/golden/web' })).toMatchObject({ Version: 3 });
    expect(await failure({ Name: '/x' })).toBeInstanceOf(ParameterNotFound);
  });
});

describe('the wire', () => {
  test('each call is recorded: the name as asked, WithDecryption, the access key and region of the signature', async () => {
    const other = new SSMClient({ region: 'us-east-2', endpoint: double.url, credentials: { accessKeyId: 'ASIAEXAMPLEOTHER0002', secretAccessKey: 's' }, maxAttempts: 1 });
    try {
      const before = double.calls.length;
      await get({ Name: ' /golden/web:2', WithDecryption: true });
      const p = await get({ Name: 'golden-ami' }, other);
      expect(p.ARN).toBe(arn('golden-ami', OWN, 'us-east-2'));
      expect(double.calls.slice(before)).toEqual([
        { target: 'AmazonSSM.GetParameter', name: ' /golden/web:2', withDecryption: true, accessKeyId: 'AKIAEXAMPLEOWN000001', region: 'eu-west-1' },
        { target: 'AmazonSSM.GetParameter', name: 'golden-ami', withDecryption: undefined, accessKeyId: 'ASIAEXAMPLEOTHER0002', region: 'us-east-2' },
      ]);
    } finally {
      other.destroy();
    }
  });

  test('AWS JSON 1.1 on the wire: LastModifiedDate in epoch seconds, errors as __type', async () => {
    const json = async (r: Response) => (await r.json()) as { Parameter?: unknown; __type?: string };
    const post = (target: string, body: unknown, auth = 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/eu-west-1/ssm/aws4_request, SignedHeaders=host, Signature=0') =>
      fetch(double.url, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', 'authorization': auth }, body: JSON.stringify(body) });

    const ok = await post('AmazonSSM.GetParameter', { Name: '/golden/web:1' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(ok)).Parameter).toEqual({
      Name: '/golden/web',
      Type: 'String',
      Value: 'ami-00000000000000001',
      Version: 1,
      LastModifiedDate: 1748779200.25,
      ARN: arn('/golden/web'),
      DataType: 'aws:ec2:image',
      Selector: ':1',
    });

    const missing = await post('AmazonSSM.GetParameter', { Name: '/nope' });
    expect([missing.status, await json(missing)]).toEqual([400, { __type: 'ParameterNotFound' }]);
    const otherOp = await post('AmazonSSM.PutParameter', { Name: '/x', Value: 'y' });
    expect([otherOp.status, (await json(otherOp)).__type]).toEqual([400, 'UnknownOperationException']);
    const unsigned = await post('AmazonSSM.GetParameter', { Name: '/golden/web' }, '');
    expect([unsigned.status, (await json(unsigned)).__type]).toEqual([400, 'MissingAuthenticationTokenException']);
    const wrongService = await post('AmazonSSM.GetParameter', { Name: '/golden/web' }, 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/eu-west-1/ec2/aws4_request');
    expect([wrongService.status, (await json(wrongService)).__type]).toEqual([400, 'InvalidSignatureException']);
    const noName = await post('AmazonSSM.GetParameter', {});
    expect([noName.status, (await json(noName)).__type]).toEqual([400, 'ValidationException']);
  });
});

describe('GetParameterHistory', () => {
  test('the whole history over several pages, oldest first: MaxResults 2 and 5 versions make pages of 2, 2 and 1', async () => {
    const before = double.historyCalls.length;
    const got = await pages({ Name: '/history/five' }, 2);
    expect(got.map((p) => p.map((h) => h.Version))).toEqual([[1, 2], [3, 4], [5]]);
    expect(got.flat().map((h) => h.Value)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    const calls = double.historyCalls.slice(before);
    expect(calls.map((c) => [c.action, c.target, c.name, c.maxResults])).toEqual(Array(3).fill(['GetParameterHistory', 'AmazonSSM.GetParameterHistory', '/history/five', 2]));
    expect(calls[0].nextToken).toBeUndefined();
    expect(calls[1].nextToken).toEqual(expect.any(String));
    expect(calls[2].nextToken).not.toBe(calls[1].nextToken);
    // Every request is in `calls` too, and GetParameter's count leaves them out.
    expect(double.calls.slice(-3).every((c) => c.target === 'AmazonSSM.GetParameterHistory')).toBe(true);
    const last = await history({ Name: '/history/five', MaxResults: 2, NextToken: calls[2].nextToken });
    expect(last.Parameters!.map((h) => h.Version)).toEqual([5]);
    expect(last.NextToken).toBeUndefined();
  });

  test('every field of a history entry, configured ones included', async () => {
    const out = await history({ Name: '/history/five', MaxResults: 1 });
    expect(out.Parameters).toEqual([{
      Name: '/history/five',
      Type: 'String',
      LastModifiedDate: new Date('2024-02-29T23:59:59.500Z'),
      LastModifiedUser: `arn:aws:iam::${OWN}:user/alice`,
      Description: 'first',
      Value: 'v1',
      AllowedPattern: '^v\\d+$',
      Version: 1,
      Labels: [],
      Tier: 'Standard',
      Policies: [],
      DataType: 'text',
    }]);
    expect(out.NextToken).toEqual(expect.any(String));
  });

  test('without MaxResults a page holds 50: 60 versions kept, counted from the first kept, come in 50 and 10', async () => {
    const got = await pages({ Name: '/history/long' });
    expect(got.map((p) => p.length)).toEqual([50, 10]);
    expect(got.flat().map((h) => h.Version)).toEqual(Array.from({ length: 60 }, (_, i) => 41 + i));
    expect(got[1][9]).toMatchObject({ Version: 100, Value: 'long-100' });
    const one = await history({ Name: '/history/five' });
    expect([one.Parameters!.length, one.NextToken]).toEqual([5, undefined]);
  });

  test('labels are on the versions they name, an empty list on the others; dates default a day apart', async () => {
    const h = (await history({ Name: '/golden/web' })).Parameters!;
    expect(h.map((v) => [v.Version, v.Labels, v.Value, v.DataType])).toEqual([
      [1, ['stable'], 'ami-00000000000000001', 'aws:ec2:image'],
      [2, [], 'ami-00000000000000002', 'aws:ec2:image'],
      [3, ['canary', 'prod'], 'ami-00000000000000003', 'aws:ec2:image'],
    ]);
    expect(h.map((v) => v.LastModifiedDate)).toEqual([
      new Date('2025-06-01T12:00:00.250Z'), new Date(Date.UTC(2026, 0, 2, 9, 30, 0, 125)), new Date(Date.UTC(2026, 0, 3, 9, 30, 0, 125)),
    ]);
    expect((await history({ Name: '/history/five' })).Parameters!.map((v) => v.Labels)).toEqual([[], ['old'], [], ['stable', 'blue'], ['latest']]);
  });

  test('by name or by ARN, with the spaces around it dropped, the top-level slash optional', async () => {
    for (const name of [arn('/golden/web'), ' /golden/web ']) {
      expect((await history({ Name: name })).Parameters!.map((v) => [v.Name, v.Version])).toEqual([['/golden/web', 1], ['/golden/web', 2], ['/golden/web', 3]]);
    }
    for (const name of ['golden-ami', '/golden-ami', arn('golden-ami')]) {
      expect((await history({ Name: name })).Parameters).toEqual([expect.objectContaining({ Name: 'golden-ami', Version: 1 })]);
    }
  });

  test("a shared parameter's history by the owner's full ARN, named by its ARN, last modified in the owner's account", async () => {
    const shared = arn('/shared/base', SHARER);
    const h = (await history({ Name: shared })).Parameters!;
    expect(h.map((v) => [v.Name, v.Version, v.Value])).toEqual([[shared, 1, 'ami-0fedcba9876543210'], [shared, 2, 'ami-0fedcba9876543211']]);
    expect(h[0].LastModifiedUser).toMatch(new RegExp(`^arn:aws:iam::${SHARER}:`));
    expect((await pages({ Name: shared }, 1)).map((p) => p.map((v) => v.Version))).toEqual([[1], [2]]);
  });

  test("a shared parameter by plain name, or by an ARN in this account's name, is ParameterNotFound, without a message", async () => {
    for (const name of ['/shared/base', ' /shared/base', arn('/shared/base')]) {
      const e = await historyFailure({ Name: name });
      expect(e).toBeInstanceOf(ParameterNotFound);
      expect(e).toMatchObject({ message: 'UnknownError', $metadata: { httpStatusCode: 400 } });
    }
    expect(await historyFailure({ Name: '/history/missing' })).toBeInstanceOf(ParameterNotFound);
    expect(await historyFailure({ Name: arn('/golden/web', OWN, 'us-east-1') })).toBeInstanceOf(ParameterNotFound);
  });

  test("public parameters keep no history for their readers: AccessDeniedException, by name or account-less ARN, even one that doesn't exist", async () => {
    for (const name of [AL2023, `arn:aws:ssm:eu-west-1::parameter${EKS}`, '/aws/service/no/such/parameter']) {
      const e = await historyFailure({ Name: name });
      expect(e).toBeInstanceOf(AccessDeniedException);
      const resource = name.startsWith('arn:') ? name : `arn:aws:ssm:eu-west-1::parameter${name}`;
      expect((e as Error).message).toContain(`is not authorized to perform: ssm:GetParameterHistory on resource: ${resource} because no resource-based policy`);
    }
    // GetParameter still reads them.
    expect(await get({ Name: AL2023 })).toMatchObject({ Version: 99 });
  });

  test('version and label selectors are not accepted: ValidationException', async () => {
    for (const name of ['/golden/web:3', '/golden/web:stable', `${arn('/golden/web')}:1`, `${arn('/shared/base', SHARER)}:1`]) {
      expect(await historyFailure({ Name: name })).toBeInstanceOf(ValidationException);
    }
  });

  test('malformed names are ValidationExceptions, as for GetParameter', async () => {
    for (const name of ['golden web', 'golden/web', '/golden//web', '', 'x'.repeat(2049)]) {
      expect(await historyFailure({ Name: name })).toBeInstanceOf(ValidationException);
    }
  });

  test('MaxResults outside 1..50 is a ValidationException naming the bound; 1 and 50 are accepted', async () => {
    for (const [max, bound] of [[0, 'greater than or equal to 1'], [-3, 'greater than or equal to 1'], [51, 'less than or equal to 50'], [1000, 'less than or equal to 50']] as const) {
      const e = await historyFailure({ Name: '/history/five', MaxResults: max });
      expect(e).toBeInstanceOf(ValidationException);
      expect((e as Error).message).toBe(`1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value ${bound}`);
    }
    expect((await history({ Name: '/history/long', MaxResults: 50 })).Parameters).toHaveLength(50);
    expect((await history({ Name: '/history/long', MaxResults: 1 })).Parameters).toHaveLength(1);
  });

  test("a NextToken that is garbage, tampered with, or another parameter's is InvalidNextToken", async () => {
    const token = (await history({ Name: '/history/five', MaxResults: 2 })).NextToken!;
    const forged = Buffer.from(Buffer.from(token, 'base64').toString('utf8').replace(/^\d+/, '4'), 'utf8').toString('base64');
    const cases: GetParameterHistoryCommandInput[] = [
      { Name: '/history/five', NextToken: 'not-a-token' },
      { Name: '/history/five', NextToken: '' },
      { Name: '/history/five', NextToken: forged },
      { Name: '/history/five', NextToken: `${token}x` },
      { Name: '/history/long', NextToken: token },
      { Name: '/golden/web', NextToken: token },
    ];
    for (const input of cases) {
      const e = await historyFailure(input);
      expect(e).toBeInstanceOf(InvalidNextToken);
      expect(e).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    }
    // The genuine token still works, and with another page size.
    expect((await history({ Name: '/history/five', NextToken: token })).Parameters!.map((v) => v.Version)).toEqual([3, 4, 5]);
  });

  test('throttling: typed without retries, retried by the SDK, also mid-pagination', async () => {
    double.throttle(1);
    const e = await historyFailure({ Name: '/history/five' });
    expect(e).toBeInstanceOf(ThrottlingException);
    expect(e).toMatchObject({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

    const before = double.getParameterHistoryCalls;
    double.throttle(2);
    const out = await history({ Name: '/history/five', MaxResults: 3 }, client);
    expect(out.$metadata.attempts).toBe(3);
    expect(out.Parameters!.map((v) => v.Version)).toEqual([1, 2, 3]);
    expect(double.getParameterHistoryCalls - before).toBe(3);

    const paged: number[] = [];
    let throttled = false;
    for await (const page of paginateGetParameterHistory({ client, pageSize: 2 }, { Name: '/history/five' })) {
      paged.push(...page.Parameters!.map((v) => v.Version!));
      if (!throttled) { double.throttle(2); throttled = true; }
    }
    expect(paged).toEqual([1, 2, 3, 4, 5]);

    double.throttle(3);
    expect(await historyFailure({ Name: '/history/five' }, client)).toBeInstanceOf(ThrottlingException);
  });

  test('SecureString: ciphertext and the KMS key alias without WithDecryption, plaintext with it', async () => {
    const secret = PARAMETERS.find((p) => p.name === '/secret/token')!;
    const [enc] = (await history({ Name: '/secret/token' })).Parameters!;
    expect(enc).toMatchObject({ Type: 'SecureString', KeyId: 'alias/aws/ssm', Value: SsmDouble.ciphertextOf(secret, 1), Version: 1 });
    const [dec] = (await history({ Name: '/secret/token', WithDecryption: true })).Parameters!;
    expect(dec).toMatchObject({ Type: 'SecureString', KeyId: 'alias/aws/ssm', Value: 'hunter2' });
    const [plain] = (await history({ Name: '/list/regions', WithDecryption: true })).Parameters!;
    expect(plain).toMatchObject({ Type: 'StringList', Value: 'eu-west-1,us-east-1' });
    expect(plain.KeyId).toBeUndefined();
  });

  test('denyAccess refuses both actions; denyAction refuses one, as IAM authorizes them apart', async () => {
    double.denyAccess('/golden/web');
    let e = await historyFailure({ Name: arn('/golden/web') });
    expect(e).toBeInstanceOf(AccessDeniedException);
    expect((e as Error).message).toContain(`ssm:GetParameterHistory on resource: ${arn('/golden/web')} because no identity-based policy`);
    expect(await failure({ Name: '/golden/web' })).toBeInstanceOf(AccessDeniedException);
    double.allowAll();

    double.denyAction('GetParameter', '/golden/web');
    expect(await failure({ Name: '/golden/web' })).toBeInstanceOf(AccessDeniedException);
    expect((await history({ Name: '/golden/web' })).Parameters!.at(-1)).toMatchObject({ Value: 'ami-00000000000000003' });
    double.allowAll();

    double.denyAction('GetParameterHistory', arn('/shared/base', SHARER), '/history/nothing-here');
    expect(await historyFailure({ Name: arn('/shared/base', SHARER) })).toBeInstanceOf(AccessDeniedException);
    e = await historyFailure({ Name: '/history/nothing-here' });
    expect(e).toBeInstanceOf(AccessDeniedException);
    expect(await get({ Name: arn('/shared/base', SHARER) })).toMatchObject({ Version: 2 });
  });

  test('on the wire: AWS JSON 1.1, LastModifiedDate in epoch seconds, no NextToken on the last page', async () => {
    const post = (body: unknown) => fetch(double.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSSM.GetParameterHistory',
        'content-type': 'application/x-amz-json-1.1',
        'authorization': 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/eu-west-1/ssm/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const ok = await post({ Name: '/golden/web', MaxResults: 2 });
    expect([ok.status, ok.headers.get('content-type')]).toEqual([200, 'application/x-amz-json-1.1']);
    const first = (await ok.json()) as { Parameters: Array<Record<string, unknown>>; NextToken?: string };
    expect(first.Parameters[0]).toEqual({
      Name: '/golden/web',
      Type: 'String',
      LastModifiedDate: 1748779200.25,
      LastModifiedUser: `arn:aws:iam::${OWN}:user/ssm-double`,
      Value: 'ami-00000000000000001',
      Version: 1,
      Labels: ['stable'],
      Tier: 'Standard',
      Policies: [],
      DataType: 'aws:ec2:image',
    });
    expect(first.NextToken).toEqual(expect.any(String));
    const rest = (await (await post({ Name: '/golden/web', NextToken: first.NextToken })).json()) as Record<string, unknown>;
    expect(Object.keys(rest)).toEqual(['Parameters']);
    for (const bad of [{ Name: '/golden/web', MaxResults: '2' }, { Name: '/golden/web', MaxResults: 1.5 }, { Name: '/golden/web', NextToken: 3 }]) {
      const r = await post(bad);
      expect([r.status, ((await r.json()) as { __type: string }).__type]).toEqual([400, 'SerializationException']);
    }
  });
});
