/**
 * The orders an image can be ranked by. Each is a total order, so that the pick never depends on
 * the order EC2 returns images in.
 */

import { Candidate, instant } from './candidate';
import { ORDERS, OrderName } from '../src/shared/wire';

/** Compares strings by code unit, which unlike localeCompare is the same on every runtime. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RUNS = /\d+|\D+/g;

/**
 * Natural (version-aware) comparison: runs of digits compare as numbers, other runs by code unit.
 * Numerically equal runs that differ in leading zeros fall back to plain order, so that this is a
 * total order: it returns 0 only for identical strings.
 */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(RUNS) ?? [];
  const rb = b.match(RUNS) ?? [];
  const n = Math.min(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const x = ra[i];
    const y = rb[i];
    let c: number;
    if (isDigit(x) && isDigit(y)) {
      const xs = x.replace(/^0+(?=\d)/, '');
      const ys = y.replace(/^0+(?=\d)/, '');
      c = xs.length - ys.length || compareCodeUnits(xs, ys);
    } else {
      c = compareCodeUnits(x, y);
    }
    if (c !== 0) return Math.sign(c);
  }
  return Math.sign(ra.length - rb.length) || compareCodeUnits(a, b);
}

function isDigit(run: string): boolean {
  const c = run.charCodeAt(0);
  return c >= 48 && c <= 57;
}

function creationTime(c: Candidate): number {
  return instant(c.CreationDate) ?? -Infinity;
}

/**
 * The default order, which is also every order's tie-break: newest CreationDate (an image without
 * a valid date ranks last), then the greater Name in natural order, then the greater ImageId.
 * Positive when `a` ranks before (is better than) `b`; 0 only for the same ID, name and date.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta !== tb) return ta > tb ? 1 : -1;
  return naturalCompare(a.Name ?? '', b.Name ?? '') || compareCodeUnits(a.ImageId ?? '', b.ImageId ?? '');
}

/** The value of the tag `key`, or undefined when the image has no such tag. */
export function tagValue(c: Candidate, key: string): string | undefined {
  for (const t of c.Tags ?? []) if (t.Key === key) return t.Value ?? '';
  return undefined;
}

/**
 * Every order is its own key followed by the default order. Positive when `a` is better.
 * `tagOf` gives the value the `tag-value` order ranks by (the selector looks each image's up once).
 */
export function comparatorFor(order: OrderName,
  tagOf: (c: Candidate) => string | undefined = () => undefined): (a: Candidate, b: Candidate) => number {
  switch (order) {
    case ORDERS.newestCreationDate:
      return compareCandidates;
    case ORDERS.oldestCreationDate:
      return (a, b) => {
        const ta = creationTime(a);
        const tb = creationTime(b);
        // Undated images rank last here too.
        if (ta !== tb) return ta === -Infinity ? -1 : tb === -Infinity ? 1 : ta < tb ? 1 : -1;
        return compareCandidates(a, b);
      };
    case ORDERS.naturalName:
      return (a, b) => naturalCompare(a.Name ?? '', b.Name ?? '') || compareCandidates(a, b);
    case ORDERS.tagValue:
      return (a, b) => {
        const va = tagOf(a);
        const vb = tagOf(b);
        // Untagged images rank last, among themselves by the default order.
        if (va === undefined || vb === undefined) return va === vb ? compareCandidates(a, b) : va === undefined ? -1 : 1;
        return naturalCompare(va, vb) || compareCandidates(a, b);
      };
  }
}
