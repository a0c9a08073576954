/**
 * `npx projen demo`: synthesizes the demo app, then resolves each of its Custom::AmiLookup resources
 * with the bundled handler asset, exactly as CloudFormation would invoke it, against a local EC2 test
 * double seeded with a realistic catalog. Nothing leaves 127.0.0.1.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { demoApp } from './app';
import { OWN_ACCOUNT, realisticCatalog } from '../test/support/catalog';
import { CfnResponseEndpoint } from '../test/support/cfn-endpoint';
import { Ec2Double } from '../test/support/ec2-double';
import { asCloudFormationSends, cfnEvent } from '../test/support/events';
import { invokeAsset } from '../test/support/invoke-asset';

async function main(): Promise<void> {
  const outdir = path.join(__dirname, 'cdk.out');
  const { app, stack } = demoApp(outdir);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const lookups = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'Custom::AmiLookup');
  const functions = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length;
  console.log(`Synthesized ${stack.stackName} to ${path.relative(process.cwd(), outdir)}: ${lookups.length} lookups, ${functions} Lambda function.\n`);

  const catalog = realisticCatalog();
  const ec2 = await Ec2Double.start({ images: catalog, accountId: OWN_ACCOUNT, shuffleSeed: 42 });
  const cfn = await CfnResponseEndpoint.start();
  console.log(`EC2 test double on ${ec2.url} with ${catalog.length} images; CloudFormation response endpoint on 127.0.0.1.\n`);
  let failures = 0;
  try {
    // What a deploy would pick, as the preview CLI that ships in the package shows it.
    console.log(`$ cdk-ami-lookup preview --app ${path.relative(process.cwd(), outdir)} --endpoint ${ec2.url}\n`);
    // Asynchronously: the EC2 double answering it lives in this process.
    const code = await new Promise<number>((resolve, reject) => {
      const preview = spawn(process.execPath, [path.join(__dirname, '..', 'bin', 'cdk-ami-lookup'), 'preview', '--app', outdir, '--endpoint', ec2.url], {
        env: {
          ...process.env,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'demo-secret',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
          NODE_NO_WARNINGS: '1',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      preview.on('error', reject);
      preview.on('close', (c) => resolve(c ?? 1));
    });
    if (code !== 0) failures++;
    console.log('And what the deploy-time function answers CloudFormation for each of them:\n');
    for (const [logicalId, resource] of lookups) {
      const { ServiceToken: _token, ServiceTimeout: _timeout, ...properties } = resource.Properties;
      const event = cfnEvent('Create', asCloudFormationSends(properties) as Record<string, unknown>, cfn.responseUrl, { LogicalResourceId: logicalId });
      const callsBefore = ec2.describeImagesCalls;
      const run = await invokeAsset(event, { ec2Endpoint: ec2.url });
      const response = cfn.received[cfn.received.length - 1]?.json;
      console.log(resource.Metadata?.['aws:cdk:path'] ?? logicalId);
      console.log(`  query:     ${JSON.stringify(properties)}`);
      if (response?.Status === 'SUCCESS') {
        console.log(`  resolved:  ${response.Data.ImageId}  ${response.Data.ImageName}  (created ${response.Data.CreationDate})`);
      } else {
        failures++;
        console.log(`  FAILED:    ${response?.Reason ?? run.outcome}`);
      }
      console.log(`  lambda:    ${run.outcome} in ${run.durationMs} ms, ${ec2.describeImagesCalls - callsBefore} DescribeImages call(s), peak RSS ${Math.round(run.maxRssKb / 1024)} MiB`);
      console.log(`  response:  ${JSON.stringify(response)}\n`);
    }
  } finally {
    await ec2.close();
    await cfn.close();
  }
  if (failures > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
