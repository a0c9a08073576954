/**
 * The CloudFormation double stands in for the service in the status command's tests, so these
 * drive it with the real SDK client and its paginators over HTTP: what the SDK cannot parse, or
 * parses differently from a real answer, would make those tests lie.
 */
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  paginateDescribeStacks,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { CfnDouble, FakeResource, FakeStack } from '../../devkit/cfn-double';

const ACCOUNT = '444455556666';
const REGION = 'eu-west-1';
const ACCESS_KEY = 'AKIDCFNDOUBLE';

const stack = (name: string, extra: Partial<FakeStack> = {}): FakeStack => ({ name, ...extra });

// A custom resource may choose any string as its physical ID: this one has the characters XML must
// escape, and a literal entity that the SDK would decode if the ampersand went out unescaped.
const TRICKY_ID = 'ami-lookup:v1:{"name":"web-<1.0>&\'x\' &lt;","id":"ami-0123456789abcdef0"}';
const appResources: FakeResource[] = [
  { logicalId: 'CDKMetadata', physicalId: 'c1a2b3c4-0000-0000-0000-000000000001', type: 'AWS::CDK::Metadata' },
  { logicalId: 'WebAmi', physicalId: 'ami-lookup:v1:eyJpZCI6ImFtaS0xIn0', type: 'Custom::AmiLookup', lastUpdated: '2026-02-03T04:05:06.789Z' },
  { logicalId: 'DbAmi', physicalId: TRICKY_ID, type: 'Custom::AmiLookup', driftStatus: 'IN_SYNC' },
  { logicalId: 'Provider', physicalId: 'App-Provider-ABC123', type: 'AWS::Lambda::Function', status: 'UPDATE_COMPLETE' },
  { logicalId: 'BrokenAmi', type: 'Custom::AmiLookup', status: 'CREATE_FAILED', statusReason: 'Received response status [FAILED] from custom resource.' },
  { logicalId: 'Role', physicalId: 'App-Role-XYZ', type: 'AWS::IAM::Role' },
  { logicalId: 'Bucket', physicalId: 'app-bucket-1abc2def3ghi', type: 'AWS::S3::Bucket' },
];

const app = stack('App', {
  description: 'The demo app',
  lastUpdatedTime: '2026-02-01T00:00:00.000Z',
  status: 'UPDATE_COMPLETE',
  parameters: { BootstrapVersion: '/cdk-bootstrap/hnb659fds/version' },
  outputs: [{ key: 'WebAmiId', value: 'ami-0123456789abcdef0', description: 'The web AMI', exportName: 'App:WebAmiId' }],
  tags: { team: 'platform', env: 'prod' },
  capabilities: ['CAPABILITY_IAM'],
  terminationProtection: true,
  resources: appResources,
});
const nested = stack('App-NestedABC123', { parent: 'App', resources: [{ logicalId: 'InnerAmi', physicalId: 'ami-lookup:v1:inner', type: 'Custom::AmiLookup' }] });
const deeper = stack('App-NestedABC123-DeeperDEF456', { parent: 'App-NestedABC123' });
const gone = stack('Gone', {
  status: 'DELETE_COMPLETE',
  deletionTime: '2026-03-01T00:00:00.000Z',
  resources: [{ logicalId: 'OldAmi', physicalId: 'ami-lookup:v1:old', type: 'Custom::AmiLookup', status: 'DELETE_COMPLETE' }],
});
const rebornOld = stack('Reborn', { status: 'DELETE_COMPLETE' });
const reborn = stack('Reborn', { creationTime: '2026-04-01T00:00:00.000Z' });
const secret = stack('Secret');
const elsewhere = stack('Elsewhere', { region: 'us-east-1' });
const stacks = [app, nested, deeper, gone, stack('Second'), rebornOld, reborn, secret, stack('Fifth', { status: 'ROLLBACK_COMPLETE' }), elsewhere];

let double: CfnDouble;
let client: CloudFormationClient;

const newClient = (url: string, extra: { maxAttempts?: number } = {}) =>
  new CloudFormationClient({ region: REGION, endpoint: url, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: 'secret' }, ...extra });
const errorOf = (p: Promise<unknown>) => p.then(() => 'no error', (e) => `${e.name}: ${e.message}`);

beforeAll(async () => {
  double = await CfnDouble.start({
    stacks,
    accountId: ACCOUNT,
    region: REGION,
    describeStacksPageSize: 2,
    listStackResourcesPageSize: 3,
    accessDenied: ['Secret'],
  });
  client = newClient(double.url);
});
afterAll(async () => {
  client.destroy();
  await double.close();
});

describe('DescribeStacks', () => {
  test('one stack by name, every field parsed by the SDK', async () => {
    const before = double.calls.length;
    const out = await client.send(new DescribeStacksCommand({ StackName: 'App' }));
    expect(out.NextToken).toBeUndefined();
    expect(out.Stacks).toHaveLength(1);
    expect(out.Stacks![0]).toEqual({
      StackId: double.stackIdOf(app),
      StackName: 'App',
      Description: 'The demo app',
      Parameters: [{ ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version' }],
      CreationTime: new Date('2026-01-01T00:00:00.000Z'),
      LastUpdatedTime: new Date('2026-02-01T00:00:00.000Z'),
      RollbackConfiguration: {},
      StackStatus: 'UPDATE_COMPLETE',
      DisableRollback: false,
      NotificationARNs: [],
      Capabilities: ['CAPABILITY_IAM'],
      Outputs: [{ OutputKey: 'WebAmiId', OutputValue: 'ami-0123456789abcdef0', Description: 'The web AMI', ExportName: 'App:WebAmiId' }],
      Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'env', Value: 'prod' }],
      EnableTerminationProtection: true,
      DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
    });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(double.calls.slice(before)).toEqual([
      { action: 'DescribeStacks', stackName: 'App', nextToken: undefined, region: REGION, accessKeyId: ACCESS_KEY, status: 200, errorCode: undefined },
    ]);
  });

  test('a stack ID is an ARN of the region, account and name, the same on every start', async () => {
    const id = double.stackIdOf(app);
    expect(id).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/App/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    const again = await CfnDouble.start({ stacks, accountId: ACCOUNT, region: REGION });
    try {
      expect(again.stackIdOf(app)).toBe(id);
    } finally {
      await again.close();
    }
    const byId = await client.send(new DescribeStacksCommand({ StackName: id }));
    expect(byId.Stacks!.map((s) => s.StackName)).toEqual(['App']);
  });

  test('without a name: every live stack of the region, paged, in order, each page within the page size', async () => {
    const before = double.calls.length;
    const pages: string[][] = [];
    for await (const page of paginateDescribeStacks({ client }, {})) pages.push(page.Stacks!.map((s) => s.StackName!));
    expect(pages).toEqual([
      ['App', 'App-NestedABC123'],
      ['App-NestedABC123-DeeperDEF456', 'Second'],
      ['Reborn', 'Secret'],
      ['Fifth'],
    ]);
    const calls = double.calls.slice(before);
    expect(calls.map((c) => [c.action, c.stackName, c.region])).toEqual(Array(4).fill(['DescribeStacks', undefined, REGION]));
    expect(calls[0].nextToken).toBeUndefined();
    expect(calls.slice(1).every((c) => typeof c.nextToken === 'string' && c.nextToken.length > 0)).toBe(true);
    expect(new Set(calls.map((c) => c.nextToken)).size).toBe(4);
  });

  test('nested stacks carry ParentId and RootId', async () => {
    const [mid] = (await client.send(new DescribeStacksCommand({ StackName: nested.name }))).Stacks!;
    const [low] = (await client.send(new DescribeStacksCommand({ StackName: deeper.name }))).Stacks!;
    expect([mid.ParentId, mid.RootId]).toEqual([double.stackIdOf(app), double.stackIdOf(app)]);
    expect([low.ParentId, low.RootId]).toEqual([double.stackIdOf(nested), double.stackIdOf(app)]);
    const [top] = (await client.send(new DescribeStacksCommand({ StackName: 'App' }))).Stacks!;
    expect(top.ParentId).toBeUndefined();
  });

  test('stacks are regional: a stack of us-east-1 is not found from eu-west-1', async () => {
    expect(await errorOf(client.send(new DescribeStacksCommand({ StackName: 'Elsewhere' })))).toBe('ValidationError: Stack with id Elsewhere does not exist');
    const east = new CloudFormationClient({ region: 'us-east-1', endpoint: double.url, credentials: { accessKeyId: 'AKIDEAST', secretAccessKey: 'secret' } });
    try {
      const out = await east.send(new DescribeStacksCommand({}));
      expect(out.Stacks!.map((s) => [s.StackName, s.StackId!.split(':')[3]])).toEqual([['Elsewhere', 'us-east-1']]);
      expect(double.calls.at(-1)).toMatchObject({ region: 'us-east-1', accessKeyId: 'AKIDEAST' });
    } finally {
      east.destroy();
    }
  });
});

describe('ListStackResources', () => {
  test('pages over several pages and the SDK parses every field', async () => {
    const before = double.calls.length;
    const pages: number[] = [];
    const all = [];
    for await (const page of paginateListStackResources({ client }, { StackName: 'App' })) {
      pages.push(page.StackResourceSummaries!.length);
      all.push(...page.StackResourceSummaries!);
    }
    expect(pages).toEqual([3, 3, 1]);
    const calls = double.calls.slice(before);
    expect(calls.map((c) => [c.action, c.stackName])).toEqual(Array(3).fill(['ListStackResources', 'App']));
    expect(calls.map((c) => c.nextToken === undefined)).toEqual([true, false, false]);

    expect(all.map((r) => r.LogicalResourceId)).toEqual(appResources.map((r) => r.logicalId));
    expect(all[0]).toEqual({
      LogicalResourceId: 'CDKMetadata',
      PhysicalResourceId: 'c1a2b3c4-0000-0000-0000-000000000001',
      ResourceType: 'AWS::CDK::Metadata',
      // A resource's default timestamp is the stack's last update.
      LastUpdatedTimestamp: new Date('2026-02-01T00:00:00.000Z'),
      ResourceStatus: 'CREATE_COMPLETE',
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    });
    expect(all[1]).toMatchObject({ ResourceType: 'Custom::AmiLookup', LastUpdatedTimestamp: new Date('2026-02-03T04:05:06.789Z') });
    expect(all[2]).toMatchObject({ PhysicalResourceId: TRICKY_ID, DriftInformation: { StackResourceDriftStatus: 'IN_SYNC' } });
    expect(all[3].ResourceStatus).toBe('UPDATE_COMPLETE');
    expect(all[4]).toEqual({
      LogicalResourceId: 'BrokenAmi',
      ResourceType: 'Custom::AmiLookup',
      LastUpdatedTimestamp: new Date('2026-02-01T00:00:00.000Z'),
      ResourceStatus: 'CREATE_FAILED',
      ResourceStatusReason: 'Received response status [FAILED] from custom resource.',
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    });
  });

  test('a stack without resources answers one empty page', async () => {
    const out = await client.send(new ListStackResourcesCommand({ StackName: 'Second' }));
    expect(out.StackResourceSummaries).toEqual([]);
    expect(out.NextToken).toBeUndefined();
  });

  test('StackName is required', async () => {
    expect(await errorOf(client.send(new ListStackResourcesCommand({} as never))))
      .toBe("ValidationError: 1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  });

  test("a NextToken from another stack's listing, or from DescribeStacks, is refused", async () => {
    const first = await client.send(new ListStackResourcesCommand({ StackName: 'App' }));
    const token = first.NextToken!;
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: 'App', NextToken: token })))).toBe('no error');
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: 'Second', NextToken: token }))))
      .toBe(`ValidationError: ${token} is not a valid NextToken`);
    const listing = await client.send(new DescribeStacksCommand({}));
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: 'App', NextToken: listing.NextToken }))))
      .toBe(`ValidationError: ${listing.NextToken} is not a valid NextToken`);
    expect(await errorOf(client.send(new DescribeStacksCommand({ NextToken: 'bm90IGEgdG9rZW4=' }))))
      .toBe('ValidationError: bm90IGEgdG9rZW4= is not a valid NextToken');
  });
});

describe('errors', () => {
  test('a stack that does not exist: ValidationError with the exact message, HTTP 400, for both actions', async () => {
    const err = await client.send(new DescribeStacksCommand({ StackName: 'Nope' })).catch((e) => e);
    expect(err.name).toBe('ValidationError');
    expect(err.message).toBe('Stack with id Nope does not exist');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.$fault).toBe('client');
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: 'Nope' })))).toBe('ValidationError: Stack with id Nope does not exist');
    expect(double.calls.at(-1)).toMatchObject({ action: 'ListStackResources', stackName: 'Nope', status: 400, errorCode: 'ValidationError' });
  });

  test('throttling is retried by the SDK, which then succeeds', async () => {
    const before = double.calls.length;
    double.throttleNext(2);
    const out = await client.send(new DescribeStacksCommand({ StackName: 'App' }));
    expect(out.Stacks![0].StackName).toBe('App');
    expect(out.$metadata.attempts).toBe(3);
    expect(double.calls.slice(before).map((c) => [c.status, c.errorCode])).toEqual([[400, 'Throttling'], [400, 'Throttling'], [200, undefined]]);
  });

  test('throttling seen by a client that does not retry: Throttling, Rate exceeded', async () => {
    const once = newClient(double.url, { maxAttempts: 1 });
    try {
      double.throttleNext(1);
      const err = await once.send(new ListStackResourcesCommand({ StackName: 'App' })).catch((e) => e);
      expect(`${err.name}: ${err.message}`).toBe('Throttling: Rate exceeded');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(await errorOf(once.send(new ListStackResourcesCommand({ StackName: 'App' })))).toBe('no error');
    } finally {
      once.destroy();
    }
  });

  test('the throttle option throttles the first requests', async () => {
    const throttled = await CfnDouble.start({ stacks, region: REGION, throttle: 1 });
    const c = newClient(throttled.url, { maxAttempts: 1 });
    try {
      expect(await errorOf(c.send(new DescribeStacksCommand({})))).toBe('Throttling: Rate exceeded');
      expect(await errorOf(c.send(new DescribeStacksCommand({})))).toBe('no error');
    } finally {
      c.destroy();
      await throttled.close();
    }
  });

  test('access denied for a chosen stack, by name or ID, HTTP 403; the listing still shows it', async () => {
    const err = await client.send(new DescribeStacksCommand({ StackName: 'Secret' })).catch((e) => e);
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/cdk-ami-lookup is not authorized to perform: cloudformation:DescribeStacks `
      + `on resource: arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Secret/* because no identity-based policy allows the cloudformation:DescribeStacks action`);
    expect(err.$metadata.httpStatusCode).toBe(403);
    const id = double.stackIdOf(secret);
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: id })))).toBe(`AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/cdk-ami-lookup `
      + `is not authorized to perform: cloudformation:ListStackResources on resource: ${id} because no identity-based policy allows the cloudformation:ListStackResources action`);
    const names: string[] = [];
    for await (const page of paginateDescribeStacks({ client }, {})) names.push(...page.Stacks!.map((s) => s.StackName!));
    expect(names).toContain('Secret');
  });

  test('a per-call delay holds every answer back', async () => {
    const slow = await CfnDouble.start({ stacks, region: REGION, delayMs: 300 });
    const c = newClient(slow.url);
    try {
      const started = Date.now();
      await c.send(new DescribeStacksCommand({ StackName: 'App' }));
      await c.send(new ListStackResourcesCommand({ StackName: 'App' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 290);
      expect(slow.calls.map((x) => x.status)).toEqual([200, 200]);
    } finally {
      c.destroy();
      await slow.close();
    }
  });
});

describe('deleted stacks', () => {
  test('hidden from the listing and from their name, describable by stack ID with DeletionTime', async () => {
    const names: string[] = [];
    for await (const page of paginateDescribeStacks({ client }, {})) names.push(...page.Stacks!.map((s) => s.StackName!));
    expect(names).not.toContain('Gone');
    expect(names.filter((n) => n === 'Reborn')).toHaveLength(1);

    expect(await errorOf(client.send(new DescribeStacksCommand({ StackName: 'Gone' })))).toBe('ValidationError: Stack with id Gone does not exist');
    const id = double.stackIdOf(gone);
    const [described] = (await client.send(new DescribeStacksCommand({ StackName: id }))).Stacks!;
    expect(described).toMatchObject({ StackId: id, StackName: 'Gone', StackStatus: 'DELETE_COMPLETE', DeletionTime: new Date('2026-03-01T00:00:00.000Z') });
  });

  test('their resources are listed by stack ID only', async () => {
    expect(await errorOf(client.send(new ListStackResourcesCommand({ StackName: 'Gone' })))).toBe('ValidationError: Stack with id Gone does not exist');
    const out = await client.send(new ListStackResourcesCommand({ StackName: double.stackIdOf(gone) }));
    expect(out.StackResourceSummaries!.map((r) => [r.LogicalResourceId, r.ResourceStatus])).toEqual([['OldAmi', 'DELETE_COMPLETE']]);
  });

  test('a name taken again finds the live stack; the deleted one keeps its own ID', async () => {
    expect(double.stackIdOf(rebornOld)).not.toBe(double.stackIdOf(reborn));
    const [live] = (await client.send(new DescribeStacksCommand({ StackName: 'Reborn' }))).Stacks!;
    expect(live).toMatchObject({ StackId: double.stackIdOf(reborn), StackStatus: 'CREATE_COMPLETE', CreationTime: new Date('2026-04-01T00:00:00.000Z') });
    expect(live.DeletionTime).toBeUndefined();
    const [old] = (await client.send(new DescribeStacksCommand({ StackName: double.stackIdOf(rebornOld) }))).Stacks!;
    expect(old.StackStatus).toBe('DELETE_COMPLETE');
  });
});

describe('wire format and configuration', () => {
  const post = (body: string, authorization?: string) => fetch(double.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body,
  });
  const signed = `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20260101/${REGION}/cloudformation/aws4_request, SignedHeaders=host, Signature=0`;

  test('CloudFormation XML: the namespace, the Result wrapper and the request ID in body and header', async () => {
    const res = await post('Action=DescribeStacks&Version=2010-05-15&StackName=Second', signed);
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toMatch(/^<DescribeStacksResponse xmlns="http:\/\/cloudformation\.amazonaws\.com\/doc\/2010-05-15\/"><DescribeStacksResult><Stacks><member><StackId>/);
    expect(xml).toContain(`<ResponseMetadata><RequestId>${res.headers.get('x-amzn-requestid')}</RequestId></ResponseMetadata></DescribeStacksResponse>`);
  });

  test('errors in Query XML: ErrorResponse, Type Sender', async () => {
    const res = await post('Action=DescribeStacks&Version=2010-05-15&StackName=Nope', signed);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(new RegExp('^<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type>'
      + '<Code>ValidationError</Code><Message>Stack with id Nope does not exist</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>'));
  });

  test('an unsigned request, an unknown action and another API version are refused', async () => {
    const unsigned = await post('Action=DescribeStacks&Version=2010-05-15');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const unknown = await post('Action=DeleteStack&Version=2010-05-15&StackName=App', signed);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('<Code>InvalidAction</Code><Message>Could not find operation DeleteStack for version 2010-05-15</Message>');
    const version = await post('Action=DescribeStacks&Version=2011-01-01', signed);
    expect(await version.text()).toContain('<Code>InvalidAction</Code>');
  });

  test('a configuration CloudFormation could not be in is refused at start', async () => {
    await expect(CfnDouble.start({ stacks: [stack('Twin'), stack('Twin')] })).rejects.toThrow(/two live stacks named Twin/);
    await expect(CfnDouble.start({ stacks: [stack('Orphan', { parent: 'Nobody' })] })).rejects.toThrow(/parent Nobody/);
    await expect(CfnDouble.start({ stacks: [stack('A', { parent: 'B' }), stack('B', { parent: 'A' })] })).rejects.toThrow(/cycle/);
    expect(() => double.stackIdOf(stack('App'))).toThrow(/not one the double was given/);
  });
});
