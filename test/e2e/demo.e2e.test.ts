/**
 * `npx projen demo` as a reader sees it: readable sections, no line too long to read, commands a
 * reader can run again, the stranger's look-alike image shown being excluded, and the lookup that
 * reads AWS's public SSM parameter shown beside the query lookups, resolved from that parameter.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { AL2023_PARAMETER, al2023Parameter, AMAZON_ACCOUNT, realisticCatalog } from '../../devkit/catalog';
import { latestVersion } from '../../devkit/ssm-double';

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

/** The lines between two headers of the output (the first from its start). */
function section(from: string, to: string): string {
  const start = output.indexOf(from);
  const end = output.indexOf(to, start);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return output.slice(start, end);
}

/** One lookup's block of a section: from its line to the next blank line. */
function block(text: string, header: string): string {
  const start = text.indexOf(`\n${header}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n\n', start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end + 1);
}

/**
 * What the demo's parameter lookup must show: the parameter's latest version as the demo seeds it,
 * and the image it names, which is Amazon's newest Amazon Linux 2023 for x86_64, found here from the
 * catalog alone.
 */
const catalog = realisticCatalog();
const PARAMETER = latestVersion(al2023Parameter(catalog));
const NEWEST_AL2023 = catalog.filter((i) => i.ownerId === AMAZON_ACCOUNT && /^al2023-ami-2023\.[0-9.]+-kernel-6\.1-x86_64$/.test(i.name))
  .sort((a, b) => b.creationDate.localeCompare(a.creationDate))[0];
const SOURCE_LINE = `SSM parameter ${AL2023_PARAMETER}: version ${PARAMETER.version}, set ${PARAMETER.lastModified.toISOString()}, value ${NEWEST_AL2023.imageId}`;

test('the demo succeeds', () => {
  expect(code).toBe(0);
  expect(output).toMatch(/^Synthesized AmiLookupDemo to \S+: 5 lookups, 2 Lambda functions/);
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

test('it previews the parameter lookup beside the query lookups: the parameter, its version, when it was set, its value, and where SSM was', () => {
  expect(PARAMETER.value).toBe(NEWEST_AL2023.imageId);
  expect(output).toMatch(new RegExp(`\nSSM test double on http://127\\.0\\.0\\.1:\\d+ with AWS's public parameter ${AL2023_PARAMETER} \\(version ${PARAMETER.version}\\)\\.\n`));
  const preview = section('$ npx cdk-ami-lookup preview --app ', 'Why lookups are pinned to an owner');
  expect(preview.split('\n').filter((l) => /^AmiLookupDemo\/\S+$/.test(l))).toEqual([
    'AmiLookupDemo/Al2023', 'AmiLookupDemo/Al2023MinimalArm', 'AmiLookupDemo/WindowsServer2022', 'AmiLookupDemo/Al2023FromSsm', 'AmiLookupDemo/GoldenImage',
  ]);
  const fromSsm = block(preview, 'AmiLookupDemo/Al2023FromSsm');
  expect(fromSsm).toMatch(/\n {2}ssm: {6}http:\/\/127\.0\.0\.1:\d+ \(from AWS_ENDPOINT_URL_SSM\), to read the source parameter\n/);
  expect(fromSsm).toContain(`\n  source:   ${SOURCE_LINE}\n  selected: ${NEWEST_AL2023.imageId}  ${NEWEST_AL2023.name}\n`);
  expect(fromSsm).not.toMatch(/\n {2}(query|stages):/);
  // The query lookups read no parameter.
  expect(block(preview, 'AmiLookupDemo/Al2023')).toMatch(/\n {2}query: {4}Owners=\[amazon\][^\n]*\n {2}stages:/);
  expect(block(preview, 'AmiLookupDemo/Al2023')).not.toMatch(/ssm:|source:/);
});

test('the deploy-time function resolves the parameter lookup from the parameter, with one GetParameter call', () => {
  const deploy = section('And what the deploy-time function answers', 'The health monitor\'s daily run');
  const fromSsm = block(deploy, 'AmiLookupDemo/Al2023FromSsm/Resource/Default');
  expect(fromSsm).toContain(`\n  source:    ${SOURCE_LINE}\n  resolved:  ${NEWEST_AL2023.imageId}  ${NEWEST_AL2023.name}  (created ${NEWEST_AL2023.creationDate})\n`);
  expect(fromSsm).toMatch(/\n {2}lambda: {4}returned in \d+ ms, 1 DescribeImages call\(s\), 1 GetParameter call\(s\), peak RSS \d+ MiB\n/);
  expect(fromSsm).toContain(`\n        "ImageId": "${NEWEST_AL2023.imageId}",\n`);
  expect(fromSsm).toContain('\n        "ResolvedFrom": "parameter",\n');
  expect(fromSsm).not.toContain('FAILED');
  const query = block(deploy, 'AmiLookupDemo/Al2023/Resource/Default');
  expect(query).toContain('\n        "ResolvedFrom": "query",\n');
  expect(query).not.toMatch(/GetParameter|source:/);
});

test('it runs the health monitor over the pins, then shows a deregistered pin as Launchable 0', () => {
  expect(output).toMatch(/The health monitor's daily run over those pins, and the metrics it writes:\n\n {2}monitor: {3}returned in \d+ ms, 1 DescribeImages call\(s\) for 5 lookup\(s\)\n/);
  expect(output).toMatch(/\n {2}AmiLookupDemo\/Al2023 +1 +0 +\d+ +\d+\n/);
  // The parameter's pin is watched like the others, and stays launchable when the golden image goes.
  expect(output.match(/\n {2}AmiLookupDemo\/Al2023FromSsm +1 +0 +\d+ +\d+\n/g)).toHaveLength(2);
  expect(output).toMatch(/\n {2}AmiLookupDemo\/GoldenImage +0 +0 +- +-\n {2}Launchable is 0 for it/);
  expect(output).toContain('"Namespace": "CdkAmiLookup"');
});

test('it ends with a status run: one pin fine, one deprecating soon, one deregistered', () => {
  const status = output.slice(output.indexOf('$ npx cdk-ami-lookup status --app '));
  expect(status).toMatch(/\nAmiLookupDemo\/Al2023 +us-east-1 +ami-\S+ .* ok\n/);
  expect(status).toMatch(/\nAmiLookupDemo\/WindowsServer2022 +us-east-1 +ami-\S+ .*\(10d\) .* deprecates within 30 days\n/);
  expect(status).toMatch(/\nAmiLookupDemo\/GoldenImage +us-east-1 +ami-\S+ .* deregistered .* cannot launch\n/);
  expect(status).toMatch(new RegExp(`\nAmiLookupDemo/Al2023FromSsm +us-east-1 +${NEWEST_AL2023.imageId} .* available +yes +ok\n`));
  expect(status).toMatch(/exit 5: a pin cannot launch\n$/);
});
