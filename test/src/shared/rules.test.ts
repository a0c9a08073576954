import * as fc from 'fast-check';
import { wildcard } from '../../../devkit/ec2-double';
import { architectureProblem, parameterNameProblem } from '../../../src/shared/rules';

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

describe('parameterNameProblem', () => {
  test.each(['/images/al2023/latest', 'golden', '/a.b-c_d/E9', `/${Array(15).fill('a').join('/')}`, 'x'.repeat(1011)])('%j is a valid name', (name) => {
    expect(parameterNameProblem(name)).toBeUndefined();
  });

  test.each([
    ['', 'must have 1 to 1011 characters, got 0'],
    ['x'.repeat(1012), 'must have 1 to 1011 characters, got 1012'],
    ['/images/é', 'may contain only letters, digits and . - _ /'],
    ['images/x', 'has a path, so it must begin with /'],
    ['awsimage', 'must not begin with aws or ssm (reserved by AWS)'],
    ['/Ssm/x', 'must not begin with aws or ssm (reserved by AWS)'],
    [`/${Array(16).fill('a').join('/')}`, 'has more than 15 levels'],
    ['/a//b', 'has an empty level'],
    ['/a/', 'has an empty level'],
  ])('%j: %s', (name, reason) => {
    expect(parameterNameProblem(name)).toContain(reason);
    expect(parameterNameProblem(name)).toMatch(/^parameterName: "/);
  });
});
