import * as fc from 'fast-check';
import { lookupProps } from '../../devkit/events';
import { describeQuery, parseProperties } from '../../lambda/properties';
import { asCloudFormationSends, lookupProperties } from '../../src/shared/lookup-properties';
import { DEFAULT_SETTINGS, LookupSettings, lookupSettings } from '../../src/shared/settings';
import { ORDERS, Prop, REPAIRS } from '../../src/shared/wire';

const QUERY_KEYS = ['owners', 'executableUsers', 'imageIds', 'includeDeprecated', 'includeDisabled', 'filters'] as const;
const parseQuery = (raw: unknown) => {
  const settings = parseProperties(raw);
  return Object.fromEntries(QUERY_KEYS.map((k) => [k, settings[k]]));
};

const valid = lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'] });

describe('parseQuery', () => {
  test('parses what CloudFormation sends (every scalar a string)', () => {
    const q = parseQuery({ ...valid, ServiceToken: 'arn:x', ServiceTimeout: '600', [Prop.includeDeprecated]: 'true' });
    expect(q).toEqual({
      owners: ['amazon'],
      executableUsers: [],
      imageIds: [],
      includeDeprecated: true,
      includeDisabled: false,
      filters: [
        { name: 'image-type', values: ['machine'] },
        { name: 'name', values: ['al2023-ami-2023.*-x86_64'] },
        { name: 'state', values: ['available'] },
      ],
    });
  });

  test('accepts real booleans too (direct invocation)', () => {
    expect(parseQuery({ ...valid, [Prop.includeDisabled]: true }).includeDisabled).toBe(true);
  });

  test.each(['TRUE', 'True', '1', 'yes', '', 'false ', 1, 0, null, ['true']])('rejects boolean %j', (v) => {
    expect(() => parseQuery({ ...valid, [Prop.includeDeprecated]: v })).toThrow(/IncludeDeprecated must be "true" or "false"/);
  });

  test.each([
    [{ ...valid, [Prop.owners]: 'amazon' }, /Owners must be a list of strings/],
    [{ ...valid, [Prop.owners]: [1] }, /Owners must be a list of strings/],
    [{ ...valid, [Prop.owners]: ['amazn'] }, /owners: "amazn" is neither a 12-digit account ID/],
    [{ ...valid, [Prop.owners]: ['12345678901'] }, /owners: "12345678901" is neither/],
    [{ ...valid, [Prop.imageIds]: ['ami-123'] }, /imageIds: "ami-123" is not an image ID/],
    [{ ...valid, [Prop.executableUsers]: ['everyone'] }, /executableUsers: "everyone"/],
    [{ ...valid, [Prop.filters]: [{ Name: 'Name', Values: ['x'] }] }, /filter "Name" is not a DescribeImages filter/],
    [{ ...valid, [Prop.filters]: [{ Name: 'name', Values: [] }] }, /filter "name" has no values/],
    [{ ...valid, [Prop.filters]: [{ Name: 'name', Values: 'x' }] }, /Filters\[0\] must be/],
    [{ ...valid, [Prop.filters]: { name: ['x'] } }, /Filters must be a list/],
    [{ ...valid, [Prop.filters]: [{ Name: 'name', Values: ['a\u0007b'] }] }, /control character/],
    [{ ...valid, [Prop.filters]: [{ Name: 'name', Values: ['x'.repeat(2000)] }] }, /2000 characters/],
    [{ ...valid, Ownerz: ['amazon'] }, /unknown property "Ownerz"/],
    [{ [Prop.filters]: [{ Name: 'name', Values: ['x'] }] }, /not pinned to an owner/],
    [undefined, /ResourceProperties is missing/],
    ['a string', /ResourceProperties is missing or not an object/],
  ])('rejects %#', (raw, message) => {
    expect(() => parseQuery(raw)).toThrow(message);
  });

  test('an owner-id filter pins the query; allowUnpinnedOwner="true" allows an unpinned one', () => {
    expect(() => parseQuery({ [Prop.filters]: [{ Name: 'owner-id', Values: ['123456789012'] }] })).not.toThrow();
    expect(() => parseQuery({ [Prop.filters]: [{ Name: 'name', Values: ['x'] }], [Prop.allowUnpinnedOwner]: 'true' })).not.toThrow();
  });

  test('describeQuery echoes the effective query', () => {
    expect(describeQuery(parseProperties(valid))).toBe('Owners=[amazon] ExecutableUsers=[] ImageIds=[] IncludeDeprecated=false '
      + 'IncludeDisabled=false Filters={image-type=[machine], name=[al2023-ami-2023.*-x86_64], state=[available]}');
  });
});

describe('launch and order properties', () => {
  const base = { [Prop.owners]: ['self'] };

  test('AllowMixedImages is off unless "true"; the tag-value order comes with its key', () => {
    expect(parseProperties(base).allowMixedImages).toBe(false);
    expect(parseProperties({ ...base, [Prop.allowMixedImages]: 'true' }).allowMixedImages).toBe(true);
    const p = parseProperties({ ...base, [Prop.order]: 'tag-value', [Prop.orderTagKey]: 'aws:version' });
    expect([p.order, p.orderTagKey]).toEqual(['tag-value', 'aws:version']);
    expect(parseProperties(base).orderTagKey).toBeUndefined();
  });

  test('Repair is one of the levels; RepairWithinSeconds comes only with the deprecated level', () => {
    expect(parseProperties(base).repair).toBeUndefined();
    expect(parseProperties({ ...base, [Prop.repair]: 'cannot-launch', [Prop.repairToken]: 't' })).toMatchObject({ repair: 'cannot-launch', repairToken: 't' });
    expect(parseProperties({ ...base, [Prop.repair]: 'deprecated', [Prop.repairWithinSeconds]: '86400' })).toMatchObject({ repair: 'deprecated', repairWithinSeconds: 86400 });
    expect(() => parseProperties({ ...base, [Prop.repair]: 'always' }))
      .toThrow('invalid properties: Repair must be one of cannot-launch, deprecated, got "always"');
    expect(() => parseProperties({ ...base, [Prop.repair]: 'cannot-launch', [Prop.repairWithinSeconds]: '60' }))
      .toThrow('invalid properties: RepairWithinSeconds is taken only with Repair deprecated');
    expect(() => parseProperties({ ...base, [Prop.repairWithinSeconds]: '60' })).toThrow(/RepairWithinSeconds is taken only with Repair deprecated/);
    expect(() => parseProperties({ ...base, [Prop.repair]: 'deprecated', [Prop.repairToken]: '' })).toThrow(/RepairToken must be a non-empty string/);
  });
});

describe('the settings round trip', () => {
  const given = fc.record({
    owners: fc.constantFrom(['amazon'], ['self', '111122223333']),
    imageIds: fc.constantFrom(undefined, [], ['ami-12345678']),
    includeDeprecated: fc.boolean(),
    includeDisabled: fc.boolean(),
    filters: fc.constantFrom<Record<string, string[]> | undefined>(undefined, { name: ['a-*'] }, { 'architecture': ['arm64'], 'tag:team': ['x', 'y'] }),
    nameRegex: fc.constantFrom(undefined, '^al2023-'),
    minAgeSeconds: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    maxAgeSeconds: fc.option(fc.integer({ min: 1000, max: 100000 }), { nil: undefined }),
    excludeImageIds: fc.constantFrom(undefined, [], ['ami-87654321']),
    fallbackToDeprecated: fc.option(fc.boolean(), { nil: undefined }),
    order: fc.constantFrom(...Object.values(ORDERS).filter((o) => o !== ORDERS.tagValue)),
    rank: fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }),
    fallbackImageId: fc.constantFrom(undefined, 'ami-0123456789abcdef0'),
    refreshToken: fc.constantFrom(undefined, '2026-12-01'),
    region: fc.constantFrom(undefined, 'eu-west-1'),
    lookupRoleArn: fc.constantFrom(undefined, 'arn:aws:iam::111122223333:role/r'),
    allowUnpinnedOwner: fc.option(fc.boolean(), { nil: undefined }),
    allowMixedImages: fc.option(fc.boolean(), { nil: undefined }),
    repair: fc.constantFrom(undefined, REPAIRS.cannotLaunch, REPAIRS.deprecated),
    repairToken: fc.constantFrom(undefined, 'checked at deploy; synthesized 2026-12-01T00:00:00.000Z'),
  }).map((g) => ({ ...g, repairWithinSeconds: g.repair === REPAIRS.deprecated ? 86_400 : undefined }));

  test('the parser gives back the settings the mapping wrote, as CloudFormation delivers them', () => {
    fc.assert(fc.property(given, (g) => {
      const settings = lookupSettings(g);
      expect(parseProperties(asCloudFormationSends(lookupProperties(settings)))).toEqual(settings);
    }));
  });

  test('a parameter source comes back too', () => {
    const settings = lookupSettings({ sourceParameter: '/images/golden:prod', minAgeSeconds: 3600, architecture: 'arm64', fallbackImageId: 'ami-12345678' });
    expect(parseProperties(asCloudFormationSends(lookupProperties(settings)))).toEqual(settings);
  });

  test('the tag-value order and its key come back too', () => {
    const settings: LookupSettings = lookupSettings({ owners: ['self'], order: ORDERS.tagValue, orderTagKey: 'version' });
    expect(parseProperties(asCloudFormationSends(lookupProperties(settings)))).toEqual(settings);
  });

  test('properties with nothing but the query parse to the defaults', () => {
    expect(parseProperties({ [Prop.owners]: ['amazon'] })).toEqual({ ...DEFAULT_SETTINGS, owners: ['amazon'] });
  });
});
