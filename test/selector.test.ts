import { BestImage, Candidate, compareCandidates, naturalCompare } from '../lambda/selector';

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

describe('BestImage', () => {
  const d = (day: number) => `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  const images: Candidate[] = [
    { ImageId: 'ami-03', Name: 'rel-1.9', CreationDate: d(5) },
    { ImageId: 'ami-01', Name: 'rel-1.10', CreationDate: d(5) },
    { ImageId: 'ami-02', Name: 'rel-1.10', CreationDate: d(5) },
    { ImageId: 'ami-04', Name: 'rel-2.0', CreationDate: d(4) },
    { Name: 'no-id', CreationDate: d(9) },
  ];

  test('picks by the total order and counts every image offered', () => {
    const best = new BestImage();
    images.forEach((i) => best.offer(i));
    expect(best.best?.ImageId).toBe('ami-02');
    expect(best.count).toBe(5);
  });

  test('every permutation gives the same answer', () => {
    const permutations = (xs: Candidate[]): Candidate[][] => xs.length <= 1 ? [xs]
      : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    for (const p of permutations(images)) {
      const best = new BestImage();
      p.forEach((i) => best.offer(i));
      expect(best.best?.ImageId).toBe('ami-02');
    }
  });

  test('nothing usable gives undefined', () => {
    const best = new BestImage();
    best.offer({ Name: 'x' });
    expect(best.best).toBeUndefined();
    expect(best.count).toBe(1);
  });
});
