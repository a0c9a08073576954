/**
 * A lookup's settings: the one plain-data shape of a lookup besides the construct's jsii props. The
 * construct and the preview CLI make it from what they are given ({@link lookupSettings}), the one
 * mapping writes it as custom resource properties (lookup-properties.ts), and the handler's parser
 * reads those back into it, so that `parse(write(settings))` is `settings` again. Pure: no
 * aws-cdk-lib, so the CLI bundles it.
 *
 * Internal: not exported from the package's index.
 */
import { withDefaultFilters } from './query-rules';
import { OrderName, ORDERS, Prop, RepairName } from './wire';

/** One DescribeImages filter; values are OR'ed. */
export interface ImageFilter {
  readonly name: string;
  readonly values: readonly string[];
}

/** Every setting of a lookup, defaults filled in. Values may be CDK tokens at synth; they pass through. */
export interface LookupSettings {
  /** DescribeImages `Owners`. */
  readonly owners: readonly string[];
  /** DescribeImages `ExecutableUsers`. */
  readonly executableUsers: readonly string[];
  /** DescribeImages `ImageIds`. */
  readonly imageIds: readonly string[];
  readonly includeDeprecated: boolean;
  readonly includeDisabled: boolean;
  /** Exactly as DescribeImages gets them: sorted by name, the default filters and the instance type's architecture included. */
  readonly filters: readonly ImageFilter[];
  readonly allowUnpinnedOwner: boolean;
  /** RE2 syntax, matched anywhere in the name. */
  readonly nameRegex?: string;
  readonly minAgeSeconds?: number;
  readonly maxAgeSeconds?: number;
  readonly excludeImageIds: readonly string[];
  /** May a deprecated image be picked when no other survives (with `includeDeprecated`)? */
  readonly fallbackToDeprecated: boolean;
  readonly order: OrderName;
  /** Set exactly when `order` is `tag-value`. */
  readonly orderTagKey?: string;
  /** 0 = the best image. */
  readonly rank: number;
  readonly fallbackImageId?: string;
  /** Any string; a change asks for a new lookup. Nothing reads its value. */
  readonly refreshToken?: string;
  readonly region?: string;
  readonly lookupRoleArn?: string;
  readonly allowMixedImages: boolean;
  /** The SSM parameter to read the image ID from, instead of the query (source-parameter.ts). */
  readonly sourceParameter?: string;
  /** Check the held image at every deploy, and pick again when it is dead at this level; undefined: no check. */
  readonly repair?: RepairName;
  /** Set only with `deprecated`: also pick again when the image deprecates within this many seconds. */
  readonly repairWithinSeconds?: number;
  /** Any string, new at every synth while `repair` is set. Nothing reads its value. */
  readonly repairToken?: string;
}

/** The settings a lookup has when nothing is given: each default, written once. */
export const DEFAULT_SETTINGS = {
  owners: [],
  executableUsers: [],
  imageIds: [],
  includeDeprecated: false,
  includeDisabled: false,
  filters: [],
  allowUnpinnedOwner: false,
  excludeImageIds: [],
  fallbackToDeprecated: true,
  order: ORDERS.newestCreationDate,
  rank: 0,
  allowMixedImages: false,
} as const satisfies Omit<LookupSettings, OptionalSettingKey>;

/**
 * How a setting crosses as a custom resource property; the handler's parser has one reader per kind.
 * `text` is a non-empty string; `anyText` passes an empty one through to the rules, which word it.
 */
export type PropertyKind = 'textList' | 'switch' | 'wholeNumber' | 'text' | 'anyText' | 'order' | 'repair' | 'filters';

/** Each setting's custom resource property, how it crosses, and whether it is written at its default too. */
export interface SettingProperty {
  readonly property: typeof Prop[keyof typeof Prop];
  readonly kind: PropertyKind;
  /** Written even at its default: the query's switches and filters, which every template has had. */
  readonly always?: true;
}

/**
 * Every setting's property, in the order the properties are written and read (a template's bytes
 * and the order of the parser's problems follow it). A setting left out here fails tsc.
 */
export const SETTING_PROPERTIES: { readonly [K in keyof LookupSettings]-?: SettingProperty } = {
  owners: { property: Prop.owners, kind: 'textList' },
  executableUsers: { property: Prop.executableUsers, kind: 'textList' },
  imageIds: { property: Prop.imageIds, kind: 'textList' },
  includeDeprecated: { property: Prop.includeDeprecated, kind: 'switch', always: true },
  includeDisabled: { property: Prop.includeDisabled, kind: 'switch', always: true },
  filters: { property: Prop.filters, kind: 'filters', always: true },
  allowUnpinnedOwner: { property: Prop.allowUnpinnedOwner, kind: 'switch' },
  nameRegex: { property: Prop.nameRegex, kind: 'text' },
  minAgeSeconds: { property: Prop.minAgeSeconds, kind: 'wholeNumber' },
  maxAgeSeconds: { property: Prop.maxAgeSeconds, kind: 'wholeNumber' },
  excludeImageIds: { property: Prop.excludeImageIds, kind: 'textList' },
  fallbackToDeprecated: { property: Prop.fallbackToDeprecated, kind: 'switch' },
  order: { property: Prop.order, kind: 'order' },
  rank: { property: Prop.rank, kind: 'wholeNumber' },
  fallbackImageId: { property: Prop.fallbackImageId, kind: 'text' },
  refreshToken: { property: Prop.refreshToken, kind: 'text' },
  region: { property: Prop.region, kind: 'text' },
  lookupRoleArn: { property: Prop.lookupRoleArn, kind: 'text' },
  allowMixedImages: { property: Prop.allowMixedImages, kind: 'switch' },
  orderTagKey: { property: Prop.orderTagKey, kind: 'anyText' },
  sourceParameter: { property: Prop.sourceParameter, kind: 'anyText' },
  repair: { property: Prop.repair, kind: 'repair' },
  repairWithinSeconds: { property: Prop.repairWithinSeconds, kind: 'wholeNumber' },
  repairToken: { property: Prop.repairToken, kind: 'text' },
};

/** The settings' names, in the order of {@link SETTING_PROPERTIES}. */
export const SETTING_NAMES = Object.keys(SETTING_PROPERTIES) as ReadonlyArray<keyof LookupSettings>;

type OptionalSettingKey = { [K in keyof LookupSettings]-?: undefined extends LookupSettings[K] ? K : never }[keyof LookupSettings];

/**
 * What the construct's props and the CLI's flags come down to before defaults: any setting, the
 * filters by name as the construct's `filters` prop takes them, and the architecture the instance
 * type runs (the query then asks for it alone). `order` is any string here, so that a wrong one is
 * left for the handler's parser to refuse in its own words.
 */
export type GivenSettings = {
  readonly [K in Exclude<keyof LookupSettings, 'filters' | 'order'>]?: LookupSettings[K];
} & {
  readonly filters?: { readonly [name: string]: readonly string[] };
  readonly architecture?: string;
  readonly order?: string;
};

/** The DescribeImages query of a lookup: the settings EC2 sees. */
export type ImageQuery = Pick<LookupSettings, 'owners' | 'executableUsers' | 'imageIds' | 'includeDeprecated' | 'includeDisabled' | 'filters'>;

/** The settings with every default filled in, and the filters as DescribeImages gets them. */
export function lookupSettings(given: GivenSettings): LookupSettings {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const { architecture, ...rest } = defined as GivenSettings;
  return {
    ...DEFAULT_SETTINGS,
    ...rest,
    order: (rest.order ?? DEFAULT_SETTINGS.order) as OrderName,
    filters: withDefaultFilters(queryFilters(given.filters ?? {}, architecture)),
  };
}

/**
 * The filters as given, with the instance type's architecture in place of any architecture filter
 * (architecture-rules.ts says first whether they contradict), without the defaults.
 */
export function queryFilters(filters: { readonly [name: string]: readonly string[] },
  architecture: string | undefined): { readonly [name: string]: readonly string[] } {
  return architecture === undefined ? filters : { ...filters, architecture: [architecture] };
}
