import { lookupProps } from '../../devkit/events';
import { describeQuery, parseProperties } from '../../lambda/properties';
import { Prop } from '../../src/shared/wire';

const parseQuery = (raw: unknown) => parseProperties(raw).query;

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
    expect(describeQuery(parseQuery(valid))).toBe('Owners=[amazon] ExecutableUsers=[] ImageIds=[] IncludeDeprecated=false '
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
});
