/**
 * Which region the preview searches for a lookup. It is the deploy-time function's rule, widened by
 * what only the CLI knows (steps 2 and 3):
 *
 *   1. the lookup's own `region` prop: it is part of the query, so nothing overrides it;
 *   2. the region the stack deploys to, as the CLI's `--region` states it (it overrides 3);
 *   3. the stack's region, from the cloud assembly;
 *   4. `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the AWS profile's region.
 *
 * In the function, 2 and 3 do not exist and `AWS_REGION` is always the function's own region, so the
 * rule reduces to what lambda/lookup.ts does: the lookup's region, else the SDK's default, the
 * function's own. Only the CLI needs this file.
 */

/** Where the searched region came from, as the CLI reports it. */
export type RegionSource = 'the lookup\'s region prop' | '--region' | 'the stack\'s region' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'the AWS profile';

export interface RegionInputs {
  readonly lookup?: string;
  readonly override?: string;
  readonly stack?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The AWS profile's region (the CLI reads the shared config files; the function has none). */
  readonly profile?: () => Promise<string | undefined>;
}

export interface SearchedRegion {
  readonly region: string;
  readonly source: RegionSource;
}

/** The region to search, or undefined when no source names one. */
export async function regionToSearch(inputs: RegionInputs): Promise<SearchedRegion | undefined> {
  const ordered: Array<[string | undefined, RegionSource]> = [
    [inputs.lookup, 'the lookup\'s region prop'],
    [inputs.override, '--region'],
    [inputs.stack, 'the stack\'s region'],
    [inputs.env.AWS_REGION, 'AWS_REGION'],
    [inputs.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'],
  ];
  for (const [region, source] of ordered) if (region) return { region, source };
  const fromProfile = await inputs.profile?.();
  return fromProfile ? { region: fromProfile, source: 'the AWS profile' } : undefined;
}
