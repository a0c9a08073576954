/**
 * Picks one image from a stream of DescribeImages results. Pure: no SDK, no I/O, no clock of its
 * own, so it is trivially testable and the result never depends on the order EC2 returns images in
 * or on the page size.
 *
 * Stages, in order, after the API query:
 *   1. name pattern: keep images whose Name matches `nameRegex`;
 *   2. age: keep images at least `minAge` and at most `maxAge` old at `now`;
 *   3. deny-list: drop `excludeImageIds`;
 *   4. deprecation: prefer images that are not deprecated at `now`; fall back to deprecated ones
 *      only when no other image survived and the settings allow it;
 *   5. order: rank the survivors by the settings' order;
 *   6. rank: pick the n-th (0 = best).
 * The fallback image, when nothing is left, is the caller's business.
 */

import { ORDERS, OrderName } from '../src/wire';

/** The fields of an EC2 image that selection reads. The SDK's `Image` type fits it structurally. */
export interface Candidate {
  readonly ImageId?: string;
  readonly Name?: string;
  readonly CreationDate?: string;
  readonly DeprecationTime?: string;
}

export type { OrderName } from '../src/wire';

/** A compiled name pattern; the selector needs only its verdict (src/name-pattern.ts makes one). */
export interface NameMatcher {
  test(name: string): boolean;
}

export interface SelectionSettings {
  /** Matched in time linear in the name's length, so that no name can stall the lookup. */
  readonly nameRegex?: NameMatcher;
  readonly minAgeMs?: number;
  readonly maxAgeMs?: number;
  readonly excludeImageIds?: ReadonlySet<string>;
  /** May a deprecated image be picked when no other image survives? */
  readonly allowDeprecated: boolean;
  readonly order: OrderName;
  /** 0 = best. */
  readonly rank: number;
  /** How many of the best images to keep for `top`, at least rank + 1 (a preview shows more). */
  readonly keep?: number;
  /** Milliseconds since the epoch: the deploy time ages and deprecation are judged at. */
  readonly now: number;
}

/** How many images each stage kept: the first stage whose count is 0 removed the last image. */
export interface StageCounts {
  /** Images EC2 returned. */
  readonly api: number;
  readonly namePattern: number;
  readonly age: number;
  readonly denyList: number;
  readonly deprecation: number;
}

export interface Selection<T> {
  /** The chosen image, or undefined when fewer than rank + 1 images survived. */
  readonly image?: T;
  readonly counts: StageCounts;
  /** The best images that survived, best first, at most max(rank + 1, keep) of them. */
  readonly top: readonly T[];
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

/** Parses an EC2 timestamp; undefined when absent or invalid. */
function instant(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
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

/** Every order is its own key followed by the default order. Positive when `a` is better. */
export function comparatorFor(order: OrderName): (a: Candidate, b: Candidate) => number {
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
  }
}

/** The best `capacity` items seen, best first. Memory is bounded by the capacity, not the input. */
class TopK<T> {
  public readonly items: T[] = [];
  constructor(private readonly capacity: number, private readonly better: (a: T, b: T) => number) {}

  public offer(item: T): void {
    const items = this.items;
    if (items.length === this.capacity && this.better(item, items[items.length - 1]) <= 0) return;
    let i = items.length;
    while (i > 0 && this.better(item, items[i - 1]) > 0) i--;
    items.splice(i, 0, item);
    if (items.length > this.capacity) items.pop();
  }
}

/** Runs the stages over images as they arrive, keeping only what the order and rank need. */
export class Selector<T extends Candidate> {
  private readonly current: TopK<T>;
  private readonly deprecated: TopK<T>;
  private api = 0;
  private namePattern = 0;
  private age = 0;
  private denyList = 0;
  private currentCount = 0;
  private deprecatedCount = 0;

  constructor(private readonly settings: SelectionSettings) {
    const compare = comparatorFor(settings.order);
    const capacity = Math.max(settings.rank + 1, settings.keep ?? 0);
    this.current = new TopK<T>(capacity, compare);
    this.deprecated = new TopK<T>(capacity, compare);
  }

  public offer(image: T): void {
    const p = this.settings;
    this.api++;
    // An image without an ID cannot be launched; it does not survive the first stage.
    if (!image.ImageId) return;
    if (p.nameRegex !== undefined && !p.nameRegex.test(image.Name ?? '')) return;
    this.namePattern++;
    if (p.minAgeMs !== undefined || p.maxAgeMs !== undefined) {
      const created = instant(image.CreationDate);
      if (created === undefined) return;
      const ageMs = p.now - created;
      if (p.minAgeMs !== undefined && ageMs < p.minAgeMs) return;
      if (p.maxAgeMs !== undefined && ageMs > p.maxAgeMs) return;
    }
    this.age++;
    if (p.excludeImageIds?.has(image.ImageId)) return;
    this.denyList++;
    const deprecatedAt = instant(image.DeprecationTime);
    if (deprecatedAt !== undefined && deprecatedAt <= p.now) {
      this.deprecatedCount++;
      if (p.allowDeprecated) this.deprecated.offer(image);
    } else {
      this.currentCount++;
      this.current.offer(image);
    }
  }

  public result(): Selection<T> {
    const useDeprecated = this.currentCount === 0 && this.settings.allowDeprecated;
    const top = useDeprecated ? this.deprecated.items : this.current.items;
    return {
      image: top[this.settings.rank],
      top: [...top],
      counts: {
        api: this.api,
        namePattern: this.namePattern,
        age: this.age,
        denyList: this.denyList,
        deprecation: useDeprecated ? this.deprecatedCount : this.currentCount,
      },
    };
  }
}
