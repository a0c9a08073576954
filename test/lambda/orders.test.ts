import * as fc from 'fast-check';
import { Candidate } from '../../lambda/candidate';
import { comparatorFor, compareCandidates, naturalCompare, tagValue } from '../../lambda/orders';
import { OrderName } from '../../src/shared/wire';
import { candidateArb, daysAgo, select, UNTAGGED_ORDERS } from '../support/selection';

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

describe('comparatorFor', () => {
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

  test('every order is a strict total order on distinct images', () => {
    fc.assert(fc.property(candidateArb, candidateArb, fc.constantFrom(...UNTAGGED_ORDERS), (a, b, order) => {
      const c = comparatorFor(order);
      expect(Math.sign(c(a, b))).toBe(-Math.sign(c(b, a)));
      if (a.ImageId !== b.ImageId) expect(c(a, b)).not.toBe(0);
    }), { numRuns: 500 });
  });
});

describe('comparatorFor: tag-value, and tagValue', () => {
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
