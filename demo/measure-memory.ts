/**
 * Peak memory of the bundled handler for lookups that match 1,000, 10,000 and 100,000 images, served
 * in pages of 1,000 by the EC2 test double. Each lookup runs in a fresh process, as a cold Lambda would;
 * the figure is that process's maximum resident set size. The function's memory size is chosen from it.
 */
import { bulkCatalog, OWN_ACCOUNT } from '../devkit/catalog';
import { CfnResponseEndpoint } from '../devkit/cfn-endpoint';
import { Ec2Double } from '../devkit/ec2-double';
import { cfnEvent, deliveredProperties } from '../devkit/events';
import { invokeAsset } from '../devkit/invoke-asset';
import { lookupProperties } from '../src/shared/lookup-properties';
import { lookupSettings } from '../src/shared/settings';

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
  const ranks = (process.argv[3] ?? '0,5').split(',').map(Number);
  const cfn = await CfnResponseEndpoint.start();
  console.log('| images | rank | DescribeImages calls | result | wall (ms) | peak RSS (MiB) |');
  console.log('|---:|---:|---:|---|---:|---:|');
  for (const n of sizes) {
    const { images } = bulkCatalog(n);
    const ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT, shuffleSeed: 1 });
    try {
      for (const rank of ranks) {
        const callsBefore = ec2.describeImagesCalls;
        const event = cfnEvent('Create', deliveredProperties(lookupProperties(lookupSettings({ owners: ['self'], filters: { name: ['bulk-image-*'] }, rank }))), cfn.responseUrl);
        const run = await invokeAsset(event, { ec2Endpoint: ec2.url, timeoutMs: 300_000 });
        const response = cfn.received[cfn.received.length - 1]?.json;
        // bulkCatalog's names and dates rise together, so the rank-th best is the rank-th from the end.
        const ok = response?.Status === 'SUCCESS' && response.Data.ImageId === images[n - 1 - rank].imageId;
        console.log(`| ${n} | ${rank} | ${ec2.describeImagesCalls - callsBefore} | ${ok ? 'correct' : `WRONG: ${JSON.stringify(response)}`} | ${run.durationMs} | ${(run.maxRssKb / 1024).toFixed(1)} |`);
        if (!ok) process.exitCode = 1;
      }
    } finally {
      await ec2.close();
    }
  }
  await cfn.close();
}

void main();
