import { DescribeImagesCommand, DescribeImagesCommandInput, EC2Client, Image } from '@aws-sdk/client-ec2';
import { assumeRole } from './credentials';
import { UserFacingError } from './events';
import type { Ec2Target, ImagePages } from './lookup';
import { Query } from './properties';

/** EC2's largest page. */
export const PAGE_SIZE = 1000;

/**
 * The EC2 client. Standard retry mode backs off with jitter on throttling (`RequestLimitExceeded`),
 * 5xx and timeouts. `throwOnRequestTimeout` makes `requestTimeout` fail the attempt: without it the
 * SDK only logs a warning and keeps waiting.
 */
export function createEc2Client(options: Ec2ClientOptions = {}): EC2Client {
  return new EC2Client({
    region: options.region,
    credentials: options.credentials,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 8,
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      throwOnRequestTimeout: true,
    },
  });
}

export interface Ec2ClientOptions {
  /** @default - from the environment (AWS_REGION on Lambda) */
  readonly region?: string;
  /** Time limit of one HTTP attempt. @default 30 s */
  readonly requestTimeoutMs?: number;
  /** Attempts per page, first included. @default 8 */
  readonly maxAttempts?: number;
  /** @default - the function's own, from the environment */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
}

/**
 * The pages source the handler uses. Clients with the function's own credentials are kept per
 * region for the container's life, so warm invocations reuse connections; a client with assumed
 * credentials lives for one lookup, so expired credentials are never reused.
 */
export function imagePages(): ImagePages {
  const clients = new Map<string, EC2Client>();
  return async function* (query: Query, target: Ec2Target, signal: AbortSignal) {
    if (target.lookupRoleArn !== undefined) {
      const client = createEc2Client({ region: target.region, credentials: await assumeRole(target.lookupRoleArn, signal) });
      try {
        yield* describeImagePages(client, query, signal);
      } finally {
        client.destroy();
      }
      return;
    }
    const key = target.region ?? '';
    let client = clients.get(key);
    if (client === undefined) {
      client = createEc2Client({ region: target.region });
      clients.set(key, client);
    }
    yield* describeImagePages(client, query, signal);
  };
}

/** The request for one page. EC2 rejects MaxResults together with ImageIds, and then answers in one page. */
export function describeImagesInput(query: Query, nextToken?: string): DescribeImagesCommandInput {
  const nonEmpty = (xs: string[]) => (xs.length > 0 ? xs : undefined);
  return {
    Owners: nonEmpty(query.owners),
    ExecutableUsers: nonEmpty(query.executableUsers),
    ImageIds: nonEmpty(query.imageIds),
    IncludeDeprecated: query.includeDeprecated || undefined,
    IncludeDisabled: query.includeDisabled || undefined,
    Filters: query.filters.length > 0 ? query.filters.map((f) => ({ Name: f.name, Values: f.values })) : undefined,
    MaxResults: query.imageIds.length > 0 ? undefined : PAGE_SIZE,
    NextToken: nextToken,
  };
}

/**
 * Yields every page of DescribeImages for the query. Each page is dropped by the caller before the
 * next is fetched, so memory stays at one page.
 */
export async function* describeImagePages(client: EC2Client, query: Query, signal: AbortSignal): AsyncGenerator<Image[]> {
  let nextToken: string | undefined;
  const tokensSeen = new Set<string>();
  do {
    let page;
    try {
      page = await client.send(new DescribeImagesCommand(describeImagesInput(query, nextToken)), { abortSignal: signal });
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw new UserFacingError(`DescribeImages failed: ${errorSummary(e)}`);
    }
    yield page.Images ?? [];
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined) {
      // A server that hands back a token it already gave would otherwise page forever.
      if (tokensSeen.has(nextToken)) throw new UserFacingError('DescribeImages failed: EC2 repeated a NextToken');
      tokensSeen.add(nextToken);
    }
  } while (nextToken !== undefined);
}

function errorSummary(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
  if (e.name === 'TimeoutError') return `request timed out${tries}`;
  return `${e.name}: ${e.message}${tries}`;
}
