/** src/shared/parameter-rules.ts: SSM parameter names. */
import { parameterNameProblem } from '../../../src/shared/parameter-rules';

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
