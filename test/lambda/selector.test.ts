import * as fc from 'fast-check';
import {
  Candidate, comparatorFor, compareCandidates, MIX_DIMENSIONS, mixedMessage, naturalCompare, OTHER_VALUES, OrderName,
  SelectionSettings, Selector, tagValue,
} from '../../lambda/selector';
import { compileNamePattern } from '../../src/shared/name-pattern';

describe('naturalCompare', () => {
  test.each([
    ['al2023-ami-2023.0.10', 'al2023-ami-2023.0.9', 1],
    ['v2.0.9', 'v2.0.10', -1],
    ['image-10', 'image-9', 1],
    ['a', 'b', -1],
    ['abc', 'abc', 0],
    ['abc', 'abc-1', -1],
    ['B', 'a', -1], // case-sensitive by code unit: 'B' (66) < 'a' (97)
    ['x-007', 'x-7', -1], // equal numbers: plain order decides, so only identical strings tie
    ['x-7', 'x-007', 1],
    ['12345678901234567890', '12345678901234567889', 1], // beyond Number precision
    ['', 'a', -1],
  ])('%j vs %j', (a, b, expected) => {
    expect(naturalCompare(a, b)).toBe(expected);
    expect(naturalCompare(b, a)).toBe(-expected || 0);
  });

  test('is a total order on a mixed set (antisymmetric and transitive)', () => {
    const names = ['a-1', 'a-01', 'a-10', 'a-9', 'a', 'A-2', 'a-1.10', 'a-1.9', 'a-1.9a', '', '9', '10', 'é-1'];
    const sorted = [...names].sort(naturalCompare);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        expect(naturalCompare(sorted[i], sorted[j])).toBe(-1);
      }
    }
  });
});

describe('compareCandidates', () => {
  const img = (ImageId: string, Name: string, CreationDate?: string): Candidate => ({ ImageId, Name, CreationDate });

  test('newest creation date wins', () => {
    expect(compareCandidates(img('ami-1', 'a', '2026-01-02T00:00:00.000Z'), img('ami-2', 'z', '2026-01-01T00:00:00.000Z'))).toBe(1);
  });

  test('same date: greater natural name wins', () => {
    const d = '2026-01-01T00:00:00.000Z';
    expect(compareCandidates(img('ami-1', 'release-2.0.10', d), img('ami-2', 'release-2.0.9', d))).toBe(1);
  });

  test('same date and name: greater image ID wins', () => {
    const d = '2026-01-01T00:00:00.000Z';
    expect(compareCandidates(img('ami-0b', 'same', d), img('ami-0a', 'same', d))).toBe(1);
  });

  test('dates compare as instants, not as text', () => {
    // Same instant written with and without milliseconds: a tie, so the name decides.
    expect(compareCandidates(img('ami-1', 'b', '2026-01-01T00:00:00Z'), img('ami-2', 'a', '2026-01-01T00:00:00.000Z'))).toBe(1);
  });

  test('an image without a parseable date ranks last', () => {
    expect(compareCandidates(img('ami-1', 'z', 'not a date'), img('ami-2', 'a', '2000-01-01T00:00:00.000Z'))).toBe(-1);
    expect(compareCandidates(img('ami-1', 'z'), img('ami-2', 'a', '2000-01-01T00:00:00.000Z'))).toBe(-1);
  });
});

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;
const policy = (p: Partial<SelectionSettings> = {}): SelectionSettings => ({ allowDeprecated: false, order: 'newest-creation-date', rank: 0, now: NOW, ...p });
const daysAgo = (d: number) => new Date(NOW - d * DAY).toISOString();
const select = (images: Candidate[], p: Partial<SelectionSettings> = {}) => {
  const s = new Selector(policy(p));
  images.forEach((i) => s.offer(i));
  return s.result();
};

describe('Selector: default order', () => {
  const images: Candidate[] = [
    { ImageId: 'ami-03', Name: 'rel-1.9', CreationDate: daysAgo(5) },
    { ImageId: 'ami-01', Name: 'rel-1.10', CreationDate: daysAgo(5) },
    { ImageId: 'ami-02', Name: 'rel-1.10', CreationDate: daysAgo(5) },
    { ImageId: 'ami-04', Name: 'rel-2.0', CreationDate: daysAgo(6) },
    { Name: 'no-id', CreationDate: daysAgo(1) },
  ];

  test('picks by the total order; an image without an ID never survives', () => {
    const r = select(images);
    expect(r.image?.ImageId).toBe('ami-02');
    expect(r.counts).toEqual({ api: 5, allowed: 4, namePattern: 4, age: 4, denyList: 4, deprecation: 4 });
  });

  test('every permutation gives the same answer', () => {
    const permutations = (xs: Candidate[]): Candidate[][] => xs.length <= 1 ? [xs]
      : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    for (const p of permutations(images)) expect(select(p).image?.ImageId).toBe('ami-02');
  });

  test('nothing usable gives no image', () => {
    expect(select([{ Name: 'x' }]).image).toBeUndefined();
  });
});

describe('Selector: stages', () => {
  const img = (id: string, name: string, days: number, extra: Partial<Candidate> = {}): Candidate =>
    ({ ImageId: id, Name: name, CreationDate: daysAgo(days), ...extra });

  test('1. name pattern (unanchored unless anchored, Unicode mode)', () => {
    const images = [img('ami-1', 'app-x86_64', 1), img('ami-2', 'app-arm64', 2), img('ami-3', 'my-app-x86_64-rc', 3)];
    expect(select(images, { nameRegex: /x86_64/u }).counts.namePattern).toBe(2);
    const r = select(images, { nameRegex: /^app-.*x86_64$/u });
    expect(r.image?.ImageId).toBe('ami-1');
    expect(r.counts.namePattern).toBe(1);
  });

  test('1. name pattern: the RE2 matcher the handler compiles, asked once per image', () => {
    const images = [img('ami-1', 'app-1-x86_64', 1), img('ami-2', 'app-2-arm64', 2), img('ami-3', 'other', 3)];
    const asked: string[] = [];
    const re2 = compileNamePattern('^app-\\d+-x86_64$');
    const r = select(images, { nameRegex: { test: (name: string) => { asked.push(name); return re2.test(name); } } });
    expect(r.image?.ImageId).toBe('ami-1');
    expect(asked.sort()).toEqual(['app-1-x86_64', 'app-2-arm64', 'other']);
  });

  test('2. age: minAge is a soak period, maxAge a freshness limit, both inclusive', () => {
    const images = [img('ami-1', 'a', 1), img('ami-2', 'b', 7), img('ami-3', 'c', 30), img('ami-4', 'd', 400)];
    expect(select(images, { minAgeMs: 7 * DAY }).image?.ImageId).toBe('ami-2');
    expect(select(images, { maxAgeMs: 30 * DAY, minAgeMs: 8 * DAY }).image?.ImageId).toBe('ami-3');
    expect(select(images, { maxAgeMs: 365 * DAY, order: 'oldest-creation-date' }).image?.ImageId).toBe('ami-3');
    expect(select(images, { minAgeMs: 500 * DAY }).counts.age).toBe(0);
  });

  test('an image without a valid date fails any age limit', () => {
    expect(select([{ ImageId: 'ami-1', Name: 'x', CreationDate: 'soon' }], { minAgeMs: 0 }).counts.age).toBe(0);
  });

  test('3. deny-list', () => {
    const images = [img('ami-1', 'a', 1), img('ami-2', 'b', 2)];
    const r = select(images, { excludeImageIds: new Set(['ami-1']) });
    expect(r.image?.ImageId).toBe('ami-2');
    expect(r.counts.denyList).toBe(1);
  });

  test('4. deprecation: current images are preferred even when a deprecated one is newer', () => {
    const images = [img('ami-1', 'new', 1, { DeprecationTime: daysAgo(0.5) }), img('ami-2', 'old', 9, { DeprecationTime: daysAgo(-30) })];
    expect(select(images, { allowDeprecated: true }).image?.ImageId).toBe('ami-2');
  });

  test('4. deprecation: fall back to deprecated images only when allowed and nothing else is left', () => {
    const images = [img('ami-1', 'a', 3, { DeprecationTime: daysAgo(1) }), img('ami-2', 'b', 2, { DeprecationTime: daysAgo(1) })];
    const allowed = select(images, { allowDeprecated: true });
    expect(allowed.image?.ImageId).toBe('ami-2');
    expect(allowed.counts.deprecation).toBe(2);
    const refused = select(images, { allowDeprecated: false });
    expect(refused.image).toBeUndefined();
    expect(refused.counts.deprecation).toBe(0);
  });

  test('a deprecation time in the future is not deprecated yet', () => {
    expect(select([img('ami-1', 'a', 3, { DeprecationTime: daysAgo(-1) })]).image?.ImageId).toBe('ami-1');
  });

  test('6. rank picks the n-th image; too few survivors give none', () => {
    const images = [1, 2, 3, 4].map((d) => img(`ami-${d}`, 'x', d));
    expect(select(images, { rank: 1 }).image?.ImageId).toBe('ami-2');
    expect(select(images, { rank: 3 }).image?.ImageId).toBe('ami-4');
    expect(select(images, { rank: 4 }).image).toBeUndefined();
    expect(select(images, { rank: 2 }).top.map((i) => i.ImageId)).toEqual(['ami-1', 'ami-2', 'ami-3']);
  });

  test('counts tell which stage removed the last image', () => {
    const images = [img('ami-1', 'app-1', 1), img('ami-2', 'app-2', 10)];
    expect(select(images, { nameRegex: /^app-/u, minAgeMs: 5 * DAY, excludeImageIds: new Set(['ami-2']) }).counts)
      .toEqual({ api: 2, allowed: 2, namePattern: 2, age: 1, denyList: 0, deprecation: 0 });
  });
});

describe('Selector: orders', () => {
  const d = daysAgo(3);
  const images: Candidate[] = [
    { ImageId: 'ami-1', Name: 'app-2.0.9', CreationDate: daysAgo(1) },
    { ImageId: 'ami-2', Name: 'app-2.0.10', CreationDate: daysAgo(2) },
    { ImageId: 'ami-3', Name: 'app-1.0.0', CreationDate: d },
    { ImageId: 'ami-4', Name: 'app-1.0.1', CreationDate: d },
    { ImageId: 'ami-5', Name: 'undated' },
  ];
  test.each<[OrderName, string[]]>([
    ['newest-creation-date', ['ami-1', 'ami-2', 'ami-4', 'ami-3', 'ami-5']],
    ['oldest-creation-date', ['ami-4', 'ami-3', 'ami-2', 'ami-1', 'ami-5']],
    ['natural-name', ['ami-5', 'ami-2', 'ami-1', 'ami-4', 'ami-3']],
  ])('%s', (order, expected) => {
    expect(select(images, { order, rank: 4 }).top.map((i) => i.ImageId)).toEqual(expected);
    expect([...images].sort((a, b) => comparatorFor(order)(b, a)).map((i) => i.ImageId)).toEqual(expected);
  });

  test('natural-name fixes a re-published old release with a newer date', () => {
    const republished = [{ ImageId: 'ami-a', Name: 'app-2.0.10', CreationDate: daysAgo(10) }, { ImageId: 'ami-b', Name: 'app-2.0.9', CreationDate: daysAgo(1) }];
    expect(select(republished).image?.ImageId).toBe('ami-b');
    expect(select(republished, { order: 'natural-name' }).image?.ImageId).toBe('ami-a');
  });
});

describe('Selector: properties (fast-check)', () => {
  const candidate = fc.record({
    ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
    Name: fc.oneof(fc.constantFrom('app-1.9', 'app-1.10', 'app-01.10', 'App-2', 'app'), fc.string({ maxLength: 12 })),
    CreationDate: fc.oneof(
      fc.integer({ min: NOW - 400 * DAY, max: NOW }).map((t) => new Date(t - (t % (DAY / 4))).toISOString()),
      fc.constant('not a date')),
    DeprecationTime: fc.option(fc.integer({ min: NOW - 100 * DAY, max: NOW + 100 * DAY }).map((t) => new Date(t).toISOString()), { nil: undefined }),
  }, { requiredKeys: ['ImageId', 'Name', 'CreationDate'] });
  const policyArb = fc.record({
    order: fc.constantFrom<OrderName>('newest-creation-date', 'oldest-creation-date', 'natural-name'),
    rank: fc.integer({ min: 0, max: 5 }),
    allowDeprecated: fc.boolean(),
    minAgeMs: fc.option(fc.integer({ min: 0, max: 200 * DAY }), { nil: undefined }),
  });

  test('the choice does not depend on response order or page boundaries', () => {
    fc.assert(fc.property(fc.uniqueArray(candidate, { selector: (c) => c.ImageId, maxLength: 40 }), policyArb, fc.integer({ min: 1, max: 1000 }),
      (images, p, seed) => {
        const reversed = [...images].reverse();
        const shuffled = [...images].sort((a, b) => ((a.ImageId.charCodeAt(5) * seed) % 7) - ((b.ImageId.charCodeAt(5) * seed) % 7));
        const a = select(images, p);
        expect(select(reversed, p).image?.ImageId).toBe(a.image?.ImageId);
        expect(select(shuffled, p).image?.ImageId).toBe(a.image?.ImageId);
        expect(select(shuffled, p).counts).toEqual(a.counts);
      }), { numRuns: 300 });
  });

  test('the choice equals sorting every survivor and taking the rank-th', () => {
    fc.assert(fc.property(fc.uniqueArray(candidate, { selector: (c) => c.ImageId, maxLength: 40 }), policyArb, (images, p) => {
      const oldEnough = (i: Candidate) => !Number.isNaN(Date.parse(i.CreationDate!)) && NOW - Date.parse(i.CreationDate!) >= p.minAgeMs!;
      const survivors = images.filter((i) => p.minAgeMs === undefined || oldEnough(i));
      const deprecated = (i: Candidate) => i.DeprecationTime !== undefined && Date.parse(i.DeprecationTime) <= NOW;
      const current = survivors.filter((i) => !deprecated(i));
      const pool = current.length > 0 || !p.allowDeprecated ? current : survivors.filter(deprecated);
      const sorted = [...pool].sort((a, b) => comparatorFor(p.order)(b, a));
      expect(select(images, p).image?.ImageId).toBe(sorted[p.rank]?.ImageId);
    }), { numRuns: 300 });
  });

  test('every order is a strict total order on distinct images', () => {
    fc.assert(fc.property(candidate, candidate, fc.constantFrom<OrderName>('newest-creation-date', 'oldest-creation-date', 'natural-name'), (a, b, order) => {
      const c = comparatorFor(order);
      expect(Math.sign(c(a, b))).toBe(-Math.sign(c(b, a)));
      if (a.ImageId !== b.ImageId) expect(c(a, b)).not.toBe(0);
    }), { numRuns: 500 });
  });
});

describe('Selector: Allowed AMIs', () => {
  const img = (id: string, days: number, ImageAllowed?: boolean): Candidate => ({ ImageId: id, Name: id, CreationDate: daysAgo(days), ImageAllowed });

  test('drops images EC2 marks ImageAllowed false, keeps true and absent, and counts the stage', () => {
    const r = select([img('ami-1', 1, false), img('ami-2', 2, true), img('ami-3', 3)], { rank: 1 });
    expect(r.counts).toMatchObject({ api: 3, allowed: 2, namePattern: 2 });
    expect(r.top.map((i) => i.ImageId)).toEqual(['ami-2', 'ami-3']);
  });

  test('runs before every other stage: a refused image is never even matched by name', () => {
    const asked: string[] = [];
    const r = select([img('ami-1', 1, false)], { nameRegex: { test: (n: string) => { asked.push(n); return true; } } });
    expect(asked).toEqual([]);
    expect(r.counts).toMatchObject({ api: 1, allowed: 0, namePattern: 0 });
    expect(r.image).toBeUndefined();
  });
});

describe('Selector: ambiguity guard', () => {
  const img = (id: string, days: number, extra: Partial<Candidate> = {}): Candidate => ({
    ImageId: id, Name: id, CreationDate: daysAgo(days), Architecture: 'x86_64', RootDeviceType: 'ebs', VirtualizationType: 'hvm', ...extra,
  });

  test.each<[string, Partial<Candidate>, string]>([
    ['architecture', { Architecture: 'arm64' }, 'instanceType or an architecture filter'],
    ['platform', { Platform: 'windows' }, 'a platform filter (windows), or a name filter or nameRegex that matches one platform'],
    ['root device type', { RootDeviceType: 'instance-store' }, 'a root-device-type filter'],
    ['virtualization type', { VirtualizationType: 'paravirtual' }, 'a virtualization-type filter'],
  ])('survivors that differ in %s are refused, with each value counted and what pins it', (dimension, odd, pinWith) => {
    const r = select([img('ami-1', 1), img('ami-2', 2, odd), img('ami-3', 3)]);
    expect(r.refused).toBe(true);
    expect(r.image).toBeUndefined();
    expect(r.mixed).toHaveLength(1);
    expect(r.mixed[0].dimension).toBe(dimension);
    expect(r.mixed[0].counts[0][1]).toBe(2);
    expect(r.mixed[0].counts[1][1]).toBe(1);
    expect(r.mixed[0].pinWith).toBe(pinWith);
    // The candidates are still ranked, so that a preview can show the mix.
    expect(r.top.map((i) => i.ImageId)).toEqual(['ami-1']);
  });

  test('the message names every mixed dimension with its counts, and the way out', () => {
    const r = select([img('ami-1', 1), img('ami-2', 2, { Architecture: 'arm64' }), img('ami-3', 3, { Architecture: 'arm64', Platform: 'windows' })]);
    expect(mixedMessage(r.counts.deprecation, r.mixed)).toBe('ambiguous query: the 3 image(s) left differ in architecture ("arm64": 2, "x86_64": 1); '
      + 'pin it with instanceType or an architecture filter; in platform ("not windows": 2, "windows": 1); pin it with a platform filter (windows), '
      + 'or a name filter or nameRegex that matches one platform. Which one is picked would depend on which was published last; '
      + 'pin the query, or set allowMixedImages to accept that');
  });

  test('a hostile number of values is shown as four and a count', () => {
    const images = Array.from({ length: 9 }, (_, i) => img(`ami-${i}`, i + 1, { Architecture: `arch-${i}-${'x'.repeat(100)}` }));
    const message = mixedMessage(9, select(images).mixed);
    expect(message).toContain(', and 5 more value(s)');
    expect(message.length).toBeLessThan(450);
  });

  test('memory stays bounded however many distinct values arrive: past 32, they are counted together', () => {
    const images = Array.from({ length: 5000 }, (_, i) => img(`ami-${i}`, 1 + (i % 300) / 10, { Architecture: `arch-${i}` }));
    const [architecture] = select(images).mixed;
    expect(architecture.counts).toHaveLength(33);
    expect(architecture.counts[32]).toEqual([OTHER_VALUES, 5000 - 32]);
    expect(architecture.counts.reduce((n, [, c]) => n + c, 0)).toBe(5000);
  });

  test('allowMixed picks as if there were no guard, and still reports the mix', () => {
    const images = [img('ami-1', 1, { Architecture: 'arm64' }), img('ami-2', 2)];
    const r = select(images, { allowMixed: true });
    expect(r.refused).toBe(false);
    expect(r.image?.ImageId).toBe('ami-1');
    expect(r.mixed.map((m) => m.dimension)).toEqual(['architecture']);
  });

  test('only the survivors count: a removed or a deprecated-and-unused image does not mix the set', () => {
    const arm = img('ami-2', 2, { Architecture: 'arm64' });
    expect(select([img('ami-1', 1), arm], { excludeImageIds: new Set(['ami-2']) }).refused).toBe(false);
    expect(select([img('ami-1', 1), { ...arm, DeprecationTime: daysAgo(1) }], { allowDeprecated: true }).refused).toBe(false);
    expect(select([img('ami-1', 1), { ...arm, ImageAllowed: false }]).refused).toBe(false);
  });

  test('the deprecated fallback group is judged on its own', () => {
    const old = (id: string, extra: Partial<Candidate>) => img(id, 50, { DeprecationTime: daysAgo(10), ...extra });
    const r = select([old('ami-1', {}), old('ami-2', { Architecture: 'arm64' })], { allowDeprecated: true });
    expect(r.refused).toBe(true);
    expect(r.counts.deprecation).toBe(2);
  });

  test('boot mode is not a dimension: it changes between releases of one image line', () => {
    expect(MIX_DIMENSIONS.map((d) => d.dimension)).toEqual(['architecture', 'platform', 'root device type', 'virtualization type']);
    expect(select([img('ami-1', 1, { BootMode: 'uefi' } as Candidate), img('ami-2', 2, { BootMode: 'legacy-bios' } as Candidate)]).refused).toBe(false);
  });

  test('EC2 writes the platform as "windows"; the SDK type says "Windows": both are Windows', () => {
    expect(select([img('ami-1', 1, { Platform: 'windows' }), img('ami-2', 2, { Platform: 'Windows' })]).refused).toBe(false);
  });

  test('fast-check: on a set that is not mixed, the guard never changes the pick, the counts or the candidates', () => {
    const shared = fc.record({
      Architecture: fc.constantFrom('x86_64', 'arm64', 'i386'),
      Platform: fc.constantFrom(undefined, 'windows'),
      RootDeviceType: fc.constantFrom('ebs', 'instance-store'),
      VirtualizationType: fc.constantFrom('hvm', 'paravirtual'),
    });
    const image = fc.record({
      ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
      Name: fc.constantFrom('app-1.9', 'app-1.10', 'app-2', 'other'),
      CreationDate: fc.integer({ min: NOW - 100 * DAY, max: NOW }).map((t) => new Date(t).toISOString()),
      DeprecationTime: fc.option(fc.integer({ min: NOW - 50 * DAY, max: NOW + 50 * DAY }).map((t) => new Date(t).toISOString()), { nil: undefined }),
      ImageAllowed: fc.constantFrom(undefined, true, false),
      // Other fields may differ freely: boot mode is not a dimension.
      BootMode: fc.constantFrom(undefined, 'uefi', 'legacy-bios'),
    });
    const settings = fc.record({
      order: fc.constantFrom<OrderName>('newest-creation-date', 'oldest-creation-date', 'natural-name'),
      rank: fc.integer({ min: 0, max: 4 }),
      allowDeprecated: fc.boolean(),
    });
    fc.assert(fc.property(shared, fc.uniqueArray(image, { selector: (i) => i.ImageId, maxLength: 30 }), settings, (common, images, p) => {
      const unmixed = images.map((i) => ({ ...i, ...common }));
      const guarded = select(unmixed, p);
      const unguarded = select(unmixed, { ...p, allowMixed: true });
      expect(guarded.refused).toBe(false);
      expect(guarded.mixed).toEqual([]);
      expect(guarded.image?.ImageId).toBe(unguarded.image?.ImageId);
      expect(guarded.counts).toEqual(unguarded.counts);
      expect(guarded.top).toEqual(unguarded.top);
    }), { numRuns: 400 });
  });

  test('fast-check: a set is refused exactly when its survivors differ in a dimension', () => {
    const image = fc.record({
      ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
      CreationDate: fc.integer({ min: NOW - 100 * DAY, max: NOW }).map((t) => new Date(t).toISOString()),
      Architecture: fc.constantFrom('x86_64', 'arm64'),
      Platform: fc.constantFrom(undefined, 'windows'),
      RootDeviceType: fc.constantFrom('ebs'),
      VirtualizationType: fc.constantFrom('hvm', 'hvm', 'paravirtual'),
    });
    fc.assert(fc.property(fc.uniqueArray(image, { selector: (i) => i.ImageId, minLength: 1, maxLength: 12 }), (images) => {
      const differs = MIX_DIMENSIONS.some((d) => new Set(images.map(d.value)).size > 1);
      expect(select(images).refused).toBe(differs);
    }), { numRuns: 300 });
  });
});

describe('Selector: tag-value order', () => {
  const img = (id: string, days: number, version?: string, extraTags: Array<{ Key: string; Value: string }> = []): Candidate => ({
    ImageId: id, Name: id, CreationDate: daysAgo(days), Tags: [...extraTags, ...(version === undefined ? [] : [{ Key: 'version', Value: version }])],
  });

  test('the greatest value in natural order first, untagged last, the default order breaking ties', () => {
    const images = [
      img('ami-1', 1, '1.9.2'),
      img('ami-2', 9, '1.10.0'),
      img('ami-3', 2), // newest of the untagged
      img('ami-4', 5, '1.10.0'), // ties with ami-2: the newer wins
      img('ami-5', 3),
      img('ami-6', 4, '1.10.0-rc1'),
    ];
    const r = select(images, { order: 'tag-value', orderTagKey: 'version', rank: 5 });
    expect(r.top.map((i) => i.ImageId)).toEqual(['ami-6', 'ami-4', 'ami-2', 'ami-1', 'ami-3', 'ami-5']);
  });

  test('the key is case-sensitive, and another tag with the value is not read', () => {
    const images = [img('ami-1', 1, undefined, [{ Key: 'Version', Value: '9' }]), img('ami-2', 2, '1')];
    expect(select(images, { order: 'tag-value', orderTagKey: 'version' }).image?.ImageId).toBe('ami-2');
    expect(tagValue(images[0], 'version')).toBeUndefined();
    expect(tagValue(images[0], 'Version')).toBe('9');
  });

  test('an empty value is a value: it ranks before an untagged image', () => {
    const images = [img('ami-1', 1), img('ami-2', 2, '')];
    expect(select(images, { order: 'tag-value', orderTagKey: 'version' }).image?.ImageId).toBe('ami-2');
  });

  test('each image\'s tags are read once, however many it has', () => {
    let reads = 0;
    const many = Array.from({ length: 2000 }, (_, i) => ({ Key: `k${i}`, Value: String(i) }));
    const counted = (id: string, v: string): Candidate => {
      const tags = [...many, { Key: 'version', Value: v }];
      return { ImageId: id, Name: id, CreationDate: daysAgo(1), get Tags() { reads++; return tags; } };
    };
    const images = Array.from({ length: 50 }, (_, i) => counted(`ami-${i}`, `1.${i}`));
    expect(select(images, { order: 'tag-value', orderTagKey: 'version', rank: 10 }).image?.ImageId).toBe('ami-39');
    expect(reads).toBe(50);
  });

  test('fast-check: a strict total order on distinct images', () => {
    const tagged = fc.record({
      ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
      Name: fc.constantFrom('a', 'b'),
      CreationDate: fc.constantFrom(daysAgo(1), daysAgo(2)),
      Tags: fc.option(fc.array(fc.record({ Key: fc.constantFrom('version', 'other'), Value: fc.constantFrom('1', '01', '1.10', '1.9', '') }), { maxLength: 2 }),
        { nil: undefined }),
    });
    const c = comparatorFor('tag-value', (x) => tagValue(x, 'version'));
    fc.assert(fc.property(tagged, tagged, tagged, (a, b, d) => {
      expect(Math.sign(c(a, b))).toBe(-Math.sign(c(b, a)));
      if (a.ImageId !== b.ImageId) expect(c(a, b)).not.toBe(0);
      if (c(a, b) > 0 && c(b, d) > 0) expect(c(a, d)).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });
});
