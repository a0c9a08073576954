/** lambda/monitor/emf.ts: the documents follow the Embedded Metric Format's rules and limits. */
import * as fc from 'fast-check';
import { judgeHeldImage } from '../../../lambda/health';
import { emfDocument } from '../../../lambda/monitor/emf';
import { MAX_DIMENSION_VALUE_CHARS, MONITOR_NAMESPACE } from '../../../src/shared/monitor-wire';
import { emfProblems, MAX_DIMENSIONS_PER_SET, MAX_METRICS_PER_DIRECTIVE } from '../../support/emf-rules';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

const reading = (image: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  stack: 'Demo',
  constructPath: 'Demo/Web/Al2023',
  imageId: 'ami-0123456789abcdef0',
  region: '',
  health: judgeHeldImage(image ? { kind: 'found', image: { ImageId: 'ami-0123456789abcdef0', ...image } } : { kind: 'absent' }, NOW),
  deprecatesSoon: false,
  ...extra,
});

test('a launchable image deprecating in 10 days: every metric, both dimension sets', () => {
  const doc = emfDocument(reading({ State: 'available', CreationDate: at(-40), DeprecationTime: at(10) }, { deprecatesSoon: true }), NOW);
  expect(doc).toEqual({
    _aws: {
      Timestamp: NOW,
      CloudWatchMetrics: [{
        Namespace: MONITOR_NAMESPACE,
        Dimensions: [['Stack', 'ConstructPath'], ['Stack']],
        Metrics: [
          { Name: 'Launchable', Unit: 'None' },
          { Name: 'DeprecatesSoon', Unit: 'None' },
          { Name: 'DaysUntilDeprecation', Unit: 'None' },
          { Name: 'AgeDays', Unit: 'None' },
        ],
      }],
    },
    Stack: 'Demo',
    ConstructPath: 'Demo/Web/Al2023',
    Launchable: 1,
    DeprecatesSoon: 1,
    DaysUntilDeprecation: 10,
    AgeDays: 40,
    imageId: 'ami-0123456789abcdef0',
    region: '',
    launch: 'can launch',
    state: 'available',
  });
  expect(emfProblems(JSON.stringify(doc))).toEqual([]);
});

test('an image without dates has no DaysUntilDeprecation or AgeDays, neither defined nor valued', () => {
  const doc: any = emfDocument(reading({ State: 'available' }), NOW);
  expect(doc._aws.CloudWatchMetrics[0].Metrics.map((m: any) => m.Name)).toEqual(['Launchable', 'DeprecatesSoon']);
  expect(doc.DaysUntilDeprecation).toBeUndefined();
  expect(emfProblems(JSON.stringify(doc))).toEqual([]);
});

test('a deregistered image: Launchable 0 and the reason', () => {
  const doc: any = emfDocument(reading(undefined), NOW);
  expect(doc).toMatchObject({ Launchable: 0, launch: 'cannot launch', deadReason: 'deregistered, or no longer shared with this account' });
  expect(emfProblems(JSON.stringify(doc))).toEqual([]);
});

test('fast-check: any reading gives a valid document, far inside the limits', () => {
  fc.assert(fc.property(
    fc.constantFrom(undefined, 'available', 'disabled', 'deregistered', 'pending'),
    fc.option(fc.integer({ min: -4000, max: 4000 })), fc.option(fc.integer({ min: -4000, max: 4000 })),
    fc.string({ minLength: 1, maxLength: MAX_DIMENSION_VALUE_CHARS }).filter((s) => s.trim().length > 0),
    fc.boolean(),
    (State, created, deprecated, constructPath, deprecatesSoon) => {
      const image = State === undefined ? undefined
        : { State, CreationDate: created === null ? undefined : at(created), DeprecationTime: deprecated === null ? undefined : at(deprecated) };
      const doc: any = emfDocument(reading(image, { constructPath, deprecatesSoon }), NOW);
      expect(emfProblems(JSON.stringify(doc))).toEqual([]);
      const directive = doc._aws.CloudWatchMetrics[0];
      expect(directive.Metrics.length).toBeLessThanOrEqual(MAX_METRICS_PER_DIRECTIVE);
      expect(Math.max(...directive.Dimensions.map((s: string[]) => s.length))).toBeLessThanOrEqual(MAX_DIMENSIONS_PER_SET);
    }));
});

test('the oracle is live: it names what breaks the rules', () => {
  const doc: any = emfDocument(reading({ State: 'available' }), NOW);
  const broken = { ...doc, ConstructPath: 'x'.repeat(1025), Launchable: 'one' };
  broken._aws = { ...doc._aws, CloudWatchMetrics: [{ ...doc._aws.CloudWatchMetrics[0], Dimensions: [Array.from({ length: 31 }, (_, i) => `D${i}`)] }] };
  for (let i = 0; i < 31; i++) broken[`D${i}`] = 'v';
  expect(emfProblems(JSON.stringify(broken))).toEqual(expect.arrayContaining([
    'CloudWatchMetrics[0]: a dimension set has 31 dimensions',
    expect.stringContaining('metric Launchable needs a number'),
  ]));
  const many = { ...doc, _aws: { ...doc._aws, CloudWatchMetrics: [{ ...doc._aws.CloudWatchMetrics[0], Metrics: Array.from({ length: 101 }, (_, i) => ({ Name: `M${i}` })) }] } };
  for (let i = 0; i < 101; i++) many[`M${i}`] = 1;
  expect(emfProblems(JSON.stringify(many))).toContain('CloudWatchMetrics[0]: 101 metrics');
  expect(emfProblems(`2026-12-01T00:00:00Z req INFO ${JSON.stringify(doc)}`)).toEqual([expect.stringContaining('not a JSON object')]);
  const longPath = { ...doc, ConstructPath: 'x'.repeat(1025) };
  expect(emfProblems(JSON.stringify(longPath))).toEqual(['CloudWatchMetrics[0]: dimension ConstructPath value of 1025 characters']);
});
