/**
 * The formats and limits that every family of rules checks values against, and the one wording of
 * each format in messages.
 *
 * Internal: not exported from the package's index.
 */

/** Limits, checked both at synth and in the handler. */
export const Limits = {
  /** Filters in one query. */
  maxFilters: 50,
  /** Entries in one list (owners, image IDs, values of one filter). */
  maxListLength: 200,
  /** Characters in one value. */
  maxValueLength: 1024,
  /** Highest rank: the selector keeps rank + 1 images per group while paging. */
  maxRank: 99,
  /** Characters in a name pattern. */
  maxRegexLength: 1024,
} as const;

export const ACCOUNT_ID = /^\d{12}$/;
export const IMAGE_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** How messages describe {@link IMAGE_ID}. */
export const IMAGE_ID_FORM = 'ami- and 8 or 17 hex digits';
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
export const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
/** C0 and C1 control characters and DEL: never valid in a query value. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
