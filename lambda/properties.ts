import { UserFacingError } from './events';
import { compileNamePattern } from '../src/shared/name-pattern';
import { shorten } from '../src/shared/quote';
import { queryProblems, selectionProblems } from '../src/shared/rules';
import { OrderName, ORDERS, PROVIDER_PROPERTIES, Prop } from '../src/shared/wire';

/** A validated DescribeImages query. */
export interface Query {
  readonly owners: string[];
  readonly executableUsers: string[];
  readonly imageIds: string[];
  readonly includeDeprecated: boolean;
  readonly includeDisabled: boolean;
  readonly filters: Array<{ readonly name: string; readonly values: string[] }>;
}

/** Everything the custom resource asks for, validated. */
export interface LookupProperties {
  readonly query: Query;
  readonly nameRegex?: string;
  readonly minAgeSeconds?: number;
  readonly maxAgeSeconds?: number;
  readonly excludeImageIds: string[];
  readonly fallbackToDeprecated: boolean;
  readonly order: OrderName;
  /** Set exactly when `order` is `tag-value`. */
  readonly orderTagKey?: string;
  readonly rank: number;
  readonly fallbackImageId?: string;
  readonly region?: string;
  readonly lookupRoleArn?: string;
  readonly allowMixedImages: boolean;
}

const KNOWN = new Set<string>([...PROVIDER_PROPERTIES, ...Object.values(Prop)]);

/**
 * Parses the custom resource properties strictly. CloudFormation turns every scalar into a string,
 * so booleans arrive as "true" / "false"; anything else is rejected rather than guessed at.
 */
export function parseProperties(raw: unknown): LookupProperties {
  if (!isRecord(raw)) {
    throw new UserFacingError('invalid properties: ResourceProperties is missing or not an object');
  }
  const problems: string[] = [];
  for (const key of Object.keys(raw).sort()) {
    if (!KNOWN.has(key)) problems.push(`unknown property ${JSON.stringify(key.slice(0, 64))}`);
  }
  const owners = stringList(raw, Prop.owners, problems);
  const executableUsers = stringList(raw, Prop.executableUsers, problems);
  const imageIds = stringList(raw, Prop.imageIds, problems);
  const includeDeprecated = bool(raw, Prop.includeDeprecated, false, problems);
  const includeDisabled = bool(raw, Prop.includeDisabled, false, problems);
  const allowUnpinnedOwner = bool(raw, Prop.allowUnpinnedOwner, false, problems);
  const filters = filterList(raw, problems);
  const nameRegex = optionalString(raw, Prop.nameRegex, problems);
  const minAgeSeconds = integer(raw, Prop.minAgeSeconds, problems);
  const maxAgeSeconds = integer(raw, Prop.maxAgeSeconds, problems);
  const excludeImageIds = stringList(raw, Prop.excludeImageIds, problems);
  const fallbackToDeprecated = bool(raw, Prop.fallbackToDeprecated, true, problems);
  const order = orderName(raw, problems);
  const rank = integer(raw, Prop.rank, problems) ?? 0;
  const fallbackImageId = optionalString(raw, Prop.fallbackImageId, problems);
  const region = optionalString(raw, Prop.region, problems);
  const lookupRoleArn = optionalString(raw, Prop.lookupRoleArn, problems);
  const allowMixedImages = bool(raw, Prop.allowMixedImages, false, problems);
  const orderTagKey = typeof raw[Prop.orderTagKey] === 'string' ? raw[Prop.orderTagKey] as string : optionalString(raw, Prop.orderTagKey, problems);
  if ((order === ORDERS.tagValue) !== (orderTagKey !== undefined)) {
    problems.push(`${Prop.orderTagKey} is needed with ${Prop.order} ${ORDERS.tagValue}, and only with it`);
  }
  optionalString(raw, Prop.refreshToken, problems);
  if (problems.length === 0) {
    problems.push(...queryProblems({ owners, executableUsers, imageIds, filters, allowUnpinnedOwner }));
    problems.push(...selectionProblems({
      nameRegex, minAgeSeconds, maxAgeSeconds, excludeImageIds, rank, fallbackImageId, region, lookupRoleArn, orderTagKey,
    }, compileNamePattern));
  }
  if (problems.length > 0) {
    throw new UserFacingError(`invalid properties: ${problems.join('; ')}`);
  }
  return {
    query: { owners, executableUsers, imageIds, includeDeprecated, includeDisabled, filters },
    nameRegex,
    minAgeSeconds,
    maxAgeSeconds,
    excludeImageIds,
    fallbackToDeprecated,
    order,
    orderTagKey,
    rank,
    fallbackImageId,
    region,
    lookupRoleArn,
    allowMixedImages,
  };
}

/** A one-line echo of the effective query, for error messages. */
export function describeQuery(q: Query): string {
  const list = (xs: string[]) => `[${xs.join(', ')}]`;
  const filters = q.filters.map((f) => `${f.name}=${list(f.values)}`).join(', ');
  return `Owners=${list(q.owners)} ExecutableUsers=${list(q.executableUsers)} ImageIds=${list(q.imageIds)} `
    + `IncludeDeprecated=${q.includeDeprecated} IncludeDisabled=${q.includeDisabled} Filters={${filters}}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(raw: Record<string, unknown>, key: string, problems: string[]): string[] {
  const v = raw[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    problems.push(`${key} must be a list of strings`);
    return [];
  }
  return v;
}

function bool(raw: Record<string, unknown>, key: string, absent: boolean, problems: string[]): boolean {
  const v = raw[key];
  if (v === undefined) return absent;
  if (v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  problems.push(`${key} must be "true" or "false", got ${describe(v)}`);
  return absent;
}

// Decimal digits only: no sign, exponent, fraction, white space or leading zeros.
const INTEGER = /^(?:0|[1-9]\d{0,14})$/;

function integer(raw: Record<string, unknown>, key: string, problems: string[]): number | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && INTEGER.test(v)) return Number(v);
  problems.push(`${key} must be a whole number written in decimal digits, got ${describe(v)}`);
  return undefined;
}

function optionalString(raw: Record<string, unknown>, key: string, problems: string[]): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v.length > 0) return v;
  problems.push(`${key} must be a non-empty string, got ${describe(v)}`);
  return undefined;
}

const ORDER_NAMES: readonly string[] = Object.values(ORDERS);

function orderName(raw: Record<string, unknown>, problems: string[]): OrderName {
  const v = raw[Prop.order];
  if (v === undefined) return ORDERS.newestCreationDate;
  if (typeof v === 'string' && ORDER_NAMES.includes(v)) return v as OrderName;
  problems.push(`${Prop.order} must be one of ${ORDER_NAMES.join(', ')}, got ${describe(v)}`);
  return ORDERS.newestCreationDate;
}

function filterList(raw: Record<string, unknown>, problems: string[]): Query['filters'] {
  const v = raw[Prop.filters];
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push(`${Prop.filters} must be a list of { Name, Values }`);
    return [];
  }
  const out: Query['filters'] = [];
  v.forEach((f, i) => {
    if (!isRecord(f) || typeof f.Name !== 'string' || !Array.isArray(f.Values)
      || !f.Values.every((x) => typeof x === 'string') || Object.keys(f).some((k) => k !== 'Name' && k !== 'Values')) {
      problems.push(`${Prop.filters}[${i}] must be { Name: string, Values: list of strings }`);
      return;
    }
    out.push({ name: f.Name, values: f.Values as string[] });
  });
  return out;
}

function describe(v: unknown): string {
  return shorten(JSON.stringify(v) ?? String(v), 40);
}
