/**
 * The monitor's EC2 calls: DescribeImages by ID, deprecated and disabled images included so that
 * they are seen and judged, through the same client settings as the lookup's pager (standard retry
 * mode with 8 attempts, which backs off on throttling).
 */
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { MonitorTarget } from './run';
import { assumeRole } from '../credentials';
import { createEc2Client } from '../pager';

/** A describer per target; a target with a role assumes it once, on its first call. */
export function ec2Describer(signal: AbortSignal) {
  const clients: EC2Client[] = [];
  const describer = (target: MonitorTarget) => {
    let client: Promise<EC2Client> | undefined;
    const get = () => client ??= (async () => {
      const credentials = target.lookupRoleArn === undefined ? undefined : await assumeRole(target.lookupRoleArn, target.region, signal);
      const c = createEc2Client({ region: target.region, credentials });
      clients.push(c);
      return c;
    })();
    return async (imageIds: readonly string[]) => {
      const command = new DescribeImagesCommand({ ImageIds: [...imageIds], IncludeDeprecated: true, IncludeDisabled: true });
      const out = await (await get()).send(command, { abortSignal: signal });
      return out.Images ?? [];
    };
  };
  return { describer, close: () => clients.forEach((c) => c.destroy()) };
}
