/**
 * End to end: the monitor entry point of the bundled asset (assets/handler/monitor.js), run in a
 * fresh Node process the way Lambda runs it, against the EC2 Query API test double. Its EMF
 * documents are checked against the format's rules.
 */
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { lookupProps } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { SsmDouble } from '../../devkit/ssm-double';
import { StsDouble } from '../../devkit/sts-double';
import { Prop } from '../../src/shared/wire';
import { emfDocuments, emfProblems } from '../support/emf-rules';

jest.setTimeout(60_000);

const NOW = new Date();
const DAY = 86_400_000;
const OWNER = '137112412989';
const id = (n: number) => `ami-${n.toString(16).padStart(17, '0')}`;
const image = (n: number, extra: Partial<FakeImage> = {}): FakeImage => ({
  imageId: id(n), name: `image-${n}`, ownerId: OWNER, creationDate: new Date(NOW.getTime() - 40 * DAY).toISOString(), ...extra,
});

let ec2: Ec2Double;
afterEach(async () => ec2?.close());

const input = (lookups: Array<[string, number, string] | [string, number, string, Record<string, unknown>]>, targets: Array<[string, string]> = [['', '']]) => ({ v: 1, stack: 'Demo', days: 30, targets, lookups });

async function monitor(event: unknown, env: Record<string, string> = {}) {
  const run = await invokeAsset(event, { ec2Endpoint: ec2.url, entry: 'monitor.js', env });
  const docs = emfDocuments(run.logs);
  for (const line of run.logs.filter((l) => l.includes('"_aws"'))) expect(emfProblems(line)).toEqual([]);
  return { run, docs, byPath: Object.fromEntries(docs.map((d) => [d.ConstructPath, d])) };
}

test('fine, deregistered, disabled, deprecating in 10 days and refused by Allowed AMIs: each judged, in one run', async () => {
  ec2 = await Ec2Double.start({
    now: NOW,
    images: [
      image(1),
      image(3, { state: 'disabled' }),
      image(4, { deprecationTime: new Date(NOW.getTime() + 10.5 * DAY).toISOString() }),
      image(5, { imageAllowed: false }),
    ],
  });
  const { run, byPath } = await monitor(input([['Demo/Fine', 0, id(1)], ['Demo/Gone', 0, id(2)], ['Demo/Disabled', 0, id(3)], ['Demo/Deprecating', 0, id(4)], ['Demo/Refused', 0, id(5)]]));
  expect(run.outcome).toBe('returned');
  expect((run as any).value).toEqual({
    lookups: 5, launchable: 2, cannotLaunch: 3, deprecatesSoon: 1, unknown: 0, describeImagesCalls: 2, newerImageAvailable: 0,
  });
  expect(byPath['Demo/Fine']).toMatchObject({ Launchable: 1, DeprecatesSoon: 0, AgeDays: 40, Stack: 'Demo' });
  expect(byPath['Demo/Fine'].DaysUntilDeprecation).toBeUndefined();
  expect(byPath['Demo/Gone']).toMatchObject({ Launchable: 0, deadReason: 'deregistered, or no longer shared with this account' });
  expect(byPath['Demo/Disabled']).toMatchObject({ Launchable: 0, deadReason: 'disabled' });
  expect(byPath['Demo/Deprecating']).toMatchObject({ Launchable: 1, DeprecatesSoon: 1, DaysUntilDeprecation: 10 });
  expect(byPath['Demo/Refused']).toMatchObject({ Launchable: 0, deadReason: 'not allowed by Allowed AMIs' });
  // The dead image failed the first call (InvalidAMIID.NotFound names it); the others were asked again.
  expect(ec2.requests.map((r) => Object.keys(r.params).filter((k) => k.startsWith('ImageId.')).length)).toEqual([5, 4]);
  expect(ec2.requests[0].params).toMatchObject({ IncludeDeprecated: 'true', IncludeDisabled: 'true' });
  expect(run.nodeVersion).toMatch(process.env.CI ? /^v24\./ : /^v\d+\./);
});

test('throttling that stops is retried within the run: every lookup judged', async () => {
  ec2 = await Ec2Double.start({ now: NOW, images: [image(1)] });
  const throttle = { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' } as const;
  ec2.inject(throttle, throttle);
  const { run, byPath } = await monitor(input([['Demo/Fine', 0, id(1)]]));
  expect(run.outcome).toBe('returned');
  expect(byPath['Demo/Fine'].Launchable).toBe(1);
  expect(ec2.describeImagesCalls).toBe(3);
});

test('an EC2 error that says nothing about the image never raises "cannot launch": no data point, and the run fails', async () => {
  ec2 = await Ec2Double.start({ now: NOW, images: [image(1)] });
  ec2.inject({ kind: 'error', status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' });
  const { run, docs } = await monitor(input([['Demo/Fine', 0, id(1)]]));
  expect(run.outcome).toBe('threw');
  expect(run.error).toContain('could not check 1 of 1 pinned image(s): Demo/Fine');
  expect(docs).toEqual([]);
  expect(run.logs.some((l) => l.includes('pinned image not checked'))).toBe(true);
});

test('100 lookups in 3 regions, one image dead: 4 DescribeImages calls and one AssumeRole', async () => {
  const images = Array.from({ length: 100 }, (_, i) => image(i + 1));
  ec2 = await Ec2Double.start({ now: NOW, images: images.filter((i) => i.imageId !== id(50)) });
  const role = 'arn:aws:iam::444455556666:role/image-reader';
  const sts = await StsDouble.start([role]);
  const regions: Array<[string, string]> = [['us-east-1', ''], ['eu-west-1', ''], ['ap-southeast-2', role]];
  try {
    const { run, docs } = await monitor(input(images.map((img, i) => [`Demo/Lookup${i}`, i % 3, img.imageId]), regions), { AWS_ENDPOINT_URL_STS: sts.url });
    expect(run.outcome).toBe('returned');
    expect((run as any).value).toMatchObject({ lookups: 100, launchable: 99, cannotLaunch: 1, unknown: 0, describeImagesCalls: 4 });
    expect(docs).toHaveLength(100);
    expect(docs.filter((d) => d.Launchable === 0).map((d) => d.imageId)).toEqual([id(50)]);
    const perRegion = (r: string) => ec2.requests.filter((q) => q.region === r).length;
    // id(50) is image 49, in region 49 % 3 = 1: its batch took a second call.
    expect([perRegion('us-east-1'), perRegion('eu-west-1'), perRegion('ap-southeast-2')]).toEqual([1, 2, 1]);
    expect(sts.calls).toHaveLength(1);
    expect(ec2.requests.filter((q) => q.region === 'ap-southeast-2')[0].accessKeyId).toBe(StsDouble.accessKeyFor(role));
  } finally {
    await sts.close();
  }
});

describe('checkNewerImages: each lookup resolved as a refresh would, by the handler\'s own code', () => {
  test('a query lookup with a newer image: NewerImageAvailable 1; one whose pick is still the pinned image: 0', async () => {
    ec2 = await Ec2Double.start({ now: NOW, accountId: OWNER, images: [image(1, { name: 'app-1' }), image(2, { name: 'app-2', creationDate: new Date(NOW.getTime() - DAY).toISOString() }), image(3, { name: 'tool-1' })] });
    const app = lookupProps(['self'], { name: ['app-*'] });
    const tool = lookupProps(['self'], { name: ['tool-*'] });
    const { run, byPath } = await monitor(input([['Demo/App', 0, id(1), app], ['Demo/Tool', 0, id(3), tool]]));
    expect(run.outcome).toBe('returned');
    expect((run as any).value).toMatchObject({ lookups: 2, launchable: 2, newerImageAvailable: 1 });
    expect(byPath['Demo/App']).toMatchObject({ Launchable: 1, NewerImageAvailable: 1, refreshWouldPick: id(2) });
    expect(byPath['Demo/Tool']).toMatchObject({ Launchable: 1, NewerImageAvailable: 0, refreshWouldPick: id(3) });
    // The pins in one call by ID, then each query's own pages.
    expect(ec2.requests.map((r) => r.params['Filter.2.Value.1'] ?? r.params['ImageId.1'])).toEqual([id(1), 'app-*', 'tool-*']);
  });

  test('a parameter lookup: the parameter\'s value now, against the pin', async () => {
    ec2 = await Ec2Double.start({ now: NOW, accountId: OWNER, images: [image(1), image(2)] });
    const name = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
    const ssm = await SsmDouble.start({ parameters: [{ name, dataType: 'aws:ec2:image', versions: [{ value: id(1) }, { value: id(2) }] }], accountId: OWNER });
    try {
      const properties = { ...lookupProps([], {}), [Prop.sourceParameter]: name };
      const { run, byPath } = await monitor(input([['Demo/Al2023', 0, id(1), properties]]), { AWS_ENDPOINT_URL_SSM: ssm.url });
      expect(run.outcome).toBe('returned');
      expect(byPath['Demo/Al2023']).toMatchObject({ Launchable: 1, NewerImageAvailable: 1, refreshWouldPick: id(2) });
    } finally {
      await ssm.close();
    }
  });
});
