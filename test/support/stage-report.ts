/**
 * Reads a stage report (stageReport in lambda/lookup.ts) back into numbers, so that tests other
 * than its owner assert counts and the stage that removed the last image, and leave the wording to
 * lookup.test.ts, which also checks that this reads back what stageReport writes.
 */
import { COUNTED_STAGES, StageCounts, stageLabel } from '../../lambda/selector';

export interface ReadStageReport {
  readonly pages: number;
  readonly counts: StageCounts;
  /** The rank that needed more survivors than were left, when the report names one. */
  readonly rank?: number;
  /**
   * The label of the first counted stage that kept nothing; else rank's, when it names a rank.
   * Undefined when EC2 returned nothing: then no stage removed anything.
   */
  readonly removedBy?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const REPORT = new RegExp('EC2 returned (\\d+) image\\(s\\) in (\\d+) page\\(s\\); kept '
  + COUNTED_STAGES.map((s) => `by ${escape(s.label)} (\\d+)`).join(', ')
  + `(?:, and ${escape(stageLabel('rank'))} (\\d+) needs \\d+)?`);

/** The stage report in `text`, which may hold more around it; throws when it holds none. */
export function readStageReport(text: string): ReadStageReport {
  const m = REPORT.exec(text);
  if (m === null) throw new Error(`no stage report in ${JSON.stringify(text)}`);
  const [, api, pages, ...rest] = m;
  const kept = rest.slice(0, COUNTED_STAGES.length).map(Number);
  const rank = rest[COUNTED_STAGES.length] === undefined ? undefined : Number(rest[COUNTED_STAGES.length]);
  const counts = Object.fromEntries([['api', Number(api)], ...COUNTED_STAGES.map((s, i) => [s.id, kept[i]])]) as StageCounts;
  const empty = COUNTED_STAGES.find((s) => counts[s.id] === 0);
  const removedBy = counts.api === 0 ? undefined : empty?.label ?? (rank === undefined ? undefined : stageLabel('rank'));
  return { pages: Number(pages), counts, ...(rank === undefined ? {} : { rank }), ...(removedBy === undefined ? {} : { removedBy }) };
}
