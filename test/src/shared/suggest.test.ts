import * as fc from 'fast-check';
import { closestName, didYouMean, editDistance } from '../../../src/shared/suggest';

test('edit distance counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3);
  expect(editDistance('nmae', 'name')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('same', 'same')).toBe(0);
});

test('edit distance stops past its limit with limit + 1', () => {
  expect(editDistance('aaaaaaaaaa', 'bbbbbbbbbb', 2)).toBe(3);
  expect(editDistance('a', 'abcdef', 2)).toBe(3);
});

test('edit distance is symmetric and zero exactly for equal strings', () => {
  fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
    const d = editDistance(a, b);
    expect(editDistance(b, a)).toBe(d);
    expect(d === 0).toBe(a === b);
    expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
  }), { numRuns: 300 });
});

test('the closest known name is suggested only when it is close enough to be a typo', () => {
  expect(closestName('nmae', ['architecture', 'name', 'state'])).toBe('name');
  expect(closestName('ownr', ['owner', 'app'])).toBe('owner');
  expect(closestName('architecure', ['architecture', 'name'])).toBe('architecture');
  expect(closestName('xyz', ['name'])).toBeUndefined();
  expect(closestName('name', ['name'])).toBeUndefined();
});

test('didYouMean writes the suffix of a message, or nothing', () => {
  expect(didYouMean('nmae', ['name'])).toBe('; did you mean "name"?');
  expect(didYouMean('zzzzzz', ['name'])).toBe('');
});
