import { UserFacingError } from './events';
import { Prop, queryProblems } from '../src/contract';

/** A validated DescribeImages query. */
export interface Query {
  readonly owners: string[];
  readonly executableUsers: string[];
  readonly imageIds: string[];
  readonly includeDeprecated: boolean;
  readonly includeDisabled: boolean;
  readonly filters: Array<{ readonly name: string; readonly values: string[] }>;
}

// CloudFormation adds these to every custom resource's properties.
const RESERVED = new Set(['ServiceToken', 'ServiceTimeout']);
const KNOWN = new Set<string>([...RESERVED, ...Object.values(Prop)]);

/**
 * Parses the custom resource properties strictly. CloudFormation turns every scalar into a string,
 * so booleans arrive as "true" / "false"; anything else is rejected rather than guessed at.
 */
export function parseQuery(raw: unknown): Query {
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
  const includeDeprecated = bool(raw, Prop.includeDeprecated, problems);
  const includeDisabled = bool(raw, Prop.includeDisabled, problems);
  const allowUnpinnedOwner = bool(raw, Prop.allowUnpinnedOwner, problems);
  const filters = filterList(raw, problems);
  if (problems.length === 0) {
    problems.push(...queryProblems({ owners, executableUsers, imageIds, filters, allowUnpinnedOwner }));
  }
  if (problems.length > 0) {
    throw new UserFacingError(`invalid properties: ${problems.join('; ')}`);
  }
  return { owners, executableUsers, imageIds, includeDeprecated, includeDisabled, filters };
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

function bool(raw: Record<string, unknown>, key: string, problems: string[]): boolean {
  const v = raw[key];
  if (v === undefined || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  problems.push(`${key} must be "true" or "false", got ${describe(v)}`);
  return false;
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
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
