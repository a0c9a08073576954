/**
 * What CloudFormation says is deployed: each named stack (DescribeStacks) and its Custom::AmiLookup
 * resources with their physical IDs (ListStackResources, every page). Read-only.
 */
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { awsErrorMessage } from './aws-errors';
import { RESOURCE_TYPE } from '../src/shared/wire';

export interface DeployedResource {
  readonly logicalId: string;
  /** Absent for a resource CloudFormation never created. */
  readonly physicalId?: string;
  readonly status: string;
}

export type DeployedStack =
  | { readonly kind: 'deployed'; readonly name: string; readonly region: string; readonly status: string; readonly lookups: DeployedResource[] }
  | { readonly kind: 'not deployed'; readonly name: string; readonly region: string }
  | { readonly kind: 'error'; readonly name: string; readonly region: string; readonly error: string };

/** Reads one stack. `client` is for the stack's region. */
export async function readStack(client: CloudFormationClient, name: string, region: string, signal?: AbortSignal): Promise<DeployedStack> {
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: name }), { abortSignal: signal });
    const stack = described.Stacks?.[0];
    if (!stack) return { kind: 'not deployed', name, region };
    const lookups: DeployedResource[] = [];
    let nextToken: string | undefined;
    do {
      // By the stack ID: a name could meet a stack created in between under it.
      const request = new ListStackResourcesCommand({ StackName: stack.StackId ?? name, NextToken: nextToken });
      const page = await client.send(request, { abortSignal: signal });
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.ResourceType !== RESOURCE_TYPE) continue;
        lookups.push({ logicalId: r.LogicalResourceId ?? '', physicalId: r.PhysicalResourceId || undefined, status: r.ResourceStatus ?? '' });
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken !== undefined);
    // A stack whose only change set was never executed exists, but nothing of it is deployed.
    if (stack.StackStatus === 'REVIEW_IN_PROGRESS') return { kind: 'not deployed', name, region };
    return { kind: 'deployed', name, region, status: stack.StackStatus ?? '', lookups };
  } catch (e) {
    const err = e as Error;
    if (err.name === 'ValidationError' && /does not exist/.test(err.message)) return { kind: 'not deployed', name, region };
    return { kind: 'error', name, region, error: awsErrorMessage(e) };
  }
}

/** One CloudFormation client per region for a run; throttling is retried with back-off by the SDK's standard mode. */
export function cloudFormationClients(): { get(region: string): CloudFormationClient; destroy(): void } {
  const clients = new Map<string, CloudFormationClient>();
  return {
    get: (region) => {
      let c = clients.get(region);
      if (!c) {
        c = new CloudFormationClient({ region, retryMode: 'standard', maxAttempts: 8 });
        clients.set(region, c);
      }
      return c;
    },
    destroy: () => clients.forEach((c) => c.destroy()),
  };
}
