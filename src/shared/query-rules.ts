/**
 * The rules of a DescribeImages query: owners, executable users, image IDs and filters, and the
 * pin to an owner. Shared by synth, the handler and the preview CLI, so that all three refuse the
 * same queries in the same words.
 *
 * Internal: not exported from the package's index.
 */

import { ACCOUNT_ID, CONTROL, IMAGE_ID, IMAGE_ID_FORM, Limits } from './formats';
import { quote } from './quote';
import type { LookupSettings } from './settings';
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

/** Whether a filter is one of the defaults, with its default values. */
export function isDefaultFilter(f: { readonly name: string; readonly values: readonly string[] }): boolean {
  const values = DEFAULT_FILTERS[f.name];
  return values !== undefined && values.length === f.values.length && values.every((v, i) => v === f.values[i]);
}

/** The given filters plus the defaults, sorted by name so that output never depends on key order. */
export function withDefaultFilters(given: { readonly [name: string]: readonly string[] }): Array<{ name: string; values: string[] }> {
  const merged: { [name: string]: readonly string[] } = { ...DEFAULT_FILTERS, ...given };
  return Object.keys(merged).sort().map((name) => ({ name, values: [...merged[name]] }));
}

/** Filters that pin a query to an owner, so a stranger's look-alike image cannot be picked. */
const OWNER_FILTERS: readonly string[] = ['owner-id', 'owner-alias'];

const TAG_FILTER = /^tag:.{1,128}$/s;

/** The settings the query rules judge. */
export type QuerySettings = Pick<LookupSettings, 'owners' | 'executableUsers' | 'imageIds' | 'filters' | 'allowUnpinnedOwner'>;

/** Returns every problem with a query; an empty list means it is valid. */
export function queryProblems(q: QuerySettings): string[] {
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
    IMAGE_ID.test(v) ? undefined : `${quote(v)} is not an image ID (${IMAGE_ID_FORM})`);

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
