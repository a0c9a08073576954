/**
 * One image by its ID, for the images a lookup names rather than queries: the held image a rollback
 * restores, the fallback, and the value of a source parameter.
 */
import { Image } from '@aws-sdk/client-ec2';
import { Budget, UserFacingError } from './events';
import type { Ec2Target, LookupDeps } from './lookup';
import { ImageQuery } from '../src/shared/settings';

/** One image by its ID, or undefined when EC2 does not return it. */
export async function describeById(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget,
  includeDisabled: boolean): Promise<Image | undefined> {
  const query: ImageQuery = { owners: [], executableUsers: [], imageIds: [imageId], includeDeprecated: true, includeDisabled, filters: [] };
  for await (const page of deps.pages(query, target, budget)) {
    const found = page.find((i) => i.ImageId === imageId);
    if (found) return found;
  }
  return undefined;
}

/** Fetches the fallback image, so its attributes are as real as a selected image's. */
export async function describeOne(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget): Promise<Image> {
  let found: Image | undefined;
  try {
    found = await describeById(imageId, target, deps, budget, false);
  } catch (e) {
    if (e instanceof UserFacingError) throw new UserFacingError(`nothing was selected and the fallback image failed: ${e.message}`);
    throw e;
  }
  if (found === undefined) throw new UserFacingError(`nothing was selected and the fallback image ${imageId} was not found`);
  return found;
}

