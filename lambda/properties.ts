import { UserFacingError } from './events';
import { compileNamePattern } from '../src/shared/name-pattern';
import { queryProblems } from '../src/shared/query-rules';
import { shorten } from '../src/shared/quote';
import { selectionProblems } from '../src/shared/selection-rules';
import { DEFAULT_SETTINGS, ImageFilter, ImageQuery, LookupSettings, PropertyKind, SETTING_NAMES, SETTING_PROPERTIES } from '../src/shared/settings';
import { sourceParameterProblems } from '../src/shared/source-parameter';
import { OrderName, ORDERS, PROVIDER_PROPERTIES, Prop, RepairName, REPAIRS } from '../src/shared/wire';

const KNOWN = new Set<string>([...PROVIDER_PROPERTIES, ...Object.values(Prop)]);

/**
 * Parses the custom resource properties strictly into the settings they were written from
 * (src/shared/lookup-properties.ts), absent ones at their defaults. CloudFormation turns every
 * scalar into a string, so booleans arrive as "true" / "false"; anything else is rejected rather
 * than guessed at.
 */
export function parseProperties(raw: unknown): LookupSettings {
  if (!isRecord(raw)) {
    throw new UserFacingError('invalid properties: ResourceProperties is missing or not an object');
  }
  const problems: string[] = [];
  for (const key of Object.keys(raw).sort()) {
    if (!KNOWN.has(key)) problems.push(`unknown property ${JSON.stringify(key.slice(0, 64))}`);
  }
  const read: Record<string, unknown> = {};
  for (const key of SETTING_NAMES) {
    const { property, kind } = SETTING_PROPERTIES[key];
    const value = raw[property] === undefined ? (DEFAULT_SETTINGS as Record<string, unknown>)[key] : READERS[kind](raw[property], property, problems);
    if (value !== undefined) read[key] = value;
  }
  const settings = read as unknown as LookupSettings;
  if ((settings.order === ORDERS.tagValue) !== (settings.orderTagKey !== undefined)) {
    problems.push(`${Prop.orderTagKey} is needed with ${Prop.order} ${ORDERS.tagValue}, and only with it`);
  }
  if (settings.repairWithinSeconds !== undefined && settings.repair !== REPAIRS.deprecated) {
    problems.push(`${Prop.repairWithinSeconds} is taken only with ${Prop.repair} ${REPAIRS.deprecated}`);
  }
  if (problems.length === 0) {
    // A parameter names its one image: the query's rules give way to the parameter's.
    problems.push(...(settings.sourceParameter === undefined ? queryProblems(settings) : sourceParameterProblems(settings)));
    problems.push(...selectionProblems(settings, compileNamePattern));
  }
  if (problems.length > 0) {
    throw new UserFacingError(`invalid properties: ${problems.join('; ')}`);
  }
  return settings;
}

/** A one-line echo of the effective query, for error messages. */
export function describeQuery(q: ImageQuery): string {
  const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;
  const filters = q.filters.map((f) => `${f.name}=${list(f.values)}`).join(', ');
  return `Owners=${list(q.owners)} ExecutableUsers=${list(q.executableUsers)} ImageIds=${list(q.imageIds)} `
    + `IncludeDeprecated=${q.includeDeprecated} IncludeDisabled=${q.includeDisabled} Filters={${filters}}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One reader per kind of property (SETTING_PROPERTIES), each given a value that is present. A value
 * that is not what its kind takes adds a problem and reads as undefined; the problems are reported
 * together, and the settings are not used.
 */
const READERS: { readonly [K in PropertyKind]: (v: unknown, key: string, problems: string[]) => unknown } = {
  textList: (v, key, problems) => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    problems.push(`${key} must be a list of strings`);
    return undefined;
  },
  switch: (v, key, problems) => {
    if (v === false || v === 'false') return false;
    if (v === true || v === 'true') return true;
    problems.push(`${key} must be "true" or "false", got ${describe(v)}`);
    return undefined;
  },
  wholeNumber: (v, key, problems) => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    if (typeof v === 'string' && INTEGER.test(v)) return Number(v);
    problems.push(`${key} must be a whole number written in decimal digits, got ${describe(v)}`);
    return undefined;
  },
  text: (v, key, problems) => {
    if (typeof v === 'string' && v.length > 0) return v;
    problems.push(`${key} must be a non-empty string, got ${describe(v)}`);
    return undefined;
  },
  anyText: (v, key, problems) => (typeof v === 'string' ? v : READERS.text(v, key, problems)),
  order: (v, key, problems) => {
    if (typeof v === 'string' && ORDER_NAMES.includes(v)) return v as OrderName;
    problems.push(`${key} must be one of ${ORDER_NAMES.join(', ')}, got ${describe(v)}`);
    return undefined;
  },
  repair: (v, key, problems) => {
    if (typeof v === 'string' && REPAIR_NAMES.includes(v)) return v as RepairName;
    problems.push(`${key} must be one of ${REPAIR_NAMES.join(', ')}, got ${describe(v)}`);
    return undefined;
  },
  filters: (v, key, problems) => {
    if (!Array.isArray(v)) {
      problems.push(`${key} must be a list of { Name, Values }`);
      return undefined;
    }
    const out: ImageFilter[] = [];
    v.forEach((f, i) => {
      if (!isRecord(f) || typeof f.Name !== 'string' || !Array.isArray(f.Values)
        || !f.Values.every((x) => typeof x === 'string') || Object.keys(f).some((k) => k !== 'Name' && k !== 'Values')) {
        problems.push(`${key}[${i}] must be { Name: string, Values: list of strings }`);
        return;
      }
      out.push({ name: f.Name, values: f.Values as string[] });
    });
    return out;
  },
};

// Decimal digits only: no sign, exponent, fraction, white space or leading zeros.
const INTEGER = /^(?:0|[1-9]\d{0,14})$/;

const ORDER_NAMES: readonly string[] = Object.values(ORDERS);
const REPAIR_NAMES: readonly string[] = Object.values(REPAIRS);

function describe(v: unknown): string {
  return shorten(JSON.stringify(v) ?? String(v), 40);
}
