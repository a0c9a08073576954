/**
 * How each kind of flag value is read (see ValueKind in flags.ts), refused in the CLI's words when
 * it is not what the kind takes.
 */
import { inFlagWords } from './flag-words';
import { Flag, ValueKind } from './flags';
import { architectureProblem } from '../src/shared/architecture-rules';
import { REGION } from '../src/shared/formats';
import { architectureOfInstanceType, instanceTypeProblem } from '../src/shared/instance-architecture';
import { parameterNameProblem } from '../src/shared/parameter-rules';
import { GivenSettings } from '../src/shared/settings';

/** A mistake on the command line: reported with the hint to the help, and exit code 2. */
export class UsageError extends Error {}

/** What Node's parser gives for a flag: its text, every text of a repeatable one, or true. */
export type Given = string | boolean | Array<string | boolean>;

type Kind = ValueKind['kind'];
type Reader<K extends Kind> = (given: Given, flag: string, kind: Extract<ValueKind, { kind: K }>, spec: GivenSettings) => unknown;

/**
 * The kinds in the order they are read: the filters are known when an instance type is checked
 * against them, and includeDeprecated when --no-fallback-to-deprecated is; and of several mistakes
 * the one reported is the one the CLI has always reported first.
 */
const READERS: { readonly [K in Kind]: Reader<K> } = {
  string: (given) => given,
  list: (given) => given,
  boolean: (given) => given,
  filter: (given) => filtersOf(given as string[]),
  instanceType: (given, _flag, _kind, spec) => instanceArchitecture(given as string, spec.filters ?? {}),
  parameterName: (given) => {
    const problem = parameterNameProblem(given as string);
    if (problem) throw new UsageError(inFlagWords(problem));
    return given;
  },
  negated: () => false,
  duration: (given, flag) => durationSeconds(flag, given as string),
  wholeNumber: (given, flag, { min, max, note }) => wholeNumber(flag, given as string, min, max, note),
  url: (given, flag) => {
    if (!/^https?:\/\/[^\s]+$/.test(given as string)) throw new UsageError(`${flag} must be an http or https URL, got ${JSON.stringify(given)}`);
    return given;
  },
  regionName: (given, flag) => {
    if (!REGION.test(given as string)) throw new UsageError(`${flag}: ${JSON.stringify(given)} is not a region name such as eu-west-1`);
    return given;
  },
};

const KIND_ORDER = Object.keys(READERS) as Kind[];

/** What the flags given read as, by flag name, and the lookup settings they make. */
interface Read {
  readonly values: ReadonlyMap<string, unknown>;
  readonly spec: GivenSettings;
}

/** Reads the given flags of `flags`, kind by kind (see READERS), and checks each flag's rule once it is read. */
export function readFlags(flags: readonly Flag[], given: Readonly<Record<string, Given | undefined>>): Read {
  const values = new Map<string, unknown>();
  const spec: Record<string, unknown> = {};
  for (const kind of KIND_ORDER) {
    for (const f of flags) {
      const g = given[f.name];
      if (f.value.kind !== kind || g === undefined) continue;
      const value = (READERS[kind] as Reader<Kind>)(g, `--${f.name}`, f.value, spec);
      values.set(f.name, value);
      if (f.setting !== undefined) spec[f.setting] = value;
      const problem = f.check?.(spec);
      if (problem) throw new UsageError(inFlagWords(problem));
    }
  }
  return { values, spec };
}

/** `<name>=<v1>[,<v2>...]`, once per name. */
function filtersOf(given: readonly string[]): Record<string, string[]> {
  const filters: Record<string, string[]> = {};
  for (const f of given) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--filter takes <name>=<value>[,<value>...], got ${JSON.stringify(f)}`);
    const name = f.slice(0, eq);
    if (name in filters) throw new UsageError(`--filter ${name} is given twice; list its values once, separated by commas`);
    filters[name] = f.slice(eq + 1).split(',');
  }
  return filters;
}

/** The architecture an instance type runs, refused with the construct's own rules in the CLI's words. */
function instanceArchitecture(instanceType: string, filters: { readonly [name: string]: readonly string[] }): string {
  const problem = instanceTypeProblem(instanceType);
  if (problem) throw new UsageError(inFlagWords(problem));
  const architecture = architectureOfInstanceType(instanceType);
  const contradiction = architectureProblem(instanceType, architecture, filters);
  if (contradiction) throw new UsageError(inFlagWords(contradiction));
  return architecture;
}

function wholeNumber(flag: string, value: string, min: number, max: number, note = ''): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}${note}, got ${JSON.stringify(value)}`);
  return n;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Durations as people write them: 7d, 12h, 90m, 3600s, 2w, or ISO 8601 such as P7D and PT12H. */
export function durationSeconds(flag: string, value: string): number {
  const short = /^(\d{1,9})([smhdw])$/.exec(value);
  if (short) return Number(short[1]) * UNITS[short[2]];
  const iso = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  if (iso && value !== 'P' && !value.endsWith('T')) {
    const [w, d, h, m, s] = iso.slice(1).map((x) => Number(x ?? 0));
    return w * 604800 + d * 86400 + h * 3600 + m * 60 + s;
  }
  throw new UsageError(`${flag} must be a duration such as 7d, 12h, 90m, 3600s or P7D, got ${JSON.stringify(value)}`);
}
