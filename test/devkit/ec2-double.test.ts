/**
 * The EC2 test double is only worth what its fidelity is: these tests drive it with the real SDK
 * client over HTTP and check the semantics the handler relies on.
 */
import { DescribeImagesCommand, DescribeImagesCommandInput, EC2Client, paginateDescribeImages } from '@aws-sdk/client-ec2';
import { AMAZON_ACCOUNT, bulkCatalog, CANONICAL_ACCOUNT, OWN_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { Ec2Double, FakeImage, wildcard } from '../../devkit/ec2-double';

let double: Ec2Double;
let client: EC2Client;

const img = (imageId: string, name: string, extra: Partial<FakeImage> = {}): FakeImage =>
  ({ imageId, name, ownerId: '222233334444', creationDate: '2026-01-01T00:00:00.000Z', ...extra });

const small: FakeImage[] = [
  img('ami-00000001', 'web-1.0-x86_64', { architecture: 'x86_64', tags: { team: 'web' } }),
  img('ami-00000002', 'web-1.1-arm64', { architecture: 'arm64', tags: { team: 'web', env: 'prod' } }),
  img('ami-00000003', 'Web-2.0-x86_64', { architecture: 'x86_64' }),
  img('ami-00000004', 'db-1.0-x86_64', { architecture: 'x86_64', ownerId: AMAZON_ACCOUNT, ownerAlias: 'amazon' }),
  img('ami-00000005', 'old-x86_64', { deprecationTime: '2020-01-01T00:00:00.000Z' }),
  img('ami-00000006', 'off-x86_64', { state: 'disabled' }),
  img('ami-00000007', 'mine', { ownerId: OWN_ACCOUNT, isPublic: false, deprecationTime: '2020-01-01T00:00:00.000Z' }),
  img('ami-00000008', 'shared-with-me', { isPublic: false, launchPermissions: [OWN_ACCOUNT] }),
  img('ami-00000009', 'private-of-someone', { isPublic: false }),
];

beforeAll(async () => {
  double = await Ec2Double.start({ images: small });
  client = new EC2Client({ region: 'us-east-1', endpoint: double.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await double.close();
});

const ids = async (input: DescribeImagesCommandInput) =>
  ((await client.send(new DescribeImagesCommand(input))).Images ?? []).map((i) => i.ImageId).sort();
const errorOf = (input: DescribeImagesCommandInput) => client.send(new DescribeImagesCommand(input)).then(() => 'no error', (e) => `${e.name}: ${e.message}`);

describe('filters', () => {
  test('values of one filter are ORed', async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['web-1.0-x86_64', 'db-1.0-x86_64'] }] })).toEqual(['ami-00000001', 'ami-00000004']);
  });
  test('filters are ANDed', async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['web-*'] }, { Name: 'architecture', Values: ['x86_64'] }] })).toEqual(['ami-00000001']);
  });
  test('* and ? wildcards match the whole value', async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['web-1.?-*'] }] })).toEqual(['ami-00000001', 'ami-00000002']);
    expect(await ids({ Filters: [{ Name: 'name', Values: ['web'] }] })).toEqual([]);
  });
  test('matching is case-sensitive', async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['Web-*'] }] })).toEqual(['ami-00000003']);
  });
  test('tag:<key> and tag-key', async () => {
    expect(await ids({ Filters: [{ Name: 'tag:env', Values: ['prod'] }] })).toEqual(['ami-00000002']);
    expect(await ids({ Filters: [{ Name: 'tag-key', Values: ['team'] }] })).toEqual(['ami-00000001', 'ami-00000002']);
  });
  test('an unknown filter name is an InvalidParameterValue error', async () => {
    expect(await errorOf({ Filters: [{ Name: 'Name', Values: ['x'] }] })).toBe("InvalidParameterValue: The filter 'Name' is invalid");
  });
  test('wildcard() escapes regex metacharacters and honours backslash escapes', () => {
    expect(wildcard('a.b').test('axb')).toBe(false);
    expect(wildcard('a\\*').test('a*')).toBe(true);
    expect(wildcard('a\\*').test('ab')).toBe(false);
  });
});

describe('owners, users and visibility', () => {
  test('Owners: alias, account ID and self', async () => {
    expect(await ids({ Owners: ['amazon'] })).toEqual(['ami-00000004']);
    expect(await ids({ Owners: [AMAZON_ACCOUNT] })).toEqual(['ami-00000004']);
    expect(await ids({ Owners: ['self'] })).toEqual(['ami-00000007']);
  });
  test('a malformed owner is rejected', async () => {
    expect(await errorOf({ Owners: ['amazn'] })).toBe('InvalidUserID.Malformed: Invalid user id: "amazn"');
  });
  test('ExecutableUsers: self means an explicit launch permission', async () => {
    expect(await ids({ ExecutableUsers: ['self'] })).toEqual(['ami-00000008']);
  });
  test("other accounts' private images are invisible", async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['private-*'] }] })).toEqual([]);
  });
  test('deprecated and disabled images only on request; own deprecated images always', async () => {
    expect(await ids({ Filters: [{ Name: 'name', Values: ['old-*', 'off-*', 'mine'] }] })).toEqual(['ami-00000007']);
    expect(await ids({ IncludeDeprecated: true, Filters: [{ Name: 'name', Values: ['old-*'] }] })).toEqual(['ami-00000005']);
    expect(await ids({ IncludeDisabled: true, Filters: [{ Name: 'name', Values: ['off-*'] }] })).toEqual(['ami-00000006']);
  });
});

describe('image IDs', () => {
  test('found, not found, malformed, and never with MaxResults', async () => {
    expect(await ids({ ImageIds: ['ami-00000002'] })).toEqual(['ami-00000002']);
    expect(await errorOf({ ImageIds: ['ami-0000000f'] })).toBe("InvalidAMIID.NotFound: The image id '[ami-0000000f]' does not exist");
    expect(await errorOf({ ImageIds: ['ami-xyz'] })).toBe('InvalidAMIID.Malformed: Invalid id: "ami-xyz"');
    expect(await errorOf({ ImageIds: ['ami-00000002'], MaxResults: 5 })).toMatch(/^InvalidParameterCombination/);
  });
});

describe('paging', () => {
  test('MaxResults and NextToken walk the whole result exactly once', async () => {
    const { images } = bulkCatalog(2345);
    double.setImages(images);
    try {
      const before = double.describeImagesCalls;
      const seen: string[] = [];
      for await (const page of paginateDescribeImages({ client, pageSize: 1000 }, { Owners: ['self'] })) {
        expect((page.Images ?? []).length).toBeLessThanOrEqual(1000);
        seen.push(...(page.Images ?? []).map((i) => i.ImageId!));
      }
      expect(double.describeImagesCalls - before).toBe(3);
      expect(new Set(seen).size).toBe(2345);
    } finally {
      double.setImages(small);
    }
  });
  test('MaxResults outside 5..1000 and a foreign NextToken are rejected', async () => {
    expect(await errorOf({ MaxResults: 1001 })).toMatch(/^InvalidParameterValue: Value \( 1001 \) for parameter maxResults is invalid/);
    expect(await errorOf({ MaxResults: 5, NextToken: 'bm90IGEgdG9rZW4=' })).toMatch(/^InvalidPaginationToken/);
  });
  test('without MaxResults everything comes in one page', async () => {
    const page = await client.send(new DescribeImagesCommand({}));
    expect(page.NextToken).toBeUndefined();
    expect(page.Images!.length).toBe(6);
  });
});

describe('wire format', () => {
  test('the SDK parses every field the handler reads', async () => {
    double.setImages(realisticCatalog());
    try {
      const page = await client.send(new DescribeImagesCommand({ Owners: [CANONICAL_ACCOUNT], MaxResults: 5 }));
      const i = page.Images![0];
      expect(i).toMatchObject({
        ImageId: expect.stringMatching(/^ami-[0-9a-f]{17}$/),
        Name: expect.stringMatching(/^ubuntu\/images\/hvm-ssd-gp3\/ubuntu-noble-24.04-amd64-server-\d{8}$/),
        OwnerId: CANONICAL_ACCOUNT,
        CreationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        Architecture: 'x86_64',
        Description: 'Canonical, Ubuntu, 24.04, amd64 noble image',
        PlatformDetails: 'Linux/UNIX',
        RootDeviceName: '/dev/sda1',
        RootDeviceType: 'ebs',
        VirtualizationType: 'hvm',
        State: 'available',
        Public: true,
      });
      expect(page.NextToken).toEqual(expect.any(String));
    } finally {
      double.setImages(small);
    }
  });
  test('the launch fields in EC2 XML: ImageAllowed, boot mode, ENA, IMDS, TPM and every block device mapping', async () => {
    const launch = [
      img('ami-0000000a', 'full', {
        imageAllowed: false,
        bootMode: 'uefi',
        enaSupport: false,
        imdsSupport: 'v2.0',
        tpmSupport: 'v2.0',
        volumeSize: 30,
        volumeType: 'io2',
        extraMappings: [{ deviceName: '/dev/sdb', volumeSize: 500, volumeType: 'st1' }, { deviceName: '/dev/sdc', virtualName: 'ephemeral0' }],
      }),
      img('ami-0000000b', 'store', { rootDeviceType: 'instance-store', rootDeviceName: '/dev/sda1' }),
      img('ami-0000000c', 'plain'),
    ];
    double.setImages(launch);
    try {
      const images = (await client.send(new DescribeImagesCommand({}))).Images!;
      expect(images[0]).toMatchObject({
        ImageAllowed: false,
        BootMode: 'uefi',
        EnaSupport: false,
        ImdsSupport: 'v2.0',
        TpmSupport: 'v2.0',
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'io2', DeleteOnTermination: true, Encrypted: false } },
          { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 500, VolumeType: 'st1' } },
          { DeviceName: '/dev/sdc', VirtualName: 'ephemeral0' },
        ],
      });
      expect(images[1]).toMatchObject({ RootDeviceType: 'instance-store', BlockDeviceMappings: [{ DeviceName: '/dev/sda1', VirtualName: 'ephemeral0' }] });
      // With the Allowed AMIs setting off, EC2 leaves the field out.
      expect(images[2].ImageAllowed).toBeUndefined();
      expect(images[2].ImdsSupport).toBeUndefined();
      expect(await ids({ Filters: [{ Name: 'image-allowed', Values: ['false'] }] })).toEqual(['ami-0000000a']);
    } finally {
      double.setImages(small);
    }
  });

  test('an unsigned request is refused', async () => {
    const res = await fetch(double.url, { method: 'POST', body: 'Action=DescribeImages&Version=2016-11-15' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('<Code>AuthFailure</Code>');
  });
  test('injected faults come first: a throttling error in EC2 XML', async () => {
    double.inject({ kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' });
    expect(await errorOf({})).toBe('RequestLimitExceeded: Request limit exceeded.');
    expect(await ids({ ImageIds: ['ami-00000001'] })).toEqual(['ami-00000001']);
  });
});

describe('precomputed answers (for benchmarks)', () => {
  test('serve the same pages, the same number of calls, and forget them when the images change', async () => {
    const pre = await Ec2Double.start({ images: bulkCatalog(25).images, accountId: OWN_ACCOUNT, precomputed: true });
    const c = new EC2Client({ region: 'us-east-1', endpoint: pre.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
    try {
      const drain = async () => {
        const pages: Array<{ ids: string[]; requestId?: string }> = [];
        for await (const page of paginateDescribeImages({ client: c, pageSize: 10 }, { Owners: ['self'] })) {
          pages.push({ ids: (page.Images ?? []).map((i) => i.ImageId!), requestId: page.$metadata.requestId });
        }
        return pages;
      };
      const first = await drain();
      expect(first.map((p) => p.ids.length)).toEqual([10, 10, 5]);
      // The second drain is served from memory: the same bytes, so the same requestIds.
      expect(await drain()).toEqual(first);
      expect(pre.describeImagesCalls).toBe(6);
      pre.setImages(bulkCatalog(3).images);
      expect((await drain()).map((p) => p.ids.length)).toEqual([3]);
    } finally {
      c.destroy();
      await pre.close();
    }
  });
});
