/**
 * cli/values.ts: each kind of flag value read, and refused in the CLI's words.
 */
import { Flag, FLAGS } from '../../cli/flags';
import { durationSeconds, readFlags, UsageError } from '../../cli/values';

test.each([['7d', 604800], ['12h', 43200], ['90m', 5400], ['3600s', 3600], ['2w', 1209600], ['P7D', 604800], ['PT12H', 43200], ['P1DT1S', 86401]])(
  'durationSeconds(%s) = %d', (text, seconds) => {
    expect(durationSeconds('--min-age', text)).toBe(seconds);
  });

test.each(['7', 'P', 'PT', '7 days', '-3d', '1.5h'])('durationSeconds refuses %j', (text) => {
  expect(() => durationSeconds('--max-age', text)).toThrow(/--max-age must be a duration such as 7d/);
});

test('each flag read sets its setting, and is kept by its name', () => {
  const { values, spec } = readFlags(FLAGS, {
    'owner': ['amazon'],
    'filter': ['name=a,b'],
    'instance-type': 'm7g.large',
    'min-age': '1h',
    'rank': '3',
    'no-fallback-to-deprecated': true,
    'include-deprecated': true,
    'parameter-name': '/x/y',
    'top': '7',
  });
  expect(spec).toEqual({
    owners: ['amazon'],
    filters: { name: ['a', 'b'] },
    architecture: 'arm64',
    minAgeSeconds: 3600,
    rank: 3,
    fallbackToDeprecated: false,
    includeDeprecated: true,
  });
  expect(values.get('parameter-name')).toBe('/x/y');
  expect(values.get('top')).toBe(7);
});

test('flags not given are not read', () => {
  expect(readFlags(FLAGS, {})).toEqual({ values: new Map(), spec: {} });
});

test.each<[string, Record<string, string | boolean>, string]>([
  ['the endpoint', { endpoint: 'ftp://x' }, '--endpoint must be an http or https URL, got "ftp://x"'],
  ['the region', { region: 'EU' }, '--region: "EU" is not a region name such as eu-west-1'],
  ['the parameter name', { 'parameter-name': 'aws-x' }, '--parameter-name: "aws-x" must not begin with aws or ssm (reserved by AWS)'],
  ['a whole number out of range', { top: '101' }, '--top must be a whole number from 1 to 100, got "101"'],
])('%s is refused in flag words', (_, given, message) => {
  expect(() => readFlags(FLAGS, given)).toThrow(new UsageError(message));
});

test('an instance type is checked against the filters, whichever comes first on the command line', () => {
  expect(() => readFlags(FLAGS, { 'instance-type': 't3.micro', 'filter': ['architecture=arm64'] })).toThrow(
    '--instance-type "t3.micro" runs x86_64 images, but the architecture filter asks for ["arm64"]: no image could run on it');
});

test('a flag\'s own rule is checked with the settings read before it', () => {
  expect(() => readFlags(FLAGS, { 'no-fallback-to-deprecated': true })).toThrow(/^--no-fallback-to-deprecated is set \(to false\) but has no effect without --include-deprecated/);
  expect(readFlags(FLAGS, { 'no-fallback-to-deprecated': true, 'include-deprecated': true }).spec).toEqual({ fallbackToDeprecated: false, includeDeprecated: true });
});

test.each<[string, Record<string, string | string[] | boolean>, RegExp]>([
  // Kept from before the table: the query's shape first, then the parameter, the fallback rule, the ages and the rank.
  ['a filter before an instance type', { 'rank': '100', 'instance-type': 'large', 'filter': ['bad'] }, /^--filter takes/],
  ['an instance type before the parameter name', { 'parameter-name': 'a/b', 'instance-type': 'large' }, /^--instance-type "large"/],
  ['the parameter name before the fallback rule', { 'no-fallback-to-deprecated': true, 'parameter-name': 'a/b' }, /^--parameter-name/],
  ['the fallback rule before the ages', { 'min-age': 'x', 'no-fallback-to-deprecated': true }, /^--no-fallback-to-deprecated/],
  ['the minimum age before the maximum', { 'max-age': 'y', 'min-age': 'x' }, /^--min-age/],
  ['the ages before the rank', { 'rank': '100', 'max-age': 'y' }, /^--max-age/],
  ['--top before --endpoint before --region', { region: 'EU', endpoint: 'ftp://x', top: '0' }, /^--top/],
  ['--endpoint before --region', { region: 'EU', endpoint: 'ftp://x' }, /^--endpoint/],
])('of several mistakes, the one reported first is the same as ever: %s', (_, given, message) => {
  expect(() => readFlags(FLAGS, given)).toThrow(message);
});

test('only the flags asked for are read', () => {
  const top: Flag[] = FLAGS.filter((f) => f.name === 'top');
  expect(readFlags(top, { top: '2', rank: '100' }).values).toEqual(new Map([['top', 2]]));
});
