/**
 * Invokes the bundled handler asset (what ships in the npm package) in a fresh Node process, with
 * the environment Lambda gives a function: region, credentials in variables, and nothing from the
 * developer's machine. EC2 calls go to the test double through AWS_ENDPOINT_URL_EC2. With
 * recordModules, it also says which files the process loaded (devkit/record-modules.js).
 */
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ASSET_DIR = path.join(__dirname, '..', 'assets', 'handler');
/** The script that runs the asset as the Lambda Node.js runtime would (bench/ runs it too). */
export const LAMBDA_RUNTIME = path.join(__dirname, 'lambda-runtime.js');
/** A `node --require` preload that writes the files the process loaded (see the script). */
export const RECORD_MODULES = path.join(__dirname, 'record-modules.js');
/** The variable naming the file RECORD_MODULES writes to. */
export const RECORD_MODULES_TO = 'CDK_AMI_LOOKUP_RECORD_MODULES';

export interface InvokeOptions {
  /** The EC2 endpoint (the test double). */
  readonly ec2Endpoint: string;
  /** The function timeout the runtime enforces. */
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
  /** The file of the asset to load: `monitor.js` for the health monitor. @default index.js */
  readonly entry?: string;
  /** Record the files the process loads (Invocation.modules). */
  readonly recordModules?: boolean;
}

export interface Invocation {
  readonly outcome: 'returned' | 'threw' | 'timeout' | 'init-error' | 'batch';
  /** With a list of events: each invocation's outcome, in order. */
  readonly outcomes?: ReadonlyArray<{ readonly outcome: string; readonly error?: string; readonly ms: number }>;
  readonly error?: string;
  /** `process.version` of the Node.js that ran the asset. */
  readonly nodeVersion: string;
  readonly durationMs: number;
  /** Requiring the entry file, in milliseconds. */
  readonly loadMs?: number;
  /** The process's CPU time (user and system), in milliseconds. */
  readonly cpuMs: number;
  readonly maxRssKb: number;
  /** With recordModules: every file the process loaded through require, absolute, in load order. */
  readonly modules?: string[];
  /** Everything the handler logged, one entry per line. */
  readonly logs: string[];
  readonly stderr: string;
}

/**
 * Invokes the asset with one event in a fresh process; with an array, invokes each event in turn in
 * the same process, as a warm container would.
 */
export function invokeAsset(event: unknown, options: InvokeOptions): Promise<Invocation> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN',
    AWS_LAMBDA_FUNCTION_NAME: 'CdkAmiLookupProviderFunction',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_ENDPOINT_URL_EC2: options.ec2Endpoint,
    ...options.env,
  };
  const recordDir = options.recordModules ? mkdtempSync(path.join(os.tmpdir(), 'ami-lookup-modules-')) : undefined;
  const recordFile = recordDir && path.join(recordDir, 'modules.json');
  if (recordFile) env[RECORD_MODULES_TO] = recordFile;
  const modules = (): string[] | undefined => {
    if (!recordDir) return undefined;
    try {
      // Absent when the process did not exit on its own (a crash of node itself).
      return existsSync(recordFile!) ? JSON.parse(readFileSync(recordFile!, 'utf8')) : undefined;
    } finally {
      rmSync(recordDir, { recursive: true, force: true });
    }
  };
  return new Promise((resolve, reject) => {
    const nodeArgs = recordFile ? ['--require', RECORD_MODULES] : [];
    const child = spawn(process.execPath, [...nodeArgs, LAMBDA_RUNTIME, ASSET_DIR, String(timeoutMs), options.entry ?? 'index.js'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let result = '';
    child.stdout!.on('data', (c) => { stdout += c; });
    child.stderr!.on('data', (c) => { stderr += c; });
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c) => { result += c; });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const parsed = JSON.parse(result);
        resolve({ ...parsed, logs: stdout.split('\n').filter((l) => l.length > 0), stderr, modules: modules() });
      } catch {
        reject(new Error(`the runtime reported nothing; stderr: ${stderr.slice(0, 2000)}`));
      }
    });
    child.stdin!.end(JSON.stringify(event));
  });
}
