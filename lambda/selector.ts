/**
 * Picks one image from a stream of DescribeImages results. Pure: no SDK, no I/O, no clock of its
 * own, so it is trivially testable and the result never depends on the order EC2 returns images in
 * or on the page size.
 *
 * Stages, in order, after the API query:
 *   1. Allowed AMIs: drop images EC2 marks `ImageAllowed: false` (absent means allowed);
 *   2. name pattern: keep images whose Name matches `nameRegex`;
 *   3. age: keep images at least `minAge` and at most `maxAge` old at `now`;
 *   4. deny-list: drop `excludeImageIds`;
 *   5. deprecation: prefer images that are not deprecated at `now`; fall back to deprecated ones
 *      only when no other image survived and the settings allow it;
 *   6. ambiguity guard: refuse when the survivors differ in what decides whether a machine can run
 *      them (architecture, platform, root device type, virtualization type), unless allowed;
 *   7. order: rank the survivors by the settings' order;
 *   8. rank: pick the n-th (0 = best).
 * The fallback image, when nothing is left, is the caller's business.
 */

import { ORDERS, OrderName } from '../src/shared/wire';

/** The fields of an EC2 image that selection reads. The SDK's `Image` type fits it structurally. */
export interface Candidate {
  readonly ImageId?: string;
  readonly Name?: string;
  readonly CreationDate?: string;
  readonly DeprecationTime?: string;
  readonly ImageAllowed?: boolean;
  readonly Architecture?: string;
  readonly Platform?: string;
  readonly RootDeviceType?: string;
  readonly VirtualizationType?: string;
  readonly Tags?: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }>;
}

export type { OrderName } from '../src/shared/wire';

/** A compiled name pattern; the selector needs only its verdict (src/shared/name-pattern.ts makes one). */
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
  /** The tag whose value the `tag-value` order ranks by. */
  readonly orderTagKey?: string;
  /** Pick even when the survivors are mixed (see {@link MIX_DIMENSIONS}); otherwise refuse. */
  readonly allowMixed?: boolean;
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
  /** Images EC2's Allowed AMIs setting does not refuse. */
  readonly allowed: number;
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
  /** The dimensions in which the survivors differ; empty when they agree in all of them. */
  readonly mixed: readonly MixedDimension[];
  /** True when `mixed` is not empty and the settings do not allow it: then no image is chosen. */
  readonly refused: boolean;
}

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
    const shown = m.counts.slice(0, MAX_VALUES_SHOWN).map(([v, n]) => `${JSON.stringify(v.length > 32 ? `${v.slice(0, 29)}...` : v)}: ${n}`);
    const more = m.counts.length > MAX_VALUES_SHOWN ? `, and ${m.counts.length - MAX_VALUES_SHOWN} more value(s)` : '';
    return `${m.dimension} (${shown.join(', ')}${more}); pin it with ${m.pinWith}`;
  });
  return `ambiguous query: the ${survivors} image(s) left differ in ${clauses.join('; in ')}. `
    + 'Which one is picked would depend on which was published last; pin the query, or set allowMixedImages to accept that';
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
  private readonly currentMix = new Mix();
  private readonly deprecatedMix = new Mix();
  // Each image's tag value, looked up once: an image may carry thousands of tags.
  private readonly tags = new WeakMap<Candidate, string | undefined>();
  private readonly tagKey?: string;
  private api = 0;
  private allowed = 0;
  private namePattern = 0;
  private age = 0;
  private denyList = 0;
  private currentCount = 0;
  private deprecatedCount = 0;

  constructor(private readonly settings: SelectionSettings) {
    this.tagKey = settings.order === ORDERS.tagValue ? settings.orderTagKey : undefined;
    // Only the tag-value order asks for tags; each survivor's was looked up once, by remember().
    const compare = comparatorFor(settings.order, (c) => this.tags.get(c));
    const capacity = Math.max(settings.rank + 1, settings.keep ?? 0);
    this.current = new TopK<T>(capacity, compare);
    this.deprecated = new TopK<T>(capacity, compare);
  }

  public offer(image: T): void {
    const p = this.settings;
    this.api++;
    // An image without an ID cannot be launched; it does not survive the first stage.
    if (!image.ImageId) return;
    if (image.ImageAllowed === false) return;
    this.allowed++;
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
      if (!p.allowDeprecated) return;
      this.remember(image);
      this.deprecatedMix.add(image);
      this.deprecated.offer(image);
    } else {
      this.currentCount++;
      this.remember(image);
      this.currentMix.add(image);
      this.current.offer(image);
    }
  }

  private remember(image: T): void {
    if (this.tagKey !== undefined) this.tags.set(image, tagValue(image, this.tagKey));
  }

  public result(): Selection<T> {
    const useDeprecated = this.currentCount === 0 && this.settings.allowDeprecated;
    const top = useDeprecated ? this.deprecated.items : this.current.items;
    const mixed = (useDeprecated ? this.deprecatedMix : this.currentMix).mixed();
    const refused = mixed.length > 0 && !this.settings.allowMixed;
    return {
      image: refused ? undefined : top[this.settings.rank],
      top: [...top],
      mixed,
      refused,
      counts: {
        api: this.api,
        allowed: this.allowed,
        namePattern: this.namePattern,
        age: this.age,
        denyList: this.denyList,
        deprecation: useDeprecated ? this.deprecatedCount : this.currentCount,
      },
    };
  }
}

/** Distinct values counted per dimension: a hostile endpoint could send a new one with every image. */
const MAX_VALUES_TRACKED = 32;

/** What the values past {@link MAX_VALUES_TRACKED} are counted as. */
export const OTHER_VALUES = '(other values)';

/**
 * Counts of each value of every {@link MIX_DIMENSIONS} among the images added. Memory is bounded:
 * past the first 32 distinct values of a dimension, images count together as {@link OTHER_VALUES}.
 */
class Mix {
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
