import * as fc from 'fast-check';
import { Candidate } from '../../lambda/candidate';
import { comparatorFor } from '../../lambda/orders';
import { COUNTED_STAGES, STAGES } from '../../lambda/selector';
import * as namePattern from '../../src/shared/name-pattern';
import { candidateArb, DAY, DAY_SECONDS, daysAgo, NOW, select, TestSelection, UNTAGGED_ORDERS } from '../support/selection';

/** The matcher the selector compiles from its settings, replaced by a spy that records each name it is asked about. */
function spyOnNameMatcher(answer: (name: string) => boolean): string[] {
  const asked: string[] = [];
  jest.spyOn(namePattern, 'compileNamePattern').mockReturnValueOnce({ test: (name: string) => { asked.push(name); return answer(name); } });
  return asked;
}

afterEach(() => jest.restoreAllMocks());

describe('Selector: STAGES', () => {
  test('the counted stages come first, so that the first count of 0 names the stage that removed the last image', () => {
    expect(STAGES.slice(0, COUNTED_STAGES.length)).toEqual(COUNTED_STAGES);
    expect(STAGES.slice(COUNTED_STAGES.length).every((s) => !s.counted)).toBe(true);
  });

  test('the counted stages run in the order of STAGES, and the counts are written in it', () => {
    const settings: TestSelection = { nameRegex: '^keep', minAgeSeconds: 5 * DAY_SECONDS, excludeImageIds: ['ami-denied'] };
    const kept: Candidate = { ImageId: 'ami-kept', Name: 'keep', CreationDate: daysAgo(10) };
    // For each counted stage, an image that it alone removes.
    const removedBy: Record<string, Candidate> = {
      allowed: { ...kept, ImageAllowed: false },
      namePattern: { ...kept, Name: 'drop' },
      age: { ...kept, CreationDate: daysAgo(1) },
      denyList: { ...kept, ImageId: 'ami-denied' },
      deprecation: { ...kept, DeprecationTime: daysAgo(1) },
    };
    expect(Object.keys(removedBy)).toEqual(COUNTED_STAGES.map((s) => s.id));
    COUNTED_STAGES.forEach((stage, i) => {
      const { counts } = select([removedBy[stage.id]], settings);
      expect(Object.keys(counts)).toEqual(['api', ...COUNTED_STAGES.map((s) => s.id)]);
      expect(COUNTED_STAGES.map((s) => counts[s.id])).toEqual(COUNTED_STAGES.map((_, j) => (j < i ? 1 : 0)));
    });
    expect(select([kept], settings).image).toBe(kept);
  });
});

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

  test('name pattern: unanchored unless anchored, Unicode mode', () => {
    const images = [img('ami-1', 'app-x86_64', 1), img('ami-2', 'app-arm64', 2), img('ami-3', 'my-app-x86_64-rc', 3)];
    expect(select(images, { nameRegex: 'x86_64' }).counts.namePattern).toBe(2);
    const r = select(images, { nameRegex: '^app-.*x86_64$' });
    expect(r.image?.ImageId).toBe('ami-1');
    expect(r.counts.namePattern).toBe(1);
  });

  test('name pattern: the RE2 matcher the handler compiles, asked once per image', () => {
    const images = [img('ami-1', 'app-1-x86_64', 1), img('ami-2', 'app-2-arm64', 2), img('ami-3', 'other', 3)];
    const re2 = namePattern.compileNamePattern('^app-\\d+-x86_64$');
    const asked = spyOnNameMatcher((name) => re2.test(name));
    const r = select(images, { nameRegex: '^app-\\d+-x86_64$' });
    expect(r.image?.ImageId).toBe('ami-1');
    expect(asked.sort()).toEqual(['app-1-x86_64', 'app-2-arm64', 'other']);
  });

  test('age: minAge is a soak period, maxAge a freshness limit, both inclusive', () => {
    const images = [img('ami-1', 'a', 1), img('ami-2', 'b', 7), img('ami-3', 'c', 30), img('ami-4', 'd', 400)];
    expect(select(images, { minAgeSeconds: 7 * DAY_SECONDS }).image?.ImageId).toBe('ami-2');
    expect(select(images, { maxAgeSeconds: 30 * DAY_SECONDS, minAgeSeconds: 8 * DAY_SECONDS }).image?.ImageId).toBe('ami-3');
    expect(select(images, { maxAgeSeconds: 365 * DAY_SECONDS, order: 'oldest-creation-date' }).image?.ImageId).toBe('ami-3');
    expect(select(images, { minAgeSeconds: 500 * DAY_SECONDS }).counts.age).toBe(0);
  });

  test('age: an image without a valid date fails any age limit', () => {
    expect(select([{ ImageId: 'ami-1', Name: 'x', CreationDate: 'soon' }], { minAgeSeconds: 0 }).counts.age).toBe(0);
  });

  test('deny-list: drops the listed images', () => {
    const images = [img('ami-1', 'a', 1), img('ami-2', 'b', 2)];
    const r = select(images, { excludeImageIds: ['ami-1'] });
    expect(r.image?.ImageId).toBe('ami-2');
    expect(r.counts.denyList).toBe(1);
  });

  test('deprecation: current images are preferred even when a deprecated one is newer', () => {
    const images = [img('ami-1', 'new', 1, { DeprecationTime: daysAgo(0.5) }), img('ami-2', 'old', 9, { DeprecationTime: daysAgo(-30) })];
    expect(select(images, { includeDeprecated: true }).image?.ImageId).toBe('ami-2');
  });

  test('deprecation: fall back to deprecated images only when allowed and nothing else is left', () => {
    const images = [img('ami-1', 'a', 3, { DeprecationTime: daysAgo(1) }), img('ami-2', 'b', 2, { DeprecationTime: daysAgo(1) })];
    const allowed = select(images, { includeDeprecated: true });
    expect(allowed.image?.ImageId).toBe('ami-2');
    expect(allowed.counts.deprecation).toBe(2);
    const refused = select(images, { includeDeprecated: false });
    expect(refused.image).toBeUndefined();
    expect(refused.counts.deprecation).toBe(0);
  });

  test('deprecation: a deprecation time in the future is not deprecated yet', () => {
    expect(select([img('ami-1', 'a', 3, { DeprecationTime: daysAgo(-1) })]).image?.ImageId).toBe('ami-1');
  });

  test('rank: picks the n-th image; too few survivors give none', () => {
    const images = [1, 2, 3, 4].map((d) => img(`ami-${d}`, 'x', d));
    expect(select(images, { rank: 1 }).image?.ImageId).toBe('ami-2');
    expect(select(images, { rank: 3 }).image?.ImageId).toBe('ami-4');
    expect(select(images, { rank: 4 }).image).toBeUndefined();
    expect(select(images, { rank: 2 }).top.map((i) => i.ImageId)).toEqual(['ami-1', 'ami-2', 'ami-3']);
  });

  test('counts tell which stage removed the last image', () => {
    const images = [img('ami-1', 'app-1', 1), img('ami-2', 'app-2', 10)];
    expect(select(images, { nameRegex: '^app-', minAgeSeconds: 5 * DAY_SECONDS, excludeImageIds: ['ami-2'] }).counts)
      .toEqual({ api: 2, allowed: 2, namePattern: 2, age: 1, denyList: 0, deprecation: 0 });
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
    const asked = spyOnNameMatcher(() => true);
    const r = select([img('ami-1', 1, false)], { nameRegex: 'any' });
    expect(asked).toEqual([]);
    expect(r.counts).toMatchObject({ api: 1, allowed: 0, namePattern: 0 });
    expect(r.image).toBeUndefined();
  });
});

describe('Selector: ambiguity guard, on the survivors', () => {
  const img = (id: string, days: number, extra: Partial<Candidate> = {}): Candidate => ({
    ImageId: id, Name: id, CreationDate: daysAgo(days), Architecture: 'x86_64', RootDeviceType: 'ebs', VirtualizationType: 'hvm', ...extra,
  });

  test('allowMixed picks as if there were no guard, and still reports the mix', () => {
    const images = [img('ami-1', 1, { Architecture: 'arm64' }), img('ami-2', 2)];
    const r = select(images, { allowMixedImages: true });
    expect(r.refused).toBe(false);
    expect(r.image?.ImageId).toBe('ami-1');
    expect(r.mixed.map((m) => m.dimension)).toEqual(['architecture']);
  });

  test('only the survivors count: a removed or a deprecated-and-unused image does not mix the set', () => {
    const arm = img('ami-2', 2, { Architecture: 'arm64' });
    expect(select([img('ami-1', 1), arm], { excludeImageIds: ['ami-2'] }).refused).toBe(false);
    expect(select([img('ami-1', 1), { ...arm, DeprecationTime: daysAgo(1) }], { includeDeprecated: true }).refused).toBe(false);
    expect(select([img('ami-1', 1), { ...arm, ImageAllowed: false }]).refused).toBe(false);
  });

  test('the deprecated fallback group is judged on its own', () => {
    const old = (id: string, extra: Partial<Candidate>) => img(id, 50, { DeprecationTime: daysAgo(10), ...extra });
    const r = select([old('ami-1', {}), old('ami-2', { Architecture: 'arm64' })], { includeDeprecated: true });
    expect(r.refused).toBe(true);
    expect(r.counts.deprecation).toBe(2);
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
      order: fc.constantFrom(...UNTAGGED_ORDERS),
      rank: fc.integer({ min: 0, max: 4 }),
      includeDeprecated: fc.boolean(),
    });
    fc.assert(fc.property(shared, fc.uniqueArray(image, { selector: (i) => i.ImageId, maxLength: 30 }), settings, (common, images, p) => {
      const unmixed = images.map((i) => ({ ...i, ...common }));
      const guarded = select(unmixed, p);
      const unguarded = select(unmixed, { ...p, allowMixedImages: true });
      expect(guarded.refused).toBe(false);
      expect(guarded.mixed).toEqual([]);
      expect(guarded.image?.ImageId).toBe(unguarded.image?.ImageId);
      expect(guarded.counts).toEqual(unguarded.counts);
      expect(guarded.top).toEqual(unguarded.top);
    }), { numRuns: 400 });
  });
});

describe('Selector: the tag-value order', () => {
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
});

describe('Selector: properties (fast-check)', () => {
  const candidate = candidateArb;
  const policyArb = fc.record({
    order: fc.constantFrom(...UNTAGGED_ORDERS),
    rank: fc.integer({ min: 0, max: 5 }),
    includeDeprecated: fc.boolean(),
    minAgeSeconds: fc.option(fc.integer({ min: 0, max: 200 * DAY_SECONDS }), { nil: undefined }),
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
      const oldEnough = (i: Candidate) => !Number.isNaN(Date.parse(i.CreationDate!)) && NOW - Date.parse(i.CreationDate!) >= p.minAgeSeconds! * 1000;
      const survivors = images.filter((i) => p.minAgeSeconds === undefined || oldEnough(i));
      const deprecated = (i: Candidate) => i.DeprecationTime !== undefined && Date.parse(i.DeprecationTime) <= NOW;
      const current = survivors.filter((i) => !deprecated(i));
      const pool = current.length > 0 || !p.includeDeprecated ? current : survivors.filter(deprecated);
      const sorted = [...pool].sort((a, b) => comparatorFor(p.order)(b, a));
      expect(select(images, p).image?.ImageId).toBe(sorted[p.rank]?.ImageId);
    }), { numRuns: 300 });
  });
});
