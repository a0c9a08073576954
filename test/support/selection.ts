/** What the tests of lambda/selector.ts, orders.ts and guard.ts share: a fixed clock, images and a one-call selection. */
import * as fc from 'fast-check';
import { Candidate } from '../../lambda/candidate';
import { MIX_DIMENSIONS, MixedDimension } from '../../lambda/guard';
import { SelectionRun, SelectionSettings, Selector } from '../../lambda/selector';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { ORDERS, OrderName } from '../../src/shared/wire';

export const NOW = Date.parse('2026-06-01T00:00:00.000Z');
export const DAY = 86_400_000;
/** A day in the settings' unit. */
export const DAY_SECONDS = 86_400;
export const daysAgo = (d: number) => new Date(NOW - d * DAY).toISOString();

/** Settings for a selection test: the defaults, with `now` at {@link NOW} unless the run says otherwise. */
export type TestSelection = Partial<SelectionSettings> & Partial<SelectionRun>;

/** Every image through one selector, as one page. */
export const select = (images: Candidate[], p: TestSelection = {}) => {
  const { now, keep, ...settings } = p;
  const s = new Selector({ ...DEFAULT_SETTINGS, ...settings }, { now: now ?? NOW, keep });
  images.forEach((i) => s.offer(i));
  return s.result();
};

/** The orders that need no tag key, so that a comparator built without one ranks by them fully. */
export const UNTAGGED_ORDERS: OrderName[] = Object.values(ORDERS).filter((o) => o !== ORDERS.tagValue);

/** Images with names that natural order and plain order disagree on, and dates valid or not. */
export const candidateArb = fc.record({
  ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
  Name: fc.oneof(fc.constantFrom('app-1.9', 'app-1.10', 'app-01.10', 'App-2', 'app'), fc.string({ maxLength: 12 })),
  CreationDate: fc.oneof(
    fc.integer({ min: NOW - 400 * DAY, max: NOW }).map((t) => new Date(t - (t % (DAY / 4))).toISOString()),
    fc.constant('not a date')),
  DeprecationTime: fc.option(fc.integer({ min: NOW - 100 * DAY, max: NOW + 100 * DAY }).map((t) => new Date(t).toISOString()), { nil: undefined }),
}, { requiredKeys: ['ImageId', 'Name', 'CreationDate'] });

/**
 * A mixed dimension as the guard reports it, with its way out taken from the guard's own list, so
 * that a test other than the guard's asserts the mix and leaves the wording to the guard.
 */
export function mixOf(dimension: string, counts: Array<[string, number]>): MixedDimension {
  const d = MIX_DIMENSIONS.find((m) => m.dimension === dimension);
  if (d === undefined) throw new Error(`not a mix dimension: ${dimension}`);
  return { dimension, counts, pinWith: d.pinWith };
}
