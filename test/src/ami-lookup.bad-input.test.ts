/**
 * Everything that can be caught at synth is caught at synth. For every bad input of the deploy-time
 * table that can be written as AmiLookupProps, synth must either fail with the same reason, or
 * produce properties different from the bad ones (the construct can never send that input).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { asCloudFormationSends } from '../../devkit/events';
import { AmiLookup, AmiLookupProps, Refresh } from '../../src';
import { Prop } from '../../src/wire';
import { BAD_INPUTS, BadInput } from '../support/bad-inputs';

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The props that would produce these properties, or undefined when the types cannot express them. */
function toProps(properties: Record<string, unknown>): AmiLookupProps | undefined {
  const props: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(properties)) {
    switch (key) {
      case Prop.owners: case Prop.executableUsers: case Prop.imageIds: case Prop.excludeImageIds: {
        if (!isStringList(v)) return undefined;
        props[key.charAt(0).toLowerCase() + key.slice(1)] = v;
        break;
      }
      case Prop.filters: {
        if (!Array.isArray(v)) return undefined;
        const map: Record<string, string[]> = {};
        for (const f of v) {
          if (typeof f?.Name !== 'string' || !isStringList(f.Values) || Object.keys(f).length !== 2 || f.Name in map) return undefined;
          map[f.Name] = f.Values;
        }
        props.filters = map;
        break;
      }
      case Prop.includeDeprecated: case Prop.includeDisabled: case Prop.allowUnpinnedOwner: case Prop.fallbackToDeprecated:
        if (v !== 'true' && v !== 'false') return undefined;
        props[key.charAt(0).toLowerCase() + key.slice(1)] = v === 'true';
        break;
      case Prop.nameRegex: case Prop.region: case Prop.lookupRoleArn: case Prop.fallbackImageId:
        if (typeof v !== 'string') return undefined;
        props[key.charAt(0).toLowerCase() + key.slice(1)] = v;
        break;
      case Prop.refreshToken:
        if (typeof v !== 'string') return undefined;
        props.refresh = Refresh.onChangeOf(v);
        break;
      case Prop.rank:
        if (typeof v !== 'string' || !Number.isFinite(Number(v)) || v.trim() === '') return undefined;
        props.rank = Number(v);
        break;
      case Prop.minAgeSeconds: case Prop.maxAgeSeconds:
        if (typeof v !== 'string' || !Number.isFinite(Number(v)) || v.trim() === '' || Number(v) < 0) return undefined;
        props[key === Prop.minAgeSeconds ? 'minAge' : 'maxAge'] = Duration.seconds(Number(v));
        break;
      default:
        // Unknown property names and values of the wrong type have no AmiLookupProps form at all.
        return undefined;
    }
  }
  return props as AmiLookupProps;
}

const withoutReserved = (p: Record<string, unknown>) => {
  const { ServiceToken: _t, ServiceTimeout: _s, ...rest } = p;
  return rest;
};

// Counted when the table last changed; update both with the table.
const SYNTH_CAUGHT = 99;
const NEVER_WRITTEN = 7;

const verdicts = BAD_INPUTS.map((b: BadInput) => {
  const props = toProps(b.properties);
  if (props === undefined) return { b, verdict: 'types' as const };
  const stack = new Stack(new App(), 'Stack');
  try {
    new AmiLookup(stack, 'Lookup', props);
  } catch (e) {
    return { b, verdict: 'synth' as const, message: (e as Error).message };
  }
  const written = Object.values(Template.fromStack(stack).findResources('Custom::AmiLookup'))[0].Properties;
  return { b, verdict: 'unreachable' as const, written: withoutReserved(asCloudFormationSends(written) as Record<string, unknown>) };
});

test.each(verdicts.filter((v) => v.verdict === 'synth').map((v) => [v.b.name, v] as const))('%s: fails at synth with the same reason', (_, v) => {
  expect((v as any).message).toMatch(/^AmiLookup Stack\/Lookup: invalid (query|selection settings): /);
  expect((v as any).message).toMatch(v.b.synthReason ?? v.b.reason);
});

test.each(verdicts.filter((v) => v.verdict === 'unreachable').map((v) => [v.b.name, v] as const))('%s: the construct never writes it', (_, v) => {
  expect((v as any).written).not.toEqual(withoutReserved(v.b.properties));
});

test('how many bad inputs synth catches is pinned: a check that moves from synth to deploy fails here', () => {
  const count = (k: string) => verdicts.filter((v) => v.verdict === k).length;
  expect({ synth: count('synth'), unreachable: count('unreachable') }).toEqual({ synth: SYNTH_CAUGHT, unreachable: NEVER_WRITTEN });
});
