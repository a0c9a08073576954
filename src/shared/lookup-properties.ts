/**
 * The one mapping from a lookup, as plain data, to the custom resource properties the handler reads.
 * The construct uses it for its props, the preview CLI for its flags, and the tests and the dev kit
 * for the events they send; none writes a property name of its own. Pure: no aws-cdk-lib, so the CLI
 * bundles it.
 *
 * Internal: not exported from the package's index.
 */
import { withDefaultFilters } from './rules';
import { OrderName, ORDERS, PROVIDER_PROPERTIES, Prop } from './wire';

/** A lookup as plain data: what the construct's props and the CLI's flags both come down to. */
export interface LookupSpec {
  readonly owners?: readonly string[];
  readonly executableUsers?: readonly string[];
  readonly imageIds?: readonly string[];
  readonly includeDeprecated?: boolean;
  readonly includeDisabled?: boolean;
  readonly filters?: { readonly [name: string]: readonly string[] };
  /** The architecture the instance type runs: the query asks for it alone. */
  readonly architecture?: string;
  readonly allowUnpinnedOwner?: boolean;
  readonly nameRegex?: string;
  readonly minAgeSeconds?: number;
  readonly maxAgeSeconds?: number;
  readonly excludeImageIds?: readonly string[];
  readonly fallbackToDeprecated?: boolean;
  /** A wire order name; anything else is left for the handler's parser to refuse. */
  readonly order?: OrderName | string;
  /** The tag key of the `tag-value` order. */
  readonly orderTagKey?: string;
  readonly rank?: number;
  readonly fallbackImageId?: string;
  readonly refreshToken?: string;
  readonly region?: string;
  readonly lookupRoleArn?: string;
  readonly allowMixedImages?: boolean;
}

/**
 * The query's filters as given, with the instance type's architecture in place of any architecture
 * filter (check `architectureProblem` in rules.ts first), without the defaults.
 */
export function queryFilters(spec: LookupSpec): { readonly [name: string]: readonly string[] } {
  const given = spec.filters ?? {};
  return spec.architecture === undefined ? given : { ...given, architecture: [spec.architecture] };
}

/**
 * The custom resource properties for a lookup. Unset options are left out, so that adding options
 * in a release never changes existing templates. Values may be CDK tokens; they pass through.
 */
export function lookupProperties(spec: LookupSpec): Record<string, unknown> {
  const order = spec.order ?? ORDERS.newestCreationDate;
  const properties: Record<string, unknown> = {
    [Prop.owners]: spec.owners,
    [Prop.executableUsers]: spec.executableUsers,
    [Prop.imageIds]: spec.imageIds,
    [Prop.includeDeprecated]: spec.includeDeprecated ?? false,
    [Prop.includeDisabled]: spec.includeDisabled ?? false,
    [Prop.filters]: withDefaultFilters(queryFilters(spec)).map((f) => ({ Name: f.name, Values: f.values })),
    [Prop.allowUnpinnedOwner]: spec.allowUnpinnedOwner ? true : undefined,
    [Prop.nameRegex]: spec.nameRegex,
    [Prop.minAgeSeconds]: spec.minAgeSeconds,
    [Prop.maxAgeSeconds]: spec.maxAgeSeconds,
    [Prop.excludeImageIds]: spec.excludeImageIds?.length ? spec.excludeImageIds : undefined,
    [Prop.fallbackToDeprecated]: spec.fallbackToDeprecated === false ? false : undefined,
    [Prop.order]: order === ORDERS.newestCreationDate ? undefined : order,
    [Prop.rank]: spec.rank ? spec.rank : undefined,
    [Prop.fallbackImageId]: spec.fallbackImageId,
    [Prop.refreshToken]: spec.refreshToken,
    [Prop.region]: spec.region,
    [Prop.lookupRoleArn]: spec.lookupRoleArn,
    [Prop.allowMixedImages]: spec.allowMixedImages ? true : undefined,
    [Prop.orderTagKey]: spec.orderTagKey,
  };
  for (const key of Object.keys(properties)) if (properties[key] === undefined) delete properties[key];
  return properties;
}

/** A custom resource's properties without what the provider adds: the lookup's own properties. */
export function withoutProviderProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !PROVIDER_PROPERTIES.includes(key)));
}

/** What CloudFormation does to template properties before a custom resource sees them: scalars become strings. */
export function asCloudFormationSends(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  return typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
}
