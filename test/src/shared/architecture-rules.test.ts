/** src/shared/architecture-rules.ts: the instance type against the architecture filter, and EC2's wildcards. */
import * as fc from 'fast-check';
import { wildcard } from '../../../devkit/ec2-double';
import { architectureProblem } from '../../../src/shared/architecture-rules';

describe('architectureProblem', () => {
  test.each<[string[], string, boolean]>([
    [['arm64'], 'arm64', true],
    [['x86_64', 'arm64'], 'arm64', true],
    [['arm*'], 'arm64', true],
    [['?rm64'], 'arm64', true],
    [['*'], 'x86_64', true],
    [['ARM64'], 'arm64', false], // EC2 filters are case-sensitive
    [['arm6'], 'arm64', false], // the whole value, not a prefix
    [['x86\\_64'], 'x86_64', true], // an escaped character is literal
    [['x86\\*'], 'x86_64', false],
    [['x86_64_mac'], 'x86_64', false],
  ])('filter %j allows %s: %s', (values, arch, allowed) => {
    expect(architectureProblem('t.x', arch, { architecture: values }) === undefined).toBe(allowed);
  });

  test('fast-check: wildcards mean what the EC2 double\'s independent RegExp form means', () => {
    const pattern = fc.string({ unit: fc.constantFrom('a', 'r', 'm', '6', '4', '_', '*', '?', '\\'), maxLength: 8 });
    const value = fc.string({ unit: fc.constantFrom('a', 'r', 'm', '6', '4', '_', '*', '?', '\\'), maxLength: 6 });
    fc.assert(fc.property(pattern, value, (p, v) => {
      expect(architectureProblem('t.x', v, { architecture: [p] }) === undefined).toBe(wildcard(p).test(v));
    }), { numRuns: 3000 });
  });

  test('no architecture filter: nothing to contradict', () => {
    expect(architectureProblem('m7g.large', 'arm64', { name: ['x86_64'] })).toBeUndefined();
  });

  test('a pattern made to backtrack is matched in time linear in its length', () => {
    // A RegExp made of these stars backtracks for longer than a deploy waits.
    const hostile = `${'*?'.repeat(500)}x`;
    expect(architectureProblem('m7g.large', 'arm64', { architecture: [hostile] })).toMatch(/^instanceType "m7g.large" runs arm64 images/);
  });
});
