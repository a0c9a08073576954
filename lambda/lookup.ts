import { Image } from '@aws-sdk/client-ec2';
import { imageAttributes } from './attributes';
import { describeOne } from './describe-image';
import { Budget, CloudFormationEvent, LookupResult, UserFacingError } from './events';
import { mixedMessage } from './guard';
import { DEAD } from './health';
import { Log } from './log';
import { ParameterReader } from './parameter-reader';
import { ParameterPick, resolveFromParameter } from './parameter-source';
import { describeQuery, parseProperties } from './properties';
import { checkHeld, describeHeld, RepairReason, repairReason } from './repair';
import { COUNTED_STAGES, Selection, Selector, StageCounts, stageLabel } from './selector';
import { decodeState, encodeState, HeldImage, propertiesDigest, ResourceState } from './state';
import { ImageQuery, LookupSettings } from '../src/shared/settings';
import { Attr, RESOLVED_FROM, ResolvedFrom } from '../src/shared/wire';

/** Where a lookup runs: the function's own region and credentials unless these are set. */
export interface Ec2Target {
  readonly region?: string;
  readonly lookupRoleArn?: string;
}

/** Where images come from: DescribeImages in production, anything iterable in tests. */
export type ImagePages = (query: ImageQuery, target: Ec2Target, budget: Budget) => AsyncIterable<Image[]>;

export interface LookupDeps {
  readonly pages: ImagePages;
  /** The deploy-time clock that ages and deprecation are judged by. */
  readonly now: () => number;
  /** Where to say why a restored image has no attributes. */
  readonly log?: Log;
  /** Where a parameter source is read; needed only by lookups that have one. */
  readonly parameters?: ParameterReader;
}

/**
 * The lookup itself: returns the chosen image or throws. It knows nothing of the CloudFormation
 * response protocol.
 */
export async function lookUp(event: CloudFormationEvent, deps: LookupDeps, budget: Budget): Promise<LookupResult> {
  switch (event.RequestType) {
    case 'Delete':
      // Nothing was created, so there is nothing to delete and no reason to call EC2.
      return { physicalResourceId: event.PhysicalResourceId ?? '', data: {} };
    case 'Create':
    case 'Update':
      break;
    default:
      throw new UserFacingError(`unknown RequestType ${JSON.stringify(String(event.RequestType).slice(0, 32))}`);
  }

  const props = parseProperties(event.ResourceProperties);
  const digest = propertiesDigest(event.ResourceProperties);
  const held = event.RequestType === 'Update' ? decodeState(event.PhysicalResourceId) : undefined;
  // A plain physical ID from an earlier release records no digest; the properties of the last
  // successful deploy, which produced it, are the old ones.
  const current: HeldImage | undefined = held && {
    imageId: held.current.imageId,
    digest: held.current.digest ?? propertiesDigest(event.OldResourceProperties),
  };

  // Properties that produced the image held now: the same answer again (repair at deploy sends these
  // at every deploy). Those that produced the image held before it: a rollback (or a revert) gets that
  // exact image back, without choosing again.
  if (current !== undefined && current.digest === digest) {
    return hold({ current, previous: held!.previous, from: held!.from }, current, props, deps, budget);
  }
  if (current !== undefined && held!.previous !== undefined && held!.previous.digest === digest) {
    return hold({ current: held!.previous, previous: current, from: RESOLVED_FROM.restored }, current, props, deps, budget);
  }

  const r = await resolve(props, deps, budget, { heldImageId: current?.imageId });
  if (r.keepHeld && current !== undefined) {
    // A parameter's newer value is not old enough yet: the held image stays, now for these properties,
    // and the properties it was held for stay restorable.
    deps.log?.({ level: 'INFO', message: 'held image kept', imageId: current.imageId, why: r.failure });
    return hold({ current: { imageId: current.imageId, digest }, previous: current, from: RESOLVED_FROM.restored }, current, props, deps, budget);
  }
  return answer(r, props, digest, current, deps);
}

/** The answer for a resolution: the picked image, or the reason nothing was, prefixed by `lead`. */
function answer(r: Resolution, props: LookupSettings, digest: string, previous: HeldImage | undefined, deps: LookupDeps, lead = ''): LookupResult {
  if (r.failure !== undefined && r.image === undefined) throw new UserFacingError(`${lead}no image selected: ${r.failure}`);
  if (r.failure !== undefined) deps.log?.({ level: 'WARN', message: 'fallback image used', why: r.failure });
  if (r.selection.refused) {
    throw new UserFacingError(`${lead}${mixedMessage(r.selection.counts.deprecation, r.selection.mixed)}; query ${describeQuery(props)}`);
  }
  if (r.image === undefined) {
    throw new UserFacingError(`${lead}no image selected: ${stageReport(props, r.selection.counts, r.pages)}; query ${describeQuery(props)}`);
  }
  return result({ current: { imageId: r.image.ImageId!, digest }, previous, from: r.from }, r.image);
}

/**
 * Answers with `state.current`. Its attributes are described again (they are not in the physical
 * ID). Without repair, when that fails, because the image was deregistered, is no longer shared, or
 * EC2 is unreachable, the answer still holds the image, with empty attributes, and the log says why.
 * With repair, a dead image is replaced ({@link repick}), and an image EC2 could not be asked about
 * after every retry is kept, likewise with empty attributes. `heldNow` is the image the resource
 * holds as the event arrives: a replacement's previous image, as for any fresh pick.
 */
async function hold(state: ResourceState, heldNow: HeldImage, props: LookupSettings, deps: LookupDeps, budget: Budget): Promise<LookupResult> {
  const imageId = state.current.imageId;
  const target: Ec2Target = { region: props.region, lookupRoleArn: props.lookupRoleArn };
  const lookup = props.repair === undefined ? await describeHeld(imageId, target, deps, budget) : await checkHeld(imageId, target, deps, budget);
  if (lookup.kind === 'found') {
    const reason = repairReason(lookup, props, deps.now());
    return reason === undefined ? result(state, lookup.image) : repick(state, heldNow, reason, lookup.image, props, deps, budget);
  }
  if (lookup.kind === 'absent' && props.repair !== undefined) {
    return repick(state, heldNow, repairReason(lookup, props, deps.now())!, { ImageId: imageId }, props, deps, budget);
  }
  const why = lookup.kind === 'absent' ? `${DEAD.gone}: DescribeImages did not return it` : `DescribeImages failed: ${lookup.error}`;
  deps.log?.({ level: 'WARN', message: props.repair === undefined ? 'restored image without attributes' : 'held image kept without attributes: its check failed', imageId, why });
  return result(state, { ImageId: imageId });
}

/**
 * Repair: the image to hold is dead (or, at the deprecated level, on its way out), so the lookup
 * picks again with its own source, as a refresh would. The image held as the event arrived becomes
 * the previous one: the dead image itself when it was held, or, when a rollback found the image it
 * would restore dead, the image held before the rollback, so that a rollback of this deploy still
 * brings that back. An image that cannot launch is never picked again; with nothing else, the
 * fallback, else FAILED. A deprecated image still launches, so it stays when nothing else can be
 * picked (the fallback is for an empty selection, not for this).
 */
async function repick(state: ResourceState, heldNow: HeldImage, reason: RepairReason, image: Image, props: LookupSettings,
  deps: LookupDeps, budget: Budget): Promise<LookupResult> {
  const dead = state.current;
  const settings: LookupSettings = reason.cannotLaunch
    ? { ...props, excludeImageIds: [...props.excludeImageIds, dead.imageId] }
    : { ...props, fallbackImageId: undefined };
  const r = await resolve(settings, deps, budget);
  if (!reason.cannotLaunch && (r.image === undefined || r.image.ImageId === dead.imageId || r.selection.refused)) {
    deps.log?.({ level: 'WARN', message: 'held image kept: nothing else to pick', imageId: dead.imageId, why: reason.why });
    return result(state, image);
  }
  // Every state `hold` is given holds its image for the properties being deployed, so their digest is the dead image's.
  const which = dead.imageId === heldNow.imageId ? 'held image' : 'image to restore';
  const answered = answer(r, settings, dead.digest!, heldNow, deps, `${which} ${dead.imageId} ${reason.why}, and `);
  deps.log?.({ level: 'WARN', message: 'held image replaced', imageId: dead.imageId, why: reason.why, by: answered.data[Attr.imageId] });
  return answered;
}

/** What a lookup resolved to, with everything needed to explain it. */
export interface Resolution {
  /** The chosen image: selected, or the fallback; undefined when neither. */
  readonly image?: Image;
  readonly from: ResolvedFrom;
  readonly selection: Selection<Image>;
  readonly pages: number;
  /** The parameter value a parameter source took. */
  readonly parameter?: ParameterPick;
  /** Why a parameter source picked nothing of its own (the fallback may still have been taken). */
  readonly failure?: string;
  /** A parameter source's newer value is not old enough yet, so the held image stays. */
  readonly keepHeld?: boolean;
}

/** What only a preview asks of `resolve`. */
export interface ResolveOptions {
  /** How many of the best images to report in `selection.top` (at least rank + 1). */
  readonly keep?: number;
  /** Called after each page with the number of images it held, for progress. */
  readonly onPage?: (images: number) => void;
  /** The image the resource holds, on an update: a parameter source may keep it. */
  readonly heldImageId?: string;
}

/**
 * Runs the query and the selection stages; falls back to `fallbackImageId` when nothing survives.
 * Shared by the handler and the preview CLI, so that a preview shows what a deploy would pick.
 */
export async function resolve(props: LookupSettings, deps: LookupDeps, budget: Budget, options: ResolveOptions = {}): Promise<Resolution> {
  if (props.sourceParameter !== undefined) return resolveFromParameter(props, deps, budget, options);
  const target: Ec2Target = { region: props.region, lookupRoleArn: props.lookupRoleArn };
  const selector = new Selector<Image>(props, { keep: options.keep ?? 0, now: deps.now() });
  let pages = 0;
  for await (const page of deps.pages(props, target, budget)) {
    pages++;
    for (const image of page) selector.offer(image);
    options.onPage?.(page.length);
  }
  const selection = selector.result();
  if (selection.image !== undefined) return { image: selection.image, from: RESOLVED_FROM.query, selection, pages };
  // An ambiguous query is a mistake to fix, not an absence to paper over with the fallback.
  if (props.fallbackImageId !== undefined && !selection.refused) {
    const fallback = await describeOne(props.fallbackImageId, target, deps, budget);
    return { image: fallback, from: RESOLVED_FROM.fallback, selection, pages };
  }
  return { from: RESOLVED_FROM.query, selection, pages };
}

/**
 * The answer that holds `state`. `ResolvedFrom` is the one recorded with the image, and
 * `PreviousImageId` the image recorded before it, so that holding the same state again answers with
 * the same `Data`.
 */
function result(state: ResourceState, image: Image): LookupResult {
  return {
    physicalResourceId: encodeState(state),
    data: {
      ...imageAttributes(image),
      [Attr.imageId]: state.current.imageId,
      [Attr.resolvedFrom]: state.from ?? RESOLVED_FROM.restored,
      [Attr.previousImageId]: state.previous?.imageId ?? '',
    },
  };
}

/**
 * Which stage removed the last image: every counted stage's count, in the order of STAGES, whether
 * it was configured or not, so that the first 0 names the culprit.
 */
export function stageReport(props: Pick<LookupSettings, 'rank'>, c: StageCounts, pages: number): string {
  const kept = COUNTED_STAGES.map((s) => `by ${s.label} ${c[s.id]}`).join(', ');
  const rank = props.rank > 0 ? `, and ${stageLabel('rank')} ${props.rank} needs ${props.rank + 1}` : '';
  return `EC2 returned ${c.api} image(s) in ${pages} page(s); kept ${kept}${rank}`;
}
