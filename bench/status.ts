/**
 * The cost of `status` and `preview --app` over many stacks: an app of 50 stacks x 4 lookups with
 * 10 distinct queries, "deployed" by the bundled handler, against the CloudFormation, EC2 and STS
 * doubles. API calls by kind, and wall time, for each command with its sharing (each distinct query
 * paged once, held images described in batches) and without (CDK_AMI_LOOKUP_SHARING=off: one call
 * per lookup). Writes its own section of bench/results.md; bench/run.ts runs it last.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { baseEnv, fmt, measure, ratio, stats } from './measure';
import { CfnDouble } from '../devkit/cfn-double';
import { deployAssembly } from '../devkit/deploy-assembly';
import { Ec2Double, FakeImage } from '../devkit/ec2-double';
import { StsDouble } from '../devkit/sts-double';
import { AmiLookup } from '../src';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STACKS = 50;
const PER_STACK = 4;
const QUERIES = 10;
const IMAGES_PER_QUERY = 300;
const CLI = path.join(__dirname, '..', 'bin', 'cdk-ami-lookup');
export const STATUS_START = '<!-- status-bench:start -->';
const STATUS_END = '<!-- status-bench:end -->';

function catalog(): FakeImage[] {
  const images: FakeImage[] = [];
  for (let q = 0; q < QUERIES; q++) {
    for (let n = 0; n < IMAGES_PER_QUERY; n++) {
      images.push({
        imageId: `ami-0${(q * 100_000 + n).toString(16).padStart(16, '0')}`,
        name: `bench-line-${q}-${n}`,
        ownerId: '111122223333',
        creationDate: new Date(Date.parse('2026-01-01T00:00:00.000Z') + n * 3_600_000).toISOString(),
      });
    }
  }
  return images;
}

function synth(outdir: string): void {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  for (let s = 0; s < STACKS; s++) {
    const stack = new Stack(app, `Bench${s}`, { env: { account: '111122223333', region: 'us-east-1' } });
    for (let l = 0; l < PER_STACK; l++) {
      // 10 queries over 200 lookups; the ranks differ, so that no two lookups pin the same image.
      const i = s * PER_STACK + l;
      new AmiLookup(stack, `Lookup${l}`, { owners: ['self'], filters: { name: [`bench-line-${i % QUERIES}-*`] }, rank: i % 97 });
    }
  }
  app.synth();
}

export async function statusBench(print: (line?: string) => void): Promise<void> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'status-bench-'));
  synth(outdir);
  const ec2 = await Ec2Double.start({ images: catalog(), accountId: '111122223333', precomputed: true });
  const sts = await StsDouble.start([]);
  const stacks = await deployAssembly(outdir, { ec2Endpoint: ec2.url });
  const cfn = await CfnDouble.start({ stacks });
  const env = { ...baseEnv(ec2.url), AWS_ENDPOINT_URL_CLOUDFORMATION: cfn.url, AWS_ENDPOINT_URL_STS: sts.url };
  const variants: Array<[string, string[], Record<string, string>]> = [
    ['status --app, sharing (batches, each query once)', ['status', '--app', outdir, '--json'], {}],
    ['status --app, one call per lookup', ['status', '--app', outdir, '--json'], { CDK_AMI_LOOKUP_SHARING: 'off' }],
    ['preview --app, sharing (each query once)', ['preview', '--app', outdir, '--json'], {}],
    ['preview --app, one call per lookup', ['preview', '--app', outdir, '--json'], { CDK_AMI_LOOKUP_SHARING: 'off' }],
  ];
  const rows = [];
  try {
    for (const [name, args, extra] of variants) {
      const walls: number[] = [];
      let calls = '';
      for (let r = 0; r <= RUNS; r++) {
        const [e0, c0, s0] = [ec2.requests.length, cfn.calls.length, sts.calls.length];
        // A status run with a pin that cannot launch exits 5; every pin here is fine, so every run exits 0.
        const sample = await measure(process.execPath, [CLI, ...args], { ...env, ...extra });
        const lookups = JSON.parse(sample.stdout).lookups.length;
        if (lookups !== STACKS * PER_STACK) throw new Error(`${name}: ${lookups} lookups reported`);
        if (r === 0) continue; // warm-up: the double builds each answer once
        walls.push(sample.wallMs);
        const e = ec2.requests.slice(e0);
        const c = cfn.calls.slice(c0);
        const byId = e.filter((q) => q.params['ImageId.1'] !== undefined).length;
        calls = [c.filter((x) => x.action === 'DescribeStacks').length, c.filter((x) => x.action === 'ListStackResources').length,
          byId, e.length - byId, sts.calls.length - s0].join(' | ');
      }
      rows.push({ name, calls, wall: stats(walls) });
    }
  } finally {
    await Promise.all([ec2.close(), cfn.close(), sts.close()]);
  }
  print(STATUS_START);
  print('## 5. status and preview over many stacks (bench/status.ts)');
  print();
  print(`Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores. An app of ${STACKS} stacks x ${PER_STACK} lookups `
    + `(${STACKS * PER_STACK} lookups) with ${QUERIES} distinct queries of ${IMAGES_PER_QUERY} images each, deployed by the bundled handler; `
    + `the CLI as it ships, as a process, against the CloudFormation, EC2 and STS doubles on 127.0.0.1 (no added latency); ${RUNS} runs each after a warm-up. `
    + '"One call per lookup" is the same command with `CDK_AMI_LOOKUP_SHARING=off`: each held image described alone, each lookup\'s query paged alone.');
  print();
  print('| run | DescribeStacks | ListStackResources | DescribeImages by ID | DescribeImages query pages | AssumeRole | wall ms, median (min-max) |');
  print('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) print(`| ${r.name} | ${r.calls} | ${fmt(r.wall)} |`);
  print();
  print(`Ratios of median wall time: status with sharing / one call per lookup = ${ratio(rows[0].wall, rows[1].wall)}; `
    + `status / preview --app (both sharing) = ${ratio(rows[0].wall, rows[2].wall)}; preview with sharing / without = ${ratio(rows[2].wall, rows[3].wall)}. `
    + 'With no latency on 127.0.0.1 the saving in time is the doubles\' and the client\'s work per call; against AWS each call saved also saves a round trip.');
  print(STATUS_END);
}

/** Replaces (or appends) this section of bench/results.md. */
function writeSection(lines: string[]): void {
  const results = path.join(__dirname, 'results.md');
  const previous = existsSync(results) ? readFileSync(results, 'utf8') : '';
  const start = previous.indexOf(STATUS_START);
  const end = previous.indexOf(STATUS_END);
  const section = lines.join('\n');
  const next = start >= 0 && end > start
    ? `${previous.slice(0, start)}${section}${previous.slice(end + STATUS_END.length)}`
    : `${previous.trimEnd()}\n\n${section}\n`;
  writeFileSync(results, next);
}

export async function runStatusBench(): Promise<void> {
  const lines: string[] = [];
  await statusBench((line = '') => {
    console.log(line);
    lines.push(line);
  });
  writeSection(lines);
}

if (require.main === module) {
  runStatusBench().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
