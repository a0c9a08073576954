/**
 * "Did you mean": the closest of the known names to a misspelt one, by edit distance. Synth, the
 * handler and the CLI share it, so that a misspelt filter name or flag gets the same suggestion
 * everywhere. Imports nothing: it is bundled into the handler and the CLI.
 *
 * Internal: not exported from the package's index.
 */

/**
 * Levenshtein distance with adjacent transpositions counted as one edit ("nmae" is one edit from
 * "name"), stopping early once every path is past `limit`, so that a long typo costs little.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The known name closest to `given`, when it is close enough to be a typo: at most a third of its
 * length away (at least one edit, at most three). Ties go to the earlier name in `known`.
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(given.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of known) {
    const d = editDistance(given, name, limit);
    if (d < bestDistance && name !== given) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "name"?`, or nothing when no known name is close: to append to a message. */
export function didYouMean(given: string, known: readonly string[]): string {
  const name = closestName(given, known);
  return name === undefined ? '' : `; did you mean ${JSON.stringify(name)}?`;
}
