/**
 * `npx projen bench`: how fast and lean the deploy-time function is, how it scales with the number of
 * images a query matches, and what the construct costs a stack. Every comparison is measured side by
 * side in this one run, repeated, and reported as medians (min-max) and ratios. Not a test: CI does
 * not run it.
 *
 * Processes are measured from outside: wall time with a monotonic clock around the spawn, peak memory
 * as the process's maximum resident set size from GNU time.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { baseEnv, fmt, measure, PAGING_RATIO_START, pagingQuery, ratio, Sample, stats, Stats } from './measure';
import { runStatusBench } from './status';
import { bulkCatalog, OWN_ACCOUNT } from '../devkit/catalog';
import { CfnResponseEndpoint } from '../devkit/cfn-endpoint';
import { Ec2Double } from '../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../devkit/events';
import { ASSET_DIR, LAMBDA_RUNTIME } from '../devkit/invoke-asset';
import { AmiLookup } from '../src';
import { compileNamePattern } from '../src/shared/name-pattern';
import { Prop } from '../src/shared/wire';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROOT = path.join(__dirname, '..');
const FLOOR = path.join(__dirname, '.build', 'floor.js');
/** The AWS CLI on PATH (bench/ensure-awscli.sh installs Debian's when there is none). */
const AWS_CLI = 'aws';
const CUSTOM_RESOURCE_DIR = path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'custom-resource-handlers', 'dist', 'custom-resources', 'aws-custom-resource-handler');
/** The name-pattern engine's file beside the handler bundle (scripts/bundle.mjs). */
const NAME_ENGINE = 're2js.js';

const out: string[] = [];
function print(line = ''): void {
  console.log(line);
  out.push(line);
}

const targets: Array<[string, boolean, string]> = [];

async function paging(cfn: CfnResponseEndpoint): Promise<void> {
  print('## 1. Paging throughput');
  print();
  print('One lookup matching N images, pages of 1,000 from the EC2 test double on 127.0.0.1 (no added latency, each page\'s XML built once '
    + `by an unmeasured warm-up drain and then served from memory); ${RUNS} runs each, interleaved.`);
  print('Handler: the bundled asset in a fresh process. Floor: the same SDK client draining the same pages, keeping nothing. '
    + 'CLI: Debian\'s `aws ec2 describe-images --page-size 1000 --query \'sort_by(Images,&CreationDate)[-1]\'`.');
  print();
  print('| N | tool | DescribeImages calls | wall ms, median (min-max) | peak RSS MiB, median (min-max) | ratio |');
  print('|---:|---|---:|---:|---:|---|');
  const memory: Record<number, Stats> = {};
  for (const n of SIZES) {
    const { images, best } = bulkCatalog(n);
    // Each page's XML is built once (by the warm-up drain below) and then served from memory, so the
    // ratios show the clients' own work and not the double's.
    const ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT, shuffleSeed: 7, precomputed: true });
    const env = baseEnv(ec2.url);
    const props = lookupProps(['self'], { name: ['bulk-image-*'] });
    const query = pagingQuery(props);
    const filterArgs = (props.Filters as Array<{ Name: string; Values: string[] }>).map((f) => `Name=${f.Name},Values=${f.Values.join(',')}`);
    const samples: Record<string, Sample[]> = { handler: [], regex: [], floor: [], cli: [] };
    const calls: Record<string, Set<number>> = { handler: new Set(), regex: new Set(), floor: new Set(), cli: new Set() };
    // The same lookup with a name pattern that every image passes, so the RE2 engine runs on all N.
    const regexProps = { ...props, [Prop.nameRegex]: '^bulk-image-[0-9]+$' };
    const count = async (tool: string, run: () => Promise<Sample>) => {
      const before = ec2.describeImagesCalls;
      const s = await run();
      calls[tool].add(ec2.describeImagesCalls - before);
      samples[tool].push(s);
      return s;
    };
    await measure(process.execPath, [FLOOR, JSON.stringify(query)], env);
    for (let r = 0; r < RUNS; r++) {
      const event = JSON.stringify(cfnEvent('Create', props, cfn.responseUrl));
      await count('handler', () => measure(process.execPath, [LAMBDA_RUNTIME, ASSET_DIR, '600000'], env, event));
      const answer = cfn.received[cfn.received.length - 1]?.json;
      if (answer?.Data?.ImageId !== best) throw new Error(`handler picked ${JSON.stringify(answer)} for N=${n}`);
      const regexEvent = JSON.stringify(cfnEvent('Create', regexProps, cfn.responseUrl));
      await count('regex', () => measure(process.execPath, [LAMBDA_RUNTIME, ASSET_DIR, '600000'], env, regexEvent));
      const regexAnswer = cfn.received[cfn.received.length - 1]?.json;
      if (regexAnswer?.Data?.ImageId !== best) throw new Error(`handler with nameRegex picked ${JSON.stringify(regexAnswer)} for N=${n}`);
      const floor = await count('floor', () => measure(process.execPath, [FLOOR, JSON.stringify(query)], env));
      if (JSON.parse(floor.stdout).images !== n) throw new Error(`floor drained ${floor.stdout} for N=${n}`);
      const cli = await count('cli', () => measure(AWS_CLI, ['ec2', 'describe-images', '--owners', 'self', '--filters', ...filterArgs,
        '--page-size', '1000', '--query', 'sort_by(Images,&CreationDate)[-1].ImageId', '--output', 'text',
        '--endpoint-url', ec2.url, '--region', 'us-east-1'], env));
      if (!/^ami-/.test(cli.stdout.trim())) throw new Error(`aws cli printed ${cli.stdout.slice(0, 200)}`);
    }
    await ec2.close();
    const wall = (t: string) => stats(samples[t].map((s) => s.wallMs));
    const rss = (t: string) => stats(samples[t].map((s) => s.rssMb));
    const expected = Math.ceil(n / 1000);
    const callText = (t: string) => [...calls[t]].join('/');
    print(`| ${n.toLocaleString('en')} | handler | ${callText('handler')} | ${fmt(wall('handler'))} | ${fmt(rss('handler'), 1)} | handler / floor = ${ratio(wall('handler'), wall('floor'))} |`);
    print(`| | handler, nameRegex | ${callText('regex')} | ${fmt(wall('regex'))} | ${fmt(rss('regex'), 1)} | handler with nameRegex / floor = ${ratio(wall('regex'), wall('floor'))} |`);
    print(`| | floor | ${callText('floor')} | ${fmt(wall('floor'))} | ${fmt(rss('floor'), 1)} | |`);
    print(`| | AWS CLI | ${callText('cli')} | ${fmt(wall('cli'))} | ${fmt(rss('cli'), 1)} | CLI / handler = ${ratio(wall('cli'), wall('handler'))} |`);
    memory[n] = rss('handler');
    const exact = ['handler', 'regex', 'floor', 'cli'].every((t) => calls[t].size === 1 && calls[t].has(expected));
    targets.push([`DescribeImages calls at N=${n.toLocaleString('en')} are exactly ceil(N/1000) = ${expected}`, exact, `handler ${callText('handler')}, floor ${callText('floor')}, CLI ${callText('cli')}`]);
    if (n === 100_000) {
      const r = wall('handler').median / wall('floor').median;
      targets.push(['handler / floor at N=100,000 is at most 1.10', r <= 1.1, r.toFixed(2)]);
      const rr = wall('regex').median / wall('floor').median;
      targets.push(['handler with a nameRegex / floor at N=100,000 is at most 1.10', rr <= 1.1, rr.toFixed(2)]);
    }
  }
  if (memory[1000] && memory[100_000]) {
    const growth = memory[100_000].median - memory[1000].median;
    targets.push(['peak memory at N=100,000 is at most 20 MB above N=1,000', growth <= 20, `+${growth.toFixed(1)} MiB`]);
  }
  print();
}

async function coldStart(cfn: CfnResponseEndpoint): Promise<void> {
  print('## 2. Cold start');
  print();
  const ec2 = await Ec2Double.start({ images: bulkCatalog(50).images, accountId: OWN_ACCOUNT });
  const env = baseEnv(ec2.url);
  const event = JSON.stringify(cfnEvent('Create', lookupProps(['self'], { name: ['bulk-image-*'] }), cfn.responseUrl));
  const customResourceEvent = JSON.stringify(cfnEvent('Create', {
    Create: JSON.stringify({ service: 'EC2', action: 'DescribeImages', parameters: { Owners: ['self'], Filters: [{ Name: 'name', Values: ['bulk-image-*'] }] }, physicalResourceId: { id: 'image' } }),
    InstallLatestAwsSdk: 'false',
  }, cfn.responseUrl));
  // On Lambda, AwsCustomResource takes the SDK from the runtime; here, from this project's node_modules.
  const customResourceEnv = { ...env, NODE_PATH: path.join(ROOT, 'node_modules') };
  const rows: Array<[string, () => Promise<Sample>]> = [
    ['`node -e 0` (floor)', () => measure(process.execPath, ['-e', '0'], env)],
    ['load `@aws-sdk/client-ec2` alone (as AwsCustomResource does on Lambda)', () => measure(process.execPath, ['-e', 'require("@aws-sdk/client-ec2")'], { ...env, NODE_PATH: path.join(ROOT, 'node_modules') })],
    ['load the cdk-ami-lookup asset', () => measure(process.execPath, ['-e', `require(${JSON.stringify(path.join(ASSET_DIR, 'index.js'))})`], env)],
    ['load the asset and compile a name pattern (loads re2js.js on first use)', () => measure(process.execPath, ['-e',
      `require(${JSON.stringify(path.join(ASSET_DIR, 'index.js'))}); require(${JSON.stringify(path.join(ASSET_DIR, NAME_ENGINE))}).RE2JS.compile('^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-x86_64$')`], env)],
    ['cdk-ami-lookup asset: load and answer one lookup', () => measure(process.execPath, [LAMBDA_RUNTIME, ASSET_DIR, '60000'], env, event)],
    ['AwsCustomResource handler: load and answer one DescribeImages', () => measure(process.execPath, [LAMBDA_RUNTIME, CUSTOM_RESOURCE_DIR, '60000'], customResourceEnv, customResourceEvent)],
  ];
  const samples: Sample[][] = rows.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < rows.length; i++) samples[i].push(await rows[i][1]());
  }
  await ec2.close();
  const crAnswer = cfn.received[cfn.received.length - 1]?.json;
  if (crAnswer?.Status !== 'SUCCESS') throw new Error(`AwsCustomResource answered ${JSON.stringify(crAnswer).slice(0, 300)}`);
  const assetBytes = statSync(path.join(ASSET_DIR, 'index.js')).size;
  const engineBytes = statSync(path.join(ASSET_DIR, NAME_ENGINE)).size;
  const crBytes = statSync(path.join(CUSTOM_RESOURCE_DIR, 'index.js')).size;
  print(`Asset bytes: cdk-ami-lookup ${assetBytes.toLocaleString('en')} (EC2 and STS clients included), plus ${engineBytes.toLocaleString('en')} `
    + `in ${NAME_ENGINE}, the name-pattern engine, loaded only by lookups that have a nameRegex; `
    + `AwsCustomResource ${crBytes.toLocaleString('en')} plus the SDK client it loads from the Lambda runtime.`);
  print();
  print('| process | wall ms, median (min-max) | peak RSS MiB, median (min-max) |');
  print('|---|---:|---:|');
  rows.forEach(([name], i) => print(`| ${name} | ${fmt(stats(samples[i].map((s) => s.wallMs)))} | ${fmt(stats(samples[i].map((s) => s.rssMb)), 1)} |`));
  const wall = (i: number) => stats(samples[i].map((s) => s.wallMs));
  print();
  print(`Ratios: asset load / EC2 client load = ${ratio(wall(2), wall(1))}; asset load with the name-pattern engine / without = ${ratio(wall(3), wall(2))}; `
    + `one lookup, cdk-ami-lookup / AwsCustomResource = ${ratio(wall(4), wall(5))}.`);
  print();
  const r = wall(2).median / wall(1).median;
  targets.push(['the asset loads in at most 2x the time of node plus the EC2 client alone', r <= 2, `${r.toFixed(2)}x`]);
}

/** Median nanoseconds per call of `fn` over `items`, timing whole passes. */
function nsPerItem<T>(items: readonly T[], fn: (item: T) => unknown): Stats {
  const passes: number[] = [];
  let sink = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const started = process.hrtime.bigint();
    for (const item of items) if (fn(item)) sink++;
    const ns = Number(process.hrtime.bigint() - started) / items.length;
    if (r > 0) passes.push(ns); // the first pass warms the JIT
  }
  if (sink < 0) print('unreachable');
  return stats(passes);
}

function namePatterns(): void {
  print('## 4. Name patterns: RegExp against RE2 (the engine nameRegex uses)');
  print();
  print('In-process, the engine alone: the names of 20,000 images in the shapes real catalogs use, each pattern compiled once.');
  print();
  const names: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const d = `2026${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    names.push(`al2023-ami-2023.${i % 10}.${d}.${i % 5}-kernel-6.1-${i % 2 ? 'arm64' : 'x86_64'}`);
    names.push(`al2023-ami-minimal-2023.${i % 10}.${d}.${i % 5}-kernel-6.12-x86_64`);
    names.push(`ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${i % 2 ? 'arm64' : 'amd64'}-server-${d}`);
    names.push(`Windows_Server-2022-English-Full-Base-${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}`);
  }
  const patterns = [
    '^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-x86_64$',
    'x86_64',
    '^ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24[.]04-amd64-server-[0-9]{8}$',
    '^Windows_Server-2022-English-(Full|Core)-Base-',
  ];
  print('| pattern | RegExp ns/name | RE2 ns/name | RE2 / RegExp |');
  print('|---|---:|---:|---:|');
  for (const p of patterns) {
    const before = new RegExp(p, 'u');
    const after = compileNamePattern(p);
    const b = nsPerItem(names, (n) => before.test(n));
    const a = nsPerItem(names, (n) => after.test(n));
    print(`| \`${p}\` | ${fmt(b)} | ${fmt(a)} | ${ratio(a, b)} |`);
  }
  print();
  print('Nesting, on a crafted 128-character name (`a` x 127 then `!`): RE2\'s time per match as patterns nest. '
    + 'RegExp does not finish these; its time on shorter names shows why (each extra letter doubles it).');
  print();
  const crafted = `${'a'.repeat(127)}!`;
  print('| pattern | RE2 µs per match, 128 characters |');
  print('|---|---:|');
  const nested: number[] = [];
  for (let depth = 1; depth <= 5; depth++) {
    const p = `^${'('.repeat(depth)}a+${')+'.repeat(depth)}$`;
    const m = compileNamePattern(p);
    const s = nsPerItem(Array.from({ length: 200 }, () => crafted), (n) => m.test(n));
    nested.push(s.median);
    print(`| \`${p}\` | ${(s.median / 1000).toFixed(1)} (${(s.min / 1000).toFixed(1)}-${(s.max / 1000).toFixed(1)}) |`);
  }
  print();
  print('| name length | RegExp ms for `^(a+)+$` (letters, then `!`) |');
  print('|---:|---:|');
  const re = /^(a+)+$/u;
  for (const n of [14, 16, 18, 20, 22]) {
    const name = `${'a'.repeat(n)}!`;
    const s = stats(Array.from({ length: RUNS }, () => {
      const started = process.hrtime.bigint();
      re.test(name);
      return Number(process.hrtime.bigint() - started) / 1e6;
    }));
    print(`| ${n + 1} | ${fmt(s, 2)} |`);
  }
  print();
  const flat = Math.max(...nested) / Math.min(...nested);
  targets.push(['RE2 time to match a 128-character crafted name stays flat as patterns nest (depth 5 / depth 1 at most 5x)', flat <= 5, `${flat.toFixed(1)}x`]);
}

function synthCost(): void {
  print('## 3. Synth cost');
  print();
  const synth = (n: number) => {
    const app = new App({ context: { 'aws:cdk:enable-path-metadata': false } });
    const stack = new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) new AmiLookup(stack, `Lookup${i}`, { owners: ['amazon'], filters: { name: [`image-${i}-*`] } });
    const template = app.synth().getStackByName('Bench').template;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const functions = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length;
    return { ms, bytes: JSON.stringify(template).length, functions };
  };
  synth(1); // warm the JIT, so the first row is not a measure of it
  print('| lookups | synth ms, median (min-max) | template bytes | Lambda functions |');
  print('|---:|---:|---:|---:|');
  const medians: Record<number, number> = {};
  for (const n of [1, 10, 100]) {
    const runs = Array.from({ length: RUNS }, () => synth(n));
    const s = stats(runs.map((r) => r.ms));
    medians[n] = s.median;
    print(`| ${n} | ${fmt(s, 1)} | ${runs[0].bytes.toLocaleString('en')} | ${runs[0].functions} |`);
    targets.push([`one Lambda function with ${n} lookup(s)`, runs.every((r) => r.functions === 1), String(runs[0].functions)]);
  }
  const perLookup = (medians[100] - medians[10]) / 90;
  print();
  print(`Marginal cost: ${perLookup.toFixed(2)} ms per lookup between 10 and 100; 100 lookups / 10 lookups = ${(medians[100] / medians[10]).toFixed(1)}x.`);
  targets.push(['synth time grows linearly (100 lookups cost at most 15x 10 lookups)', medians[100] / medians[10] <= 15, `${(medians[100] / medians[10]).toFixed(1)}x`]);
  print();
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  print('# cdk-ami-lookup benchmarks');
  print();
  print(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus[0]?.model ?? 'unknown CPU'} (${cpus.length} cores), Node ${process.version}, `
    + `${(await measure(AWS_CLI, ['--version'], baseEnv('http://127.0.0.1:9'))).stdout.trim().split(' ')[0]}; ${RUNS} runs per figure. `
    + 'Regenerate with `npx projen bench`.');
  print();
  const cfn = await CfnResponseEndpoint.start();
  try {
    await paging(cfn);
    await coldStart(cfn);
    synthCost();
    namePatterns();
  } finally {
    await cfn.close();
  }
  print('## Targets');
  print();
  print('| target | met | measured |');
  print('|---|---|---|');
  for (const [name, met, value] of targets) print(`| ${name} | ${met ? 'yes' : 'no'} | ${value} |`);
  // The focused paging section (bench/paging-ratio.ts) and the notes after it are kept.
  const results = path.join(__dirname, 'results.md');
  const previous = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const kept = previous.indexOf(PAGING_RATIO_START);
  writeFileSync(results, `${out.join('\n')}\n${kept >= 0 ? `\n${previous.slice(kept)}` : ''}`);
  // status and preview over many stacks: its own section, kept after the paging section (bench/status.ts).
  await runStatusBench();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
