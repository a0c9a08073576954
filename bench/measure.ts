/**
 * What the benchmarks share: a process measured from outside (wall time with a monotonic clock
 * around the spawn, peak memory and CPU time from GNU time), medians, and the
 * environment a measured process gets.
 */
import { spawn } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseProperties } from '../lambda/properties';
import { ImageQuery } from '../src/shared/settings';

export const TMP = mkdtempSync(path.join(os.tmpdir(), 'ami-lookup-bench-'));

export interface Sample {
  readonly wallMs: number;
  readonly rssMb: number;
  /** User plus system CPU time, from GNU time (10 ms resolution): less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  readonly stdout: string;
  /** What the process wrote to file descriptor 3 (devkit/lambda-runtime.js reports its outcome there). */
  readonly fd3: string;
}

/** Runs a command to completion; its wall time and peak RSS are the measurement. */
export function measure(cmd: string, args: string[], env: Record<string, string>, input = ''): Promise<Sample> {
  const rssFile = path.join(TMP, 'rss');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('time', ['-f', '%M %U %S', '-o', rssFile, cmd, ...args], { env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let fd3 = '';
    child.stdout!.on('data', (c) => { stdout += c; });
    child.stderr!.on('data', (c) => { stderr += c; });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c) => { fd3 += c; });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      const [maxRssKb, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ wallMs, rssMb: maxRssKb / 1024, cpuMs: (user + system) * 1000, stdout, fd3 });
    });
    child.stdin!.end(input);
  });
}

export interface Stats { median: number; min: number; max: number }
export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}
export const fmt = (s: Stats, digits = 0) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
export const ratio = (a: Stats, b: Stats) => (a.median / b.median).toFixed(2);

export const baseEnv = (ec2Endpoint: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: TMP,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_ENDPOINT_URL_EC2: ec2Endpoint,
  AWS_PAGER: '',
  NODE_NO_WARNINGS: '1',
});

/** The query the paging benchmarks run: the handler's own parse of the properties it is sent, so that the floor asks EC2 the same. */
export function pagingQuery(props: Record<string, unknown>): ImageQuery {
  const { owners, executableUsers, imageIds, includeDeprecated, includeDisabled, filters } = parseProperties(props);
  return { owners, executableUsers, imageIds, includeDeprecated, includeDisabled, filters };
}

/** Where bench/paging-ratio.ts's section of bench/results.md begins (bench/run.ts keeps it and what follows). */
export const PAGING_RATIO_START = '<!-- paging-ratio:start -->';
export const PAGING_RATIO_END = '<!-- paging-ratio:end -->';
