/**
 * The rule between the instance type and the query's architecture filter, with the EC2 wildcard
 * matcher it needs.
 *
 * Internal: not exported from the package's index.
 */

import { quote } from './quote';

/**
 * Why an instance type's architecture contradicts the query's `architecture` filter, or undefined
 * when the filter is absent or one of its values (EC2 wildcards included) matches it.
 */
export function architectureProblem(instanceType: string, architecture: string,
  filters: { readonly [name: string]: readonly string[] }): string | undefined {
  const asked = filters.architecture;
  if (asked === undefined || asked.some((v) => wildcardMatches(v, architecture))) return undefined;
  return `instanceType ${quote(instanceType)} runs ${architecture} images, but the architecture filter asks for `
    + `[${asked.map((v) => quote(v)).join(', ')}]: no image could run on it`;
}

/**
 * EC2 filter wildcards: `*` any run, `?` one character, `\\` escapes the next; the whole value,
 * case-sensitively. Greedy with one back-up point, so it takes at most pattern × value steps
 * whatever the pattern (a RegExp built from `*`s can backtrack exponentially).
 */
function wildcardMatches(pattern: string, value: string): boolean {
  const tokens: Array<{ kind: 'star' | 'one' | 'char'; c?: string }> = [];
  const units = [...pattern];
  for (let i = 0; i < units.length; i++) {
    const c = units[i];
    if (c === '\\' && i + 1 < units.length) tokens.push({ kind: 'char', c: units[++i] });
    else if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', c });
  }
  const v = [...value];
  let t = 0;
  let i = 0;
  let star = -1;
  let resume = 0;
  while (i < v.length) {
    const tok = tokens[t];
    if (tok !== undefined && (tok.kind === 'one' || (tok.kind === 'char' && tok.c === v[i]))) {
      t++;
      i++;
    } else if (tok !== undefined && tok.kind === 'star') {
      star = t++;
      resume = i;
    } else if (star >= 0) {
      t = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}
