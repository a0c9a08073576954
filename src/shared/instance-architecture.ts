/**
 * The architecture an EC2 instance type runs, for the preview CLI, which cannot load aws-cdk-lib.
 * The construct asks `ec2.InstanceType.architecture` itself; test/src/shared/instance-architecture.test.ts
 * holds this function to the same answer for every instance class and size aws-cdk-lib knows, and
 * to the same refusals. Imports only the shared quoting.
 *
 * Internal: not exported from the package's index.
 */

import { quote } from './quote';

/** `family`, generation, capabilities, `.size`: the shape aws-cdk-lib parses. */
const INSTANCE_TYPE = /^([a-z]+)(\d{1,2})([a-z-]*)\.([a-z0-9-]+)$/;

/**
 * `arm64` or `x86_64`, as `ec2.InstanceType.architecture` answers: the `a` family and every type with
 * a `g` among its capabilities (Graviton) are arm64. Throws for what it cannot parse.
 */
export function architectureOfInstanceType(instanceType: string): string {
  const m = INSTANCE_TYPE.exec(instanceType);
  if (m === null) throw new Error('Malformed instance type identifier');
  return m[1] === 'a' || m[3].includes('g') ? 'arm64' : 'x86_64';
}

/**
 * Why the architecture of an instance type cannot be derived, or undefined when it can. Mac
 * instances run `x86_64_mac` or `arm64_mac` images, which `InstanceType.architecture` does not
 * know (it answers x86_64 for mac2, an Apple silicon type).
 */
export function instanceTypeProblem(instanceType: string): string | undefined {
  const shown = quote(instanceType);
  if (instanceType.startsWith('mac')) {
    return `instanceType ${shown}: Mac instances run x86_64_mac or arm64_mac images, which the instance type's `
      + 'architecture does not tell apart; use an architecture filter instead';
  }
  if (!INSTANCE_TYPE.test(instanceType)) {
    return `instanceType ${shown} is not an instance type whose architecture can be derived, such as t3.micro or m7g.large; `
      + 'use an architecture filter instead';
  }
  return undefined;
}
