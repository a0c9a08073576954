/**
 * The SSM side of the parameter source: GetParameter and GetParameterHistory with the lookup's
 * region and credentials. Loaded lazily (parameter-reader.ts). Throttling and 5xx are retried by
 * the SDK's standard mode; what is left is reported in one line naming the parameter.
 */
import { GetParameterCommand, GetParameterHistoryCommand, SSMClient } from '@aws-sdk/client-ssm';
import { attemptTimeout, MAX_ATTEMPT_MS } from './attempts';
import { assumeRole } from './credentials';
import { Budget, UserFacingError } from './events';
import type { Ec2Target } from './lookup';
import { ParameterReader, ParameterValue } from './parameter-reader';

/** SSM's largest history page. */
const HISTORY_PAGE = 50;

export function ssmParameterReader(): ParameterReader {
  const clients = new Map<string, SSMClient>();
  const withClient = async <T>(target: Ec2Target, budget: Budget, use: (client: SSMClient) => Promise<T>): Promise<T> => {
    if (target.lookupRoleArn !== undefined) {
      const client = createSsmClient(target.region, await assumeRole(target.lookupRoleArn, target.region, budget.signal));
      try {
        return await use(client);
      } finally {
        client.destroy();
      }
    }
    const key = target.region ?? '';
    const client = clients.get(key) ?? createSsmClient(target.region);
    clients.set(key, client);
    return use(client);
  };
  return {
    get: (request, target, budget) => withClient(target, budget, async (client) => {
      const out = await send(() => client.send(new GetParameterCommand({ Name: request, WithDecryption: false }),
        { abortSignal: budget.signal, requestTimeout: attemptTimeout(budget) }), 'GetParameter', request, budget);
      return valueOf(out.Parameter ?? {});
    }),
    history: (base, target, budget) => ({
      [Symbol.asyncIterator]: async function* () {
        const pages: Array<readonly ParameterValue[]> = [];
        // One client for the whole walk: with a role, credentials are assumed once.
        await withClient(target, budget, async (client) => {
          let nextToken: string | undefined;
          const seen = new Set<string>();
          do {
            const out = await send(() => client.send(new GetParameterHistoryCommand({ Name: base, MaxResults: HISTORY_PAGE, NextToken: nextToken }),
              { abortSignal: budget.signal, requestTimeout: attemptTimeout(budget) }), 'GetParameterHistory', base, budget);
            pages.push((out.Parameters ?? []).map(valueOf));
            nextToken = out.NextToken || undefined;
            if (nextToken !== undefined && seen.has(nextToken)) throw new UserFacingError(`GetParameterHistory of ${base} failed: SSM repeated a NextToken`);
            if (nextToken !== undefined) seen.add(nextToken);
          } while (nextToken !== undefined);
        });
        yield* pages;
      },
    }),
  };
}

function createSsmClient(region: string | undefined, credentials?: Awaited<ReturnType<typeof assumeRole>>): SSMClient {
  return new SSMClient({
    region,
    credentials,
    retryMode: 'standard',
    maxAttempts: 8,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: MAX_ATTEMPT_MS, throwOnRequestTimeout: true },
  });
}

/** The fields of GetParameter's Parameter and GetParameterHistory's ParameterHistory that the lookup reads. */
interface SsmParameterFields {
  Name?: string; Type?: string; DataType?: string; Value?: string; Version?: number; LastModifiedDate?: Date; Labels?: string[];
}

function valueOf(p: SsmParameterFields): ParameterValue {
  return {
    name: p.Name ?? '',
    type: p.Type ?? '',
    dataType: p.DataType,
    value: p.Value ?? '',
    version: p.Version ?? 0,
    lastModified: p.LastModifiedDate?.getTime() ?? 0,
    labels: p.Labels ?? [],
  };
}

async function send<T>(call: () => Promise<T>, action: string, name: string, budget: Budget): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (budget.signal.aborted) throw new UserFacingError(`${action} of ${name} was stopped: ${(budget.signal.reason as Error)?.message ?? 'out of time'}`);
    const err = e as Error;
    switch (err.name) {
      case 'ParameterNotFound':
        throw new UserFacingError(`${action}: parameter ${name} not found (a parameter shared from another account is read by its full ARN)`);
      case 'ParameterVersionNotFound':
        throw new UserFacingError(`${action}: parameter ${name} has no such version or label`);
      case 'AccessDeniedException':
        throw new UserFacingError(`${action} of ${name} was refused: ${err.message.split('\n')[0].slice(0, 200)}`);
      default:
        throw new UserFacingError(`${action} of ${name} failed: ${summary(e)}`);
    }
  }
}

function summary(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return `${e.name === 'TimeoutError' ? 'request timed out' : `${e.name}: ${e.message.split('\n')[0].slice(0, 200)}`}${tries}`;
}
