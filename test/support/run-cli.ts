/**
 * Runs the preview CLI as it ships (bin/cdk-ami-lookup loading assets/cli) in a child process with
 * a clean environment: credentials in variables, no profile files, no instance metadata.
 */
import { spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';

export const CLI_BIN = path.join(__dirname, '..', '..', 'bin', 'cdk-ami-lookup');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a CLI run; an empty string in `extra` removes a variable. */
export function cliEnv(ec2Endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: os.tmpdir(),
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_EC2: ec2Endpoint,
    NODE_NO_WARNINGS: '1',
    ...extra,
  };
  for (const k of Object.keys(env)) if (env[k] === '') delete env[k];
  return env;
}

/** Runs `node <bin> ...args` (or another script) and collects its output and exit code. */
export function runCli(args: string[], env: Record<string, string>, bin = CLI_BIN): Promise<CliRun> {
  return runProcess(process.execPath, [bin, ...args], env);
}

/** Runs a command and collects its output and exit code. */
export function runProcess(command: string, args: string[], env: Record<string, string>, cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
