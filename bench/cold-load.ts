/**
 * `npx projen bench` (its last step), or on its own: what the SSM parameter source costs a cold
 * start. The handler asset's files and their sizes, and the cold load of one lookup: a fresh `node`
 * process that loads the asset as Lambda's runtime does (devkit/lambda-runtime.js) and answers one
 * Create against the EC2 and SSM doubles on 127.0.0.1, for
 *   (a) a query lookup, with the current asset;
 *   (b) a parameter lookup (AWS's public Amazon Linux 2023 parameter), with the current asset;
 *   (c) the same query lookup, with the asset as it was before the parameter source: the parent of
 *       the commit that added lambda/ssm-reader.ts (or COLD_LOAD_BEFORE), bundled with that commit's
 *       own scripts/bundle.mjs into bench/.build/.
 * All three answer the same image. Before anything is timed, one run of each records the files it
 * loaded (devkit/record-modules.js), and the bench stops if a query lookup loads ssm-reader.js.
 * Then one warm-up round and COLD_LOAD_RUNS rounds (default 51), the three in a rotating order;
 * medians (min-max), and the ratios b/a and a/c of this one run. Rewrites its section of bench/results.md.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baseEnv, fmt, measure, Sample, stats, Stats, TMP } from './measure';
import { AL2023_PARAMETER, al2023Parameter, OWN_ACCOUNT, realisticCatalog } from '../devkit/catalog';
import { CfnResponseEndpoint } from '../devkit/cfn-endpoint';
import { Ec2Double } from '../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../devkit/events';
import { ASSET_DIR, LAMBDA_RUNTIME, RECORD_MODULES, RECORD_MODULES_TO } from '../devkit/invoke-asset';
import { latestVersion, SsmDouble } from '../devkit/ssm-double';
import { asCloudFormationSends, lookupProperties } from '../src/shared/lookup-properties';
import { lookupSettings } from '../src/shared/settings';

const RUNS = Number(process.env.COLD_LOAD_RUNS ?? 51);
const ROOT = path.join(__dirname, '..');
export const COLD_LOAD_START = '<!-- cold-load:start -->';
const COLD_LOAD_END = '<!-- cold-load:end -->';
/** The packages a handler bundle is made of, whose versions the before-asset must share with the commit it is built from. */
const BUNDLED_PACKAGES = ['@aws-sdk/client-ec2', '@aws-sdk/client-sts', '@smithy/core', 're2js', 'esbuild'];

const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();

/** The commit before the parameter source: the parent of the first commit that has lambda/ssm-reader.ts. */
function beforeCommit(): { commit: string; addedBy?: string } {
  if (process.env.COLD_LOAD_BEFORE) return { commit: git(['rev-parse', '--verify', `${process.env.COLD_LOAD_BEFORE}^{commit}`]) };
  const addedBy = git(['log', '--format=%H', '--diff-filter=A', '--', 'lambda/ssm-reader.ts']).split('\n').filter(Boolean).pop();
  if (addedBy === undefined) throw new Error('cold-load: no commit adds lambda/ssm-reader.ts (a shallow clone?); set COLD_LOAD_BEFORE');
  return { commit: git(['rev-parse', `${addedBy}^`]), addedBy };
}

/** Each bundled package's version in the commit's package-lock.json and in this checkout's node_modules. */
function packageVersions(commit: string): Array<{ name: string; then: string; now: string }> {
  const lock = JSON.parse(git(['show', `${commit}:package-lock.json`]));
  return BUNDLED_PACKAGES.map((name) => ({
    name,
    then: lock.packages?.[`node_modules/${name}`]?.version ?? '-',
    now: JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version,
  }));
}

/**
 * The handler asset of `commit`, bundled by that commit's own scripts/bundle.mjs from its own
 * lambda/ and src/ (git archive), with this checkout's node_modules; built once, then kept.
 */
function buildBefore(commit: string): string {
  const dir = path.join(__dirname, '.build', `before-ssm-${commit.slice(0, 12)}`);
  const asset = path.join(dir, 'asset');
  if (existsSync(path.join(asset, 'index.js'))) return asset;
  rmSync(dir, { recursive: true, force: true });
  const tree = path.join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  const archive = execFileSync('git', ['archive', commit, 'lambda', 'src', 'scripts', 'tsconfig.json'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  execFileSync(process.execPath, ['scripts/bundle.mjs', 'lambda/index.ts', path.join(asset, 'index.js')], { cwd: tree, stdio: 'inherit' });
  return asset;
}

/** The asset's files, by name, with their sizes in bytes. */
function filesOf(dir: string): Map<string, number> {
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.js')).sort().map((f) => [f, statSync(path.join(dir, f)).size]));
}

interface Variant {
  readonly key: 'a' | 'b' | 'c';
  readonly label: string;
  readonly assetDir: string;
  readonly properties: Record<string, unknown>;
  readonly resolvedFrom: string;
}

/** One run's figures: the process measured from outside, and its own report (devkit/lambda-runtime.js). */
interface Run {
  readonly sample: Sample;
  readonly loadMs: number;
  readonly handleMs: number;
  readonly cpuMs: number;
}

async function main(): Promise<void> {
  const { commit, addedBy } = beforeCommit();
  const subject = git(['log', '-1', '--format=%s', commit]);
  const beforeDir = buildBefore(commit);
  const versions = packageVersions(commit);

  const catalog = realisticCatalog();
  const parameter = al2023Parameter(catalog);
  const expected = latestVersion(parameter).value;
  const ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT });
  const ssm = await SsmDouble.start({ accountId: OWN_ACCOUNT, parameters: [parameter] });
  const cfn = await CfnResponseEndpoint.start();
  const out: string[] = [];
  try {
    const env = { ...baseEnv(ec2.url), AWS_ENDPOINT_URL_SSM: ssm.url };
    const query = lookupProps(['amazon'], { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] });
    const fromParameter = asCloudFormationSends(lookupProperties(lookupSettings({ sourceParameter: AL2023_PARAMETER }))) as Record<string, unknown>;
    const variants: Variant[] = [
      { key: 'a', label: 'query lookup', assetDir: ASSET_DIR, properties: query, resolvedFrom: 'query' },
      { key: 'b', label: 'parameter lookup', assetDir: ASSET_DIR, properties: fromParameter, resolvedFrom: 'parameter' },
      { key: 'c', label: 'query lookup', assetDir: beforeDir, properties: query, resolvedFrom: 'query' },
    ];

    const once = async (v: Variant, nodeArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<Run> => {
      const before = cfn.received.length;
      const sample = await measure(process.execPath, [...nodeArgs, LAMBDA_RUNTIME, v.assetDir, '60000'], { ...env, ...extraEnv },
        JSON.stringify(cfnEvent('Create', v.properties, cfn.responseUrl)));
      const answer = cfn.received[before]?.json;
      if (answer?.Status !== 'SUCCESS' || answer.Data.ImageId !== expected || answer.Data.ResolvedFrom !== v.resolvedFrom) {
        throw new Error(`cold-load: (${v.key}) answered ${JSON.stringify(answer).slice(0, 400)}; expected ${expected} from ${v.resolvedFrom}`);
      }
      const report = JSON.parse(sample.fd3);
      if (report.outcome !== 'returned') throw new Error(`cold-load: (${v.key}) ${report.outcome}: ${report.error}`);
      return { sample, loadMs: report.loadMs, handleMs: report.ms, cpuMs: report.cpuMs };
    };

    // Untimed: the files each process loads, recorded from require.cache as it exits.
    const loaded: Record<string, string[]> = {};
    for (const v of variants) {
      const file = path.join(TMP, `modules-${v.key}.json`);
      await once(v, ['--require', RECORD_MODULES], { [RECORD_MODULES_TO]: file });
      loaded[v.key] = JSON.parse(readFileSync(file, 'utf8')).filter((m: string) => path.dirname(m) === v.assetDir).map((m: string) => path.basename(m));
    }
    if (loaded.a.includes('ssm-reader.js') || loaded.c.includes('ssm-reader.js') || !loaded.b.includes('ssm-reader.js')) {
      throw new Error(`cold-load: the files loaded are not as the parameter source promises: ${JSON.stringify(loaded)}`);
    }

    for (const v of variants) await once(v); // warm-up round: the OS file cache, the doubles' first answers
    const runs: Record<string, Run[]> = { a: [], b: [], c: [] };
    const loads: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      loads.push(os.loadavg()[0]);
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(r + i) % variants.length];
        runs[v.key].push(await once(v));
      }
    }

    const of = (key: string, pick: (run: Run) => number): Stats => stats(runs[key].map(pick));
    const wall = (key: string) => of(key, (x) => x.sample.wallMs);
    const cpu = (key: string) => of(key, (x) => x.cpuMs);
    const perRound = (x: string, y: string, pick: (run: Run) => number) => stats(runs[x].map((run, i) => pick(run) / pick(runs[y][i])));
    const r2 = (s: Stats) => `${s.median.toFixed(2)} (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
    const ratioOf = (x: Stats, y: Stats) => (x.median / y.median).toFixed(2);
    const current = filesOf(ASSET_DIR);
    const previous = filesOf(beforeDir);
    const short = commit.slice(0, 7);
    const cpus = os.cpus();

    const print = (line = '') => {
      console.log(line);
      out.push(line);
    };
    print(COLD_LOAD_START);
    print('## 6. Cold load: a query lookup and a parameter lookup, against the asset before the parameter source (bench/cold-load.ts)');
    print();
    print(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores), Node ${process.version}. `
      + 'Each run is a fresh `node` process that loads the asset as Lambda\'s runtime does (devkit/lambda-runtime.js) and answers one Create '
      + `against the EC2 double (the realistic catalog, ${catalog.length} images) and the SSM double on 127.0.0.1, no added latency. `
      + `${RUNS} rounds after one warm-up round, the three runs of a round in a rotating order; 1-minute load average at the start of a round `
      + `${r2(stats(loads))}.`);
    print();
    print(`Before: ${short} (${subject}), ${addedBy ? `the parent of ${addedBy.slice(0, 7)}, which added lambda/ssm-reader.ts, ` : ''}`
      + 'bundled from its own lambda/ and src/ by its own scripts/bundle.mjs, with this checkout\'s node_modules: '
      + `${versions.map((p) => `${p.name} ${p.now}${p.then === p.now ? '' : ` (that commit's lock: ${p.then})`}`).join(', ')}`
      + `${versions.every((p) => p.then === p.now) ? ', the versions that commit\'s package-lock.json pins' : ''}.`);
    print();
    print('| asset file | bytes now | bytes before | loaded by (a) query lookup | loaded by (b) parameter lookup |');
    print('|---|---:|---:|---|---|');
    const names = [...new Set([...current.keys(), ...previous.keys()])].sort();
    const bytes = (m: Map<string, number>, f: string) => (m.has(f) ? m.get(f)!.toLocaleString('en') : '-');
    const yes = (key: string, f: string) => (loaded[key].includes(f) ? 'yes' : 'no');
    for (const f of names) print(`| \`${f}\` | ${bytes(current, f)} | ${bytes(previous, f)} | ${yes('a', f)} | ${yes('b', f)} |`);
    const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0).toLocaleString('en');
    print(`| total | ${total(current)} | ${total(previous)} | | |`);
    print();
    print('`monitor.js` is the health monitor\'s entry point (its own function); `re2js.js` is loaded only by a lookup with a `nameRegex`. '
      + `Files loaded, recorded from require.cache (untimed): (a) ${loaded.a.join(', ')}; (b) ${loaded.b.join(', ')}; (c) ${loaded.c.join(', ')}.`);
    print();
    print('Each figure a median (min-max): wall time from spawn to exit, measured outside the process; CPU time (user + system), '
      + 'the `require` of the entry file and the handling of the event, as the process reports them.');
    print();
    print('| run | asset | wall ms | CPU ms | require ms | handle ms | peak RSS MiB |');
    print('|---|---|---:|---:|---:|---:|---:|');
    for (const v of variants) {
      const asset = v.assetDir === ASSET_DIR ? 'now' : `before (${short})`;
      print(`| (${v.key}) ${v.label} | ${asset} | ${fmt(wall(v.key))} | ${fmt(cpu(v.key))} | ${fmt(of(v.key, (x) => x.loadMs), 1)} `
        + `| ${fmt(of(v.key, (x) => x.handleMs))} | ${fmt(of(v.key, (x) => x.sample.rssMb), 1)} |`);
    }
    print();
    print(`Ratios of medians, wall time: parameter / query lookup (b/a) = **${ratioOf(wall('b'), wall('a'))}**; `
      + `query lookup, now / before (a/c) = **${ratioOf(wall('a'), wall('c'))}**. CPU time: b/a = ${ratioOf(cpu('b'), cpu('a'))}, `
      + `a/c = ${ratioOf(cpu('a'), cpu('c'))}. Per round, wall: b/a ${r2(perRound('b', 'a', (x) => x.sample.wallMs))}, `
      + `a/c ${r2(perRound('a', 'c', (x) => x.sample.wallMs))}.`);
    const ac = wall('a').median / wall('c').median;
    print();
    print(`Target: a query lookup's cold load now is at most 1.05 times before the parameter source: ${ac <= 1.05 ? 'met' : 'not met'} (${ac.toFixed(2)}).`);
    print(COLD_LOAD_END);
  } finally {
    await Promise.all([ec2.close(), ssm.close(), cfn.close()]);
  }

  const results = path.join(__dirname, 'results.md');
  const previousText = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const start = previousText.indexOf(COLD_LOAD_START);
  const end = previousText.indexOf(COLD_LOAD_END);
  const section = out.join('\n');
  writeFileSync(results, start >= 0 && end > start
    ? `${previousText.slice(0, start)}${section}${previousText.slice(end + COLD_LOAD_END.length)}`
    : `${previousText.trimEnd()}\n\n${section}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
