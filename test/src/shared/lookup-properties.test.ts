/**
 * src/shared/lookup-properties.ts: the one mapping from a lookup's settings to the custom resource properties.
 */
import { asCloudFormationSends, lookupProperties } from '../../../src/shared/lookup-properties';
import { DEFAULT_SETTINGS, GivenSettings, lookupSettings } from '../../../src/shared/settings';
import { ORDERS, Prop } from '../../../src/shared/wire';

const propertiesOf = (given: GivenSettings) => lookupProperties(lookupSettings(given));

test('defaults write only the query, so adding options never changes existing templates', () => {
  expect(propertiesOf({ owners: ['amazon'] })).toEqual({
    [Prop.owners]: ['amazon'],
    [Prop.includeDeprecated]: false,
    [Prop.includeDisabled]: false,
    [Prop.filters]: [{ Name: 'image-type', Values: ['machine'] }, { Name: 'state', Values: ['available'] }],
  });
  expect(propertiesOf({ owners: ['amazon'], order: ORDERS.newestCreationDate, rank: 0, excludeImageIds: [], fallbackToDeprecated: true }))
    .toEqual(propertiesOf({ owners: ['amazon'] }));
});

test('every option has its property, and filters are sorted by name with the defaults added', () => {
  const p = propertiesOf({
    owners: ['self'],
    filters: { name: ['a-*'], architecture: ['arm64'] },
    nameRegex: '^a',
    minAgeSeconds: 60,
    maxAgeSeconds: 120,
    excludeImageIds: ['ami-12345678'],
    fallbackToDeprecated: false,
    order: ORDERS.naturalName,
    rank: 3,
    fallbackImageId: 'ami-87654321',
    refreshToken: 't',
    region: 'eu-west-1',
    lookupRoleArn: 'arn:aws:iam::111122223333:role/r',
    allowUnpinnedOwner: true,
    allowMixedImages: true,
  });
  expect((p[Prop.filters] as Array<{ Name: string }>).map((f) => f.Name)).toEqual(['architecture', 'image-type', 'name', 'state']);
  expect(p[Prop.allowMixedImages]).toBe(true);
  expect(p).toMatchObject({
    [Prop.nameRegex]: '^a',
    [Prop.minAgeSeconds]: 60,
    [Prop.maxAgeSeconds]: 120,
    [Prop.excludeImageIds]: ['ami-12345678'],
    [Prop.fallbackToDeprecated]: false,
    [Prop.order]: 'natural-name',
    [Prop.rank]: 3,
    [Prop.fallbackImageId]: 'ami-87654321',
    [Prop.refreshToken]: 't',
    [Prop.region]: 'eu-west-1',
    [Prop.lookupRoleArn]: 'arn:aws:iam::111122223333:role/r',
    [Prop.allowUnpinnedOwner]: true,
  });
});

test('asCloudFormationSends turns every scalar into a string, as CloudFormation does', () => {
  expect(asCloudFormationSends({ a: true, b: [1, 'x', { c: false }], d: null })).toEqual({ a: 'true', b: ['1', 'x', { c: 'false' }], d: null });
});

test('the tag-value order carries its key; the instance type\'s architecture replaces any architecture filter', () => {
  const p = propertiesOf({ owners: ['self'], order: ORDERS.tagValue, orderTagKey: 'version', filters: { architecture: ['*'] }, architecture: 'arm64' });
  expect(p).toMatchObject({ [Prop.order]: 'tag-value', [Prop.orderTagKey]: 'version' });
  expect(p[Prop.filters]).toContainEqual({ Name: 'architecture', Values: ['arm64'] });
});

test('a setting at its default is written as if it were not given', () => {
  expect(lookupProperties({ ...DEFAULT_SETTINGS, owners: ['amazon'], filters: lookupSettings({}).filters }))
    .toEqual(propertiesOf({ owners: ['amazon'] }));
});
