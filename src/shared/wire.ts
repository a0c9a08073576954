/**
 * The wire names: what crosses from the construct (synth time) to the handler (deploy time) and
 * back. The construct writes these property names into the custom resource and reads these
 * attribute names back; the handler (bundled from lambda/) imports this same file.
 *
 * Frozen: renaming anything here changes deployed templates and replaces users' resources. It
 * imports nothing (a lint rule enforces that), so that nothing can be bundled through it by
 * accident. The validation rules, which may evolve, are in the *-rules.ts files.
 *
 * Internal: not exported from the package's index.
 */

/** The CloudFormation resource type of every lookup. */
export const RESOURCE_TYPE = 'Custom::AmiLookup';

/**
 * Properties that CloudFormation's custom resource provider adds to every resource's properties
 * (the construct writes ServiceTimeout too). They say nothing about the lookup.
 */
export const PROVIDER_PROPERTIES: readonly string[] = ['ServiceToken', 'ServiceTimeout'];

/** Names of the custom resource properties the construct writes and the handler reads. */
export const Prop = {
  owners: 'Owners',
  executableUsers: 'ExecutableUsers',
  imageIds: 'ImageIds',
  includeDeprecated: 'IncludeDeprecated',
  includeDisabled: 'IncludeDisabled',
  /** A list of `{ Name, Values }`, sorted by name, exactly as DescribeImages takes it. */
  filters: 'Filters',
  allowUnpinnedOwner: 'AllowUnpinnedOwner',
  /** An RE2-syntax regular expression that names must match somewhere (src/name-pattern.ts). */
  nameRegex: 'NameRegex',
  /** Whole seconds, as a decimal string. */
  minAgeSeconds: 'MinAgeSeconds',
  maxAgeSeconds: 'MaxAgeSeconds',
  excludeImageIds: 'ExcludeImageIds',
  fallbackToDeprecated: 'FallBackToDeprecated',
  /** One of {@link ORDERS}. */
  order: 'Order',
  /** 0 = best, as a decimal string. */
  rank: 'Rank',
  fallbackImageId: 'FallbackImageId',
  /** Any string; a change asks for a new lookup. The handler ignores its value. */
  refreshToken: 'RefreshToken',
  region: 'Region',
  lookupRoleArn: 'LookupRoleArn',
  /** "true" turns the ambiguity guard off; absent otherwise, so that existing templates never change. */
  allowMixedImages: 'AllowMixedImages',
  /** The tag key of the `tag-value` order; present exactly when that order is. */
  orderTagKey: 'OrderTagKey',
  /**
   * The SSM parameter the image ID is read from instead of a query: a name or an ARN, with an
   * optional `:version` or `:label` (source-parameter.ts).
   */
  sourceParameter: 'SourceParameter',
  /** One of {@link REPAIRS}: every deploy checks the held image and picks again when it is dead. Absent: no check. */
  repair: 'Repair',
  /** With {@link REPAIRS}.deprecated: also pick again when the held image deprecates within this many seconds. */
  repairWithinSeconds: 'RepairWithinSeconds',
  /** Any string, new at every synth while repair is on, so that every deploy sends an Update. The handler ignores its value. */
  repairToken: 'RepairToken',
} as const;

/**
 * Properties that say how a held image is checked, not which image to pick. They are left out of the
 * properties digest (lambda/state.ts): turning repair on picks nothing new, and the repair token,
 * which changes at every deploy, never makes a rollback bring back an image that was repaired away.
 */
export const CHECK_PROPERTIES: readonly string[] = [Prop.repair, Prop.repairWithinSeconds, Prop.repairToken];

/** Wire names of the repair levels. */
export const REPAIRS = {
  /** Pick again when the held image cannot launch: deregistered, disabled, no longer shared, or refused by Allowed AMIs. */
  cannotLaunch: 'cannot-launch',
  /** Also when it is deprecated, or deprecates within {@link Prop.repairWithinSeconds}. */
  deprecated: 'deprecated',
} as const;

/** One of the repair levels. */
export type RepairName = typeof REPAIRS[keyof typeof REPAIRS];

/** Wire names of the orders an image can be picked by. */
export const ORDERS = {
  newestCreationDate: 'newest-creation-date',
  oldestCreationDate: 'oldest-creation-date',
  naturalName: 'natural-name',
  /** The greatest value of the tag {@link Prop.orderTagKey}, in natural order; untagged images last. */
  tagValue: 'tag-value',
} as const;

/** One of the order names, derived so that it is never spelt out again. */
export type OrderName = typeof ORDERS[keyof typeof ORDERS];

/** Values of the `ResolvedFrom` attribute. */
export const RESOLVED_FROM = { query: 'query', fallback: 'fallback', restored: 'restored', parameter: 'parameter' } as const;

/** One of the `ResolvedFrom` values. */
export type ResolvedFrom = typeof RESOLVED_FROM[keyof typeof RESOLVED_FROM];

/**
 * Names of the `Data` attributes the handler returns and the construct reads with `Fn::GetAtt`, each
 * also the name of the construct's getter. What each means is documented once, on that getter.
 */
export const Attr = {
  imageId: 'ImageId',
  imageName: 'ImageName',
  creationDate: 'CreationDate',
  architecture: 'Architecture',
  ownerId: 'OwnerId',
  description: 'Description',
  platformDetails: 'PlatformDetails',
  rootDeviceName: 'RootDeviceName',
  rootDeviceType: 'RootDeviceType',
  virtualizationType: 'VirtualizationType',
  deprecationTime: 'DeprecationTime',
  bootMode: 'BootMode',
  enaSupport: 'EnaSupport',
  imdsSupport: 'ImdsSupport',
  tpmSupport: 'TpmSupport',
  rootVolumeSize: 'RootVolumeSize',
  rootVolumeType: 'RootVolumeType',
  imageAllowed: 'ImageAllowed',
  previousImageId: 'PreviousImageId',
  resolvedFrom: 'ResolvedFrom',
} as const;
