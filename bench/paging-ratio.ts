/**
 * `npx projen bench` (its last step), or on its own: the handler against the floor at one size,
 * with a page server that costs nothing per page. The EC2 double builds each page's XML once, in an
 * unmeasured warm-up drain, and then serves the bytes from memory, so the ratio is the handler's own
 * work over the SDK's. Handler and floor runs alternate; the figure is the median of PAGING_RUNS
 * (default 15) at PAGING_N images (default 100,000). Rewrites its section of bench/results.md.
 *
 * With `--profile DIR`, instead: one CPU profile (`node --cpu-prof`) of each of the two processes in
 * DIR, and their functions by self time, mapped through `<bundle>.map` where the bundle has one
 * (`node scripts/bundle.mjs ... --sourcemap`). Not written to bench/results.md.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'fs';
import { SourceMap } from 'module';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { baseEnv, fmt, measure, PAGING_RATIO_END, PAGING_RATIO_START, pagingQuery, Sample, stats } from './measure';
import { bulkCatalog, OWN_ACCOUNT } from '../devkit/catalog';
import { CfnResponseEndpoint } from '../devkit/cfn-endpoint';
import { Ec2Double } from '../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../devkit/events';
import { ASSET_DIR, LAMBDA_RUNTIME } from '../devkit/invoke-asset';

const RUNS = Number(process.env.PAGING_RUNS ?? 15);
const N = Number(process.env.PAGING_N ?? 100_000);
/** The floor's script: the bundled floor, or another (PAGING_FLOOR), e.g. one loading the SDK from node_modules. */
const FLOOR = path.resolve(process.env.PAGING_FLOOR ?? path.join(__dirname, '.build', 'floor.js'));
const profileAt = process.argv.indexOf('--profile');
const PROFILE_DIR = profileAt >= 0 ? path.resolve(process.argv[profileAt + 1] ?? 'bench/.build/profiles') : undefined;

async function main(): Promise<void> {
  const cfn = await CfnResponseEndpoint.start();
  const { images, best } = bulkCatalog(N);
  const ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT, shuffleSeed: 7, precomputed: true });
  try {
    const env = baseEnv(ec2.url);
    const props = lookupProps(['self'], { name: ['bulk-image-*'] });
    const query = JSON.stringify(pagingQuery(props));
    const event = JSON.stringify(cfnEvent('Create', props, cfn.responseUrl));
    const handler = (nodeArgs: string[] = []) => async () => {
      const s = await measure(process.execPath, [...nodeArgs, LAMBDA_RUNTIME, ASSET_DIR, '600000'], env, event);
      const answer = cfn.received[cfn.received.length - 1]?.json;
      if (answer?.Data?.ImageId !== best) throw new Error(`handler picked ${JSON.stringify(answer)} for N=${N}`);
      return s;
    };
    const floor = (nodeArgs: string[] = []) => async () => {
      const s = await measure(process.execPath, [...nodeArgs, FLOOR, query], env);
      if (JSON.parse(s.stdout).images !== N) throw new Error(`floor drained ${s.stdout} for N=${N}`);
      return s;
    };
    await floor()(); // builds every page once
    const built = ec2.describeImagesCalls;

    if (PROFILE_DIR) {
      for (const [name, bundle, run] of [['handler', path.join(ASSET_DIR, 'index.js'), handler], ['floor', FLOOR, floor]] as const) {
        const dir = path.join(PROFILE_DIR, name);
        mkdirSync(dir, { recursive: true });
        await run(['--cpu-prof', `--cpu-prof-dir=${dir}`])();
        const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort().pop()!;
        console.log(`\n${name}: ${path.join(dir, file)}`);
        for (const line of topSelf(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), bundle)) console.log(line);
      }
      return;
    }

    const samples: Record<'handler' | 'floor', Sample[]> = { handler: [], floor: [] };
    const loads: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      loads.push(os.loadavg()[0]);
      samples.handler.push(await handler()());
      samples.floor.push(await floor()());
    }
    if (ec2.describeImagesCalls !== built * (2 * RUNS + 1)) throw new Error('the clients did not make the same calls');
    const wall = (t: 'handler' | 'floor') => stats(samples[t].map((s) => s.wallMs));
    const cpu = (t: 'handler' | 'floor') => stats(samples[t].map((s) => s.cpuMs));
    const perRun = samples.handler.map((h, i) => h.wallMs / samples.floor[i].wallMs);
    const r = wall('handler').median / wall('floor').median;
    const section = [
      PAGING_RATIO_START,
      '## 1a. Handler against the floor, zero-cost page server (bench/paging-ratio.ts)',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}. `
        + `N = ${N.toLocaleString('en')} images in ${built} pages of 1,000; each page's XML built once by a warm-up drain, then served from memory. `
        + `${RUNS} runs each, handler and floor alternating; 1-minute load average at the start of a pair ${fmt(stats(loads), 1)}.`,
      '',
      '| process | wall ms, median (min-max) | CPU ms (user + system), median (min-max) | peak RSS MiB, median (min-max) |',
      '|---|---:|---:|---:|',
      `| handler | ${fmt(wall('handler'))} | ${fmt(cpu('handler'))} | ${fmt(stats(samples.handler.map((s) => s.rssMb)), 1)} |`,
      `| floor | ${fmt(wall('floor'))} | ${fmt(cpu('floor'))} | ${fmt(stats(samples.floor.map((s) => s.rssMb)), 1)} |`,
      '',
      `handler / floor = **${r.toFixed(2)}** (ratio of median wall times; per pair, median ${fmt(stats(perRun), 2)}); `
        + `CPU time ${(cpu('handler').median / cpu('floor').median).toFixed(2)}. Target at most 1.05: ${r <= 1.05 ? 'met' : 'not met'}.`,
      PAGING_RATIO_END,
    ];
    for (const line of section) console.log(line);
    const results = path.join(__dirname, 'results.md');
    const text = existsSync(results) ? readFileSync(results, 'utf8') : '';
    const start = text.indexOf(PAGING_RATIO_START);
    const end = text.indexOf(PAGING_RATIO_END);
    const next = start >= 0 && end > start
      ? `${text.slice(0, start)}${section.join('\n')}${text.slice(end + PAGING_RATIO_END.length)}`
      : `${text.trimEnd()}\n\n${section.join('\n')}\n`;
    writeFileSync(results, next);
  } finally {
    await ec2.close();
    await cfn.close();
  }
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** The 15 functions with the most self time, with their place in the source when the bundle has a map. */
function topSelf(profile: Profile, bundle: string): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'}\t${f.url}\t${f.lineNumber}\t${f.columnNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const mapFile = `${bundle}.map`;
  const map = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined;
  const bundleUrl = `file://${bundle}`;
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([key, us]) => {
    const [name, url, line, column] = key.split('\t');
    let where = url ? path.basename(url.startsWith('file:') ? fileURLToPath(url) : url) : '';
    if (map && url === bundleUrl) {
      const e = map.findEntry(Number(line), Number(column)) as { originalSource?: string; originalLine?: number };
      if (e.originalSource) where = `${e.originalSource.replace(/^.*node_modules\//, '')}:${(e.originalLine ?? 0) + 1}`;
    }
    return `${(us / 1000).toFixed(0).padStart(6)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${name}  ${where}`;
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
