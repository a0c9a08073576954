/**
 * Reads the schedule's input (src/shared/monitor-wire.ts). The construct writes it, so anything
 * else is a bug or a hand-made event: refused whole, with the first thing wrong, rather than
 * half-checked.
 */
import { MAX_DIMENSION_VALUE_CHARS, MONITOR_INPUT_VERSION, MonitoredLookup, MonitorInput } from '../../src/shared/monitor-wire';

const IMAGE_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

export function parseMonitorInput(event: unknown): MonitorInput {
  const e = event as Partial<Record<keyof MonitorInput, unknown>> | null;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error('monitor input must be a JSON object');
  if (e.v !== MONITOR_INPUT_VERSION) throw new Error(`monitor input version must be ${MONITOR_INPUT_VERSION}, got ${short(e.v)}`);
  if (!isDimensionValue(e.stack)) throw new Error(`monitor input: stack must be a name of 1 to ${MAX_DIMENSION_VALUE_CHARS} characters, got ${short(e.stack)}`);
  if (!Number.isInteger(e.days) || (e.days as number) < 1) throw new Error(`monitor input: days must be a whole number of at least 1, got ${short(e.days)}`);
  if (!Array.isArray(e.targets) || !e.targets.every((t) => Array.isArray(t) && t.length === 2 && t.every((s) => typeof s === 'string'))) {
    throw new Error('monitor input: targets must be a list of [region, roleArn] string pairs');
  }
  const targets = e.targets as Array<[string, string]>;
  if (!Array.isArray(e.lookups)) throw new Error('monitor input: lookups must be a list');
  e.lookups.forEach((l, i) => {
    const ok = Array.isArray(l) && (l.length === 3 || (l.length === 4 && isRecord(l[3]))) && isDimensionValue(l[0]) && Number.isInteger(l[1])
      && l[1] >= 0 && l[1] < targets.length && typeof l[2] === 'string' && IMAGE_ID.test(l[2]);
    if (!ok) throw new Error(`monitor input: lookups[${i}] must be [constructPath, target index, image ID] or with the lookup's properties, got ${short(l)}`);
  });
  return { v: e.v, stack: e.stack, days: e.days as number, targets, lookups: e.lookups as MonitoredLookup[] };
}

/** CloudWatch's rule for a dimension value: 1 to 1,024 characters, not only whitespace. */
export function isDimensionValue(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_DIMENSION_VALUE_CHARS && v.trim().length > 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 80)}...` : s;
}
