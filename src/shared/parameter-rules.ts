/**
 * The rules of SSM parameter names.
 *
 * Internal: not exported from the package's index.
 */

import { quote } from './quote';

/** SSM's parameter name rules, as far as they can be checked without an account. */
const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_PARAMETER_NAME_LENGTH = 1011;
const MAX_PARAMETER_LEVELS = 15;

/** Why a name cannot be an SSM parameter's, or undefined when it can. */
export function parameterNameProblem(name: string): string | undefined {
  const what = `parameterName: ${quote(name)}`;
  if (name.length === 0 || name.length > MAX_PARAMETER_NAME_LENGTH) {
    return `${what} must have 1 to ${MAX_PARAMETER_NAME_LENGTH} characters, got ${name.length}`;
  }
  if (!PARAMETER_NAME.test(name)) return `${what} may contain only letters, digits and . - _ /`;
  if (name.includes('/') && !name.startsWith('/')) return `${what} has a path, so it must begin with /`;
  if (/^\/?(?:aws|ssm)/i.test(name)) return `${what} must not begin with aws or ssm (reserved by AWS)`;
  if (name.split('/').filter((s) => s.length > 0).length > MAX_PARAMETER_LEVELS) return `${what} has more than ${MAX_PARAMETER_LEVELS} levels`;
  if (name.includes('//') || (name.length > 1 && name.endsWith('/'))) return `${what} has an empty level`;
  return undefined;
}
