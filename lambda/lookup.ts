import { Image } from '@aws-sdk/client-ec2';
import { imageAttributes } from './attributes';
import { describeById, describeOne } from './describe-image';
import { Budget, CloudFormationEvent, LookupResult, UserFacingError } from './events';
import { mixedMessage } from './guard';
import { Log } from './log';
import { ParameterReader } from './parameter-reader';
import { ParameterPick, resolveFromParameter } from './parameter-source';
import { describeQuery, parseProperties } from './properties';
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

  // Properties that produced the image held now, or the one held before it: a rollback (or a revert)
  // gets that exact image back, without choosing again.
  if (current !== undefined && current.digest === digest) {
    return restore({ current, previous: held!.previous }, props, deps, budget);
  }
  if (current !== undefined && held!.previous !== undefined && held!.previous.digest === digest) {
    return restore({ current: held!.previous, previous: current }, props, deps, budget, current.imageId);
  }

  const r = await resolve(props, deps, budget, { heldImageId: current?.imageId });
  if (r.keepHeld && current !== undefined) {
    // A parameter's newer value is not old enough yet: the held image stays, now for these properties,
    // and the properties it was held for stay restorable.
    deps.log?.({ level: 'INFO', message: 'held image kept', imageId: current.imageId, why: r.failure });
    return restore({ current: { imageId: current.imageId, digest }, previous: current }, props, deps, budget);
  }
  if (r.failure !== undefined && r.image === undefined) throw new UserFacingError(`no image selected: ${r.failure}`);
  if (r.failure !== undefined) deps.log?.({ level: 'WARN', message: 'fallback image used', why: r.failure });
  if (r.selection.refused) {
    throw new UserFacingError(`${mixedMessage(r.selection.counts.deprecation, r.selection.mixed)}; query ${describeQuery(props)}`);
  }
  if (r.image === undefined) {
    throw new UserFacingError(`no image selected: ${stageReport(props, r.selection.counts, r.pages)}; query ${describeQuery(props)}`);
  }
  const state: ResourceState = { current: { imageId: r.image.ImageId!, digest }, previous: current };
  return result(state, r.image, r.from, current?.imageId ?? '');
}

/**
 * Answers with `state.current` exactly. Its attributes are described again (they are not in the
 * physical ID); when that fails, because the image was deregistered, is no longer shared, or EC2
 * is unreachable, the answer still holds the image, with empty attributes, and the log says why.
 */
async function restore(state: ResourceState, props: LookupSettings, deps: LookupDeps, budget: Budget,
  previousImageId = state.current.imageId): Promise<LookupResult> {
  const imageId = state.current.imageId;
  const target: Ec2Target = { region: props.region, lookupRoleArn: props.lookupRoleArn };
  let image: Image | undefined;
  let why = 'deregistered, or no longer shared with this account: DescribeImages did not return it';
  try {
    image = await describeById(imageId, target, deps, budget, true);
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : 'unknown error';
    // EC2 answers an ImageIds query for an image it does not know with an error, not an empty page.
    why = /InvalidAMIID/.test(message) ? `deregistered, or no longer shared with this account: ${message}` : `DescribeImages failed: ${message}`;
  }
  if (image === undefined) {
    deps.log?.({ level: 'WARN', message: 'restored image without attributes', imageId, why });
    image = { ImageId: imageId };
  }
  return result(state, image, RESOLVED_FROM.restored, previousImageId);
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

function result(state: ResourceState, image: Image, from: ResolvedFrom, previous: string): LookupResult {
  return {
    physicalResourceId: encodeState(state),
    data: { ...imageAttributes(image), [Attr.imageId]: state.current.imageId, [Attr.resolvedFrom]: from, [Attr.previousImageId]: previous },
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
