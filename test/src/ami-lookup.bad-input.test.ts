/**
 * Everything that can be caught at synth is caught at synth. For every bad input of the deploy-time
 * table that typed props can express (it states the lookup as plain data), synth must either fail
 * with the same reason, or produce properties different from the bad ones (the construct can never
 * send that input).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { AmiLookup, AmiLookupProps, ImageOrder } from '../../src';
import { GivenSettings } from '../../src/shared/settings';
import { ORDERS } from '../../src/shared/wire';
import { BAD_INPUTS, BadInput } from '../support/bad-inputs';

/**
 * The props for a lookup the table states as plain data: forward, never from the properties (the
 * construct then maps them through the one mapping, which is what is under test).
 */
function propsFrom(spec: GivenSettings): AmiLookupProps {
  const { minAgeSeconds, maxAgeSeconds, refreshToken, order, orderTagKey, ...rest } = spec;
  if ((order !== undefined && order !== ORDERS.tagValue) || refreshToken !== undefined) {
    throw new Error('the table states orders other than tag-value, and refresh tokens, as properties only');
  }
  return {
    ...rest,
    order: order === ORDERS.tagValue ? ImageOrder.tagValue(orderTagKey!) : undefined,
    minAge: minAgeSeconds === undefined ? undefined : Duration.seconds(minAgeSeconds),
    maxAge: maxAgeSeconds === undefined ? undefined : Duration.seconds(maxAgeSeconds),
  } as AmiLookupProps;
}

// Counted when the table last changed; update it with the table.
const SYNTH_CAUGHT = 142;

const verdicts = BAD_INPUTS.map((b: BadInput) => {
  if (b.spec === undefined) return { b, verdict: 'types' as const };
  const props = propsFrom(b.spec);
  const stack = new Stack(new App(), 'Stack');
  try {
    new AmiLookup(stack, 'Lookup', props);
  } catch (e) {
    return { b, verdict: 'synth' as const, message: (e as Error).message };
  }
  return { b, verdict: 'unreachable' as const };
});

test.each(verdicts.filter((v) => v.verdict === 'synth').map((v) => [v.b.name, v] as const))('%s: fails at synth with the same reason', (_, v) => {
  expect((v as any).message).toMatch(/^AmiLookup Stack\/Lookup: invalid props: /);
  expect((v as any).message).toMatch(v.b.synthReason ?? v.b.reason);
});


test('every bad input that typed props can express fails at synth, and how many is pinned', () => {
  // A check that moves from synth to deploy time, or a props form that synth lets through, fails here.
  expect(verdicts.filter((v) => v.verdict === 'unreachable').map((v) => v.b.name)).toEqual([]);
  expect(verdicts.filter((v) => v.verdict === 'synth')).toHaveLength(SYNTH_CAUGHT);
});
