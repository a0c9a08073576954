/**
 * The validation rules that synth time, the deploy-time handler and the preview CLI share, so that
 * all three accept and refuse the same lookups with the same words. They may evolve between releases
 * (the wire names in wire.ts may not). Imports nothing but the "did you mean" helper: the
 * name-pattern engine is handed in by the caller, so that this file stays free of dependencies.
 *
 * Internal: not exported from the package's index.
 */

import { quote } from './quote';
import { didYouMean } from './suggest';

/** Owner aliases that DescribeImages accepts in `Owners`. */
const OWNER_ALIASES: readonly string[] = ['self', 'amazon', 'aws-marketplace', 'aws-backup-vault'];

/** Values that DescribeImages accepts in `ExecutableUsers` besides account IDs. */
const EXECUTABLE_USER_ALIASES: readonly string[] = ['self', 'all'];

/** Every DescribeImages filter name EC2 documents, besides `tag:<key>`. */
const FILTER_NAMES: readonly string[] = [
  'architecture',
  'block-device-mapping.delete-on-termination',
  'block-device-mapping.device-name',
  'block-device-mapping.encrypted',
  'block-device-mapping.snapshot-id',
  'block-device-mapping.volume-size',
  'block-device-mapping.volume-type',
  'creation-date',
  'description',
  'ena-support',
  'hypervisor',
  'image-allowed',
  'image-id',
  'image-type',
  'is-public',
  'kernel-id',
  'manifest-location',
  'name',
  'owner-alias',
  'owner-id',
  'platform',
  'product-code',
  'product-code.type',
  'ramdisk-id',
  'root-device-name',
  'root-device-type',
  'source-image-id',
  'source-image-region',
  'source-instance-id',
  'sriov-net-support',
  'state',
  'state-reason-code',
  'state-reason-message',
  'tag-key',
  'virtualization-type',
];

/** Filters added to every query unless it has a filter of the same name, as `MachineImage.lookup` does. */
const DEFAULT_FILTERS: { readonly [name: string]: readonly string[] } = {
  'state': ['available'],
  'image-type': ['machine'],
};

/** The given filters plus the defaults, sorted by name so that output never depends on key order. */
export function withDefaultFilters(given: { readonly [name: string]: readonly string[] }): Array<{ name: string; values: string[] }> {
  const merged: { [name: string]: readonly string[] } = { ...DEFAULT_FILTERS, ...given };
  return Object.keys(merged).sort().map((name) => ({ name, values: [...merged[name]] }));
}

/** Filters that pin a query to an owner, so a stranger's look-alike image cannot be picked. */
const OWNER_FILTERS: readonly string[] = ['owner-id', 'owner-alias'];

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

const ACCOUNT_ID = /^\d{12}$/;
export const IMAGE_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const TAG_FILTER = /^tag:.{1,128}$/s;
// C0 and C1 control characters and DEL: never valid in a query value.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why a lookup query is invalid, or undefined when it is valid. Shared by synth and deploy time. */
export interface QueryShape {
  readonly owners: readonly string[];
  readonly executableUsers: readonly string[];
  readonly imageIds: readonly string[];
  readonly filters: ReadonlyArray<{ readonly name: string; readonly values: readonly string[] }>;
  readonly allowUnpinnedOwner: boolean;
}

/** Returns every problem with a query; an empty list means it is valid. */
export function queryProblems(q: QueryShape): string[] {
  const problems: string[] = [];
  const list = (what: string, values: readonly string[], check: (v: string) => string | undefined) => {
    if (values.length > Limits.maxListLength) {
      problems.push(`${what} has ${values.length} entries; at most ${Limits.maxListLength} are allowed`);
      return;
    }
    for (const v of values) {
      const p = valueProblem(v) ?? check(v);
      if (p) problems.push(`${what}: ${p}`);
    }
  };
  list('owners', q.owners, (v) =>
    ACCOUNT_ID.test(v) || OWNER_ALIASES.includes(v) ? undefined
      : `${quote(v)} is neither a 12-digit account ID nor one of ${OWNER_ALIASES.join(', ')}`);
  list('executableUsers', q.executableUsers, (v) =>
    ACCOUNT_ID.test(v) || EXECUTABLE_USER_ALIASES.includes(v) ? undefined
      : `${quote(v)} is neither a 12-digit account ID nor one of ${EXECUTABLE_USER_ALIASES.join(', ')}`);
  list('imageIds', q.imageIds, (v) =>
    IMAGE_ID.test(v) ? undefined : `${quote(v)} is not an image ID (ami- and 8 or 17 hex digits)`);

  if (q.filters.length > Limits.maxFilters) {
    problems.push(`${q.filters.length} filters; at most ${Limits.maxFilters} are allowed`);
  }
  const seen = new Set<string>();
  for (const f of q.filters) {
    if (!FILTER_NAMES.includes(f.name) && !(TAG_FILTER.test(f.name) && !CONTROL.test(f.name))) {
      problems.push(`filter ${quote(f.name)} is not a DescribeImages filter (filter names are case-sensitive)${didYouMean(f.name, FILTER_NAMES)}`);
      continue;
    }
    if (seen.has(f.name)) problems.push(`filter ${quote(f.name)} is given twice`);
    seen.add(f.name);
    if (f.values.length === 0) {
      problems.push(`filter ${quote(f.name)} has no values`);
    }
    list(`filter ${quote(f.name)}`, f.values, () => undefined);
  }

  const pinned = q.owners.length > 0 || q.imageIds.length > 0 || q.filters.some((f) => OWNER_FILTERS.includes(f.name));
  if (!pinned && !q.allowUnpinnedOwner) {
    problems.push('the query is not pinned to an owner, so anyone could publish an image it matches (AMI squatting). '
      + 'Set owners, an owner-id or owner-alias filter, or imageIds; or set allowUnpinnedOwner to accept the risk');
  }
  return problems;
}

function valueProblem(v: string): string | undefined {
  if (v.length === 0) return 'empty value';
  if (v.length > Limits.maxValueLength) return `a value of ${v.length} characters; at most ${Limits.maxValueLength} are allowed`;
  if (CONTROL.test(v)) return `${quote(v)} contains a control character`;
  return undefined;
}


/** The client-side selection settings, as every side sees them. */
export interface SelectionShape {
  readonly nameRegex?: string;
  readonly minAgeSeconds?: number;
  readonly maxAgeSeconds?: number;
  readonly excludeImageIds: readonly string[];
  readonly rank: number;
  readonly fallbackImageId?: string;
  readonly region?: string;
  readonly lookupRoleArn?: string;
  /** The tag key of `ImageOrder.tagValue`. */
  readonly orderTagKey?: string;
}

/** A century: no image is older, and anything larger is a unit mistake. */
const MAX_AGE_SECONDS = 100 * 366 * 24 * 3600;

/**
 * Returns every problem with the selection settings; an empty list means they are valid.
 * `compileNamePattern` is src/name-pattern.ts's: it throws with the reason a pattern is refused.
 */
export function selectionProblems(p: SelectionShape, compileNamePattern: (pattern: string) => unknown): string[] {
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
    if (!IMAGE_ID.test(id)) problems.push(`excludeImageIds: ${quote(id)} is not an image ID (ami- and 8 or 17 hex digits)`);
  }
  if (!Number.isInteger(p.rank) || p.rank < 0 || p.rank > Limits.maxRank) {
    problems.push(`rank must be a whole number from 0 (the best image) to ${Limits.maxRank}, got ${p.rank}`);
  }
  if (p.fallbackImageId !== undefined && !IMAGE_ID.test(p.fallbackImageId)) {
    problems.push(`fallbackImageId: ${quote(p.fallbackImageId)} is not an image ID (ami- and 8 or 17 hex digits)`);
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

/**
 * Why an instance type's architecture contradicts the query's `architecture` filter, or undefined
 * when the filter is absent or one of its values (EC2 wildcards included) matches it.
 */
export function architectureProblem(instanceType: string, architecture: string,
  filters: { readonly [name: string]: readonly string[] }): string | undefined {
  const asked = filters.architecture;
  if (asked === undefined || asked.some((v) => wildcardMatches(v, architecture))) return undefined;
  return `instanceType ${quote(instanceType)} runs ${architecture} images, but the architecture filter asks for `
    + `[${asked.map((v) => quote(v)).join(', ')}]: no image could run on it`;
}

/**
 * EC2 filter wildcards: `*` any run, `?` one character, `\\` escapes the next; the whole value,
 * case-sensitively. Greedy with one back-up point, so it takes at most pattern × value steps
 * whatever the pattern (a RegExp built from `*`s can backtrack exponentially).
 */
function wildcardMatches(pattern: string, value: string): boolean {
  const tokens: Array<{ kind: 'star' | 'one' | 'char'; c?: string }> = [];
  const units = [...pattern];
  for (let i = 0; i < units.length; i++) {
    const c = units[i];
    if (c === '\\' && i + 1 < units.length) tokens.push({ kind: 'char', c: units[++i] });
    else if (c === '*') tokens.push({ kind: 'star' });
    else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', c });
  }
  const v = [...value];
  let t = 0;
  let i = 0;
  let star = -1;
  let resume = 0;
  while (i < v.length) {
    const tok = tokens[t];
    if (tok !== undefined && (tok.kind === 'one' || (tok.kind === 'char' && tok.c === v[i]))) {
      t++;
      i++;
    } else if (tok !== undefined && tok.kind === 'star') {
      star = t++;
      resume = i;
    } else if (star >= 0) {
      t = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

/** SSM's parameter name rules, as far as they can be checked without an account. */
const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]+$/;
const MAX_PARAMETER_NAME_LENGTH = 1011;
const MAX_PARAMETER_LEVELS = 15;

/** Why a name cannot be an SSM parameter's, or undefined when it can. */
export function parameterNameProblem(name: string): string | undefined {
  const what = `parameterName: ${quote(name)}`;
  if (name.length === 0 || name.length > MAX_PARAMETER_NAME_LENGTH) {
    return `${what} must have 1 to ${MAX_PARAMETER_NAME_LENGTH} characters, got ${name.length}`;
  }
  if (!PARAMETER_NAME.test(name)) return `${what} may contain only letters, digits and . - _ /`;
  if (name.includes('/') && !name.startsWith('/')) return `${what} has a path, so it must begin with /`;
  if (/^\/?(?:aws|ssm)/i.test(name)) return `${what} must not begin with aws or ssm (reserved by AWS)`;
  if (name.split('/').filter((s) => s.length > 0).length > MAX_PARAMETER_LEVELS) return `${what} has more than ${MAX_PARAMETER_LEVELS} levels`;
  if (name.includes('//') || (name.length > 1 && name.endsWith('/'))) return `${what} has an empty level`;
  return undefined;
}

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
