/**
 * Bad custom resource properties, as CloudFormation would deliver them (every scalar a string), each
 * with the reason the handler must give. Shared by the bundled-asset suite and the in-process one.
 */
import { lookupProps } from '../../devkit/events';
import { asCloudFormationSends, lookupProperties } from '../../src/shared/lookup-properties';
import { GivenSettings, lookupSettings } from '../../src/shared/settings';
import { Prop } from '../../src/shared/wire';

export interface BadInput {
  readonly name: string;
  readonly properties: Record<string, unknown>;
  /**
   * The lookup that produces these properties, when typed props can express it; the synth suite
   * builds the construct from it (forward, through the one mapping), never from the properties.
   */
  readonly spec?: GivenSettings;
  readonly reason: RegExp;
  /** The synth-time reason, where props put it in other words than the wire form. */
  readonly synthReason?: RegExp;
}

/** The valid lookup every bad input changes one thing of. */
export const VALID_SPEC: GivenSettings = { owners: ['amazon'], filters: { name: ['al2023-ami-2023.*-x86_64'] } };
export const VALID = lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] });
const valid = VALID;
/** A bad input that typed props can express: its properties come from the one mapping. */
const badSpec = (name: string, patch: GivenSettings, reason: RegExp, synthReason?: RegExp): BadInput => {
  const spec = { ...VALID_SPEC, ...patch };
  return { name, spec, properties: asCloudFormationSends(lookupProperties(lookupSettings(spec))) as Record<string, unknown>, reason, synthReason };
};
const filter = (Name: unknown, Values: unknown) => ({ ...valid, [Prop.filters]: [{ Name, Values }] });
const bad = (name: string, patch: Record<string, unknown>, reason: RegExp, synthReason?: RegExp): BadInput =>
  ({ name, properties: { ...valid, ...patch }, reason, synthReason });
const RANK_RANGE = /rank must be a whole number from 0 \(the best image\) to 99/;
const many = (n: number, v = 'x') => Array.from({ length: n }, (_, i) => `${v}${i}`);

const OWNER = /owners: .* is neither a 12-digit account ID nor one of self, amazon, aws-marketplace, aws-backup-vault/;
const USER = /executableUsers: .* is neither a 12-digit account ID nor one of self, all/;
const IMAGE = /imageIds: .* is not an image ID/;
const UNKNOWN_FILTER = /is not a DescribeImages filter \(filter names are case-sensitive\)/;
const bool = (key: string) => new RegExp(`${key} must be "true" or "false", got `);
const whole = (key: string) => new RegExp(`${key} must be a whole number written in decimal digits, got `);
const REGEX = /nameRegex: .* is not a valid regular expression \(RE2 syntax\): /;

/** The valid parameter source the bad parameter inputs change one thing of. */
const PUBLIC_AL2023 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
const badSource = (name: string, patch: GivenSettings, reason: RegExp): BadInput => {
  const spec = { sourceParameter: PUBLIC_AL2023, ...patch };
  const properties = asCloudFormationSends(lookupProperties(lookupSettings(spec))) as Record<string, unknown>;
  return { name: `parameter source: ${name}`, spec, properties, reason };
};
const VALID_SOURCE = asCloudFormationSends(lookupProperties(lookupSettings({ sourceParameter: PUBLIC_AL2023 }))) as Record<string, unknown>;
const source = (value: string, reason: RegExp) => badSource(JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value), { sourceParameter: value }, reason);
const combined = (setting: string) => new RegExp(`sourceParameter and ${setting} cannot be combined: ${setting} shapes a query, and a parameter names one image`);
const PARAMETER_SOURCES: BadInput[] = [
  source('', /sourceParameter: "" must have 1 to 2048 characters, got 0/),
  source(`/${'a'.repeat(2048)}`, /sourceParameter: .* must have 1 to 2048 characters, got 2049/),
  source(`/${'a'.repeat(1011)}`, /has a name of 1012 characters; a parameter name has 1 to 1011/),
  source('/images/al 2023', /has a name with a character other than letters, digits and \. - _ \//),
  source('/images/al2023*', /has a name with a character other than letters, digits and \. - _ \//),
  source('images/al2023', /has a path, so its name must begin with \//),
  source('/images//al2023', /has an empty level in its name/),
  source('/images/al2023/', /has an empty level in its name/),
  source(`/${Array(16).fill('l').join('/')}`, /has more than 15 levels in its name/),
  source('/awsimages/al2023', /names a parameter that cannot exist: names beginning with aws or ssm are reserved by AWS/),
  source('ssm-latest', /names a parameter that cannot exist: names beginning with aws or ssm are reserved by AWS/),
  source('/images/al2023:0', /asks for version 0: versions are whole numbers from 1/),
  source('/images/al2023:007', /asks for version 007: versions are whole numbers from 1/),
  source('/images/al2023:12345678901', /asks for version 12345678901: versions are whole numbers from 1/),
  source('/images/al2023:', /asks for the label "": a label has 1 to 100 letters, digits, periods, hyphens or underscores/),
  source('/images/al2023:my label', /asks for the label "my label": a label has 1 to 100 letters/),
  source(`/images/al2023:${'l'.repeat(101)}`, /asks for the label .*: a label has 1 to 100 letters/),
  source('/images/al2023:1st', /asks for the label "1st": a label cannot begin with a digit, aws or ssm/),
  source('/images/al2023:AWSprod', /asks for the label "AWSprod": a label cannot begin with a digit, aws or ssm/),
  source('/images/al2023:v1:v2', /asks for the label "v1:v2": a label has 1 to 100 letters/),
  source('arn:aws:ec2:us-east-1:123456789012:image/ami-0123456789abcdef0', /is an ARN of "ec2", not of an SSM parameter/),
  source('arn:aws:ssm:us-east-1:123456789012:document/golden', /is not a parameter's ARN: its resource must be parameter\/<name>/),
  source('arn:aws:ssm:us-east-1:123456789012:parameter/', /is not a parameter's ARN: its resource must be parameter\/<name>/),
  source('arn:aws:ssm:us-east-1:123456789012', /is not an ARN \(arn:<partition>:ssm:<region>:<account>:parameter\/<name>\)/),
  source('arn:mars:ssm:us-east-1:123456789012:parameter/golden', /has the unknown partition "mars"/),
  source('arn:aws:ssm::123456789012:parameter/golden', /has no region/),
  source('arn:aws:ssm:US-EAST-1:123456789012:parameter/golden', /has the region "US-EAST-1", which is not a region name such as eu-west-1/),
  source('arn:aws:ssm:us-east-1:12345:parameter/golden', /has the account "12345", which is not a 12-digit account ID/),
  source('arn:aws:ssm:us-east-1::parameter/images/golden', /has the account "", which is not a 12-digit account ID/),
  source('arn:aws:ssm:us-east-1:123456789012:parameter/images/golden:0', /asks for version 0: versions are whole numbers from 1/),
  badSource('with owners', { owners: ['amazon'] }, combined('owners')),
  badSource('with executableUsers', { executableUsers: ['self'] }, combined('executableUsers')),
  badSource('with imageIds', { imageIds: ['ami-0123456789abcdef0'] }, combined('imageIds')),
  badSource('with a name filter', { filters: { name: ['al2023-*'] } }, combined('filters')),
  badSource('with includeDeprecated', { includeDeprecated: true }, combined('includeDeprecated')),
  badSource('with includeDisabled', { includeDisabled: true }, combined('includeDisabled')),
  badSource('with allowUnpinnedOwner', { allowUnpinnedOwner: true }, combined('allowUnpinnedOwner')),
  badSource('with nameRegex', { nameRegex: '^al2023' }, combined('nameRegex')),
  badSource('with rank', { rank: 1 }, combined('rank')),
  badSource('with allowMixedImages', { allowMixedImages: true }, combined('allowMixedImages')),
  badSource('a pinned version with minAge', { sourceParameter: '/images/golden:3', minAgeSeconds: 86_400 },
    /sourceParameter asks for version 3, so minAge has no newer value to hold back/),
  badSource('an ARN in another region than the lookup', { sourceParameter: 'arn:aws:ssm:eu-west-1:123456789012:parameter/images/golden', region: 'us-east-1' },
    /sourceParameter is in eu-west-1, but the lookup runs in us-east-1; GetParameter reads a parameter in its own region/),
  { name: 'parameter source: with an order', properties: { ...VALID_SOURCE, [Prop.order]: 'natural-name' }, reason: combined('order') },
  { name: 'parameter source: SourceParameter as a list', properties: { ...VALID_SOURCE, [Prop.sourceParameter]: [PUBLIC_AL2023] }, reason: /SourceParameter must be a non-empty string/ },
];

export const BAD_INPUTS: BadInput[] = [
  // Owners
  ...['amazn', 'Amazon', 'AMAZON', 'ａｍａｚｏｎ', '12345678901', '1234567890123', '12345678901a', ' amazon', 'amazon ', 'self,amazon', '*',
    'aws-marketplace2', 'microsoft', '099720109477 ', '-123456789012', 'arn:aws:iam::123456789012:root']
    .map((o) => badSpec(`owner ${JSON.stringify(o)}`, { owners: [o] }, OWNER)),
  bad('owners as a string, not a list', { [Prop.owners]: 'amazon' }, /Owners must be a list of strings/),
  bad('owners with a number', { [Prop.owners]: [137112412989] }, /Owners must be a list of strings/),
  bad('owners as an object', { [Prop.owners]: { amazon: true } }, /Owners must be a list of strings/),
  badSpec('an empty owner', { owners: [''] }, /owners: empty value/),
  badSpec('201 owners', { owners: Array(201).fill('amazon') }, /owners has 201 entries; at most 200 are allowed/),
  // ExecutableUsers
  ...['everyone', 'ALL', 'public', '12345', 'Self'].map((u) => badSpec(`executable user ${JSON.stringify(u)}`, { executableUsers: [u] }, USER)),
  bad('executable users as a string', { [Prop.executableUsers]: 'all' }, /ExecutableUsers must be a list of strings/),
  // ImageIds
  ...['ami-123', 'AMI-01234567', 'ami-0123456g', 'ami-01234567890abcdef0', 'i-01234567', 'ami-0123456789ABCDEF0', 'ami_01234567', 'ami-']
    .map((id) => badSpec(`image ID ${JSON.stringify(id)}`, { imageIds: [id] }, IMAGE)),
  bad('image IDs as a string', { [Prop.imageIds]: 'ami-01234567' }, /ImageIds must be a list of strings/),
  // Filters: names
  ...['Name', 'nmae', 'owner_id', 'tag', 'tag:', 'image_id', 'Architecture', 'náme', 'state ', 'platform-details', 'MaxResults']
    .map((n) => badSpec(`filter name ${JSON.stringify(n)}`, { filters: { [n]: ['x'] } }, UNKNOWN_FILTER)),
  // Filters: shapes
  badSpec('filter with no values', { filters: { name: [] } }, /filter "name" has no values/),
  { name: 'filter values as a string', properties: filter('name', 'x'), reason: /Filters\[0\] must be \{ Name: string, Values: list of strings \}/ },
  { name: 'filter values with a number', properties: filter('name', [1]), reason: /Filters\[0\] must be/ },
  { name: 'filter name as a number', properties: filter(7, ['x']), reason: /Filters\[0\] must be/ },
  { name: 'filter without a name', properties: { ...valid, [Prop.filters]: [{ Values: ['x'] }] }, reason: /Filters\[0\] must be/ },
  { name: 'filter without values', properties: { ...valid, [Prop.filters]: [{ Name: 'name' }] }, reason: /Filters\[0\] must be/ },
  { name: 'filter with an extra key', properties: { ...valid, [Prop.filters]: [{ Name: 'name', Values: ['x'], Value: 'x' }] }, reason: /Filters\[0\] must be/ },
  bad('filters as a map', { [Prop.filters]: { name: ['x'] } }, /Filters must be a list of \{ Name, Values \}/),
  bad('filters as a string', { [Prop.filters]: 'name=x' }, /Filters must be a list/),
  bad('a filter given twice', { [Prop.filters]: [{ Name: 'name', Values: ['a'] }, { Name: 'name', Values: ['b'] }] }, /filter "name" is given twice/),
  badSpec('201 values in one filter', { filters: { name: many(201) } }, /filter "name" has 201 entries; at most 200 are allowed/),
  // With the two filters added to every query, 53.
  badSpec('51 filters', { filters: Object.fromEntries(many(51, 'tag:k').map((n) => [n, ['v']])) }, /53 filters; at most 50 are allowed/),
  badSpec('an empty filter value', { filters: { name: [''] } }, /filter "name": empty value/),
  ...['\u0000', '\u0007', '\n', '\r', '\t', '\u001b[31m', '\u007f', '\u009b'].map((c) =>
    badSpec(`a filter value with control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`, { filters: { name: [`al2023${c}x`] } }, /contains a control character/)),
  badSpec('a 1,025-character filter value', { filters: { name: ['x'.repeat(1025)] } }, /a value of 1025 characters; at most 1024 are allowed/),
  badSpec('a 100,000-character filter value', { filters: { name: ['x'.repeat(100_000)] } }, /a value of 100000 characters/),
  badSpec('a 100,000-character filter name', { filters: { ['n'.repeat(100_000)]: ['x'] } }, UNKNOWN_FILTER),
  // Booleans where strings are expected, and the reverse
  ...['TRUE', 'True', '1', '0', 'yes', 'no', 'on', '', ' true', 'true ', 'false\n', 'null'].map((v) =>
    bad(`IncludeDeprecated ${JSON.stringify(v)}`, { [Prop.includeDeprecated]: v }, bool('IncludeDeprecated'))),
  bad('IncludeDeprecated as a list', { [Prop.includeDeprecated]: ['true'] }, bool('IncludeDeprecated')),
  bad('IncludeDeprecated as a number', { [Prop.includeDeprecated]: 1 }, bool('IncludeDeprecated')),
  bad('IncludeDisabled "Yes"', { [Prop.includeDisabled]: 'Yes' }, bool('IncludeDisabled')),
  bad('IncludeDisabled "t"', { [Prop.includeDisabled]: 't' }, bool('IncludeDisabled')),
  bad('AllowUnpinnedOwner "yes"', { [Prop.allowUnpinnedOwner]: 'yes' }, bool('AllowUnpinnedOwner')),
  bad('FallBackToDeprecated "no"', { [Prop.fallbackToDeprecated]: 'no' }, bool('FallBackToDeprecated')),
  // Numbers
  ...['-1', '1.0', '1e1', '0x1', ' 1', '01', 'one', '', '+1', 'Infinity', 'NaN', '1_000'].map((v) =>
    bad(`Rank ${JSON.stringify(v)}`, { [Prop.rank]: v }, whole('Rank'), RANK_RANGE)),
  badSpec('Rank 100', { rank: 100 }, /rank must be a whole number from 0 \(the best image\) to 99/),
  badSpec('Rank -1', { rank: -1 }, whole('Rank'), RANK_RANGE),
  badSpec('Rank 0.5', { rank: 0.5 }, whole('Rank'), RANK_RANGE),
  bad('Rank with 20 digits', { [Prop.rank]: '99999999999999999999' }, whole('Rank'), RANK_RANGE),
  bad('Rank as a boolean string', { [Prop.rank]: 'true' }, whole('Rank')),
  ...['-5', '7d', 'P7D', '1.5', '604800 '].map((v) =>
    bad(`MinAgeSeconds ${JSON.stringify(v)}`, { [Prop.minAgeSeconds]: v }, whole('MinAgeSeconds'), /minAge must be a whole number of seconds/)),
  bad('MaxAgeSeconds "abc"', { [Prop.maxAgeSeconds]: 'abc' }, whole('MaxAgeSeconds')),
  badSpec('MaxAgeSeconds over a century', { maxAgeSeconds: 3162240001 }, /maxAge must be a whole number of seconds from 0 to 3162240000 \(100 years\)/),
  badSpec('MinAgeSeconds above MaxAgeSeconds', { minAgeSeconds: 100, maxAgeSeconds: 10 }, /minAge \(100 s\) is greater than maxAge \(10 s\), so no image could match/),
  badSpec('MinAgeSeconds 1.5', { minAgeSeconds: 1.5 }, whole('MinAgeSeconds'), /minAge must be a whole number of seconds/),
  // Name patterns
  ...['(', '[', '*', '+a', 'a{2,1}', '(?<n>a)(?<n>b)', '\\', '[z-a]', '(?<=', '\\p{Nope}', 'a**', '\\k<x>', '(a)\\1', '(?=a)', '(?!a)', '(?<!a)b', '\\u00e9'].map((p) =>
    badSpec(`name pattern ${JSON.stringify(p)}`, { nameRegex: p }, REGEX)),
  badSpec('an empty name pattern', { nameRegex: '' }, /NameRegex must be a non-empty string/, /nameRegex: empty pattern/),
  bad('a name pattern as a list', { [Prop.nameRegex]: ['^a'] }, /NameRegex must be a non-empty string, got \["\^a"\]/),
  badSpec('a 1,025-character name pattern', { nameRegex: 'a'.repeat(1025) }, /nameRegex: a pattern of 1025 characters; at most 1024 are allowed/),
  badSpec('a name pattern with a newline', { nameRegex: 'a\nb' }, /nameRegex: the pattern contains a control character/),
  // Orders, regions, roles, image IDs
  ...['newest', 'NEWEST-CREATION-DATE', 'random', 'creation-date', 'natural_name'].map((o) =>
    bad(`Order ${JSON.stringify(o)}`, { [Prop.order]: o }, /Order must be one of newest-creation-date, oldest-creation-date, natural-name, tag-value, got /)),
  ...['mars-1', 'US-EAST-1', 'us_east_1', 'useast1', 'us-east', 'eu-west-1a'].map((r) =>
    badSpec(`Region ${JSON.stringify(r)}`, { region: r }, /region: .* is not a region name such as eu-west-1/)),
  bad('Region as a list', { [Prop.region]: ['us-east-1'] }, /Region must be a non-empty string/),
  ...['arn:aws:iam::123456789012:user/bob', 'role/x', 'arn:aws:iam::123:role/x', 'arn:aws:iam::123456789012:role/*', 'arn:aws:sts::123456789012:role/x']
    .map((a) => badSpec(`LookupRoleArn ${JSON.stringify(a)}`, { lookupRoleArn: a }, /lookupRoleArn: .* is not an IAM role ARN/)),
  badSpec('FallbackImageId "ami-xyz"', { fallbackImageId: 'ami-xyz' }, /fallbackImageId: "ami-xyz" is not an image ID/),
  badSpec('an empty FallbackImageId', { fallbackImageId: '' }, /FallbackImageId must be a non-empty string/, /fallbackImageId: "" is not an image ID/),
  bad('ExcludeImageIds as a string', { [Prop.excludeImageIds]: 'ami-0123456789abcdef0' }, /ExcludeImageIds must be a list of strings/),
  badSpec('ExcludeImageIds with a bad ID', { excludeImageIds: ['bad'] }, /excludeImageIds: "bad" is not an image ID/),
  bad('RefreshToken as a list', { [Prop.refreshToken]: ['x'] }, /RefreshToken must be a non-empty string/),
  // Launch compatibility and the tag order
  ...['yes', 'TRUE', '1'].map((v) => bad(`AllowMixedImages ${JSON.stringify(v)}`, { [Prop.allowMixedImages]: v }, bool('AllowMixedImages'))),
  bad('OrderTagKey without the tag-value order', { [Prop.orderTagKey]: 'version' }, /OrderTagKey is needed with Order tag-value, and only with it/),
  bad('Repair not a level', { [Prop.repair]: 'always' }, /Repair must be one of cannot-launch, deprecated, got "always"/),
  bad('Repair as a list', { [Prop.repair]: ['cannot-launch'] }, /Repair must be one of cannot-launch, deprecated, got \["cannot-launch"\]/),
  bad('RepairWithinSeconds without the deprecated level', { [Prop.repair]: 'cannot-launch', [Prop.repairWithinSeconds]: '86400' },
    /RepairWithinSeconds is taken only with Repair deprecated/),
  bad('RepairWithinSeconds negative', { [Prop.repair]: 'deprecated', [Prop.repairWithinSeconds]: '-1' }, whole('RepairWithinSeconds')),
  bad('an empty RepairToken', { [Prop.repair]: 'deprecated', [Prop.repairToken]: '' }, /RepairToken must be a non-empty string/),
  bad('the tag-value order without OrderTagKey', { [Prop.order]: 'tag-value' }, /OrderTagKey is needed with Order tag-value, and only with it/),
  bad('OrderTagKey as a list', { [Prop.order]: 'tag-value', [Prop.orderTagKey]: ['version'] }, /OrderTagKey must be a non-empty string/),
  badSpec('an empty order tag key', { order: 'tag-value', orderTagKey: '' }, /orderTagKey: a tag key has 1 to 128 characters, got 0/),
  badSpec('a 129-character order tag key', { order: 'tag-value', orderTagKey: 'k'.repeat(129) }, /orderTagKey: a tag key has 1 to 128 characters, got 129/),
  badSpec('an order tag key with a newline', { order: 'tag-value', orderTagKey: 'ver\nsion' }, /orderTagKey: "ver\\nsion" contains a control character/),
  // Unknown and misspelt properties
  ...['Ownerz', 'owners', 'MaxResults', 'Filter', 'NameRegexp', 'DryRun'].map((k) => bad(`unknown property ${k}`, { [k]: 'x' }, new RegExp(`unknown property "${k}"`))),
  // Unpinned
  { name: 'no owner at all', properties: { [Prop.filters]: [{ Name: 'name', Values: ['al2023-*'] }] }, reason: /the query is not pinned to an owner/ },
  { name: 'nothing at all', properties: {}, reason: /the query is not pinned to an owner/ },
  ...PARAMETER_SOURCES,
];
