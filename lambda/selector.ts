/**
 * Picks one image by a total order. Pure: no SDK, no I/O, so it is trivially testable and the result
 * never depends on the order EC2 returns images in or on the page size.
 *
 * The order, best first:
 *   1. newest CreationDate (an image without a parseable date sorts last);
 *   2. then the greater Name in natural order, so `...-2.0.10` beats `...-2.0.9`;
 *   3. then the greater ImageId.
 */

/** The fields of an EC2 image that selection reads. The SDK's `Image` type fits it structurally. */
export interface Candidate {
  readonly ImageId?: string;
  readonly Name?: string;
  readonly CreationDate?: string;
}

/** Compares strings by code unit, which unlike localeCompare is the same on every runtime. */
function compareCodeUnits(a: string, b: string): number {
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
    const xDigit = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigit = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    let c: number;
    if (xDigit && yDigit) {
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

function creationTime(c: Candidate): number {
  const t = c.CreationDate === undefined ? NaN : Date.parse(c.CreationDate);
  return Number.isNaN(t) ? -Infinity : t;
}

/** Positive when `a` ranks before (is better than) `b`; 0 only for the same image ID and fields. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const ta = creationTime(a);
  const tb = creationTime(b);
  if (ta !== tb) return ta > tb ? 1 : -1;
  return naturalCompare(a.Name ?? '', b.Name ?? '') || compareCodeUnits(a.ImageId ?? '', b.ImageId ?? '');
}

/**
 * Keeps only the best image seen so far, so memory does not grow with the number of images.
 */
export class BestImage<T extends Candidate> {
  private current: T | undefined;
  private seen = 0;

  /** Offers one image; images without an ID cannot be used and are counted but never kept. */
  public offer(image: T): void {
    this.seen++;
    if (!image.ImageId) return;
    if (this.current === undefined || compareCandidates(image, this.current) > 0) {
      this.current = image;
    }
  }

  /** The best image offered, or undefined when none was usable. */
  public get best(): T | undefined {
    return this.current;
  }

  /** How many images were offered. */
  public get count(): number {
    return this.seen;
  }
}
