/**
 * `npx projen demo` as a reader sees it: readable sections, no line too long to read, commands a
 * reader can run again, and the stranger's look-alike image shown being excluded.
 */
import { spawn } from 'child_process';
import * as path from 'path';

jest.setTimeout(120_000);

let output = '';
let code = -1;
beforeAll(async () => {
  const root = path.join(__dirname, '..', '..');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--project', 'demo/tsconfig.json', 'demo/run.ts'], {
      cwd: root,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    child.on('error', reject);
    child.on('close', (c) => { code = c ?? -1; resolve(); });
  });
});

test('the demo succeeds', () => {
  expect(code).toBe(0);
});

test('its sections are set apart by exactly one blank line', () => {
  const lines = output.split('\n');
  for (const header of ['What a deploy would pick', 'Why lookups are pinned to an owner', 'Why vague queries are refused', 'And what the deploy-time function answers']) {
    const i = lines.findIndex((l) => l.startsWith(header));
    expect(i).toBeGreaterThan(0);
    expect([lines[i - 1], lines[i + 1]]).toEqual(['', '']);
  }
  expect(output).not.toMatch(/\n\n\n/);
});

test('no line is too long to read: responses are printed as indented JSON', () => {
  const longest = Math.max(...output.split('\n').map((l) => l.length));
  expect(longest).toBeLessThanOrEqual(240);
  expect(output).toMatch(/\n  response:\n {4}\{\n {6}"Status": "SUCCESS",\n/);
});

test('every command it prints names no local endpoint: it runs as printed against the playground (--serve) or an account', () => {
  const commands = output.split('\n').filter((l) => l.startsWith('$ '));
  expect(commands.length).toBeGreaterThanOrEqual(3);
  for (const c of commands) {
    expect(c).toMatch(/^\$ npx cdk-ami-lookup (preview|status) /);
    expect(c).not.toMatch(/127\.0\.0\.1|--endpoint/);
  }
});

test('it shows the stranger\'s look-alike, and that pinning the owner excludes it', () => {
  expect(output).toMatch(/--allow-unpinned-owner\n {2}selected: ami-\S+ +al2023-ami-2023\.\S+ +owner 666666666666 +<- the stranger's look-alike\n/);
  expect(output).toMatch(/--owner amazon --filter \S+\n {2}selected: ami-\S+ +al2023-ami-2023\.\S+ +owner 137112412989 +<- the look-alike is excluded\n/);
});

test('it shows the ambiguity guard refusing a query that matches both architectures, and the instance type pinning it', () => {
  expect(output).toMatch(/\$ npx cdk-ami-lookup preview --owner amazon --filter 'name=al2023-ami-2023\.\*'\n {2}exit 1, nothing selected:\n {4}ambiguous query: the \d+ image\(s\) left differ in architecture \("\w+": \d+, "\w+": \d+\); pin it/);
  expect(output).toContain('--instance-type or an architecture filter.');
  expect(output).toMatch(/--instance-type m7g\.large\n {2}selected: ami-\S+ +al2023-ami-2023\.\S+-arm64 +<- only arm64 images were asked for\n/);
  expect(output).toMatch(/ {2}parameter: \/cdk-ami-lookup-demo\/al2023-minimal\/arm64 = ami-\S+ \(SSM, data type aws:ec2:image\)\n/);
});

test('it runs the health monitor over the pins, then shows a deregistered pin as Launchable 0', () => {
  expect(output).toMatch(/The health monitor's daily run over those pins, and the metrics it writes:\n\n {2}monitor: {3}returned in \d+ ms, 1 DescribeImages call\(s\) for 4 lookup\(s\)\n/);
  expect(output).toMatch(/\n {2}AmiLookupDemo\/Al2023 +1 +0 +\d+ +\d+\n/);
  expect(output).toMatch(/\n {2}AmiLookupDemo\/GoldenImage +0 +0 +- +-\n {2}Launchable is 0 for it/);
  expect(output).toContain('"Namespace": "CdkAmiLookup"');
});

test('it ends with a status run: one pin fine, one deprecating soon, one deregistered', () => {
  const status = output.slice(output.indexOf('$ npx cdk-ami-lookup status --app '));
  expect(status).toMatch(/\nAmiLookupDemo\/Al2023 +us-east-1 +ami-\S+ .* ok\n/);
  expect(status).toMatch(/\nAmiLookupDemo\/WindowsServer2022 +us-east-1 +ami-\S+ .*\(10d\) .* deprecates within 30 days\n/);
  expect(status).toMatch(/\nAmiLookupDemo\/GoldenImage +us-east-1 +ami-\S+ .* deregistered .* cannot launch\n/);
  expect(status).toMatch(/exit 5: a pin cannot launch\n$/);
});
