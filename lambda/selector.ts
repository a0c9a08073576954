/**
 * Picks one image from a stream of DescribeImages results. Pure: no SDK, no I/O, no clock of its
 * own, so it is trivially testable and the result never depends on the order EC2 returns images in
 * or on the page size.
 *
 * The stages run after the API query, in the order of {@link STAGES}, which is the one list that
 * reports, tests and docs name them by. The fallback image, when nothing is left, is the caller's
 * business.
 */

import { Candidate, instant } from './candidate';
import { Mix, MixedDimension } from './guard';
import { comparatorFor, tagValue } from './orders';
import { TopK } from './top-k';
import { compileNamePattern, NameMatcher } from '../src/shared/name-pattern';
import { LookupSettings } from '../src/shared/settings';
import { ORDERS } from '../src/shared/wire';

/**
 * The stages, in the order they run. `counted` stages remove images one by one, so
 * {@link StageCounts} says how many each kept; the others judge, rank or pick the survivors as a set.
 */
export const STAGES = [
  // Drops images EC2 marks `ImageAllowed: false` (absent means allowed), and images without an
  // ID, which cannot be launched.
  { id: 'allowed', label: 'Allowed AMIs', counted: true },
  // Keeps images whose Name matches `nameRegex`.
  { id: 'namePattern', label: 'name pattern', counted: true },
  // Keeps images at least `minAge` and at most `maxAge` old at `now`.
  { id: 'age', label: 'age', counted: true },
  // Drops `excludeImageIds`.
  { id: 'denyList', label: 'deny-list', counted: true },
  // Prefers images not deprecated at `now`; falls back to deprecated ones only when no other image
  // survived and the settings allow it.
  { id: 'deprecation', label: 'deprecation', counted: true },
  // Refuses survivors that differ in one of the guard's MIX_DIMENSIONS, unless allowed.
  { id: 'guard', label: 'ambiguity guard', counted: false },
  // Ranks the survivors by the settings' order.
  { id: 'order', label: 'order', counted: false },
  // Picks the n-th (0 = best).
  { id: 'rank', label: 'rank', counted: false },
] as const;

export type Stage = typeof STAGES[number];
export type StageId = Stage['id'];
export type CountedStage = Extract<Stage, { readonly counted: true }>;

/** The stages that {@link StageCounts} counts, in order. */
export const COUNTED_STAGES: readonly CountedStage[] = STAGES.filter((s): s is CountedStage => s.counted);

/** The label of a stage, for messages that name one. */
export function stageLabel(id: StageId): string {
  return STAGES.find((s) => s.id === id)!.label;
}

/**
 * How many images each counted stage kept, and `api`, how many EC2 returned: the first stage whose
 * count is 0 removed the last image.
 */
export type StageCounts = { readonly api: number } & { readonly [K in CountedStage['id']]: number };

/** The settings the stages use: a named projection of the lookup's settings. */
export type SelectionSettings = Pick<LookupSettings, 'nameRegex' | 'minAgeSeconds' | 'maxAgeSeconds' | 'excludeImageIds'
  | 'includeDeprecated' | 'fallbackToDeprecated' | 'order' | 'orderTagKey' | 'imageIds' | 'allowMixedImages' | 'rank'>;

/** What one run adds to the settings. */
export interface SelectionRun {
  /** Milliseconds since the epoch: the deploy time ages and deprecation are judged at. */
  readonly now: number;
  /** How many of the best images to keep for `top`, at least rank + 1 (a preview shows more). */
  readonly keep?: number;
}

/** The settings in the form the stages test them against, worked out once per lookup. */
interface Stages {
  /** Matched in time linear in the name's length, so that no name can stall the lookup. */
  readonly nameRegex?: NameMatcher;
  readonly minAgeMs?: number;
  readonly maxAgeMs?: number;
  readonly excludeImageIds: ReadonlySet<string>;
  /** May a deprecated image be picked when no other image survives? Only when the query asked for them. */
  readonly allowDeprecated: boolean;
  /** Pick even when the survivors are mixed (see the guard's MIX_DIMENSIONS); otherwise refuse. */
  readonly allowMixed: boolean;
  readonly rank: number;
  readonly now: number;
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

  private readonly settings: Stages;

  constructor(settings: SelectionSettings, run: SelectionRun) {
    const ms = (seconds?: number) => (seconds === undefined ? undefined : seconds * 1000);
    this.settings = {
      nameRegex: settings.nameRegex === undefined ? undefined : compileNamePattern(settings.nameRegex),
      minAgeMs: ms(settings.minAgeSeconds),
      maxAgeMs: ms(settings.maxAgeSeconds),
      excludeImageIds: new Set(settings.excludeImageIds),
      allowDeprecated: settings.includeDeprecated && settings.fallbackToDeprecated,
      // A query pinned to image IDs names its images: nothing is left to chance.
      allowMixed: settings.allowMixedImages || settings.imageIds.length > 0,
      rank: settings.rank,
      now: run.now,
    };
    this.tagKey = settings.order === ORDERS.tagValue ? settings.orderTagKey : undefined;
    // Only the tag-value order asks for tags; each survivor's was looked up once, by remember().
    const compare = comparatorFor(settings.order, (c) => this.tags.get(c));
    const capacity = Math.max(settings.rank + 1, run.keep ?? 0);
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
    if (p.excludeImageIds.has(image.ImageId)) return;
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
      // In the order of STAGES: the preview's JSON shows them as they are written here.
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
