/**
 * The one mapping from a lookup's settings (settings.ts) to the custom resource properties the
 * handler reads, and back to settings by the handler's parser. The construct uses it for its props,
 * the preview CLI for its flags, and the tests and the dev kit for the events they send; none writes
 * a property name of its own. Pure: no aws-cdk-lib, so the CLI bundles it.
 *
 * Internal: not exported from the package's index.
 */
import { DEFAULT_SETTINGS, LookupSettings, SETTING_NAMES, SETTING_PROPERTIES } from './settings';
import { PROVIDER_PROPERTIES } from './wire';

/**
 * The custom resource properties for a lookup, in the order of SETTING_PROPERTIES. A setting at its
 * default (an empty list, an unset value) is left out unless it is written always, so that adding
 * options in a release never changes existing templates. Values may be CDK tokens; they pass through.
 */
export function lookupProperties(s: LookupSettings): Record<string, unknown> {
  const defaults: { readonly [key: string]: unknown } = DEFAULT_SETTINGS;
  const properties: Record<string, unknown> = {};
  for (const key of SETTING_NAMES) {
    const { property, kind, always } = SETTING_PROPERTIES[key];
    const value = s[key];
    if (!always && (value === undefined || value === defaults[key] || (Array.isArray(value) && value.length === 0))) continue;
    properties[property] = kind === 'filters' ? s.filters.map((f) => ({ Name: f.name, Values: f.values })) : value;
  }
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
