import { createHash } from 'crypto';
import { Token } from 'aws-cdk-lib';
import { MAX_DIMENSION_VALUE_CHARS, MAX_TARGET_INPUT_CHARS, MONITOR_INPUT_VERSION, MonitoredLookup, MonitorInput } from './shared/monitor-wire';

/** One watched lookup as the schedule's input names it. */
export interface WatchedLookup {
  readonly constructPath: string;
  /** A token: the lookup's `ImageId` attribute, so every deploy keeps the input current. */
  readonly imageId: string;
  readonly region?: string;
  readonly lookupRoleArn?: string;
  /** With `checkNewerImages`: the lookup's properties, which the monitor resolves as a refresh would. */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * The longest a token can turn out at deploy time, so that an input is cut before EventBridge's
 * 8,192 characters whatever the tokens resolve to: an image ID is at most `ami-` and 17 digits, a
 * stack name at most 128 characters, an IAM role ARN at most 2,048.
 */
const TOKEN_BOUND = { imageId: 21, stack: 128, region: 32, roleArn: 2048, other: 2048 } as const;

/**
 * The schedule's inputs: as few as fit in 8,192 characters each, counting every token at its
 * longest. The lookups of one input are described together, batched by region and role.
 */
export function monitorInputs(stack: string, days: number, lookups: readonly WatchedLookup[]): MonitorInput[] {
  const inputs: MonitorInput[] = [];
  let current = empty(stack, days);
  for (const l of lookups) {
    const next = withLookup(current, l);
    if (current.lookups.length > 0 && boundChars(next) > MAX_TARGET_INPUT_CHARS) {
      inputs.push(current);
      current = withLookup(empty(stack, days), l);
    } else {
      current = next;
    }
    if (boundChars(current) > MAX_TARGET_INPUT_CHARS) {
      throw new Error(`the monitor's input for ${l.constructPath} alone exceeds EventBridge's ${MAX_TARGET_INPUT_CHARS} characters`);
    }
  }
  inputs.push(current);
  return inputs;
}

/** A construct path as a CloudWatch dimension value: a path over 1,024 characters is cut, and a digest keeps it unique. */
export function dimensionPath(path: string): string {
  if (path.length <= MAX_DIMENSION_VALUE_CHARS) return path;
  const digest = createHash('sha256').update(path).digest('hex').slice(0, 16);
  return `${path.slice(0, MAX_DIMENSION_VALUE_CHARS - 18)}~${digest}`;
}

function empty(stack: string, days: number): MonitorInput {
  return { v: MONITOR_INPUT_VERSION, stack, days, targets: [], lookups: [] };
}

function withLookup(input: MonitorInput, l: WatchedLookup): MonitorInput {
  const target: [string, string] = [l.region ?? '', l.lookupRoleArn ?? ''];
  let t = input.targets.findIndex(([r, a]) => r === target[0] && a === target[1]);
  const targets = t >= 0 ? input.targets : [...input.targets, target];
  if (t < 0) t = targets.length - 1;
  const entry: MonitoredLookup = l.properties === undefined ? [dimensionPath(l.constructPath), t, l.imageId]
    : [dimensionPath(l.constructPath), t, l.imageId, l.properties];
  return { ...input, targets, lookups: [...input.lookups, entry] };
}

/** The input's length in JSON with each token at its longest. */
export function boundChars(input: MonitorInput): number {
  const at = (s: string, bound: number) => (Token.isUnresolved(s) ? 'x'.repeat(bound) : s);
  return JSON.stringify({
    ...input,
    stack: at(input.stack, TOKEN_BOUND.stack),
    targets: input.targets.map(([r, a]) => [at(r, TOKEN_BOUND.region), at(a, TOKEN_BOUND.roleArn)]),
    lookups: input.lookups.map(([p, t, id, properties]) =>
      [p, t, at(id, TOKEN_BOUND.imageId), ...(properties === undefined ? [] : [bounded(properties)])]),
  }).length;
}

/** A value with every token in it at the longest any value in the properties can be (a role ARN). */
function bounded(value: unknown): unknown {
  if (typeof value === 'string') return Token.isUnresolved(value) ? 'x'.repeat(TOKEN_BOUND.other) : value;
  if (Array.isArray(value)) return value.map(bounded);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bounded(v)]));
  return value;
}
