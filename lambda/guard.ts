/**
 * The ambiguity guard: whether the images left differ in what decides if a machine can run them,
 * and the message that refuses them. Which image of a mixed set wins would depend on which was
 * published last, so the guard refuses instead of guessing.
 */

import { Candidate } from './candidate';
import { compareCodeUnits } from './orders';
import { quote } from '../src/shared/quote';

/** A property a machine needs to match, and how many survivors have each of its values. */
export interface MixedDimension {
  readonly dimension: string;
  /** Value and count, most frequent first, then by value. */
  readonly counts: ReadonlyArray<readonly [string, number]>;
  /** What would pin it, in the construct's prop words. */
  readonly pinWith: string;
}

/**
 * What an instance must match to run an image. Boot mode is left out on purpose: it legitimately
 * changes between releases of one image line (legacy-bios, then uefi-preferred).
 */
export const MIX_DIMENSIONS: ReadonlyArray<{ readonly dimension: string; readonly value: (c: Candidate) => string; readonly pinWith: string }> = [
  { dimension: 'architecture', value: (c) => c.Architecture ?? '', pinWith: 'instanceType or an architecture filter' },
  {
    dimension: 'platform',
    // EC2 writes `windows`; the SDK's type says `Windows`.
    value: (c) => ((c.Platform ?? '').toLowerCase() === 'windows' ? 'windows' : 'not windows'),
    pinWith: 'a platform filter (windows), or a name filter or nameRegex that matches one platform',
  },
  { dimension: 'root device type', value: (c) => c.RootDeviceType ?? '', pinWith: 'a root-device-type filter' },
  { dimension: 'virtualization type', value: (c) => c.VirtualizationType ?? '', pinWith: 'a virtualization-type filter' },
];

/** Values shown per mixed dimension: a hostile endpoint could send any number of them. */
const MAX_VALUES_SHOWN = 4;

/**
 * Why a mixed set of survivors is refused, and what pins it: one clause per mixed dimension.
 * Names what to set in the construct's words; the preview CLI translates them into flags.
 */
export function mixedMessage(survivors: number, mixed: readonly MixedDimension[]): string {
  const clauses = mixed.map((m) => {
    const shown = m.counts.slice(0, MAX_VALUES_SHOWN).map(([v, n]) => `${quote(v, 32)}: ${n}`);
    const more = m.counts.length > MAX_VALUES_SHOWN ? `, and ${m.counts.length - MAX_VALUES_SHOWN} more value(s)` : '';
    return `${m.dimension} (${shown.join(', ')}${more}); pin it with ${m.pinWith}`;
  });
  return `ambiguous query: the ${survivors} image(s) left differ in ${clauses.join('; in ')}. `
    + 'Which one is picked would depend on which was published last; pin the query, or set allowMixedImages to accept that';
}

/** Distinct values counted per dimension: a hostile endpoint could send a new one with every image. */
const MAX_VALUES_TRACKED = 32;

/** What the values past {@link MAX_VALUES_TRACKED} are counted as. */
export const OTHER_VALUES = '(other values)';

/**
 * Counts of each value of every {@link MIX_DIMENSIONS} among the images added. Memory is bounded:
 * past the first 32 distinct values of a dimension, images count together as {@link OTHER_VALUES}.
 */
export class Mix {
  private readonly values = MIX_DIMENSIONS.map(() => new Map<string, number>());
  private readonly others = MIX_DIMENSIONS.map(() => 0);

  public add(c: Candidate): void {
    MIX_DIMENSIONS.forEach((d, i) => {
      const v = d.value(c);
      const seen = this.values[i];
      if (seen.has(v) || seen.size < MAX_VALUES_TRACKED) seen.set(v, (seen.get(v) ?? 0) + 1);
      else this.others[i]++;
    });
  }

  public mixed(): MixedDimension[] {
    const out: MixedDimension[] = [];
    MIX_DIMENSIONS.forEach((d, i) => {
      if (this.values[i].size < 2) return;
      const counts: Array<readonly [string, number]> = [...this.values[i]].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]));
      if (this.others[i] > 0) counts.push([OTHER_VALUES, this.others[i]]);
      out.push({ dimension: d.dimension, counts, pinWith: d.pinWith });
    });
    return out;
  }
}
