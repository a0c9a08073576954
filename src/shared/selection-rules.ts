/**
 * The rules of the client-side selection: name pattern, ages, deny-list, rank, fallback, tag key,
 * and where the lookup runs. Shared by synth, the handler and the preview CLI.
 *
 * Internal: not exported from the package's index.
 */

import { CONTROL, IMAGE_ID, IMAGE_ID_FORM, Limits, REGION, ROLE_ARN } from './formats';
import { quote } from './quote';
import type { LookupSettings } from './settings';

/** The settings the selection rules judge. */
export type SelectionRuleSettings = Pick<LookupSettings, 'nameRegex' | 'minAgeSeconds' | 'maxAgeSeconds' | 'excludeImageIds'
  | 'rank' | 'fallbackImageId' | 'region' | 'lookupRoleArn' | 'orderTagKey'>;

/** A century: no image is older, and anything larger is a unit mistake. */
const MAX_AGE_SECONDS = 100 * 366 * 24 * 3600;

/**
 * Returns every problem with the selection settings; an empty list means they are valid.
 * `compileNamePattern` is src/name-pattern.ts's: it throws with the reason a pattern is refused.
 */
export function selectionProblems(p: SelectionRuleSettings, compileNamePattern: (pattern: string) => unknown): string[] {
  const problems: string[] = [];
  if (p.nameRegex !== undefined) {
    const re = regexProblem(p.nameRegex, compileNamePattern);
    if (re) problems.push(`nameRegex: ${re}`);
  }
  for (const [what, v] of [['minAge', p.minAgeSeconds], ['maxAge', p.maxAgeSeconds]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > MAX_AGE_SECONDS)) {
      problems.push(`${what} must be a whole number of seconds from 0 to ${MAX_AGE_SECONDS} (100 years), got ${v}`);
    }
  }
  if (p.minAgeSeconds !== undefined && p.maxAgeSeconds !== undefined && p.minAgeSeconds > p.maxAgeSeconds) {
    problems.push(`minAge (${p.minAgeSeconds} s) is greater than maxAge (${p.maxAgeSeconds} s), so no image could match`);
  }
  if (p.excludeImageIds.length > Limits.maxListLength) {
    problems.push(`excludeImageIds has ${p.excludeImageIds.length} entries; at most ${Limits.maxListLength} are allowed`);
  }
  for (const id of p.excludeImageIds) {
    if (!IMAGE_ID.test(id)) problems.push(`excludeImageIds: ${quote(id)} is not an image ID (${IMAGE_ID_FORM})`);
  }
  if (!Number.isInteger(p.rank) || p.rank < 0 || p.rank > Limits.maxRank) {
    problems.push(`rank must be a whole number from 0 (the best image) to ${Limits.maxRank}, got ${p.rank}`);
  }
  if (p.fallbackImageId !== undefined && !IMAGE_ID.test(p.fallbackImageId)) {
    problems.push(`fallbackImageId: ${quote(p.fallbackImageId)} is not an image ID (${IMAGE_ID_FORM})`);
  }
  if (p.region !== undefined && !REGION.test(p.region)) {
    problems.push(`region: ${quote(p.region)} is not a region name such as eu-west-1`);
  }
  if (p.lookupRoleArn !== undefined && !ROLE_ARN.test(p.lookupRoleArn)) {
    problems.push(`lookupRoleArn: ${quote(p.lookupRoleArn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  }
  if (p.orderTagKey !== undefined) {
    if (p.orderTagKey.length === 0 || p.orderTagKey.length > MAX_TAG_KEY_LENGTH) {
      problems.push(`orderTagKey: a tag key has 1 to ${MAX_TAG_KEY_LENGTH} characters, got ${p.orderTagKey.length}`);
    } else if (CONTROL.test(p.orderTagKey)) {
      problems.push(`orderTagKey: ${quote(p.orderTagKey)} contains a control character`);
    }
  }
  return problems;
}

/**
 * `fallbackToDeprecated` decides between deprecated images, which only `includeDeprecated` brings
 * into the query: set without it, it would do nothing, which is never what was meant. Checked at
 * synth and by the CLI; not by the handler, so that a stack already deployed this way keeps working.
 */
export function fallbackToDeprecatedProblem(includeDeprecated?: boolean, fallbackToDeprecated?: boolean): string | undefined {
  if (fallbackToDeprecated === undefined || includeDeprecated === true) return undefined;
  return `fallbackToDeprecated is set (to ${fallbackToDeprecated}) but has no effect without includeDeprecated `
    + '(deprecated images are left out of the query); set includeDeprecated, or leave fallbackToDeprecated unset';
}

/** EC2 tag keys are 1 to 128 characters. */
const MAX_TAG_KEY_LENGTH = 128;


function regexProblem(pattern: string, compileNamePattern: (pattern: string) => unknown): string | undefined {
  if (pattern.length === 0) return 'empty pattern (leave nameRegex unset to keep every name)';
  if (pattern.length > Limits.maxRegexLength) return `a pattern of ${pattern.length} characters; at most ${Limits.maxRegexLength} are allowed`;
  if (CONTROL.test(pattern)) return 'the pattern contains a control character (write \\n, \\t and the like as escapes)';
  try {
    compileNamePattern(pattern);
    return undefined;
  } catch (e) {
    return `${quote(pattern)} is not a valid regular expression (RE2 syntax): ${(e as Error).message}`;
  }
}
