/**
 * `status`: every deployed Custom::AmiLookup, how healthy its pin is, and what the next deploy and a
 * refresh would pick. It reads the stacks (cli/deployed-stacks.ts), decodes each physical ID with
 * the handler's own state module, describes the held images in batches (cli/held-images.ts),
 * judges them by the shared health rules (lambda/health.ts), and re-resolves local lookups with the
 * preview's selection code, each distinct query paged once (cli/shared-pages.ts).
 */
import { Image } from '@aws-sdk/client-ec2';
import { assemblyLookupsOrStop } from './assembly';
import { awsErrorMessage, NO_REGION } from './aws-errors';
import { mapBounded } from './bounded';
import { cloudFormationClients, DeployedResource, DeployedStack, readStack } from './deployed-stacks';
import { STATUS_EXIT } from './exit';
import { describeHeldImages, DescribeByIds, heldKey } from './held-images';
import { RegionSource, regionToSearch } from './region';
import { StatusOptions } from './status-args';
import { Verdict, verdictOf } from './verdict';
import { HeldImageLookup, ImageHealth, judgeHeldImage } from '../lambda/health';
import { Ec2Target, ImagePages, resolve } from '../lambda/lookup';
import { ParameterReader } from '../lambda/parameter-reader';
import { parseProperties } from '../lambda/properties';
import { decodeState, propertiesDigest, ResourceState } from '../lambda/state';
import { LookupSettings } from '../src/shared/settings';

/** Stacks read at once: enough to hide CloudFormation's latency, few enough not to be throttled. */
export const STACK_CONCURRENCY = 8;
/** Queries re-resolved at once. */
const RESOLVE_CONCURRENCY = 4;

/** A held image, as EC2 described it and health judged it. */
export interface HeldReport {
  readonly imageId: string;
  readonly image?: Image;
  readonly health: ImageHealth;
  /** Why EC2 could not be asked, when it could not. */
  readonly error?: string;
}

/** An image a deploy or a refresh would pick, or why it would pick none. */
export interface Pick {
  readonly imageId?: string;
  readonly image?: Image;
  /** `restored`: the next deploy brings back the previous image (a revert); `query`, `fallback`: a fresh pick. */
  readonly from?: string;
  readonly error?: string;
  /** The error was AWS's (the query could not run), not the selection's. */
  readonly failed?: boolean;
}

export interface StatusRow {
  readonly stack: string;
  readonly stackRegion: string;
  /** The construct path with --app; the logical ID without. */
  readonly path: string;
  readonly logicalId: string;
  /** Absent for a local lookup the deployed stack does not have yet. */
  readonly physicalId?: string;
  readonly resourceStatus?: string;
  /** Where its images were described and its query ran. */
  readonly target: Ec2Target;
  readonly regionSource: RegionSource | 'the stack\'s region';
  readonly pinned?: HeldReport;
  readonly previous?: HeldReport;
  /** Null when unknown: no local lookup, or a plain physical ID without a digest. */
  readonly inSync: boolean | null;
  readonly syncNote: string;
  /** What the next deploy would put in place; undefined when it would not touch the lookup. */
  readonly nextDeploy?: Pick;
  /** What re-resolving the same query now gives; undefined without a local lookup. */
  readonly refresh?: Pick;
  /** Days the refresh pick is newer than the pin (negative: older); undefined when either date is unknown. */
  readonly refreshNewerByDays?: number;
  readonly verdict: Verdict;
  readonly reason: string;
}

/** A stack with nothing to judge, or that could not be read; `lookups` are its local ones, if any. */
export interface StackNote {
  readonly stack: string;
  readonly region?: string;
  readonly problem: 'not deployed' | 'no lookups' | 'error';
  readonly error?: string;
  readonly lookups: string[];
}

export interface StatusReport {
  readonly checkedAt: string;
  readonly warnDays: number;
  readonly rows: StatusRow[];
  readonly stacks: StackNote[];
  readonly exitCode: number;
}

export interface StatusDeps {
  readonly pages: ImagePages;
  /** Where a parameter source is read, for what a lookup with one would pick. */
  readonly parameters?: ParameterReader;
  readonly describe: DescribeByIds;
  readonly signal: AbortSignal;
  readonly now: number;
  readonly profileRegion: () => Promise<string | undefined>;
  readonly progress: (event: 'stack' | 'images' | 'query') => void;
  /** IDs per DescribeImages call. @default BATCH_SIZE */
  readonly batchSize?: number;
}

interface LocalLookup {
  readonly path: string;
  readonly logicalId: string;
  readonly properties?: Record<string, unknown>;
  readonly unresolved?: string;
}

/** A lookup to report: deployed, local, or both. */
interface Pending {
  readonly plan: StackPlan;
  readonly region: string;
  readonly resource?: DeployedResource;
  readonly local?: LocalLookup;
  readonly settings?: LookupSettings;
  readonly localError?: string;
}

interface StackPlan {
  readonly name: string;
  readonly region?: string;
  readonly regionSource?: RegionSource;
  readonly local?: LocalLookup[];
}

/** The stacks to read: the assembly's (only those named with --stack, when given), then --stack's others. */
async function planStacks(options: StatusOptions, deps: StatusDeps): Promise<StackPlan[]> {
  const local = new Map<string, { region?: string; lookups: LocalLookup[] }>();
  const matched = new Set<string>();
  if (options.app !== undefined) {
    const lookups = assemblyLookupsOrStop(options.app);
    for (const l of lookups) {
      const names = [l.cloudFormationName, l.stackName];
      if (options.stacks.length > 0 && !names.some((n) => options.stacks.includes(n))) continue;
      names.forEach((n) => matched.add(n));
      const entry = local.get(l.cloudFormationName) ?? { region: l.stackRegion, lookups: [] };
      entry.lookups.push({ path: l.constructPath, logicalId: l.logicalId, properties: l.properties, unresolved: l.unresolved });
      local.set(l.cloudFormationName, entry);
    }
  }
  // Stacks named that the assembly does not have are read as deployed, with nothing local to compare.
  const named = options.stacks.filter((s) => !matched.has(s));
  const plans: StackPlan[] = [];
  const regionOf = (stack?: string) => regionToSearch({ override: options.region, stack, env: process.env, profile: deps.profileRegion });
  for (const [name, entry] of local) {
    const r = await regionOf(entry.region);
    plans.push({ name, region: r?.region, regionSource: r?.source, local: entry.lookups });
  }
  for (const name of named) {
    const r = await regionOf(undefined);
    plans.push({ name, region: r?.region, regionSource: r?.source });
  }
  return plans;
}

export async function statusOf(options: StatusOptions, deps: StatusDeps): Promise<StatusReport> {
  const plans = await planStacks(options, deps);
  const cfn = cloudFormationClients();
  let deployed: Array<DeployedStack | undefined>;
  try {
    deployed = await mapBounded(plans, STACK_CONCURRENCY, async (p) => {
      if (p.region === undefined) return undefined;
      const read = await readStack(cfn.get(p.region), p.name, p.region, deps.signal);
      deps.progress('stack');
      return read;
    });
  } finally {
    cfn.destroy();
  }

  const stacks: StackNote[] = [];
  const pending: Pending[] = [];
  plans.forEach((plan, i) => {
    const read = deployed[i];
    const localPaths = (plan.local ?? []).map((l) => l.path);
    if (read === undefined) return stacks.push({ stack: plan.name, problem: 'error', error: NO_REGION, lookups: localPaths });
    if (read.kind === 'error') return stacks.push({ stack: plan.name, region: read.region, problem: 'error', error: read.error, lookups: localPaths });
    if (read.kind === 'not deployed') return stacks.push({ stack: plan.name, region: read.region, problem: 'not deployed', lookups: localPaths });
    if (read.lookups.length === 0 && localPaths.length === 0) return stacks.push({ stack: plan.name, region: read.region, problem: 'no lookups', lookups: [] });
    const byLogicalId = new Map((plan.local ?? []).map((l) => [l.logicalId, l]));
    const seen = new Set<string>();
    for (const resource of read.lookups) {
      const local = byLogicalId.get(resource.logicalId);
      seen.add(resource.logicalId);
      pending.push({ plan, region: read.region, resource, local, ...settingsOf(local) });
    }
    for (const local of plan.local ?? []) if (!seen.has(local.logicalId)) pending.push({ plan, region: read.region, local, ...settingsOf(local) });
    return undefined;
  });

  const targetOf = (p: Pending): Ec2Target => ({ region: p.settings?.region ?? p.region, lookupRoleArn: p.settings?.lookupRoleArn });
  const states = pending.map((p) => (p.resource ? decodeState(p.resource.physicalId) : undefined));
  const wanted = pending.flatMap((p, i) => [states[i]?.current, states[i]?.previous]
    .filter((h) => h !== undefined).map((h) => ({ imageId: h.imageId, target: targetOf(p) })));
  const described = await describeHeldImages(wanted, async (ids, target) => {
    const images = await deps.describe(ids, target);
    deps.progress('images');
    return images;
  }, deps.batchSize);
  const report = (imageId: string, target: Ec2Target): HeldReport => {
    const lookup: HeldImageLookup<Image> = described.get(heldKey(imageId, target)) ?? { kind: 'unknown', error: 'not described' };
    return { imageId, image: lookup.kind === 'found' ? lookup.image : undefined, health: judgeHeldImage(lookup, deps.now), error: lookup.kind === 'unknown' ? lookup.error : undefined };
  };

  const refreshes = await mapBounded(pending, RESOLVE_CONCURRENCY, async (p) => {
    if (!p.settings) return undefined;
    const settings: LookupSettings = { ...p.settings, region: targetOf(p).region };
    try {
      const lookupDeps = { pages: deps.pages, parameters: deps.parameters, now: () => deps.now };
      const r = await resolve(settings, lookupDeps, { signal: deps.signal, deadline: deps.now + 15 * 60_000 });
      deps.progress('query');
      if (r.image) return { imageId: r.image.ImageId, image: r.image, from: r.from } as Pick;
      return { error: r.selection.refused ? 'the query is ambiguous (see preview)' : 'no image selected (see preview)' } as Pick;
    } catch (e) {
      return { error: awsErrorMessage(e), failed: true } as Pick;
    }
  });

  const rows = pending.map((p, i): StatusRow => {
    const target = targetOf(p);
    const state = states[i];
    const pinned = state && report(state.current.imageId, target);
    const previous = state?.previous && report(state.previous.imageId, target);
    const refresh = refreshes[i];
    const sync = syncOf(p.resource, state, p.local, p.localError);
    const next = sync.next === 'fresh' ? refresh
      : sync.next === 'restore' ? { imageId: state!.previous!.imageId, image: previous?.image, from: 'restored' } : undefined;
    const nextDeployChanges = next !== undefined && next.imageId !== pinned?.imageId;
    const refreshDiffers = refresh?.imageId !== undefined && refresh.imageId !== pinned?.imageId;
    const verdict = p.resource === undefined
      ? verdictOf({ health: { launch: 'can launch', deprecated: false }, nextDeployChanges: true, refreshDiffers, warnDays: options.warnDays })
      : verdictOf({ health: pinned?.health, nextDeployChanges, refreshDiffers, warnDays: options.warnDays });
    const newer = daysBetween(pinned?.image?.CreationDate, refresh?.image?.CreationDate);
    const row: Omit<StatusRow, 'reason'> = {
      stack: p.plan.name,
      stackRegion: p.region,
      path: p.local?.path ?? `${p.plan.name}/${p.resource!.logicalId}`,
      logicalId: p.local?.logicalId ?? p.resource!.logicalId,
      physicalId: p.resource?.physicalId,
      resourceStatus: p.resource?.status,
      target,
      regionSource: p.settings?.region !== undefined ? 'the lookup\'s region prop' : p.plan.regionSource ?? 'the stack\'s region',
      pinned,
      previous,
      inSync: sync.inSync,
      syncNote: sync.note,
      nextDeploy: next,
      refresh,
      refreshNewerByDays: refreshDiffers ? newer : undefined,
      verdict,
    };
    return { ...row, reason: reasonOf(row, options.warnDays) };
  });

  const errorCode = (r: StatusRow) => (r.refresh?.failed ? STATUS_EXIT.error : STATUS_EXIT.ok);
  const codes = [
    ...rows.map((r) => Math.max(r.verdict.exitCode, errorCode(r))),
    ...stacks.map((s) => (s.problem === 'error' ? STATUS_EXIT.error : STATUS_EXIT.nothingToCheck)),
  ];
  return { checkedAt: new Date(deps.now).toISOString(), warnDays: options.warnDays, rows, stacks, exitCode: Math.max(STATUS_EXIT.ok, ...codes) };
}

function settingsOf(local: LocalLookup | undefined): { settings?: LookupSettings; localError?: string } {
  if (!local) return {};
  if (local.unresolved) return { localError: `cannot compare: ${local.unresolved}` };
  try {
    return { settings: parseProperties(local.properties) };
  } catch (e) {
    return { localError: (e as Error).message };
  }
}

/**
 * Whether the deployed lookup is the local one, and what the next deploy would do with it: the
 * handler's own rule (lambda/lookup.ts lookUp). Properties with the held digest send no update;
 * those with the previous image's digest restore that image; any others pick afresh.
 */
function syncOf(resource: DeployedResource | undefined, state: ResourceState | undefined, local: LocalLookup | undefined,
  localError: string | undefined): { inSync: boolean | null; note: string; next?: 'fresh' | 'restore' } {
  if (resource === undefined) return { inSync: false, note: 'not deployed yet: the next deploy creates it', next: 'fresh' };
  if (state === undefined) return { inSync: false, note: 'the resource holds no image (a failed create): the next deploy creates it anew', next: local ? 'fresh' : undefined };
  if (!local) return { inSync: null, note: 'no local lookup to compare (no --app, or not in it)' };
  if (localError) return { inSync: null, note: localError };
  if (state.current.digest === undefined) {
    return { inSync: null, note: 'unknown: a plain image ID from an earlier release records no digest; a change to the lookup re-resolves it' };
  }
  const digest = propertiesDigest(local.properties);
  if (digest === state.current.digest) return { inSync: true, note: 'the local properties have the deployed digest' };
  if (state.previous?.digest === digest) return { inSync: false, note: 'the local properties are those of the previous image: the next deploy restores it', next: 'restore' };
  return { inSync: false, note: 'the local properties differ from the deployed ones: the next deploy re-resolves', next: 'fresh' };
}

const DAY_MS = 86_400_000;
function daysBetween(from: string | undefined, to: string | undefined): number | undefined {
  const a = from === undefined ? NaN : Date.parse(from);
  const b = to === undefined ? NaN : Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.round((b - a) / DAY_MS);
}

const named = (p: { imageId?: string; image?: Image }) => `${p.imageId}${p.image?.Name ? ` (${p.image.Name})` : ''}`;

function reasonOf(r: Omit<StatusRow, 'reason'>, warnDays: number): string {
  const h = r.pinned?.health;
  switch (r.verdict.kind) {
    case 'cannotLaunch':
      return r.pinned === undefined ? `no image pinned: the physical ID ${JSON.stringify(r.physicalId ?? '')} is not one the handler wrote (a failed create)`
        : `${r.pinned.imageId} is ${h?.deadReason}`;
    case 'cannotCheck':
      return `DescribeImages of ${r.pinned?.imageId} failed: ${r.pinned?.error}`;
    case 'deprecatesSoon':
      return h?.deprecated ? `${r.pinned?.imageId} is deprecated since ${r.pinned?.image?.DeprecationTime}`
        : `${r.pinned?.imageId} deprecates ${r.pinned?.image?.DeprecationTime} (in ${h?.daysUntilDeprecation} days, within ${warnDays})`;
    case 'changesOnNextDeploy':
      return r.nextDeploy?.error ? `the next deploy would fail: ${r.nextDeploy.error}` : `the next deploy picks ${named(r.nextDeploy!)}${r.nextDeploy?.from === 'restored' ? ', the previous image' : ''}`;
    case 'refreshAvailable':
      return `a refresh picks ${named(r.refresh!)}${r.refreshNewerByDays === undefined ? '' : r.refreshNewerByDays >= 0 ? `, newer by ${r.refreshNewerByDays} days` : `, older by ${-r.refreshNewerByDays} days`}`;
    default:
      return 'the pin can launch and does not deprecate soon';
  }
}
