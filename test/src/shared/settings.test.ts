/**
 * src/shared/settings.ts: what the construct and the CLI are given becomes the settings, defaults filled in.
 */
import { DEFAULT_SETTINGS, lookupSettings, queryFilters, SETTING_NAMES, SETTING_PROPERTIES } from '../../../src/shared/settings';
import { Prop } from '../../../src/shared/wire';

test('nothing given: every default, and the default filters as DescribeImages gets them', () => {
  expect(lookupSettings({})).toEqual({
    ...DEFAULT_SETTINGS,
    filters: [{ name: 'image-type', values: ['machine'] }, { name: 'state', values: ['available'] }],
  });
});

test('a given setting wins over its default; one given as undefined does not', () => {
  const s = lookupSettings({ rank: 2, fallbackToDeprecated: undefined, order: 'natural-name' });
  expect(s).toMatchObject({ rank: 2, fallbackToDeprecated: true, order: 'natural-name' });
  expect('fallbackToDeprecated' in s && s.fallbackToDeprecated).toBe(true);
  expect(Object.keys(lookupSettings({ nameRegex: undefined }))).not.toContain('nameRegex');
});

test('the filters are sorted by name, a given filter replaces a default of its name, and the architecture replaces any architecture filter', () => {
  const s = lookupSettings({ filters: { state: ['available', 'disabled'], name: ['x'], architecture: ['*'] }, architecture: 'arm64' });
  expect(s.filters).toEqual([
    { name: 'architecture', values: ['arm64'] },
    { name: 'image-type', values: ['machine'] },
    { name: 'name', values: ['x'] },
    { name: 'state', values: ['available', 'disabled'] },
  ]);
  expect(Object.keys(s)).not.toContain('architecture');
  expect(queryFilters({ name: ['x'] }, 'x86_64')).toEqual({ name: ['x'], architecture: ['x86_64'] });
  expect(queryFilters({ name: ['x'] }, undefined)).toEqual({ name: ['x'] });
});

test('every wire property is one setting\'s, and no two settings share one', () => {
  const properties = SETTING_NAMES.map((k) => SETTING_PROPERTIES[k].property);
  expect([...properties].sort()).toEqual(Object.values(Prop).sort());
  expect(new Set(properties).size).toBe(properties.length);
});
