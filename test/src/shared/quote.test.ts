import { quote, shorten } from '../../../src/shared/quote';

test('a value is quoted as JSON, whole when short enough', () => {
  expect(quote('amazn')).toBe('"amazn"');
  expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  expect(quote('x'.repeat(64))).toBe(`"${'x'.repeat(64)}"`);
});

test('a long value is cut to the limit, ending in ..., before it is quoted', () => {
  expect(quote('x'.repeat(65))).toBe(`"${'x'.repeat(61)}..."`);
  expect(quote('abcdefghij', 8)).toBe('"abcde..."');
});

test('shorten cuts text to at most max characters', () => {
  expect(shorten('0123456789', 10)).toBe('0123456789');
  expect(shorten('0123456789x', 10)).toBe('0123456...');
});
