import { Image } from '@aws-sdk/client-ec2';
import { imageAttributes } from './attributes';
import { Budget, CloudFormationEvent, LookupResult, UserFacingError } from './events';
import { describeQuery, LookupProperties, parseProperties, Query } from './properties';
import { Selection, Selector, StageCounts } from './selector';
import { Attr, compileNameRegex, RESOLVED_FROM } from '../src/contract';

/** Where a lookup runs: the function's own region and credentials unless these are set. */
export interface Ec2Target {
  readonly region?: string;
  readonly lookupRoleArn?: string;
}

/** Where images come from: DescribeImages in production, anything iterable in tests. */
export type ImagePages = (query: Query, target: Ec2Target, budget: Budget) => AsyncIterable<Image[]>;

export interface LookupDeps {
  readonly pages: ImagePages;
  /** The deploy-time clock that ages and deprecation are judged by. */
  readonly now: () => number;
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
  const previous = event.RequestType === 'Update' && event.PhysicalResourceId?.startsWith('ami-') ? event.PhysicalResourceId : '';
  const r = await resolve(props, deps, budget);
  if (r.image === undefined) {
    throw new UserFacingError(`no image selected: ${stageReport(props, r.selection.counts, r.pages)}; query ${describeQuery(props.query)}`);
  }
  return result(r.image, r.from, previous);
}

/** What a lookup resolved to, with everything needed to explain it. */
export interface Resolution {
  /** The chosen image: selected, or the fallback; undefined when neither. */
  readonly image?: Image;
  readonly from: string;
  readonly selection: Selection<Image>;
  readonly pages: number;
}

/**
 * Runs the query and the selection stages; falls back to `fallbackImageId` when nothing survives.
 * Shared by the handler and the preview CLI, so that a preview shows what a deploy would pick.
 *
 * @param keep how many of the best images to report in `selection.top` (at least rank + 1)
 */
export async function resolve(props: LookupProperties, deps: LookupDeps, budget: Budget, keep = 0,
  onPage?: (images: number) => void): Promise<Resolution> {
  const target: Ec2Target = { region: props.region, lookupRoleArn: props.lookupRoleArn };
  const selector = new Selector<Image>({
    nameRegex: props.nameRegex === undefined ? undefined : compileNameRegex(props.nameRegex),
    minAgeMs: props.minAgeSeconds === undefined ? undefined : props.minAgeSeconds * 1000,
    maxAgeMs: props.maxAgeSeconds === undefined ? undefined : props.maxAgeSeconds * 1000,
    excludeImageIds: new Set(props.excludeImageIds),
    allowDeprecated: props.query.includeDeprecated && props.fallBackToDeprecated,
    order: props.order,
    rank: props.rank,
    keep,
    now: deps.now(),
  });
  let pages = 0;
  for await (const page of deps.pages(props.query, target, budget)) {
    pages++;
    for (const image of page) selector.offer(image);
    onPage?.(page.length);
  }
  const selection = selector.result();
  if (selection.image !== undefined) return { image: selection.image, from: RESOLVED_FROM.query, selection, pages };
  if (props.fallbackImageId !== undefined) {
    const fallback = await describeOne(props.fallbackImageId, target, deps, budget);
    return { image: fallback, from: RESOLVED_FROM.fallback, selection, pages };
  }
  return { from: RESOLVED_FROM.query, selection, pages };
}

function result(image: Image, from: string, previous: string): LookupResult {
  return {
    physicalResourceId: image.ImageId!,
    data: { ...imageAttributes(image), [Attr.resolvedFrom]: from, [Attr.previousImageId]: previous },
  };
}

/** Fetches the fallback image, so its attributes are as real as a selected image's. */
async function describeOne(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget): Promise<Image> {
  const query: Query = { owners: [], executableUsers: [], imageIds: [imageId], includeDeprecated: true, includeDisabled: false, filters: [] };
  try {
    for await (const page of deps.pages(query, target, budget)) {
      const found = page.find((i) => i.ImageId === imageId);
      if (found) return found;
    }
  } catch (e) {
    if (e instanceof UserFacingError) throw new UserFacingError(`nothing was selected and the fallback image failed: ${e.message}`);
    throw e;
  }
  throw new UserFacingError(`nothing was selected and the fallback image ${imageId} was not found`);
}

/** Which stage removed the last image: every stage's count, in order, whether it was configured or not. */
export function stageReport(props: LookupProperties, c: StageCounts, pages: number): string {
  const rank = props.rank > 0 ? `, and rank ${props.rank} needs ${props.rank + 1}` : '';
  return `EC2 returned ${c.api} image(s) in ${pages} page(s); kept by name pattern ${c.namePattern}, by age ${c.age}, `
    + `by deny-list ${c.denyList}, by deprecation ${c.deprecation}${rank}`;
}
