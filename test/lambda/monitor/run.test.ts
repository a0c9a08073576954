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

const input = (lookups: Array<[string, number, string] | [string, number, string, Record<string, unknown>]>, targets: Array<[string, string]> = [['', '']]) => ({ v: 1, stack: 'Demo', days: 30, targets, lookups });

test('fine, disabled, refused, deprecating in 10 days: one document each, judged by the shared rules', async () => {
  const images: Record<string, any> = {
    'ami-00000001': { State: 'available', CreationDate: new Date(NOW - 5 * DAY).toISOString() },
    'ami-00000002': { State: 'disabled' },
    'ami-00000003': { State: 'available', ImageAllowed: false },
    'ami-00000004': { State: 'available', DeprecationTime: new Date(NOW + 10 * DAY).toISOString() },
  };
  const d = deps(() => async (ids) => ids.map((ImageId) => ({ ImageId, ...images[ImageId] })));
  const summary = await runMonitor(input(Object.keys(images).map((id, i) => [`Demo/L${i}`, 0, id])), d.deps);
  expect(summary).toEqual({
    lookups: 4, launchable: 2, cannotLaunch: 2, deprecatesSoon: 1, unknown: 0, describeImagesCalls: 1, newerImageAvailable: 0,
  });
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

describe('checkNewerImages: what a refresh would pick', () => {
  const fine = () => async (ids: readonly string[]) => ids.map((ImageId) => ({ ImageId, State: 'available' }));
  const withProperties = { Owners: ['self'] };

  test('NewerImageAvailable is 1 when a refresh picks another image, 0 when the same one or none; only lookups with properties are resolved', async () => {
    const d = deps(fine);
    const picks: Record<string, string | undefined> = { A: 'ami-00000009', B: 'ami-00000002', C: undefined };
    const asked: unknown[] = [];
    const refreshPick = async (p: Readonly<Record<string, unknown>>) => { asked.push(p); return { imageId: picks[p.Key as string] }; };
    const summary = await runMonitor(input([
      ['Demo/A', 0, 'ami-00000001', { ...withProperties, Key: 'A' }],
      ['Demo/B', 0, 'ami-00000002', { ...withProperties, Key: 'B' }],
      ['Demo/C', 0, 'ami-00000003', { ...withProperties, Key: 'C' }],
      ['Demo/D', 0, 'ami-00000004'],
    ]), { ...d.deps, refreshPick });
    expect(summary.newerImageAvailable).toBe(1);
    expect(asked).toHaveLength(3);
    expect(d.emitted.map((e) => [e.ConstructPath, e.NewerImageAvailable, e.refreshWouldPick])).toEqual([
      ['Demo/A', 1, 'ami-00000009'],
      ['Demo/B', 0, 'ami-00000002'],
      ['Demo/C', 0, null],
      ['Demo/D', undefined, undefined],
    ]);
    for (const e of d.emitted) expect(emfProblems(JSON.stringify(e))).toEqual([]);
    expect(d.emitted[0]._aws.CloudWatchMetrics[0].Metrics.map((m: any) => m.Name)).toContain('NewerImageAvailable');
    expect(d.emitted[3]._aws.CloudWatchMetrics[0].Metrics.map((m: any) => m.Name)).not.toContain('NewerImageAvailable');
  });

  test('a refresh check that fails writes the health document without NewerImageAvailable, and the run throws', async () => {
    const d = deps(fine);
    const refreshPick = async () => { throw new Error('DescribeImages failed on page 1: RequestLimitExceeded: Request limit exceeded. (after 8 attempts)'); };
    await expect(runMonitor(input([['Demo/A', 0, 'ami-00000001', withProperties]]), { ...d.deps, refreshPick }))
      .rejects.toThrow('could not check 1 of 1 pinned image(s): Demo/A (ami-00000001): the refresh check failed: DescribeImages failed on page 1');
    expect(d.emitted).toHaveLength(1);
    expect(d.emitted[0]).toMatchObject({ Launchable: 1 });
    expect(d.emitted[0].NewerImageAvailable).toBeUndefined();
    expect(d.logs).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'refresh check failed', constructPath: 'Demo/A' }));
  });
});
