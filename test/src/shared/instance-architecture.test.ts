import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fc from 'fast-check';
import { architectureOfInstanceType, instanceTypeProblem } from '../../../src/shared/instance-architecture';

/** What aws-cdk-lib answers, or the error it throws. */
function cdkAnswer(name: string): string {
  try {
    return new ec2.InstanceType(name).architecture;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

function ourAnswer(name: string): string {
  try {
    return architectureOfInstanceType(name);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

test('agrees with ec2.InstanceType.architecture on every instance class and size aws-cdk-lib knows', () => {
  const names = Object.values(ec2.InstanceClass).flatMap((c) => Object.values(ec2.InstanceSize).map((s) => ec2.InstanceType.of(c, s).toString()));
  expect(names.length).toBeGreaterThan(5000);
  const disagreements = names.filter((n) => ourAnswer(n) !== cdkAnswer(n));
  expect(disagreements).toEqual([]);
  // Both answers occur, so the comparison is not vacuous.
  expect(new Set(names.map(ourAnswer))).toEqual(new Set(['arm64', 'x86_64', 'error: Malformed instance type identifier']));
});

test('fast-check: agrees with ec2.InstanceType.architecture on instance-type-like strings', () => {
  const part = (chars: string, max: number) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: max });
  const name = fc.tuple(part('acgmrtxiu', 3), part('0123456789', 3), part('gdnaezi-', 3), fc.constantFrom('.', '', '..'), part('abcmlrx0123456789-', 8))
    .map((p) => p.join(''));
  fc.assert(fc.property(name, (n) => {
    expect(ourAnswer(n)).toBe(cdkAnswer(n));
  }), { numRuns: 2000 });
});

test.each([
  ['mac1.metal', /Mac instances run x86_64_mac or arm64_mac images/],
  ['mac2-m2pro.metal', /Mac instances run x86_64_mac or arm64_mac images/],
  ['u-6tb1.112xlarge', /is not an instance type whose architecture can be derived, such as t3.micro or m7g.large; use an architecture filter instead/],
  ['m7g', /is not an instance type whose architecture can be derived/],
])('%s is refused with a reason instead of a guess', (name, reason) => {
  expect(instanceTypeProblem(name)).toMatch(reason);
});

test('the instance types it accepts are exactly the ones aws-cdk-lib can answer for', () => {
  for (const name of ['t3.micro', 'm7g.large', 'm7i-flex.2xlarge', 'c7gn.metal', 'x2iedn.32xlarge', 'hpc7g.16xlarge']) {
    expect(instanceTypeProblem(name)).toBeUndefined();
    expect(cdkAnswer(name)).toMatch(/^(arm64|x86_64)$/);
  }
});
