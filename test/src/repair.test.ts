/**
 * src/repair.ts: the Repair setting, as the template carries it to the handler.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { deliveredProperties } from '../../devkit/events';
import { parseProperties } from '../../lambda/properties';
import { propertiesDigest } from '../../lambda/state';
import { AmiLookup, AmiLookupProps, Refresh, Repair } from '../../src';
import { Prop, REPAIRS, RESOURCE_TYPE } from '../../src/shared/wire';

function propsOf(props: AmiLookupProps, context: Record<string, unknown> = {}): Record<string, unknown> {
  const app = new App({ context });
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  new AmiLookup(stack, 'Lookup', props);
  return Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE))[0].Properties;
}
const base: AmiLookupProps = { owners: ['amazon'], filters: { name: ['al2023-ami-*'] } };
const at = (now: string) => ({ [Refresh.CLOCK_CONTEXT_KEY]: now });

test('without repair, and with Repair.never(), the template has no repair property: existing templates never change', () => {
  const plain = propsOf(base);
  expect(propsOf({ ...base, repair: Repair.never() })).toEqual(plain);
  for (const p of [Prop.repair, Prop.repairWithinSeconds, Prop.repairToken]) expect(plain).not.toHaveProperty(p);
});

test('whenCannotLaunch: the level, and a token that is the synth time of the context clock', () => {
  const props = propsOf({ ...base, repair: Repair.whenCannotLaunch() }, at('2026-12-01T10:00:00Z'));
  expect(props).toMatchObject({ [Prop.repair]: REPAIRS.cannotLaunch, [Prop.repairToken]: 'checked at deploy; synthesized 2026-12-01T10:00:00.000Z' });
  expect(props).not.toHaveProperty(Prop.repairWithinSeconds);
});

test('the token is new at every synth (every deploy sends an Update), and the same for the same clock', () => {
  const a = propsOf({ ...base, repair: Repair.whenCannotLaunch() }, at('2026-12-01T10:00:00Z'));
  const b = propsOf({ ...base, repair: Repair.whenCannotLaunch() }, at('2026-12-01T10:00:01Z'));
  expect(a[Prop.repairToken]).not.toBe(b[Prop.repairToken]);
  expect(propsOf({ ...base, repair: Repair.whenCannotLaunch() }, at('2026-12-01T10:00:00Z'))).toEqual(a);
});

test('whenDeprecated: the level, with the period in whole seconds when one is given', () => {
  expect(propsOf({ ...base, repair: Repair.whenDeprecated() }, at('2026-12-01T10:00:00Z'))).toMatchObject({ [Prop.repair]: REPAIRS.deprecated });
  expect(propsOf({ ...base, repair: Repair.whenDeprecated() }, at('2026-12-01T10:00:00Z'))).not.toHaveProperty(Prop.repairWithinSeconds);
  expect(propsOf({ ...base, repair: Repair.whenDeprecated(Duration.days(14)) }, at('2026-12-01T10:00:00Z')))
    .toMatchObject({ [Prop.repair]: REPAIRS.deprecated, [Prop.repairWithinSeconds]: 1209600 });
});

test('the handler reads back exactly what the construct writes', () => {
  const settings = parseProperties(deliveredProperties(propsOf({ ...base, repair: Repair.whenDeprecated(Duration.hours(36)) }, at('2026-12-01T10:00:00Z'))));
  expect(settings).toMatchObject({ repair: REPAIRS.deprecated, repairWithinSeconds: 129600, repairToken: 'checked at deploy; synthesized 2026-12-01T10:00:00.000Z' });
});

test('turning repair on, any level and any token, leaves the digest a rollback is matched by unchanged', () => {
  const digest = (p: Record<string, unknown>) => propertiesDigest(deliveredProperties(p));
  const plain = digest(propsOf(base));
  expect(digest(propsOf({ ...base, repair: Repair.whenCannotLaunch() }, at('2026-12-01T10:00:00Z')))).toBe(plain);
  expect(digest(propsOf({ ...base, repair: Repair.whenDeprecated(Duration.days(3)) }, at('2027-01-01T00:00:00Z')))).toBe(plain);
  // What the lookup picks still counts.
  expect(digest(propsOf({ ...base, rank: 1, repair: Repair.whenCannotLaunch() }))).not.toBe(plain);
});

test('a period that is not whole seconds fails at synth (Duration itself refuses a negative one)', () => {
  expect(() => Repair.whenDeprecated(Duration.millis(1500))).toThrow('Repair.whenDeprecated() needs a period in whole seconds, got 1 second 500 millis');
});

test('a bad context clock fails at synth, as for Refresh.every()', () => {
  expect(() => propsOf({ ...base, repair: Repair.whenCannotLaunch() }, { [Refresh.CLOCK_CONTEXT_KEY]: 'yesterday' }))
    .toThrow(/context cdk-ami-lookup:now must be an ISO 8601 date/);
});
