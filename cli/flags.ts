/**
 * The CLI's flags, each written once. The usage texts (usage.ts, status-usage.ts), the parsers'
 * options and the lookup a command line describes (args.ts, status-args.ts), and the translation of
 * messages into flag words (flag-words.ts) are all derived from this table, so that a flag cannot be
 * in one and missing from another.
 */
import { Limits } from '../src/shared/formats';
import { fallbackToDeprecatedProblem } from '../src/shared/selection-rules';
import { GivenSettings } from '../src/shared/settings';
import { ORDERS, Prop } from '../src/shared/wire';

/** How a flag's text becomes its value; values.ts reads each kind. */
export type ValueKind =
  | { readonly kind: 'string' }
  /** Repeatable: every value, in order. */
  | { readonly kind: 'list' }
  | { readonly kind: 'boolean' }
  /** `--no-x`: sets x to false; unset without it. */
  | { readonly kind: 'negated' }
  | { readonly kind: 'wholeNumber'; readonly min: number; readonly max: number; readonly note?: string }
  /** 7d, 12h, P7D...: whole seconds. */
  | { readonly kind: 'duration' }
  /** Repeatable `<name>=<v1>[,<v2>...]`: filters by name. */
  | { readonly kind: 'filter' }
  /** An instance type: the architecture it runs. */
  | { readonly kind: 'instanceType' }
  /** An SSM parameter name. */
  | { readonly kind: 'parameterName' }
  | { readonly kind: 'url' }
  | { readonly kind: 'regionName' };

/** The help's sections, in their order. Options steer the run rather than describe a lookup: --app goes with them alone. */
export const GROUPS = ['Query', 'Selection', 'Options'] as const;
export type Group = typeof GROUPS[number];

type WireProperty = typeof Prop[keyof typeof Prop];

/** The commands that take flags. */
export type Command = 'preview' | 'status';

/** How many candidates a preview lists without --top. */
export const DEFAULT_TOP = 5;
/** How many days ahead `status` warns of a deprecation without --warn-days. */
export const DEFAULT_WARN_DAYS = 30;

export interface Flag {
  /** Without the leading `--`. */
  readonly name: string;
  readonly short?: string;
  /** The value's placeholder in the help; a flag without one takes no value. */
  readonly arg?: string;
  readonly value: ValueKind;
  /** What the flag sets in the lookup; none for the options, and for --parameter-name, which only names where a deploy writes the pick. */
  readonly setting?: keyof GivenSettings & string;
  /** The construct's prop the flag stands for, so that synth and deploy messages name the flag instead. */
  readonly prop?: string;
  /** The custom resource property the flag stands for, likewise. */
  readonly property?: WireProperty;
  /** The prop is an ordinary word too ("rank", "region"): translated only where it names the setting. */
  readonly ordinaryWord?: true;
  /** A rule between this setting and others, in the construct's words; checked once the flag is read. */
  readonly check?: (spec: GivenSettings) => string | undefined;
  readonly group: Group;
  /** One line per line of the help; later lines continue the first. */
  readonly help: readonly string[];
  /** The commands that take the flag. @default ['preview'] */
  readonly commands?: readonly Command[];
  /** The help in `status --help`, where the preview's words would be wrong. @default help */
  readonly statusHelp?: readonly string[];
}

const BOTH = ['preview', 'status'] as const;

const TABLE = [
  {
    name: 'owner',
    arg: '<id|alias>',
    value: { kind: 'list' },
    setting: 'owners',
    prop: 'owners',
    property: Prop.owners,
    group: 'Query',
    help: ['an owner: account ID, self, amazon, aws-marketplace, aws-backup-vault (repeatable)'],
  },
  {
    name: 'executable-user',
    arg: '<id|alias>',
    value: { kind: 'list' },
    setting: 'executableUsers',
    prop: 'executableUsers',
    property: Prop.executableUsers,
    group: 'Query',
    help: ['an account ID, self or all (repeatable)'],
  },
  {
    name: 'image-id',
    arg: '<ami-...>',
    value: { kind: 'list' },
    setting: 'imageIds',
    prop: 'imageIds',
    property: Prop.imageIds,
    group: 'Query',
    help: ['an image ID (repeatable)'],
  },
  {
    name: 'filter',
    arg: '<name>=<v1>[,<v2>...]',
    value: { kind: 'filter' },
    setting: 'filters',
    prop: 'filters',
    property: Prop.filters,
    group: 'Query',
    help: ['a DescribeImages filter, values OR\'ed, * and ? wildcards (repeatable)'],
  },
  {
    name: 'include-deprecated',
    value: { kind: 'boolean' },
    setting: 'includeDeprecated',
    prop: 'includeDeprecated',
    property: Prop.includeDeprecated,
    group: 'Query',
    help: ['include deprecated images'],
  },
  {
    name: 'include-disabled',
    value: { kind: 'boolean' },
    setting: 'includeDisabled',
    prop: 'includeDisabled',
    property: Prop.includeDisabled,
    group: 'Query',
    help: ['include disabled images'],
  },
  {
    name: 'allow-unpinned-owner',
    value: { kind: 'boolean' },
    setting: 'allowUnpinnedOwner',
    prop: 'allowUnpinnedOwner',
    property: Prop.allowUnpinnedOwner,
    group: 'Query',
    help: ['allow a query not pinned to an owner'],
  },
  {
    // No property of its own: the construct turns the instance type into an architecture filter.
    name: 'instance-type',
    arg: '<type>',
    value: { kind: 'instanceType' },
    setting: 'architecture',
    prop: 'instanceType',
    group: 'Query',
    help: ['ask only for images of the architecture this type runs (arm64 for m7g.large)'],
  },
  {
    name: 'source-parameter',
    arg: '<name|arn>',
    value: { kind: 'string' },
    setting: 'sourceParameter',
    prop: 'sourceParameter',
    property: Prop.sourceParameter,
    group: 'Query',
    help: ['read the image ID from this SSM parameter (:<version> or :<label> optional) instead of', 'querying; with --min-age, its newest value that has stood that long'],
  },
  {
    name: 'name-regex',
    arg: '<pattern>',
    value: { kind: 'string' },
    setting: 'nameRegex',
    prop: 'nameRegex',
    property: Prop.nameRegex,
    group: 'Selection',
    help: ['keep names matching this regular expression (RE2 syntax, linear time)'],
  },
  {
    name: 'min-age',
    arg: '<duration>',
    value: { kind: 'duration' },
    setting: 'minAgeSeconds',
    prop: 'minAge',
    property: Prop.minAgeSeconds,
    group: 'Selection',
    help: ['keep images at least this old (e.g. 7d, 12h, 90m, 3600s, P7D)'],
  },
  {
    name: 'max-age',
    arg: '<duration>',
    value: { kind: 'duration' },
    setting: 'maxAgeSeconds',
    prop: 'maxAge',
    property: Prop.maxAgeSeconds,
    group: 'Selection',
    help: ['keep images at most this old'],
  },
  {
    name: 'exclude-image-id',
    arg: '<ami-...>',
    value: { kind: 'list' },
    setting: 'excludeImageIds',
    prop: 'excludeImageIds',
    property: Prop.excludeImageIds,
    group: 'Selection',
    help: ['never pick this image (repeatable)'],
  },
  {
    name: 'no-fallback-to-deprecated',
    value: { kind: 'negated' },
    setting: 'fallbackToDeprecated',
    prop: 'fallbackToDeprecated',
    property: Prop.fallbackToDeprecated,
    group: 'Selection',
    check: (spec) => fallbackToDeprecatedProblem(spec.includeDeprecated, spec.fallbackToDeprecated),
    help: ['never pick a deprecated image, even when nothing else is left'],
  },
  {
    name: 'order',
    arg: '<order>',
    value: { kind: 'string' },
    setting: 'order',
    prop: 'order',
    property: Prop.order,
    group: 'Selection',
    help: [`${ORDERS.newestCreationDate} (default), ${ORDERS.oldestCreationDate}, ${ORDERS.naturalName}, ${ORDERS.tagValue}`],
  },
  {
    name: 'order-tag-key',
    arg: '<key>',
    value: { kind: 'string' },
    setting: 'orderTagKey',
    prop: 'orderTagKey',
    property: Prop.orderTagKey,
    group: 'Selection',
    help: [`the tag whose greatest value (natural order) ranks first, with --order ${ORDERS.tagValue}`],
  },
  {
    name: 'rank',
    arg: '<n>',
    value: { kind: 'wholeNumber', min: 0, max: Limits.maxRank, note: ' (0 is the best image)' },
    setting: 'rank',
    prop: 'rank',
    property: Prop.rank,
    ordinaryWord: true,
    group: 'Selection',
    help: [`pick the n-th image in the order (0 = best, up to ${Limits.maxRank})`],
  },
  {
    name: 'fallback-image-id',
    arg: '<ami-...>',
    value: { kind: 'string' },
    setting: 'fallbackImageId',
    prop: 'fallbackImageId',
    property: Prop.fallbackImageId,
    group: 'Selection',
    help: ['use this image when nothing survives'],
  },
  {
    name: 'allow-mixed-images',
    value: { kind: 'boolean' },
    setting: 'allowMixedImages',
    prop: 'allowMixedImages',
    property: Prop.allowMixedImages,
    group: 'Selection',
    help: ['pick even when the images left differ in architecture, platform, root', 'device type or virtualization type (refused by default)'],
  },
  {
    name: 'lookup-role-arn',
    arg: '<arn>',
    value: { kind: 'string' },
    setting: 'lookupRoleArn',
    prop: 'lookupRoleArn',
    property: Prop.lookupRoleArn,
    group: 'Selection',
    help: ['assume this role and look up with its credentials'],
  },
  {
    // Not a setting of the lookup: the construct writes the pick to this parameter, and the preview shows it.
    name: 'parameter-name',
    arg: '<name>',
    value: { kind: 'parameterName' },
    prop: 'parameterName',
    group: 'Selection',
    help: ['show the SSM parameter a deploy would write the image ID to'],
  },
  {
    name: 'app',
    arg: '<dir>',
    value: { kind: 'string' },
    group: 'Options',
    help: ['preview every Custom::AmiLookup in this cloud assembly (cdk.out)'],
    commands: BOTH,
    statusHelp: ['the stacks and lookups of this cloud assembly (cdk.out), compared with what is deployed'],
  },
  {
    name: 'stack',
    arg: '<name>',
    value: { kind: 'list' },
    group: 'Options',
    help: ['a deployed stack to read; with --app, only these of its stacks (repeatable)'],
    commands: ['status'],
  },
  {
    // The stack's region, not the lookup's own region prop, which no flag sets: a message naming that
    // prop names --region, the one region a user can type.
    name: 'region',
    arg: '<region>',
    value: { kind: 'regionName' },
    prop: 'region',
    property: Prop.region,
    ordinaryWord: true,
    group: 'Options',
    help: ['the region the stack deploys to (see Region below)'],
    commands: BOTH,
    statusHelp: ['the region of the stacks (default: see Stacks below)'],
  },
  {
    name: 'endpoint',
    arg: '<url>',
    value: { kind: 'url' },
    group: 'Options',
    help: ['an EC2-compatible endpoint (default: see Endpoints below)'],
    commands: BOTH,
  },
  {
    name: 'top',
    arg: '<n>',
    value: { kind: 'wholeNumber', min: 1, max: 100 },
    group: 'Options',
    help: [`how many candidates to list (default ${DEFAULT_TOP})`],
  },
  {
    name: 'warn-days',
    arg: '<n>',
    value: { kind: 'wholeNumber', min: 0, max: 3650 },
    group: 'Options',
    help: [`warn when a pinned image deprecates within n days (default ${DEFAULT_WARN_DAYS})`],
    commands: ['status'],
  },
  {
    name: 'json',
    value: { kind: 'boolean' },
    group: 'Options',
    help: ['print JSON for scripts'],
    commands: BOTH,
  },
  {
    name: 'help',
    short: 'h',
    value: { kind: 'boolean' },
    group: 'Options',
    help: ['show this help'],
    commands: BOTH,
  },
] as const satisfies readonly Flag[];

/** Every flag, in the help's order; ties between "did you mean" suggestions go to the earlier. */
export const FLAGS: readonly Flag[] = TABLE;

/** The flags a command takes, in the help's order, with the help that command shows. */
export function flagsOf(command: Command): readonly Flag[] {
  return FLAGS.filter((f) => (f.commands ?? ['preview']).includes(command))
    .map((f) => (command === 'status' && f.statusHelp !== undefined ? { ...f, help: f.statusHelp } : f));
}

/** The settings some flag sets, as a type: the flags test makes tsc refuse a key of GivenSettings left undecided. */
export type FlaggedSetting = Extract<typeof TABLE[number], { readonly setting: unknown }>['setting'];
