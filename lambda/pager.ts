import { DescribeImagesCommand, DescribeImagesCommandInput, EC2Client, Image } from '@aws-sdk/client-ec2';
import { attemptTimeout, MAX_ATTEMPT_MS } from './attempts';
import { assumeRole } from './credentials';
import { AwsCallError, Budget, UserFacingError } from './events';
import { jsonLog, Log } from './log';
import type { Ec2Target, ImagePages } from './lookup';
import { ImageQuery } from '../src/shared/settings';

/** EC2's largest page. */
export const PAGE_SIZE = 1000;

/**
 * The EC2 client. Standard retry mode backs off with jitter on throttling (`RequestLimitExceeded`),
 * 5xx and timeouts. `throwOnRequestTimeout` makes `requestTimeout` fail the attempt: without it the
 * SDK only logs a warning and keeps waiting.
 */
export function createEc2Client(options: Ec2ClientOptions = {}): EC2Client {
  const client = new EC2Client({
    region: options.region,
    credentials: options.credentials,
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 8,
    // Each send sets its own requestTimeout from the time left (attemptTimeout); this is the cap.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: MAX_ATTEMPT_MS, throwOnRequestTimeout: true },
  });
  // The client's logger is the SDK's no-op one, yet its logger middleware still builds the entry it
  // would log: a copy of every page with sensitive members masked (schemaLogFilter walks all 1,000
  // images against their schema), about a tenth of the CPU time of a page. Nothing is ever logged, so
  // dropping the middleware changes nothing but that cost.
  client.middlewareStack.remove(LOGGER_MIDDLEWARE);
  return client;
}

/** The name of the SDK's logger middleware (`loggerMiddlewareOptions` in @aws-sdk/core). */
const LOGGER_MIDDLEWARE = 'loggerMiddleware';

export interface Ec2ClientOptions {
  /** @default - from the environment (AWS_REGION on Lambda) */
  readonly region?: string;
  /** Attempts per page, first included. @default 8 */
  readonly maxAttempts?: number;
  /** @default - the function's own, from the environment */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date };
}

/** What a paging run has done so far: for logs, and for a reason that says where it stopped. */
export interface PagingProgress {
  pages: number;
  images: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  /** The error of the last failed attempt, if any. */
  lastError?: string;
}

/**
 * The pages source the handler uses. Clients with the function's own credentials are kept per
 * region for the container's life, so warm invocations reuse connections; a client with assumed
 * credentials lives for one lookup, so expired credentials are never reused.
 */
export function imagePages(log: Log = jsonLog): ImagePages {
  const clients = new Map<string, EC2Client>();
  return async function* (query: ImageQuery, target: Ec2Target, budget: Budget) {
    const progress: PagingProgress = { pages: 0, images: 0, attempts: 0 };
    let temporary: EC2Client | undefined;
    let client: EC2Client;
    if (target.lookupRoleArn !== undefined) {
      const credentials = await assumeRole(target.lookupRoleArn, target.region, budget.signal);
      client = temporary = createEc2Client({ region: target.region, credentials });
    } else {
      const key = target.region ?? '';
      client = clients.get(key) ?? createEc2Client({ region: target.region });
      clients.set(key, client);
    }
    try {
      yield* describeImagePages(client, query, budget, progress);
    } finally {
      temporary?.destroy();
      log({ level: 'INFO', message: 'DescribeImages', region: target.region, ...progress });
    }
  };
}


/** The request for one page. EC2 rejects MaxResults together with ImageIds, and then answers in one page. */
export function describeImagesInput(query: ImageQuery, nextToken?: string): DescribeImagesCommandInput {
  const nonEmpty = (xs: readonly string[]) => (xs.length > 0 ? [...xs] : undefined);
  return {
    Owners: nonEmpty(query.owners),
    ExecutableUsers: nonEmpty(query.executableUsers),
    ImageIds: nonEmpty(query.imageIds),
    IncludeDeprecated: query.includeDeprecated || undefined,
    IncludeDisabled: query.includeDisabled || undefined,
    Filters: query.filters.length > 0 ? query.filters.map((f) => ({ Name: f.name, Values: [...f.values] })) : undefined,
    MaxResults: query.imageIds.length > 0 ? undefined : PAGE_SIZE,
    NextToken: nextToken,
  };
}

/**
 * Yields every page of DescribeImages for the query. Each page is dropped by the caller before the
 * next is fetched, so memory stays at one page.
 */
export async function* describeImagePages(client: EC2Client, query: ImageQuery, budget: Budget,
  progress: PagingProgress = { pages: 0, images: 0, attempts: 0 }): AsyncGenerator<Image[]> {
  let nextToken: string | undefined;
  const tokensSeen = new Set<string>();
  do {
    const command = new DescribeImagesCommand(describeImagesInput(query, nextToken));
    // Runs inside the SDK's retry loop, so it sees every attempt and every attempt's error.
    command.middlewareStack.add((next) => async (args) => {
      progress.attempts++;
      try {
        return await next(args);
      } catch (e) {
        // The abort itself is not news; what failed before it is.
        if (!budget.signal.aborted) progress.lastError = errorName(e);
        throw e;
      }
    }, { step: 'finalizeRequest', priority: 'low', name: 'cdkAmiLookupAttempts' });
    let page;
    try {
      page = await client.send(command, { abortSignal: budget.signal, requestTimeout: attemptTimeout(budget) });
    } catch (e) {
      if (budget.signal.aborted) throw new UserFacingError(`${reasonText(budget.signal.reason)}; ${describeProgress(progress)}`);
      throw new AwsCallError(`DescribeImages failed on page ${progress.pages + 1}: ${errorSummary(e)}`, serviceCode(e));
    }
    const images = page.Images ?? [];
    progress.pages++;
    progress.images += images.length;
    yield images;
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined) {
      // A server that hands back a token it already gave would otherwise page forever.
      if (tokensSeen.has(nextToken)) throw new UserFacingError('DescribeImages failed: EC2 repeated a NextToken');
      tokensSeen.add(nextToken);
    }
  } while (nextToken !== undefined);
}

function describeProgress(p: PagingProgress): string {
  const last = p.lastError ? `, the last failed attempt with ${p.lastError}` : '';
  return `DescribeImages had answered ${p.pages} page(s) with ${p.images} image(s) in ${p.attempts} attempt(s)${last}`;
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'the lookup was stopped';
}

function errorName(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  return e.name === 'TimeoutError' ? 'a request timeout' : e.name;
}

/** The service's error code: the SDK names a service exception by it; anything else has none. */
function serviceCode(e: unknown): string | undefined {
  const fault = (e as { $fault?: string }).$fault;
  return e instanceof Error && (fault === 'client' || fault === 'server') ? e.name : undefined;
}

function errorSummary(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const attempts = (e as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tries = attempts && attempts > 1 ? ` (after ${attempts} attempts)` : '';
  if (e.name === 'TimeoutError') return `request timed out${tries}`;
  const xml = /XML parse error: (.*)/.exec(e.message);
  if (xml) return `EC2's response is not valid XML (${xml[1].split('\n')[0]})${tries}`;
  return `${e.name}: ${e.message.split('\n')[0]}${tries}`;
}
