/**
 * End to end for launch compatibility: Allowed AMIs, the ambiguity guard, the instance type's
 * architecture, the tag-value order and the launch attributes. The properties come from the real
 * construct (synthesized), the bundled asset and the preview CLI run as processes, and EC2 is the
 * test double speaking real XML.
 */
import { mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { inFlagWords } from '../../cli/flag-words';
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent, deliveredProperties } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { mixedMessage } from '../../lambda/guard';
import { AmiLookup, AmiLookupProps, ImageOrder } from '../../src';
import { Attr, Prop, RESOURCE_TYPE } from '../../src/shared/wire';
import { cliEnv, runCli } from '../support/run-cli';
import { mixOf } from '../support/selection';
import { readStageReport } from '../support/stage-report';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const id = (n: number) => `ami-0${String(n).padStart(16, '0')}`;
const own = { ownerId: OWN_ACCOUNT };

/** One image line, built for both architectures; one more build the account's Allowed AMIs setting refuses. */
const line: FakeImage[] = [
  { ...own, imageId: id(1), name: 'line-1.8-x86_64', creationDate: ago(30), architecture: 'x86_64', tags: { version: '1.8.0' } },
  { ...own, imageId: id(2), name: 'line-1.10-x86_64', creationDate: ago(20), architecture: 'x86_64', tags: { version: '1.10.0' } },
  {
    ...own,
    imageId: id(3),
    name: 'line-1.9-x86_64',
    creationDate: ago(2),
    architecture: 'x86_64',
    tags: { version: '1.9.0' },
    bootMode: 'uefi',
    enaSupport: false,
    imdsSupport: 'v2.0',
    tpmSupport: 'v2.0',
    imageAllowed: true,
    volumeSize: 30,
    volumeType: 'io2',
    extraMappings: [{ deviceName: '/dev/sdb', volumeSize: 500, volumeType: 'st1' }, { deviceName: '/dev/sdc', virtualName: 'ephemeral0' }],
  },
  { ...own, imageId: id(4), name: 'line-1.11-x86_64', creationDate: ago(1), architecture: 'x86_64', imageAllowed: false, tags: { version: '1.11.0' } },
  { ...own, imageId: id(5), name: 'line-1.9-arm64', creationDate: ago(3), architecture: 'arm64', bootMode: 'uefi', tags: { version: '1.9.0' } },
  { ...own, imageId: id(6), name: 'line-1.10-arm64', creationDate: ago(19), architecture: 'arm64', bootMode: 'uefi', tags: { version: '1.10.0' } },
  { ...own, imageId: id(7), name: 'win-2022', creationDate: ago(5), platform: 'windows', rootDeviceName: '/dev/sda1' },
  { ...own, imageId: id(8), name: 'store-1', creationDate: ago(6), rootDeviceType: 'instance-store', rootDeviceName: '/dev/sda1' },
];

let ec2Double: Ec2Double;
let cfn: CfnResponseEndpoint;
beforeAll(async () => {
  ec2Double = await Ec2Double.start({ images: line, accountId: OWN_ACCOUNT });
  cfn = await CfnResponseEndpoint.start();
});
afterAll(async () => {
  await Promise.all([ec2Double.close(), cfn.close()]);
});

/** The properties the construct writes for these props, as CloudFormation delivers them. */
function synthesized(props: AmiLookupProps): Record<string, unknown> {
  const stack = new Stack(new App(), 'Launch');
  new AmiLookup(stack, 'Lookup', props);
  return deliveredProperties(Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE))[0].Properties);
}

async function deploy(props: AmiLookupProps) {
  const before = cfn.received.length;
  const run = await invokeAsset(cfnEvent('Create', synthesized(props), cfn.responseUrl), { ec2Endpoint: ec2Double.url });
  expect(run.outcome).toBe('returned');
  expect(cfn.received).toHaveLength(before + 1);
  const response = cfn.received[before];
  expect(Buffer.byteLength(response.body)).toBeLessThanOrEqual(4096);
  return response.json;
}

const cli = (args: string[]) => runCli(['preview', ...args], cliEnv(ec2Double.url));
const lineQuery: AmiLookupProps = { owners: ['self'], filters: { name: ['line-*'] } };
/** Why the guard refuses lineQuery: line-1.11-x86_64 is not allowed, so 3 x86_64 images and 2 arm64 ones are left. */
const lineRefusal = mixedMessage(5, [mixOf('architecture', [['x86_64', 3], ['arm64', 2]])]);

describe('the bundled asset', () => {
  test('a query matching both architectures is refused, with each value counted and what pins it', async () => {
    const body = await deploy(lineQuery);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toBe(`${lineRefusal}; query Owners=[self] ExecutableUsers=[] ImageIds=[] IncludeDeprecated=false `
      + 'IncludeDisabled=false Filters={image-type=[machine], name=[line-*], state=[available]}');
  });

  test('instanceType asks only for its architecture, and the newest allowed image of it wins', async () => {
    const arm = await deploy({ ...lineQuery, instanceType: new ec2.InstanceType('m7g.large') });
    expect(arm).toMatchObject({ Status: 'SUCCESS', Data: { [Attr.imageId]: id(5), [Attr.architecture]: 'arm64' } });
    const x86 = await deploy({ ...lineQuery, instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO) });
    // id(4) is newer, but the account's Allowed AMIs setting refuses it.
    expect(x86.Data[Attr.imageId]).toBe(id(3));
    const last = ec2Double.requests[ec2Double.requests.length - 1].params;
    expect(last).toMatchObject({ 'Filter.1.Name': 'architecture', 'Filter.1.Value.1': 'x86_64' });
  });

  test('the launch attributes come from the EC2 XML: boot mode, ENA, IMDS, TPM, the root volume and the Allowed AMIs verdict', async () => {
    const body = await deploy({ ...lineQuery, instanceType: new ec2.InstanceType('c5.large') });
    expect(body.Data).toMatchObject({
      [Attr.bootMode]: 'uefi',
      [Attr.enaSupport]: 'false',
      [Attr.imdsSupport]: 'v2.0',
      [Attr.tpmSupport]: 'v2.0',
      [Attr.rootDeviceName]: '/dev/xvda',
      [Attr.rootVolumeSize]: '30',
      [Attr.rootVolumeType]: 'io2',
      [Attr.imageAllowed]: 'true',
    });
  });

  test('Allowed AMIs is a stage: when it removes the last image, the reason says so', async () => {
    const body = await deploy({ owners: ['self'], filters: { name: ['line-1.11-*'] } });
    expect(body.Status).toBe('FAILED');
    expect(readStageReport(body.Reason)).toMatchObject({ pages: 1, counts: { api: 1, allowed: 0, namePattern: 0 }, removedBy: 'Allowed AMIs' });
  });

  test('allowMixedImages picks across architectures; a query pinned by imageIds is never refused', async () => {
    const mixed = await deploy({ ...lineQuery, allowMixedImages: true });
    expect(mixed).toMatchObject({ Status: 'SUCCESS', Data: { [Attr.imageId]: id(3) } });
    const pinned = await deploy({ imageIds: [id(2), id(6)] });
    expect(pinned).toMatchObject({ Status: 'SUCCESS', Data: { [Attr.imageId]: id(6) } });
  });

  test('platform, root device type and virtualization type mixes are refused too', async () => {
    const body = await deploy({ owners: ['self'], filters: { name: ['line-1.9-x86_64', 'win-*', 'store-*'] } });
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain(mixedMessage(3, [
      mixOf('platform', [['not windows', 2], ['windows', 1]]),
      mixOf('root device type', [['ebs', 2], ['instance-store', 1]]),
    ]));
  });

  test('ImageOrder.tagValue: the greatest version tag in natural order, not the newest upload', async () => {
    const body = await deploy({ ...lineQuery, instanceType: new ec2.InstanceType('m6i.large'), order: ImageOrder.tagValue('version') });
    expect(body.Data[Attr.imageId]).toBe(id(2)); // 1.10.0 > 1.9.0 > 1.8.0; 1.11.0 is not allowed
  });
});

describe('the preview CLI', () => {
  test('refuses a mixed query in its own words, lists the mix, and exits 1', async () => {
    const r = await cli(['--owner', 'self', '--filter', 'name=line-*']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  selected: nothing: ${inFlagWords(lineRefusal)}\n`);
    // Nothing is marked as picked: the guard refused.
    expect(r.stdout).toMatch(new RegExp(`\n {6}0  ${id(3)} +line-1\\.9-x86_64 +\\S+ +x86_64 +Linux/UNIX +ebs/hvm`));
    expect(r.stdout).toMatch(new RegExp(`\n {6}1  ${id(5)} +line-1\\.9-arm64 +\\S+ +arm64 +Linux/UNIX +ebs/hvm`));
    const json = JSON.parse((await cli(['--owner', 'self', '--filter', 'name=line-*', '--json'])).stdout).lookups[0];
    expect(json.selected).toBeNull();
    expect(json.mixed).toEqual([{ dimension: 'architecture', counts: { x86_64: 3, arm64: 2 } }]);
    expect(json.refused).toBe(inFlagWords(lineRefusal));
    expect(json.stages).toMatchObject({ api: 6, allowed: 5 });
  });

  test('--instance-type, --allow-mixed-images, --order tag-value and --parameter-name', async () => {
    const arm = await cli(['--owner', 'self', '--filter', 'name=line-*', '--instance-type', 'm7g.large', '--parameter-name', '/images/line']);
    expect(arm.code).toBe(0);
    expect(arm.stdout).toContain(`  selected: ${id(5)}  line-1.9-arm64\n`);
    expect(arm.stdout).toContain('Filters={architecture=[arm64], image-type=[machine], name=[line-*], state=[available]}');
    expect(arm.stdout).toContain(`  parameter: /images/line = ${id(5)} (SSM, data type aws:ec2:image)\n`);
    expect(arm.stdout).toContain('  launch:   arm64, ebs root /dev/xvda (8 GiB gp3), boot mode uefi, ENA true, IMDS -, TPM -, allowed -\n');

    const mixed = JSON.parse((await cli(['--owner', 'self', '--filter', 'name=line-*', '--allow-mixed-images', '--json'])).stdout).lookups[0];
    expect(mixed.selected).toMatchObject({ imageId: id(3), attributes: { [Attr.rootVolumeSize]: '30', [Attr.imdsSupport]: 'v2.0' } });
    expect(mixed.mixed).toHaveLength(1);

    const tagged = await cli(['--owner', 'self', '--filter', 'name=line-*', '--instance-type', 't3.micro', '--order', 'tag-value', '--order-tag-key', 'version']);
    expect(tagged.stdout).toContain(`  selected: ${id(2)}  line-1.10-x86_64\n`);
    expect(tagged.stdout).toMatch(/# +ID +NAME +CREATED +TAG version +ARCH/);
  });

  test('bad launch flags are refused in flag words, before any EC2 call', async () => {
    const before = ec2Double.requests.length;
    const cases: Array<[string[], string]> = [
      [['--instance-type', 'm7g.large', '--filter', 'architecture=x86_64'],
        '--instance-type "m7g.large" runs arm64 images, but the architecture filter asks for ["x86_64"]: no image could run on it'],
      [['--instance-type', 'mac2.metal'], '--instance-type "mac2.metal": Mac instances run x86_64_mac or arm64_mac images'],
      [['--parameter-name', 'aws-images'], '--parameter-name: "aws-images" must not begin with aws or ssm (reserved by AWS)'],
      [['--order', 'tag-value'], 'invalid flags: --order-tag-key is needed with --order tag-value, and only with it'],
      [['--order-tag-key', 'version'], 'invalid flags: --order-tag-key is needed with --order tag-value, and only with it'],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(['--owner', 'self', ...flags]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining(message)]);
    }
    expect(ec2Double.requests.length).toBe(before);
  });

  test('--app names the SSM parameter each lookup writes', async () => {
    const outdir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-launch-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Launch', { env: { account: OWN_ACCOUNT, region: 'us-east-1' } });
    new AmiLookup(stack, 'Arm', { ...lineQuery, instanceType: new ec2.InstanceType('m7g.large'), parameterName: '/images/line/arm64' });
    new AmiLookup(stack, 'Mixed', lineQuery);
    app.synth();
    const r = await runCli(['preview', '--app', outdir, '--json'], cliEnv(ec2Double.url));
    const lookups = JSON.parse(r.stdout).lookups;
    expect(lookups.map((l: any) => [l.path, l.selected?.imageId ?? null, l.parameterNames])).toEqual([
      ['Launch/Arm', id(5), ['/images/line/arm64']],
      ['Launch/Mixed', null, []],
    ]);
    // In --app mode the message keeps the construct's prop names.
    expect(lookups[1].refused).toBe(lineRefusal);
    expect(r.code).toBe(1);
  });
});

test('the properties of every new option are on the wire only when set', () => {
  const plain = synthesized(lineQuery);
  expect(Object.keys(plain)).not.toContain(Prop.allowMixedImages);
  expect(Object.keys(plain)).not.toContain(Prop.orderTagKey);
});
