/**
 * src/name-pattern.ts: the RE2 engine that matches nameRegex at synth, at deploy and in the CLI.
 */
import * as fc from 'fast-check';
import { compileNamePattern } from '../../../src/shared/name-pattern';
import { RegExpOracle } from '../../support/regexp-oracle';

const matches = (pattern: string, name: string) => compileNamePattern(pattern).test(name);

describe('the dialect', () => {
  test('unanchored unless the pattern anchors itself', () => {
    expect(matches('kernel-6\\.1', 'al2023-ami-2023.6-kernel-6.1-x86_64')).toBe(true);
    expect(matches('^kernel', 'al2023-ami-2023.6-kernel-6.1-x86_64')).toBe(false);
    expect(matches('x86_64$', 'al2023-ami-2023.6-kernel-6.1-x86_64')).toBe(true);
  });

  test('matches by Unicode code point, as RegExp does in Unicode mode', () => {
    expect(matches('^.$', '😀')).toBe(true);
    expect(matches('^\\p{L}+$', 'café')).toBe(true);
    expect(matches('^[^a]$', '😀')).toBe(true);
  });

  test('RE2 syntax that RegExp lacks is accepted', () => {
    expect(matches('^\\x{1F600}$', '😀')).toBe(true);
    expect(matches('(?i)^AL2023', 'al2023-ami')).toBe(true);
    expect(matches('\\Qa.b\\E', 'xa.by')).toBe(true);
    expect(matches('^[[:digit:]]+$', '2023')).toBe(true);
  });

  test('where RegExp differs: \\s is ASCII white space only, and . also matches \\r', () => {
    expect(matches('\\s', '\u00a0')).toBe(false);
    expect(new RegExp('\\s', 'u').test('\u00a0')).toBe(true);
    expect(matches('^.$', '\r')).toBe(true);
    expect(new RegExp('^.$', 'u').test('\r')).toBe(false);
  });

  test.each([
    ['(a)\\1', /a backreference \(\\1 or \\k<name>\) is not supported: names are matched in linear time/],
    ['(?<n>a)\\k<n>', /a backreference/],
    ['x(?=y)', /lookahead \(\(\?=\.\.\.\) or \(\?!\.\.\.\)\) is not supported/],
    ['x(?!y)', /lookahead/],
    ['(?<=x)y', /lookbehind \(\(\?<=\.\.\.\) or \(\?<!\.\.\.\)\) is not supported/],
    ['(?<!x)y', /lookbehind/],
    ['\\u00e9', /invalid escape sequence: `\\u`/],
    ['(', /missing closing \)/],
    ['a{1001}', /invalid repeat count/],
  ])('%s is refused: %p', (pattern, reason) => {
    expect(() => compileNamePattern(pattern)).toThrow(reason);
  });

  test('an escaped backslash before a digit or a parenthesis is not mistaken for a backreference or lookaround', () => {
    expect(matches('^a\\\\1$', 'a\\1')).toBe(true);
    expect(matches('^\\(\\?=$', '(?=')).toBe(true);
  });

  test('a pattern that makes a backtracking engine run for ever answers (linear time)', () => {
    // With RegExp, the first of these took longer than a Lambda function may run.
    const crafted = `${'a'.repeat(127)}!`;
    expect(matches('^(a+)+$', crafted)).toBe(false);
    expect(matches('^((a+)+)+$', crafted)).toBe(false);
    expect(matches('^(a|a)*$', crafted)).toBe(false);
    expect(matches('^(a|aa)+$', 'a'.repeat(128))).toBe(true);
  });
});

// A generator of patterns in the dialect both engines share: literals, classes, ., \d, \w, anchors,
// groups, alternation and every quantifier, nested freely.
const atom: fc.Arbitrary<string> = fc.constantFrom('a', 'b', '1', '-', '\\.', '.', '[ab]', '[^a]', '[a-c1]', '\\d', '\\w', 'é', '😀', '\\p{L}');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?');
const { pattern } = fc.letrec<{ pattern: string; term: string; piece: string }>((tie) => ({
  piece: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(atom, quantifier).map(([a, q]) => a + q),
    fc.tuple(fc.constantFrom('(', '(?:'), tie('pattern'), quantifier).map(([open, inner, q]) => `${open}${inner})${q}`),
  ),
  term: fc.array(tie('piece'), { minLength: 1, maxLength: 4 }).map((pieces) => pieces.join('')),
  pattern: fc.tuple(fc.constantFrom('', '^'), fc.array(tie('term'), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '$'))
    .map(([start, alternatives, end]) => `${start}${alternatives.join('|')}${end}`),
}));
const name = fc.array(fc.constantFrom('a', 'a', 'a', 'b', '1', '-', '.', 'é', '😀', 'Z'), { maxLength: 128 }).map((cs) => cs.join(''));

describe('agreement with RegExp', () => {
  let oracle: RegExpOracle;
  beforeAll(() => { oracle = new RegExpOracle(); });
  afterAll(async () => { await oracle.close(); });

  test('wherever RegExp accepts the pattern and finishes, both give the same verdict', async () => {
    let compared = 0;
    await fc.assert(fc.asyncProperty(pattern, name, async (p, n) => {
      const expected = await oracle.verdict(p, n);
      if (expected === 'invalid' || expected === 'unfinished') return;
      compared++;
      expect(compileNamePattern(p).test(n)).toBe(expected);
    }), { numRuns: 600 });
    // The property must have compared something: most generated patterns are valid for both.
    expect(compared).toBeGreaterThan(400);
  }, 60_000);
});
