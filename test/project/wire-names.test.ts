/**
 * The wire names are frozen (src/shared/wire.ts): a renamed or removed property, attribute, order or
 * ResolvedFrom value changes deployed templates and replaces users' resources, a breaking change
 * (README: Versioning). This test holds every name as released; adding a name is not breaking and
 * needs no change here, but changing or removing one fails it.
 */
import * as monitor from '../../src/shared/monitor-wire';
import * as wire from '../../src/shared/wire';

test('the resource type and the provider properties are as released', () => {
  expect(wire.RESOURCE_TYPE).toBe('Custom::AmiLookup');
  expect(wire.PROVIDER_PROPERTIES).toEqual(['ServiceToken', 'ServiceTimeout']);
});

test('every released name of Prop keeps its value', () => {
  expect(wire.Prop).toMatchObject({
    owners: 'Owners',
    executableUsers: 'ExecutableUsers',
    imageIds: 'ImageIds',
    includeDeprecated: 'IncludeDeprecated',
    includeDisabled: 'IncludeDisabled',
    filters: 'Filters',
    allowUnpinnedOwner: 'AllowUnpinnedOwner',
    nameRegex: 'NameRegex',
    minAgeSeconds: 'MinAgeSeconds',
    maxAgeSeconds: 'MaxAgeSeconds',
    excludeImageIds: 'ExcludeImageIds',
    fallbackToDeprecated: 'FallBackToDeprecated',
    order: 'Order',
    rank: 'Rank',
    fallbackImageId: 'FallbackImageId',
    refreshToken: 'RefreshToken',
    region: 'Region',
    lookupRoleArn: 'LookupRoleArn',
    allowMixedImages: 'AllowMixedImages',
    orderTagKey: 'OrderTagKey',
    sourceParameter: 'SourceParameter',
    repair: 'Repair',
    repairWithinSeconds: 'RepairWithinSeconds',
    repairToken: 'RepairToken',
  });
});

test('the properties left out of the digest, and the repair levels, are as released', () => {
  // A change here changes every repaired lookup's digest, so its next deploy picks afresh.
  expect(wire.CHECK_PROPERTIES).toEqual(['Repair', 'RepairWithinSeconds', 'RepairToken']);
  expect(wire.REPAIRS).toMatchObject({ cannotLaunch: 'cannot-launch', deprecated: 'deprecated' });
});

test('every released name of Attr keeps its value', () => {
  expect(wire.Attr).toMatchObject({
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
  });
});

test('every released name of ORDERS keeps its value', () => {
  expect(wire.ORDERS).toMatchObject({
    newestCreationDate: 'newest-creation-date',
    oldestCreationDate: 'oldest-creation-date',
    naturalName: 'natural-name',
    tagValue: 'tag-value',
  });
});

test('every released name of RESOLVED_FROM keeps its value', () => {
  expect(wire.RESOLVED_FROM).toMatchObject({
    query: 'query',
    fallback: 'fallback',
    restored: 'restored',
    parameter: 'parameter',
  });
});

test('the monitor\'s namespace, metrics, dimensions, entry point and input version are as released', () => {
  // A renamed metric or dimension orphans every alarm and dashboard built on it (src/shared/monitor-wire.ts).
  expect(monitor.MONITOR_NAMESPACE).toBe('CdkAmiLookup');
  expect(monitor.MonitorMetric).toMatchObject({
    launchable: 'Launchable',
    deprecatesSoon: 'DeprecatesSoon',
    daysUntilDeprecation: 'DaysUntilDeprecation',
    ageDays: 'AgeDays',
  });
  expect(monitor.MonitorDimension).toMatchObject({ stack: 'Stack', constructPath: 'ConstructPath' });
  expect(monitor.MONITOR_HANDLER).toBe('monitor.handler');
  expect(monitor.MONITOR_INPUT_VERSION).toBe(1);
});
