/** lambda/monitor/run.ts: one run judges each pin with lambda/health.ts; an EC2 failure is never "cannot launch". */
import { runMonitor } from '../../../lambda/monitor/run';
import { emfProblems } from '../../support/emf-rules';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
const ec2Error = (name: string, message: string) => Object.assign(new Error(message), { name });

function deps(describe: (target: any) => (ids: readonly string[]) => Promise<any[]>) {
  const emitted: any[] = [];
  const logs: any[] = [];
  return { emitted, logs, deps: { describer: describe, now: () => NOW, emit: (d: any) => emitted.push(d), log: (e: any) => logs.push(e) } };
}

const input = (lookups: Array<[string, number, string]>, targets: Array<[string, string]> = [['', '']]) => ({ v: 1, stack: 'Demo', days: 30, targets, lookups });

test('fine, disabled, refused, deprecating in 10 days: one document each, judged by the shared rules', async () => {
  const images: Record<string, any> = {
    'ami-00000001': { State: 'available', CreationDate: new Date(NOW - 5 * DAY).toISOString() },
    'ami-00000002': { State: 'disabled' },
    'ami-00000003': { State: 'available', ImageAllowed: false },
    'ami-00000004': { State: 'available', DeprecationTime: new Date(NOW + 10 * DAY).toISOString() },
  };
  const d = deps(() => async (ids) => ids.map((ImageId) => ({ ImageId, ...images[ImageId] })));
  const summary = await runMonitor(input(Object.keys(images).map((id, i) => [`Demo/L${i}`, 0, id])), d.deps);
  expect(summary).toEqual({ lookups: 4, launchable: 2, cannotLaunch: 2, deprecatesSoon: 1, unknown: 0, describeImagesCalls: 1 });
  expect(d.emitted.map((e) => [e.ConstructPath, e.Launchable, e.DeprecatesSoon, e.deadReason])).toEqual([
    ['Demo/L0', 1, 0, undefined],
    ['Demo/L1', 0, 0, 'disabled'],
    ['Demo/L2', 0, 0, 'not allowed by Allowed AMIs'],
    ['Demo/L3', 1, 1, undefined],
  ]);
  expect(d.emitted[0].AgeDays).toBe(5);
  expect(d.emitted[3].DaysUntilDeprecation).toBe(10);
  for (const e of d.emitted) expect(emfProblems(JSON.stringify(e))).toEqual([]);
});

test('an EC2 failure: no data point for those lookups, the others still reported, and the run throws', async () => {
  const d = deps((target) => async (ids) => {
    if (target.region === 'eu-west-1') throw ec2Error('RequestLimitExceeded', 'Request limit exceeded.');
    return ids.map((ImageId) => ({ ImageId, State: 'available' }));
  });
  await expect(runMonitor(input([['Demo/A', 0, 'ami-00000001'], ['Demo/B', 1, 'ami-00000002']], [['', ''], ['eu-west-1', '']]), d.deps))
    .rejects.toThrow('could not check 1 of 2 pinned image(s): Demo/B (ami-00000002): RequestLimitExceeded: Request limit exceeded.');
  expect(d.emitted.map((e) => e.ConstructPath)).toEqual(['Demo/A']);
  expect(d.emitted.some((e) => e.Launchable === 0)).toBe(false);
  expect(d.logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'pinned image not checked', constructPath: 'Demo/B' }));
});

test('batched by target: one describer per region and role, each asked once', async () => {
  const targets: any[] = [];
  const d = deps((target) => { targets.push(target); return async (ids) => ids.map((ImageId) => ({ ImageId, State: 'available' })); });
  await runMonitor(input([['Demo/A', 0, 'ami-00000001'], ['Demo/B', 1, 'ami-00000002'], ['Demo/C', 1, 'ami-00000003']],
    [['', ''], ['eu-west-1', 'arn:aws:iam::444455556666:role/reader']]), d.deps);
  expect(targets).toEqual([{ region: undefined, lookupRoleArn: undefined }, { region: 'eu-west-1', lookupRoleArn: 'arn:aws:iam::444455556666:role/reader' }]);
});
