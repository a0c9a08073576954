/**
 * `npx projen demo`: synthesizes the demo app, then resolves each of its Custom::AmiLookup resources
 * with the bundled handler asset, exactly as CloudFormation would invoke it, against a local EC2 test
 * double seeded with a realistic catalog and an SSM test double holding AWS's public Amazon Linux
 * 2023 parameter (for the lookup that reads it). Nothing leaves 127.0.0.1.
 *
 * `npx projen demo --serve [--port <n>]` then keeps the doubles running for the CLI in another
 * terminal (devkit/playground.ts), until Ctrl-C.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { statusSection } from './status';
import { al2023Parameter, OWN_ACCOUNT, realisticCatalog } from '../devkit/catalog';
import { CfnResponseEndpoint } from '../devkit/cfn-endpoint';
import { demoApp } from '../devkit/demo-app';
import { FakeImage } from '../devkit/ec2-double';
import { cfnEvent, deliveredProperties } from '../devkit/events';
import { invokeAsset } from '../devkit/invoke-asset';
import { runMonitorDemo } from '../devkit/monitor-demo';
import { applyEnvironment, DEMO_USAGE, DemoOptions, DemoUsageError, parseDemoArgs, Playground, PortUnavailableError, shellWord, untilStopped } from '../devkit/playground';
import { latestVersion } from '../devkit/ssm-double';
import { Prop, RESOLVED_FROM, RESOURCE_TYPE } from '../src/shared/wire';

async function main(options: DemoOptions): Promise<void> {
  // Before the synth, so that a taken --port is said at once rather than after the demo.
  const catalog = realisticCatalog();
  const playground = await Playground.start({
    images: catalog, parameters: [al2023Parameter(catalog)], accountId: OWN_ACCOUNT, shuffleSeed: 42, port: options.port,
  });
  let failures = -1;
  try {
    failures = await demo(playground, catalog);
  } finally {
    if (!options.serve || failures !== 0) await playground.close();
  }
  if (failures > 0) {
    if (options.serve) console.error('The demo failed, so the test doubles are not kept running.');
    process.exitCode = 1;
    return;
  }
  if (!options.serve) return;

  const stopped = untilStopped();
  console.log(playground.instructions(path.relative(process.cwd(), OUTDIR), path.resolve(__dirname, '..')).join('\n'));
  const signal = await stopped;
  await playground.close();
  console.log(`\n${signal}: the test doubles are stopped.`);
}

const OUTDIR = path.join(__dirname, 'cdk.out');

/** The demo itself, against the playground's EC2 and SSM doubles; the number of things that went wrong. */
async function demo(playground: Playground, catalog: readonly FakeImage[]): Promise<number> {
  const imageCount = catalog.length;
  const { ec2, ssm } = playground;
  const outdir = OUTDIR;
  const { app, stack } = demoApp(outdir);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const lookups = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === RESOURCE_TYPE);
  const functions = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length;
  console.log(`Synthesized ${stack.stackName} to ${path.relative(process.cwd(), outdir)}: ${lookups.length} lookups, ${functions} Lambda functions (the lookups' and the monitor's).\n`);

  const cfn = await CfnResponseEndpoint.start();
  const held = playground.parameters.map((p) => `${p.name} (version ${latestVersion(p).version})`).join(', ');
  console.log(`EC2 test double on ${ec2.url} with ${imageCount} images; CloudFormation response endpoint on 127.0.0.1;`);
  console.log(`SSM test double on ${ssm.url} with AWS's public parameter ${held}.\n`);
  let failures = 0;
  // The CLI as it ships, pointed at the double through the environment (the one --serve prints),
  // so that every command printed here is one a reader can run as it is against their own account.
  // NODE_NO_WARNINGS only tidies the demo's own output, so it is not printed for a person's shell.
  const env = { ...applyEnvironment(process.env, playground.environment), NODE_NO_WARNINGS: '1' };
  // Asynchronously: the EC2 double answering it lives in this process.
  const cli = (command: string, args: string[], output: 'inherit' | 'pipe' = 'inherit') => new Promise<{ code: number; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'cdk-ami-lookup'), command, ...args], { env, stdio: ['ignore', output, 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (c) => { stdout += c; });
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? 1, stdout }));
  });
  const preview = (args: string[], output: 'inherit' | 'pipe' = 'inherit') => cli('preview', args, output);
  // Printed as a shell takes them (quoted), so that bash and zsh alike can run them again.
  const command = (args: string[]) => args.map(shellWord).join(' ');
  try {
    console.log('What a deploy would pick, as the preview CLI that ships in the package shows it:\n');
    const appDir = path.relative(process.cwd(), outdir);
    console.log(`$ npx cdk-ami-lookup preview --app ${appDir}\n`);
    if ((await preview(['--app', outdir])).code !== 0) failures++;

    console.log('\nWhy lookups are pinned to an owner: the catalog has a look-alike of Amazon Linux 2023, published by a stranger.\n');
    const query = ['--filter', 'name=al2023-ami-2023.*-x86_64'];
    const picked = async (args: string[]) => JSON.parse((await preview([...args, '--json'], 'pipe')).stdout).lookups[0].selected;
    const unpinned = await picked([...query, '--allow-unpinned-owner']);
    const pinned = await picked(['--owner', 'amazon', ...query]);
    console.log(`$ npx cdk-ami-lookup preview ${command(query)} --allow-unpinned-owner`);
    console.log(`  selected: ${unpinned.imageId}  ${unpinned.name}  owner ${unpinned.ownerId}  <- the stranger's look-alike\n`);
    console.log(`$ npx cdk-ami-lookup preview --owner amazon ${command(query)}`);
    console.log(`  selected: ${pinned.imageId}  ${pinned.name}  owner ${pinned.ownerId}  <- the look-alike is excluded`);
    if (unpinned.ownerId === pinned.ownerId) failures++;

    console.log('\nWhy vague queries are refused: Amazon Linux 2023 is published for x86_64 and arm64 under one name pattern.\n');
    const vague = ['--owner', 'amazon', '--filter', 'name=al2023-ami-2023.*'];
    const refused = await preview([...vague, '--json'], 'pipe');
    console.log(`$ npx cdk-ami-lookup preview ${command(vague)}`);
    console.log(`  exit ${refused.code}, nothing selected:`);
    console.log(wrap(JSON.parse(refused.stdout).lookups[0].refused, 100).map((l) => `    ${l}`).join('\n'));
    const forGraviton = await picked([...vague, '--instance-type', 'm7g.large']);
    console.log(`\n$ npx cdk-ami-lookup preview ${command(vague)} --instance-type m7g.large`);
    console.log(`  selected: ${forGraviton.imageId}  ${forGraviton.name}  <- only arm64 images were asked for`);
    if (refused.code !== 1 || forGraviton.architecture !== 'arm64') failures++;

    console.log('\nAnd what the deploy-time function answers CloudFormation for each lookup:\n');
    const resolved: Record<string, string> = {};
    for (const [logicalId, resource] of lookups) {
      const event = cfnEvent('Create', deliveredProperties(resource.Properties), cfn.responseUrl, { LogicalResourceId: logicalId });
      const callsBefore = ec2.describeImagesCalls;
      const ssmCallsBefore = ssm.getParameterCalls;
      const run = await invokeAsset(event, { ec2Endpoint: ec2.url, env: { AWS_ENDPOINT_URL_SSM: ssm.url } });
      const response = cfn.received[cfn.received.length - 1]?.json;
      console.log(resource.Metadata?.['aws:cdk:path'] ?? logicalId);
      // A parameter lookup: the value GetParameter answered the function, which it must have pinned.
      const source = playground.parameters.find((p) => p.name === resource.Properties[Prop.sourceParameter]);
      const current = source && latestVersion(source);
      if (source && current) {
        console.log(`  source:    SSM parameter ${source.name}: version ${current.version}, set ${current.lastModified.toISOString()}, value ${current.value}`);
      }
      if (response?.Status === 'SUCCESS') {
        resolved[logicalId] = response.Data.ImageId;
        console.log(`  resolved:  ${response.Data.ImageId}  ${response.Data.ImageName}  (created ${response.Data.CreationDate})`);
        if (current && (response.Data.ImageId !== current.value || response.Data.ResolvedFrom !== RESOLVED_FROM.parameter)) {
          failures++;
          console.log(`  FAILED:    resolved from ${response.Data.ResolvedFrom}, not the parameter's value ${current.value}`);
        }
      } else {
        failures++;
        console.log(`  FAILED:    ${response?.Reason ?? run.outcome}`);
      }
      const ssmCalls = source ? `, ${ssm.getParameterCalls - ssmCallsBefore} GetParameter call(s)` : '';
      console.log(`  lambda:    ${run.outcome} in ${run.durationMs} ms, ${ec2.describeImagesCalls - callsBefore} DescribeImages call(s)${ssmCalls}, `
        + `peak RSS ${Math.round(run.maxRssKb / 1024)} MiB`);
      console.log('  response:');
      console.log(JSON.stringify(response, null, 2).split('\n').map((l) => `    ${l}`).join('\n'));
      console.log();
    }
    console.log('The health monitor\'s daily run over those pins, and the metrics it writes:\n');
    failures += await runMonitorDemo(template, stack.stackName, resolved, ec2, catalog);
    failures += await statusSection(playground, path.relative(process.cwd(), outdir), catalog, (args) => cli('status', args));
  } finally {
    await cfn.close();
  }
  return failures;
}

/** Words into lines of at most `width` characters, for a message a person reads in a terminal. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The demo's options, or undefined after saying why they are refused (exit code 2). */
function demoOptions(argv: string[]): DemoOptions | undefined {
  try {
    return parseDemoArgs(argv);
  } catch (e) {
    if (!(e instanceof DemoUsageError)) throw e;
    console.error(`demo: ${e.message}\n${DEMO_USAGE}`);
    process.exitCode = 2;
    return undefined;
  }
}

const given = demoOptions(process.argv.slice(2));
if (given?.help) {
  console.log(DEMO_USAGE);
} else if (given) {
  main(given).catch((e) => {
    console.error(e instanceof PortUnavailableError ? `demo: ${e.message}` : e);
    process.exitCode = 1;
  });
}
