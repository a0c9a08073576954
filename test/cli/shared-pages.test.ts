/**
 * cli/shared-pages.ts: a query shared by several lookups is paged once, and sharing never changes
 * an answer: every lookup resolves to what it would have resolved to paging on its own.
 */
import { Image } from '@aws-sdk/client-ec2';
import * as fc from 'fast-check';
import { queryKey, sharedPages } from '../../cli/shared-pages';
import { Ec2Target, ImagePages, resolve } from '../../lambda/lookup';
import { DEFAULT_SETTINGS, ImageQuery, LookupSettings } from '../../src/shared/settings';
import { ORDERS } from '../../src/shared/wire';
import { candidateArb, NOW } from '../support/selection';

const budget = { signal: new AbortController().signal, deadline: NOW + 60_000 };

/** An in-memory DescribeImages: owners select images, pages of the given size; counts its pagings. */
function catalogPages(catalog: Array<Image & { owner: string }>, pageSize: number) {
  const calls: string[] = [];
  const pages: ImagePages = async function* (q: ImageQuery, t: Ec2Target) {
    calls.push(queryKey(q, t));
    const matching = catalog.filter((i) => q.owners.includes(i.owner) && q.filters.every((f) => f.name !== 'architecture' || f.values.includes(i.Architecture ?? '')));
    await Promise.resolve();
    for (let i = 0; i < matching.length || i === 0; i += pageSize) {
      yield matching.slice(i, i + pageSize).map(({ owner, ...image }) => image);
      await Promise.resolve();
    }
  };
  return { pages, calls };
}

const imageArb = fc.record({ image: candidateArb, owner: fc.constantFrom('self', 'amazon'), arch: fc.constantFrom('x86_64', 'arm64') })
  .map(({ image, owner, arch }) => ({ ...image, Architecture: arch, owner }));

/** A lookup: one of a few queries (so that lookups share them), with its own selection settings. */
const lookupArb = fc.record({
  owner: fc.constantFrom('self', 'amazon'),
  arch: fc.constantFrom(undefined, 'x86_64', 'arm64'),
  region: fc.constantFrom('us-east-1', 'eu-west-1'),
  role: fc.constantFrom(undefined, 'arn:aws:iam::222233334444:role/image-reader'),
  rank: fc.nat(3),
  order: fc.constantFrom(ORDERS.newestCreationDate, ORDERS.oldestCreationDate, ORDERS.naturalName),
  minAgeSeconds: fc.option(fc.constantFrom(0, 86_400 * 30), { nil: undefined }),
  allowMixedImages: fc.boolean(),
}).map((l): LookupSettings => ({
  ...DEFAULT_SETTINGS,
  owners: [l.owner],
  filters: l.arch === undefined ? [] : [{ name: 'architecture', values: [l.arch] }],
  region: l.region,
  lookupRoleArn: l.role,
  rank: l.rank,
  order: l.order,
  minAgeSeconds: l.minAgeSeconds,
  allowMixedImages: l.allowMixedImages,
}));

const answer = async (settings: LookupSettings, pages: ImagePages) => {
  const r = await resolve(settings, { pages, now: () => NOW }, budget, { keep: 5 });
  const { counts, top, refused } = r.selection;
  return { image: r.image?.ImageId, from: r.from, pages: r.pages, counts, top: top.map((i) => i.ImageId), refused };
};

test('sharing never changes an answer, and pages each distinct query once', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(imageArb, { maxLength: 30 }), fc.array(lookupArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 7 }), fc.boolean(),
    async (catalog, lookups, pageSize, concurrently) => {
      const alone = catalogPages(catalog, pageSize);
      const expected = [];
      for (const l of lookups) expected.push(await answer(l, alone.pages));
      const shared = catalogPages(catalog, pageSize);
      const pages = sharedPages(shared.pages);
      const got = concurrently ? await Promise.all(lookups.map((l) => answer(l, pages))) : [];
      if (!concurrently) for (const l of lookups) got.push(await answer(l, pages));
      expect(got).toEqual(expected);
      expect(shared.calls.length).toBe(new Set(alone.calls).size);
    }), { numRuns: 150 });
});

test('a query past the bound is paged again by each lookup, with the same answer', async () => {
  const catalog = Array.from({ length: 10 }, (_, i) => ({ ImageId: `ami-0000000${i}`, Name: `app-${i}`, CreationDate: new Date(NOW - i * 86_400_000).toISOString(), owner: 'self' }));
  const counted = catalogPages(catalog, 3);
  const pages = sharedPages(counted.pages, 5);
  const settings = { ...DEFAULT_SETTINGS, owners: ['self'] };
  const [a, b] = [await answer(settings, pages), await answer(settings, pages)];
  expect(a).toEqual(b);
  expect(a.image).toBe('ami-00000000');
  expect(counted.calls).toHaveLength(2);
});

test('a failed paging is not kept: the next lookup pages for itself', async () => {
  let fail = true;
  const pages: ImagePages = async function* () {
    if (fail) {
      fail = false;
      throw new Error('DescribeImages failed on page 1: RequestLimitExceeded');
    }
    yield [{ ImageId: 'ami-00000001', Name: 'x', CreationDate: new Date(NOW).toISOString() }];
  };
  const shared = sharedPages(pages);
  const settings = { ...DEFAULT_SETTINGS, owners: ['self'] };
  await expect(answer(settings, shared)).rejects.toThrow(/RequestLimitExceeded/);
  expect((await answer(settings, shared)).image).toBe('ami-00000001');
});

test('the key tells apart region, role and every part of the query', () => {
  const q: ImageQuery = { owners: ['self'], executableUsers: [], imageIds: [], includeDeprecated: false, includeDisabled: false, filters: [] };
  const keys = [
    queryKey(q, { region: 'us-east-1' }),
    queryKey(q, { region: 'eu-west-1' }),
    queryKey(q, { region: 'us-east-1', lookupRoleArn: 'arn:aws:iam::222233334444:role/r' }),
    queryKey({ ...q, includeDeprecated: true }, { region: 'us-east-1' }),
    queryKey({ ...q, filters: [{ name: 'name', values: ['a'] }] }, { region: 'us-east-1' }),
    queryKey({ ...q, owners: ['amazon'] }, { region: 'us-east-1' }),
  ];
  expect(new Set(keys).size).toBe(keys.length);
});
