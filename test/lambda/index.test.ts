import { DescribeImagesCommand, EC2Client, Image } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { shuffle } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { handler } from '../../lambda/index';
import { PAGE_SIZE } from '../../lambda/pager';
import { Attr, Prop } from '../../src/shared/wire';
import { readStageReport } from '../support/stage-report';

const ec2 = mockClient(EC2Client);
let endpoint: CfnResponseEndpoint;
const context = { getRemainingTimeInMillis: () => 60_000 };
const props = lookupProps(['amazon'], { name: ['al2023-*'] });

beforeEach(async () => {
  ec2.reset();
  endpoint = await CfnResponseEndpoint.start();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await endpoint.close();
});

const image = (n: number, day: number, name = `al2023-ami-2023.${n}`): Image => ({
  ImageId: `ami-${n.toString(16).padStart(17, '0')}`,
  Name: name,
  CreationDate: new Date(Date.UTC(2026, 0, day)).toISOString(),
  Architecture: 'x86_64',
  OwnerId: '137112412989',
  Description: `image ${n}`,
  PlatformDetails: 'Linux/UNIX',
  RootDeviceName: '/dev/xvda',
  RootDeviceType: 'ebs',
  VirtualizationType: 'hvm',
});

/** Serves `images` in pages of `size`, chained by NextToken. */
function servePages(images: Image[], size: number) {
  const pages: Image[][] = [];
  for (let i = 0; i < images.length; i += size) pages.push(images.slice(i, i + size));
  if (pages.length === 0) pages.push([]);
  pages.forEach((page, i) => {
    const req = i === 0 ? { NextToken: undefined } : { NextToken: `token-${i}` };
    ec2.on(DescribeImagesCommand, req).resolves({ Images: page, NextToken: i + 1 < pages.length ? `token-${i + 1}` : undefined });
  });
  return pages.length;
}

async function run(type: string, properties: Record<string, unknown> = props, extra: Record<string, unknown> = {}) {
  await handler(cfnEvent(type, properties, endpoint.responseUrl, extra), context);
  expect(endpoint.received).toHaveLength(1);
  return endpoint.received[0].json;
}


describe('Create and Update', () => {
  test('pages through every result with MaxResults 1000 and NextToken, and picks the newest', async () => {
    const images = Array.from({ length: 2500 }, (_, n) => image(n, 1 + (n % 28)));
    const pages = servePages(images, PAGE_SIZE);
    const body = await run('Create');
    const calls = ec2.commandCalls(DescribeImagesCommand);
    expect(calls).toHaveLength(pages);
    expect(calls.map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'token-1', 'token-2']);
    expect(calls.every((c) => c.args[0].input.MaxResults === 1000)).toBe(true);
    expect(calls[0].args[0].input).toMatchObject({
      Owners: ['amazon'],
      Filters: [{ Name: 'image-type', Values: ['machine'] }, { Name: 'name', Values: ['al2023-*'] }, { Name: 'state', Values: ['available'] }],
    });
    // Day 28 is taken by n = 27, 55, ...; the greatest name among them wins: n = 2491 ("2023.2491").
    expect(body.Status).toBe('SUCCESS');
    expect(body.Data.ImageId).toBe(image(2491, 28).ImageId);
    expect(body.Data).toEqual({
      [Attr.imageId]: image(2491, 28).ImageId,
      [Attr.imageName]: 'al2023-ami-2023.2491',
      [Attr.creationDate]: '2026-01-28T00:00:00.000Z',
      [Attr.architecture]: 'x86_64',
      [Attr.ownerId]: '137112412989',
      [Attr.description]: 'image 2491',
      [Attr.platformDetails]: 'Linux/UNIX',
      [Attr.rootDeviceName]: '/dev/xvda',
      [Attr.rootDeviceType]: 'ebs',
      [Attr.virtualizationType]: 'hvm',
      [Attr.deprecationTime]: '',
      // EC2 said nothing of these: every attribute is still present, empty.
      [Attr.bootMode]: '',
      [Attr.enaSupport]: '',
      [Attr.imdsSupport]: '',
      [Attr.tpmSupport]: '',
      [Attr.rootVolumeSize]: '',
      [Attr.rootVolumeType]: '',
      [Attr.imageAllowed]: '',
      [Attr.previousImageId]: '',
      [Attr.resolvedFrom]: 'query',
    });
  });

  test.each([[1, 1000], [2, 7], [3, 333], [4, 1]])('the result does not depend on response order or page size (seed %i, page %i)', async (seed, size) => {
    const images = Array.from({ length: 60 }, (_, n) => image(n, 1 + (n % 3), `rel-${n % 4}.${n % 11}`));
    servePages(shuffle(images, seed), size);
    const body = await run('Create');
    expect(body.Data.ImageId).toBe(expectedBest(images));
    // The oracle's answer is not simply the last or the first image served.
    expect(expectedBest(images)).toBe(image(59, 3).ImageId);
  });

  test('tie on date and name goes to the greater image ID', async () => {
    servePages([image(5, 1, 'same'), image(9, 1, 'same'), image(7, 1, 'same')], 1000);
    expect((await run('Create')).Data.ImageId).toBe(image(9, 1).ImageId);
  });

  test('natural order: 2.0.10 beats 2.0.9 on the same date', async () => {
    servePages([image(1, 1, 'app-2.0.10'), image(2, 1, 'app-2.0.9')], 1000);
    expect((await run('Create')).Data[Attr.imageName]).toBe('app-2.0.10');
  });

  test('Update with new properties re-runs the lookup', async () => {
    servePages([image(1, 1), image(2, 2)], 1000);
    const body = await run('Update', props, { OldResourceProperties: { ...props, [Prop.rank]: '1' } });
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(1);
    expect(body).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: image(2, 2).ImageId, [Attr.resolvedFrom]: 'query' } });
  });

  test('Update with the properties that produced the held image (only ServiceToken moved) keeps it without choosing again', async () => {
    servePages([image(1, 1), image(2, 2)], 1000);
    const body = await run('Update', props, { OldResourceProperties: { ...props, ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:other' } });
    expect(body).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: 'ami-0a1b2c3d4e5f60001', [Attr.resolvedFrom]: 'restored' } });
  });

  test('no match: FAILED with the effective query and the count EC2 returned', async () => {
    servePages([], 1000);
    const body = await run('Create');
    expect(body.Status).toBe('FAILED');
    expect(readStageReport(body.Reason)).toEqual({ pages: 1, counts: { api: 0, allowed: 0, namePattern: 0, age: 0, denyList: 0, deprecation: 0 } });
    expect(body.Reason).toContain('; query Owners=[amazon] ExecutableUsers=[] ImageIds=[] IncludeDeprecated=false IncludeDisabled=false '
      + 'Filters={image-type=[machine], name=[al2023-*], state=[available]}');
  });

  test('image IDs are sent without MaxResults, which EC2 rejects with them', async () => {
    servePages([image(1, 1)], 1000);
    await run('Create', { ...props, [Prop.imageIds]: [image(1, 1).ImageId], [Prop.owners]: undefined });
    expect(ec2.commandCalls(DescribeImagesCommand)[0].args[0].input.MaxResults).toBeUndefined();
  });

  test('string booleans become real booleans in the request', async () => {
    servePages([image(1, 1)], 1000);
    await run('Create', { ...props, [Prop.includeDeprecated]: 'true', [Prop.includeDisabled]: 'false' });
    const input = ec2.commandCalls(DescribeImagesCommand)[0].args[0].input;
    expect(input.IncludeDeprecated).toBe(true);
    expect(input.IncludeDisabled).toBeUndefined();
  });

  test.each([
    [{ ...props, [Prop.includeDeprecated]: 'yes' }, /IncludeDeprecated must be "true" or "false", got "yes"/],
    [{ ...props, [Prop.owners]: ['amazom'] }, /owners: "amazom"/],
    [{ ...props, [Prop.filters]: [{ Name: 'nmae', Values: ['x'] }] }, /filter "nmae" is not a DescribeImages filter/],
  ])('invalid properties: FAILED with zero EC2 calls (%#)', async (properties, reason) => {
    const body = await run('Create', properties);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(reason);
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  test('an EC2 error becomes FAILED with its code', async () => {
    const err = Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation' });
    ec2.on(DescribeImagesCommand).rejects(err);
    const body = await run('Create');
    expect(body).toMatchObject({ Status: 'FAILED', Reason: 'DescribeImages failed on page 1: UnauthorizedOperation: You are not authorized to perform this operation.' });
  });

  test('a server that repeats a NextToken fails instead of paging forever', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [image(1, 1)], NextToken: 'again' });
    const body = await run('Create');
    expect(body).toMatchObject({ Status: 'FAILED', Reason: 'DescribeImages failed: EC2 repeated a NextToken' });
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(2);
  });

  test('huge image metadata still fits the 4096-byte response', async () => {
    servePages([{ ...image(1, 1, 'n'.repeat(3000)), Description: 'd'.repeat(5000) }], 1000);
    const r = endpoint;
    const body = await run('Create');
    expect(Buffer.byteLength(r.received[0].body)).toBeLessThanOrEqual(4096);
    expect(body.Status).toBe('SUCCESS');
    expect(body.Data[Attr.imageId]).toBe(image(1, 1).ImageId);
    expect(body.Data[Attr.description].length).toBeGreaterThan(500);
  });
});

describe('selection settings, as CloudFormation sends them', () => {
  const images = () => [image(1, 1, 'app-2.0.9'), image(2, 2, 'app-2.0.10'), image(3, 3, 'app-1.0.0'), image(4, 4, 'other-9')];

  test('Rank "1" picks the second image', async () => {
    servePages(images(), 1000);
    expect((await run('Create', { ...props, [Prop.rank]: '1' })).Data.ImageId).toBe(image(3, 3).ImageId);
  });

  test('Order "natural-name" and a name pattern', async () => {
    servePages(images(), 1000);
    const body = await run('Create', { ...props, [Prop.order]: 'natural-name', [Prop.nameRegex]: '^app-' });
    expect(body.Data[Attr.imageName]).toBe('app-2.0.10');
  });

  test('MinAgeSeconds, MaxAgeSeconds and ExcludeImageIds', async () => {
    servePages(images(), 1000);
    const body = await run('Create', { ...props, [Prop.minAgeSeconds]: '0', [Prop.maxAgeSeconds]: String(100 * 365 * 86400), [Prop.excludeImageIds]: [image(4, 4).ImageId] });
    expect(body.Data.ImageId).toBe(image(3, 3).ImageId);
  });

  test('when nothing survives, the reason gives every stage\'s count', async () => {
    servePages(images(), 1000);
    const body = await run('Create', { ...props, [Prop.nameRegex]: '^app-', [Prop.maxAgeSeconds]: '3600', [Prop.excludeImageIds]: [image(1, 1).ImageId] });
    expect(body.Status).toBe('FAILED');
    expect(readStageReport(body.Reason)).toEqual({
      pages: 1, counts: { api: 4, allowed: 4, namePattern: 3, age: 0, denyList: 0, deprecation: 0 }, removedBy: 'age',
    });
    expect(body.Reason).toContain('; query Owners=[amazon]');
  });

  test('a rank beyond the survivors says how many it needs', async () => {
    servePages(images(), 1000);
    const body = await run('Create', { ...props, [Prop.rank]: '5' });
    expect(body.Status).toBe('FAILED');
    expect(readStageReport(body.Reason)).toEqual({
      pages: 1, counts: { api: 4, allowed: 4, namePattern: 4, age: 4, denyList: 4, deprecation: 4 }, rank: 5, removedBy: 'rank',
    });
  });

  test('FallbackImageId is described and used when nothing survives, and says so', async () => {
    const fallback = image(99, 1, 'known-good');
    ec2.on(DescribeImagesCommand, { ImageIds: [fallback.ImageId!] }).resolves({ Images: [fallback] });
    ec2.on(DescribeImagesCommand, { MaxResults: 1000 }).resolves({ Images: [] });
    const body = await run('Create', { ...props, [Prop.fallbackImageId]: fallback.ImageId });
    expect(body).toMatchObject({ Status: 'SUCCESS', Data: { ImageId: fallback.ImageId } });
    expect(body.Data).toMatchObject({ [Attr.imageName]: 'known-good', [Attr.resolvedFrom]: 'fallback' });
  });

  test('a fallback image that does not exist fails the deployment', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    const body = await run('Create', { ...props, [Prop.fallbackImageId]: 'ami-0123456789abcdef0' });
    expect(body).toMatchObject({ Status: 'FAILED', Reason: 'nothing was selected and the fallback image ami-0123456789abcdef0 was not found' });
  });

  test('PreviousImageId is the image selected before, on Update', async () => {
    servePages(images(), 1000);
    const body = await run('Update', props, { PhysicalResourceId: 'ami-0aaaaaaaaaaaaaaaa' });
    expect(body.Data[Attr.previousImageId]).toBe('ami-0aaaaaaaaaaaaaaaa');
  });

  test('RefreshToken is accepted and does not change the choice', async () => {
    servePages(images(), 1000);
    expect((await run('Create', { ...props, [Prop.refreshToken]: 'release-42' })).Data.ImageId).toBe(image(4, 4).ImageId);
  });

  test.each([
    [{ [Prop.rank]: '-1' }, /Rank must be a whole number written in decimal digits, got "-1"/],
    [{ [Prop.rank]: '1.5' }, /Rank must be a whole number/],
    [{ [Prop.rank]: '1e2' }, /Rank must be a whole number/],
    [{ [Prop.rank]: ' 1' }, /Rank must be a whole number/],
    [{ [Prop.rank]: '100' }, /rank must be a whole number from 0 \(the best image\) to 99/],
    [{ [Prop.minAgeSeconds]: 'seven days' }, /MinAgeSeconds must be a whole number/],
    [{ [Prop.minAgeSeconds]: '10', [Prop.maxAgeSeconds]: '5' }, /minAge \(10 s\) is greater than maxAge \(5 s\)/],
    [{ [Prop.nameRegex]: '(' }, /nameRegex: "\(" is not a valid regular expression \(RE2 syntax\): missing closing \)/],
    [{ [Prop.order]: 'newest' }, /Order must be one of newest-creation-date, oldest-creation-date, natural-name, tag-value, got "newest"/],
    [{ [Prop.region]: 'mars-1' }, /region: "mars-1" is not a region name/],
    [{ [Prop.lookupRoleArn]: 'arn:aws:iam::123456789012:user/bob' }, /lookupRoleArn: .* is not an IAM role ARN/],
    [{ [Prop.fallbackImageId]: 'ami-zz' }, /fallbackImageId: "ami-zz" is not an image ID/],
    [{ [Prop.excludeImageIds]: ['x'] }, /excludeImageIds: "x" is not an image ID/],
  ])('invalid selection setting %#: FAILED, zero EC2 calls', async (extra, reason) => {
    const body = await run('Create', { ...props, ...extra });
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(reason);
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });
});

describe('Delete', () => {
  test('succeeds with zero EC2 calls and keeps the physical ID', async () => {
    const body = await run('Delete');
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'ami-0a1b2c3d4e5f60001' });
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  test('after a failed Create (marker ID, invalid properties) it still succeeds without EC2', async () => {
    const body = await run('Delete', { [Prop.owners]: 'garbage' }, { PhysicalResourceId: 'AmiLookup-CreateFailed' });
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'AmiLookup-CreateFailed' });
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });
});

test('an unknown request type gets FAILED and no EC2 call', async () => {
  const body = await run('Destroy');
  expect(body).toMatchObject({ Status: 'FAILED', Reason: 'unknown RequestType "Destroy"' });
  expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
});

function expectedBest(images: Image[]): string {
  // Independent oracle: sort a copy by the documented order with plain comparisons.
  const natural = (s: string) => s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
  const cmp = (a: Image, b: Image) => {
    if (a.CreationDate !== b.CreationDate) return a.CreationDate! < b.CreationDate! ? 1 : -1;
    const na = natural(a.Name!);
    const nb = natural(b.Name!);
    for (let i = 0; i < Math.min(na.length, nb.length); i++) {
      if (na[i] !== nb[i]) return na[i] < nb[i] ? 1 : -1;
    }
    if (na.length !== nb.length) return na.length < nb.length ? 1 : -1;
    return a.ImageId! < b.ImageId! ? 1 : -1;
  };
  return [...images].sort(cmp)[0].ImageId!;
}
