/**
 * `cdk-ami-lookup status` as it ships, as a process against the CloudFormation, EC2 and STS doubles.
 * One app of one stack per case, "deployed" by the bundled handler itself (its physical IDs are the
 * handler's, except the plain pre-state ID and the failed create's), then the catalog decays.
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { STATUS_EXIT } from '../../cli/exit';
import { STATUS_USAGE } from '../../cli/status-usage';
import { CfnDouble, FakeStack } from '../../devkit/cfn-double';
import { deployAssembly } from '../../devkit/deploy-assembly';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { StsDouble } from '../../devkit/sts-double';
import { AmiLookup } from '../../src';
import { Prop } from '../../src/shared/wire';
import { cliEnv, runCli } from '../support/run-cli';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const now = Date.now();
const at = (days: number) => new Date(now + days * DAY).toISOString();
const AMAZON = '137112412989';
const ROLE = 'arn:aws:iam::222233334444:role/image-reader';

let serial = 0;
const img = (line: string, createdDaysAgo: number, extra: Partial<FakeImage> = {}): FakeImage => ({
  imageId: `ami-0${(++serial).toString(16).padStart(16, '0')}`,
  name: `app-${line}-${100 - createdDaysAgo}`,
  ownerId: AMAZON,
  ownerAlias: 'amazon',
  creationDate: at(-createdDaysAgo),
  deprecationTime: at(300),
  ...extra,
});

// Each line of images is one case's query (name=app-<line>-*).
const I = {
  healthy: img('healthy', 20),
  deprecating: img('deprecating', 50, { deprecationTime: at(10.5) }),
  deregistered: img('deregistered', 40),
  disabled: img('disabled', 40),
  changingOld: img('changing', 60),
  changingNew: img('changing', 5),
  previousGoneOld: img('previous', 60),
  previousGoneNew: img('previous', 10),
  refreshOld: img('refresh', 30),
  regional: img('regional', 15),
};
const published = img('refresh', 2);
const atDeploy = Object.values(I);
/** What the catalog holds later: one image deregistered, one disabled, one previous image gone, one newer published. */
const later = [
  ...atDeploy.filter((i) => i !== I.deregistered && i !== I.previousGoneOld).map((i) => (i === I.disabled ? { ...i, state: 'disabled' } : i)),
  published,
];

const CASES = ['Healthy', 'Deprecating', 'Deregistered', 'Disabled', 'Changing', 'PreviousGone', 'Refresh', 'Regional', 'PlainPin', 'FailedCreate', 'NotDeployed'] as const;
const line: Record<string, string> = {
  Healthy: 'healthy',
  Deprecating: 'deprecating',
  Deregistered: 'deregistered',
  Disabled: 'disabled',
  Changing: 'changing',
  PreviousGone: 'previous',
  Refresh: 'refresh',
  Regional: 'regional',
  PlainPin: 'healthy',
  FailedCreate: 'healthy',
  NotDeployed: 'healthy',
};

let ec2: Ec2Double;
let cfn: CfnDouble;
let sts: StsDouble;
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'status-e2e-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  for (const name of CASES) {
    const region = name === 'Regional' ? 'eu-west-1' : 'us-east-1';
    const stack = new Stack(app, name, { env: { account: '111122223333', region } });
    new AmiLookup(stack, 'Image', {
      owners: ['amazon'],
      filters: { name: [`app-${line[name]}-*`] },
      ...(name === 'Regional' ? { lookupRoleArn: ROLE } : {}),
    });
  }
  app.synth();

  ec2 = await Ec2Double.start({ images: atDeploy, accountId: '111122223333' });
  sts = await StsDouble.start([ROLE]);
  const deployed = await deployAssembly(outdir, {
    ec2Endpoint: ec2.url,
    stsEndpoint: sts.url,
    skip: ['NotDeployed', 'PlainPin', 'FailedCreate'],
    history: (l) => {
      const older = { ...l.properties, [Prop.rank]: '1' };
      // Deployed with rank 1 (the older image), while the app now says rank 0.
      if (l.cloudFormationName === 'Changing') return [older];
      // Rank 1, then rank 0: the older image is the previous one, which a rollback would restore.
      if (l.cloudFormationName === 'PreviousGone') return [older, l.properties!];
      return undefined;
    },
  });
  const logicalId = deployed.find((s) => s.name === 'Healthy')!.resources![0].logicalId;
  const stacks: FakeStack[] = [
    ...deployed,
    // Written by a release before the state was recorded: a plain image ID.
    { name: 'PlainPin', resources: [{ logicalId, physicalId: I.healthy.imageId, type: 'Custom::AmiLookup' }] },
    // A create that failed: CloudFormation keeps what the provider framework named the resource.
    {
      name: 'FailedCreate',
      status: 'ROLLBACK_COMPLETE',
      resources: [{ logicalId, physicalId: '2026/12/01/[$LATEST]0123456789abcdef', type: 'Custom::AmiLookup', status: 'CREATE_FAILED' }],
    },
    { name: 'NoLookups', resources: [{ logicalId: 'Bucket', physicalId: 'my-bucket', type: 'AWS::S3::Bucket' }] },
  ];
  cfn = await CfnDouble.start({ stacks, listStackResourcesPageSize: 1 });
  ec2.setImages(later);
});

afterAll(async () => {
  await Promise.all([ec2?.close(), cfn?.close(), sts?.close()]);
});

const env = (extra: Record<string, string> = {}) =>
  cliEnv(ec2.url, { AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url, AWS_ENDPOINT_URL_STS: sts.url, ...extra });
const status = (args: string[]) => runCli(['status', ...args], env());
const json = async (args: string[]) => {
  const r = await status([...args, '--json']);
  return { code: r.code, out: JSON.parse(r.stdout), stderr: r.stderr };
};
const only = async (stack: string) => {
  const r = await json(['--app', outdir, '--stack', stack]);
  expect(r.out.lookups).toHaveLength(1);
  return { code: r.code, lookup: r.out.lookups[0] };
};

test('an in-sync healthy pin: ok, exit 0', async () => {
  const { code, lookup } = await only('Healthy');
  expect(code).toBe(STATUS_EXIT.ok);
  expect(lookup).toMatchObject({
    stack: 'Healthy',
    path: 'Healthy/Image',
    verdict: 'ok',
    inSync: true,
    nextDeploy: null,
    pinned: { imageId: I.healthy.imageId, name: I.healthy.name, state: 'available', launch: 'can launch', ageDays: 20, daysUntilDeprecation: 299, architecture: 'x86_64' },
    previous: null,
    refresh: { imageId: I.healthy.imageId },
  });
});

test('a deregistered pin: cannot launch, exit 5, naming the stack and the construct path', async () => {
  const r = await status(['--app', outdir, '--stack', 'Deregistered']);
  expect(r.code).toBe(STATUS_EXIT.cannotLaunch);
  expect(r.stdout).toMatch(new RegExp(`\\nDeregistered/Image +us-east-1 +${I.deregistered.imageId} +.* cannot launch\\n`));
  expect(r.stdout).toContain('Deregistered/Image  (stack Deregistered, us-east-1)');
  expect(r.stdout).toContain(`verdict:  cannot launch: ${I.deregistered.imageId} is deregistered, or no longer shared with this account`);
});

test('a pin deprecating in 10 days: exit 4; with --warn-days 7 it is ok', async () => {
  const { code, lookup } = await only('Deprecating');
  expect([code, lookup.verdict, lookup.pinned.daysUntilDeprecation]).toEqual([STATUS_EXIT.deprecatesSoon, 'deprecates within 30 days', 10]);
  const relaxed = await json(['--app', outdir, '--stack', 'Deprecating', '--warn-days', '7']);
  expect([relaxed.code, relaxed.out.lookups[0].verdict]).toEqual([STATUS_EXIT.ok, 'ok']);
});

test('a disabled pin: cannot launch', async () => {
  const { code, lookup } = await only('Disabled');
  expect([code, lookup.verdict, lookup.pinned.state, lookup.pinned.whyNot]).toEqual([STATUS_EXIT.cannotLaunch, 'cannot launch', 'disabled', 'disabled']);
});

test('a local change re-resolves: changes on next deploy, and the image it would pick', async () => {
  const { code, lookup } = await only('Changing');
  expect(code).toBe(STATUS_EXIT.ok);
  expect(lookup).toMatchObject({
    inSync: false,
    verdict: 'changes on next deploy',
    pinned: { imageId: I.changingOld.imageId },
    nextDeploy: { imageId: I.changingNew.imageId, from: 'query' },
  });
  expect(lookup.reason).toBe(`the next deploy picks ${I.changingNew.imageId} (${I.changingNew.name})`);
});

test('a previous image that is gone: reported, while the pin itself is fine', async () => {
  const { code, lookup } = await only('PreviousGone');
  expect(code).toBe(STATUS_EXIT.ok);
  expect(lookup).toMatchObject({
    inSync: true,
    verdict: 'ok',
    pinned: { imageId: I.previousGoneNew.imageId },
    previous: { imageId: I.previousGoneOld.imageId, exists: false, launch: 'cannot launch' },
  });
});

test('a newer image for the same query: refresh available, and how much newer', async () => {
  const { code, lookup } = await only('Refresh');
  expect(code).toBe(STATUS_EXIT.ok);
  expect(lookup).toMatchObject({ verdict: 'refresh available', inSync: true, refresh: { imageId: published.imageId, newerByDays: 28 } });
});

test('a stack that is not deployed, and one with no lookups: exit 1', async () => {
  const r = await status(['--app', outdir, '--stack', 'NotDeployed', '--stack', 'NoLookups']);
  expect(r.code).toBe(STATUS_EXIT.nothingToCheck);
  expect(r.stdout).toContain('stack NotDeployed (us-east-1) is not deployed\n    NotDeployed/Image\n');
  expect(r.stdout).toContain('stack NoLookups (us-east-1) has no Custom::AmiLookup\n');
});

test('pins in two regions, one through an assumed role, each described where and as whom it was made', async () => {
  const ec2Before = ec2.requests.length;
  const stsBefore = sts.calls.length;
  const cfnBefore = cfn.calls.length;
  const r = await json(['--app', outdir, '--stack', 'Healthy', '--stack', 'Regional']);
  expect(r.code).toBe(STATUS_EXIT.ok);
  expect(r.out.lookups.map((l: any) => [l.path, l.region, l.lookupRoleArn, l.verdict])).toEqual([
    ['Healthy/Image', 'us-east-1', null, 'ok'],
    ['Regional/Image', 'eu-west-1', ROLE, 'ok'],
  ]);
  // Once to describe the pin, once by the pager that re-resolves the query: each in the lookup's region.
  const assumed = sts.calls.slice(stsBefore).map((c) => [c.roleArn, c.region]);
  expect(assumed.length).toBeGreaterThan(0);
  expect(assumed.every(([role, region]) => role === ROLE && region === 'eu-west-1')).toBe(true);
  const regional = ec2.requests.slice(ec2Before).filter((q) => q.region === 'eu-west-1');
  expect(regional.length).toBeGreaterThan(0);
  expect(regional.every((q) => q.accessKeyId === StsDouble.accessKeyFor(ROLE))).toBe(true);
  expect(new Set(cfn.calls.slice(cfnBefore).map((c) => c.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
});

test('a plain pre-state physical ID: the pin is judged, its sync is unknown', async () => {
  const { code, lookup } = await only('PlainPin');
  expect(code).toBe(STATUS_EXIT.ok);
  expect(lookup).toMatchObject({ physicalId: I.healthy.imageId, inSync: null, verdict: 'ok', pinned: { imageId: I.healthy.imageId, launch: 'can launch' } });
  expect(lookup.syncNote).toMatch(/plain image ID/);
});

test('a physical ID from a failed create: no image pinned, cannot launch', async () => {
  const { code, lookup } = await only('FailedCreate');
  expect(code).toBe(STATUS_EXIT.cannotLaunch);
  expect(lookup).toMatchObject({ pinned: null, verdict: 'cannot launch', resourceStatus: 'CREATE_FAILED', nextDeploy: { imageId: I.healthy.imageId } });
  expect(lookup.reason).toContain('a failed create');
});

test('the whole app at once: one DescribeImages for every pin of a region and role, and the worst exit code', async () => {
  const before = ec2.requests.length;
  const r = await json(['--app', outdir]);
  expect(r.code).toBe(STATUS_EXIT.cannotLaunch);
  expect(r.out.lookups.map((l: any) => l.path)).toHaveLength(CASES.length - 1);
  const byId = ec2.requests.slice(before).filter((q) => q.params['ImageId.1'] !== undefined);
  // us-east-1: one batch naming every pin, failed by the deregistered images, then the rest again; eu-west-1: one.
  expect(byId.filter((q) => q.region === 'eu-west-1')).toHaveLength(1);
  expect(byId.filter((q) => q.region === 'us-east-1').length).toBeLessThanOrEqual(3);
  // Every query is paged once, though PlainPin, FailedCreate, NotDeployed and Healthy share one.
  const queries = ec2.requests.slice(before).filter((q) => q.params['ImageId.1'] === undefined).map((q) => `${q.region} ${q.params['Filter.1.Value.1']}${q.params['Filter.2.Value.1']}${q.params['Filter.3.Value.1']}`);
  expect(queries.length).toBe(new Set(queries).size);
  expect(r.stderr).toBe('');
});

test('the text run prints a table, a block per lookup and the exit code', async () => {
  const r = await status(['--app', outdir, '--stack', 'Healthy', '--stack', 'Changing']);
  expect(r.stdout).toMatch(/^LOOKUP +REGION +PINNED +AGE +DEPRECATES +STATE +IN SYNC +VERDICT\n/);
  expect(r.stdout).toContain('  previous: none\n');
  expect(r.stdout).toContain(`  next deploy: ${I.changingNew.imageId}  ${I.changingNew.name}`);
  expect(r.stdout).toMatch(/checked \S+; warning at 30 days before deprecation; exit 0\n$/);
  // Piped, so no progress on stderr.
  expect(r.stderr).toBe('');
});

test('--stack alone reads a deployed stack with nothing local to compare', async () => {
  const r = await json(['--stack', 'Deregistered', '--stack', 'Healthy']);
  expect(r.code).toBe(STATUS_EXIT.cannotLaunch);
  expect(r.out.lookups.map((l: any) => [l.stack, l.inSync, l.refresh, l.verdict])).toEqual([
    ['Deregistered', null, null, 'cannot launch'],
    ['Healthy', null, null, 'ok'],
  ]);
});

test('throttled CloudFormation is retried', async () => {
  cfn.throttleNext(2);
  const { code, lookup } = await only('Healthy');
  expect([code, lookup.verdict]).toEqual([STATUS_EXIT.ok, 'ok']);
});

test('flags: --help, a usage error, and an AWS error', async () => {
  const help = await status(['--help']);
  expect([help.code, help.stdout]).toEqual([0, `${STATUS_USAGE}\n`]);
  const none = await status([]);
  expect(none.code).toBe(STATUS_EXIT.usage);
  expect(none.stderr).toContain('status needs --app <cdk.out>, --stack <name>, or both');
  const preview = await status(['--stack', 'Healthy', '--owner', 'amazon']);
  expect([preview.code, preview.stderr]).toEqual([STATUS_EXIT.usage, expect.stringContaining('unknown flag --owner')]);
  const denied = await runCli(['status', '--stack', 'Healthy', '--json'], env({ AWS_ENDPOINT_URL_CLOUDFORMATION: 'http://127.0.0.1:9' }));
  expect(denied.code).toBe(STATUS_EXIT.error);
  expect(JSON.parse(denied.stdout).stacks[0]).toMatchObject({ stack: 'Healthy', problem: 'error' });
});

test('preview --app pages a query shared by several lookups once, with the same picks as paging each alone', async () => {
  const run = async (sharing: string) => {
    const before = ec2.requests.length;
    const r = await runCli(['preview', '--app', outdir, '--json'], env({ CDK_AMI_LOOKUP_SHARING: sharing }));
    return { picks: JSON.parse(r.stdout).lookups.map((l: any) => l.selected?.imageId), calls: ec2.requests.length - before };
  };
  const shared = await run('');
  const alone = await run('off');
  expect(shared.picks).toEqual(alone.picks);
  // Healthy, PlainPin, FailedCreate and NotDeployed share one query.
  expect([shared.calls, alone.calls]).toEqual([CASES.length - 3, CASES.length]);
});
