import { Image } from '@aws-sdk/client-ec2';
import { imageAttributes } from './attributes';
import { CloudFormationEvent, LookupResult, UserFacingError } from './events';
import { describeQuery, parseQuery, Query } from './properties';
import { BestImage } from './selector';

/** Where images come from: DescribeImages in production, anything iterable in tests. */
export type ImagePages = (query: Query, signal: AbortSignal) => AsyncIterable<Image[]>;

/**
 * The lookup itself: returns the chosen image or throws. It knows nothing of the CloudFormation
 * response protocol.
 */
export async function lookUp(event: CloudFormationEvent, pages: ImagePages, signal: AbortSignal): Promise<LookupResult> {
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

  const query = parseQuery(event.ResourceProperties);
  const best = new BestImage<Image>();
  let pageCount = 0;
  for await (const page of pages(query, signal)) {
    pageCount++;
    for (const image of page) best.offer(image);
  }
  const image = best.best;
  if (image === undefined) {
    throw new UserFacingError(`no image matched the query ${describeQuery(query)}; `
      + `EC2 returned ${best.count} image(s) in ${pageCount} page(s)`);
  }
  return { physicalResourceId: image.ImageId!, data: imageAttributes(image) };
}
