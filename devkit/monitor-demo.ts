/**
 * The demo's health monitor run: the monitor's schedule input taken from the synthesized template,
 * with each lookup's ImageId token replaced by what the demo's deploy resolved, given to the
 * bundled monitor entry point against the EC2 double, and its metrics printed as CloudWatch would
 * extract them.
 */
import { Ec2Double, FakeImage } from './ec2-double';
import { invokeAsset } from './invoke-asset';

/** Resolves a target's `Input` (an `Fn::Join` of the stack name and `Fn::GetAtt ImageId`s). */
export function monitorInputs(template: any, stackName: string, imageIds: Readonly<Record<string, string>>): unknown[] {
  const rules = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
  const part = (p: any): string => {
    if (typeof p === 'string') return p;
    if (p.Ref === 'AWS::StackName') return stackName;
    const id = p['Fn::GetAtt']?.[0];
    if (id !== undefined && imageIds[id] !== undefined) return imageIds[id];
    throw new Error(`monitor demo: cannot resolve ${JSON.stringify(p)}`);
  };
  return rules.flatMap((r) => r.Properties.Targets).map((t: any) => JSON.parse(typeof t.Input === 'string' ? t.Input : t.Input['Fn::Join'][1].map(part).join('')));
}

/**
 * Runs the monitor over the pins and prints its metrics; then again with one pinned image
 * deregistered (the double's catalog is restored afterwards). Returns the number of failed runs.
 */
export async function runMonitorDemo(template: any, stackName: string, imageIds: Readonly<Record<string, string>>, ec2: Ec2Double,
  catalog: readonly FakeImage[]): Promise<number> {
  let failures = await runOnce(template, stackName, imageIds, ec2, true);
  const [path, dead] = Object.entries(imageIds)[Object.keys(imageIds).length - 1];
  console.log(`\nThe next day, the image pinned by ${path} (${dead}) has been deregistered:\n`);
  ec2.setImages(catalog.filter((i) => i.imageId !== dead));
  try {
    failures += await runOnce(template, stackName, imageIds, ec2, false);
  } finally {
    ec2.setImages(catalog);
  }
  console.log('  Launchable is 0 for it, so the stack-wide minimum is 0: CannotLaunchAlarm goes to ALARM and its actions run.');
  return failures;
}

async function runOnce(template: any, stackName: string, imageIds: Readonly<Record<string, string>>, ec2: Ec2Double,
  showDocument: boolean): Promise<number> {
  let failures = 0;
  for (const input of monitorInputs(template, stackName, imageIds)) {
    const before = ec2.describeImagesCalls;
    const run = await invokeAsset(input, { ec2Endpoint: ec2.url, entry: 'monitor.js' });
    const docs = run.logs.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
    console.log(`  monitor:   ${run.outcome} in ${run.durationMs} ms, ${ec2.describeImagesCalls - before} DescribeImages call(s) for ${docs.length} lookup(s)`);
    console.log(`  ${'ConstructPath'.padEnd(34)} ${'Launchable'.padEnd(11)} ${'DeprecatesSoon'.padEnd(15)} ${'DaysUntilDeprecation'.padEnd(21)} AgeDays`);
    for (const d of docs) {
      console.log(`  ${String(d.ConstructPath).padEnd(34)} ${String(d.Launchable).padEnd(11)} ${String(d.DeprecatesSoon).padEnd(15)} ${String(d.DaysUntilDeprecation ?? '-').padEnd(21)} ${d.AgeDays ?? '-'}`);
    }
    if (showDocument && docs.length > 0) {
      console.log('  one EMF log line, as CloudWatch Logs receives it:');
      console.log(JSON.stringify(docs[0], null, 2).split('\n').map((l) => `    ${l}`).join('\n'));
    }
    if (run.outcome !== 'returned') failures++;
  }
  return failures;
}
