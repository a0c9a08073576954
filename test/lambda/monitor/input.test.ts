/** lambda/monitor/input.ts: the schedule's input is read whole or refused. */
import { isDimensionValue, parseMonitorInput } from '../../../lambda/monitor/input';

const good = { v: 1, stack: 'Demo', days: 30, targets: [['', ''], ['eu-west-1', 'arn:aws:iam::444455556666:role/reader']], lookups: [['Demo/A', 0, 'ami-0123456789abcdef0'], ['Demo/B', 1, 'ami-12345678']] };

test('a well-formed input is returned as it is, with or without a lookup\'s properties', () => {
  expect(parseMonitorInput(good)).toEqual(good);
  const withProperties = { ...good, lookups: [['Demo/A', 0, 'ami-0123456789abcdef0', { Owners: ['self'] }]] };
  expect(parseMonitorInput(withProperties)).toEqual(withProperties);
});

test.each([
  [null, 'monitor input must be a JSON object'],
  [{ ...good, v: 2 }, 'monitor input version must be 1, got 2'],
  [{ ...good, stack: ' ' }, 'stack must be a name'],
  [{ ...good, days: 0 }, 'days must be a whole number of at least 1, got 0'],
  [{ ...good, targets: [['us-east-1']] }, 'targets must be a list'],
  [{ ...good, lookups: [['Demo/A', 2, 'ami-0123456789abcdef0']] }, 'lookups[0] must be'],
  [{ ...good, lookups: [['Demo/A', 0, 'ami-XYZ']] }, 'lookups[0] must be'],
  [{ ...good, lookups: {} }, 'lookups must be a list'],
  [{ ...good, lookups: [['Demo/A', 0, 'ami-0123456789abcdef0', ['Owners']]] }, 'lookups[0] must be'],
  [{ ...good, lookups: [['Demo/A', 0, 'ami-0123456789abcdef0', {}, {}]] }, 'lookups[0] must be'],
])('%j is refused: %s', (input, message) => {
  expect(() => parseMonitorInput(input)).toThrow(message);
});

test('dimension values: 1 to 1,024 characters, not only whitespace', () => {
  expect(isDimensionValue('a'.repeat(1024))).toBe(true);
  expect(isDimensionValue('a'.repeat(1025))).toBe(false);
  expect(isDimensionValue('')).toBe(false);
  expect(isDimensionValue('\t')).toBe(false);
});
