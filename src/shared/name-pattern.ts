/**
 * The engine that matches `nameRegex`, shared by synth-time validation, the handler and the preview
 * CLI, so that all three accept the same patterns and give the same verdicts.
 *
 * It is RE2 (re2js, a pure-JavaScript port of RE2/J): matching takes time linear in the name's
 * length whatever the pattern, so an image name crafted against a pattern cannot hold the lookup
 * function's event loop and stall a deploy, as a backtracking engine can. The price is RE2's
 * dialect: no backreferences and no lookaround, which need backtracking.
 *
 * Internal: not exported from the package's index.
 */
import type { RE2JS } from 're2js';

/**
 * Loaded on first use: the engine is about 150 KB minified, and most lookups have no name pattern.
 * The handler's bundle keeps this `require` as a separate file (scripts/bundle.mjs), so a lookup
 * without a pattern never loads it.
 */
let engine: typeof RE2JS | undefined;
function re2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return engine;
}

/** A compiled name pattern. */
export interface NameMatcher {
  /** Whether the pattern matches anywhere in `name` (unanchored, like `RegExp.test`). */
  test(name: string): boolean;
}

/** Features that need a backtracking engine, and how to recognise them in a pattern. */
const UNSUPPORTED: ReadonlyArray<{ readonly re: RegExp; readonly what: string }> = [
  { re: /(?:^|[^\\])(?:\\\\)*\(\?<[=!]/, what: 'lookbehind ((?<=...) or (?<!...))' },
  { re: /(?:^|[^\\])(?:\\\\)*\(\?[=!]/, what: 'lookahead ((?=...) or (?!...))' },
  { re: /(?:^|[^\\])(?:\\\\)*\\(?:[1-9]|k<)/, what: 'a backreference (\\1 or \\k<name>)' },
];

/**
 * Compiles a name pattern. Throws an `Error` whose message says what is wrong, in one line,
 * without the pattern itself (callers quote it).
 */
export function compileNamePattern(pattern: string): NameMatcher {
  for (const u of UNSUPPORTED) {
    if (u.re.test(pattern)) {
      throw new Error(`${u.what} is not supported: names are matched in linear time (RE2 syntax), and it needs backtracking, which a crafted image name can make take exponential time`);
    }
  }
  let compiled: RE2JS;
  try {
    compiled = re2().compile(pattern);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(message.replace(/^error parsing regexp: /, ''));
  }
  return { test: (name: string) => compiled.test(name) };
}
