/**
 * The lookups a run previews, and each one resolved as a deploy would: with the same parser, pager
 * and selector as the deploy-time function (lambda/), so that what it shows is what a deploy would pick.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { PreviewOptions } from './args';
import { assemblyLookupsOrStop } from './assembly';
import { awsErrorMessage, NO_REGION } from './aws-errors';
import { configuredEndpoint, emptyEndpointVariable, ENDPOINT_IGNORED, Endpoints } from './endpoint';
import { Entry, Preview } from './entries';
import { EXIT, Stop } from './exit';
import { inFlagWords } from './flag-words';
import { regionToSearch } from './region';
import { endpointLines } from './render';
import { HELP_HINT } from './usage';
import { mixedMessage } from '../lambda/guard';
import { resolve } from '../lambda/lookup';
import { imagePages } from '../lambda/pager';
import { ParameterReader } from '../lambda/parameter-reader';
import { describeQuery, parseProperties } from '../lambda/properties';
import { LookupSettings } from '../src/shared/settings';

/** A lookup to preview: from the flags, or one of the assembly's. */
interface Target {
  readonly path?: string;
  readonly stack?: string;
  readonly properties?: Record<string, unknown>;
  readonly region?: string;
  readonly unresolved?: string;
  readonly parameterNames: string[];
}

/**
 * Where this run's requests go, as the SDK will decide it. Checked before any request: an empty
 * endpoint variable, or an --endpoint the SDK would ignore, would send the lookups to AWS unasked.
 */
export async function endpointsOfRun(options: Pick<PreviewOptions, 'endpoint'>): Promise<Endpoints> {
  const flagged = options.endpoint !== undefined;
  const empty = emptyEndpointVariable(process.env, flagged);
  if (empty) throw new Stop(empty, EXIT.usage);
  // The SDK reads it from there, as it reads the user's own variable.
  if (flagged) process.env.AWS_ENDPOINT_URL_EC2 = options.endpoint;
  const endpoints = { ec2: await configuredEndpoint('EC2', flagged), sts: await configuredEndpoint('STS'), ssm: await configuredEndpoint('SSM') };
  if (flagged && endpoints.ec2?.url !== options.endpoint) throw new Stop(ENDPOINT_IGNORED, EXIT.usage);
  return endpoints;
}

/** The lookups to preview: every one in the assembly (--app), or the one the flags describe. */
export function targetsOf(options: PreviewOptions): Target[] {
  if (options.app === undefined) {
    return [{ properties: options.properties, parameterNames: options.parameterName === undefined ? [] : [options.parameterName] }];
  }
  const lookups = assemblyLookupsOrStop(options.app);
  if (lookups.length === 0) throw new Stop(`no Custom::AmiLookup in ${options.app}`, EXIT.noMatch);
  return lookups.map(({ constructPath, stackName, properties, stackRegion, unresolved, parameterNames }) =>
    ({ path: constructPath, stack: stackName, properties, region: stackRegion, unresolved, parameterNames }));
}

/**
 * One lookup, resolved as a deploy would. A lookup from flags ends the run on an error (a bad flag,
 * no region, an AWS error), unless --json asks for the error in the output; one from an assembly
 * reports its error and lets the others run.
 */
export async function previewOne(t: Target, options: PreviewOptions, endpoints: Endpoints,
  io: { pages: ReturnType<typeof imagePages>; parameters: ParameterReader; signal: AbortSignal }): Promise<Entry> {
  const failed = (error: string, extra: Partial<Preview> = {}): Preview => ({ path: t.path, error, parameterNames: t.parameterNames, ...extra });
  const fromFlags = options.app === undefined;
  if (t.unresolved) return failed(`cannot preview: ${t.unresolved}`);
  let props: LookupSettings;
  try {
    props = parseProperties(t.properties);
  } catch (e) {
    // The lookup came from flags, so the message names flags.
    if (fromFlags) throw new Stop(`${inFlagWords((e as Error).message)}\n${HELP_HINT}`, EXIT.usage);
    return failed((e as Error).message);
  }
  const searched = await regionToSearch({
    lookup: props.region, override: options.region, stack: t.region, env: process.env, profile: profileRegion,
  });
  if (searched === undefined) {
    // Only a stack can lack the region (a lookup's own region prop would have been found), so every
    // regionless lookup of the stack fails alike: the error is the stack's.
    if (t.stack !== undefined) return { stack: t.stack, error: NO_REGION, paths: [t.path!] };
    if (!options.json) throw new Stop(NO_REGION, EXIT.error);
    return failed(NO_REGION);
  }
  const effective: LookupSettings = { ...props, region: searched.region };
  const used: Endpoints = {
    ec2: endpoints.ec2,
    sts: props.lookupRoleArn === undefined ? undefined : endpoints.sts,
    ssm: props.sourceParameter === undefined ? undefined : endpoints.ssm,
  };
  try {
    const progress = progressReporter();
    const deps = { pages: io.pages, parameters: io.parameters, now: Date.now };
    const resolution = await resolve(effective, deps, { signal: io.signal, deadline: Date.now() + 15 * 60_000 },
      { keep: options.top, onPage: progress.page });
    progress.done();
    const { selection } = resolution;
    const refusal = selection.refused ? mixedMessage(selection.counts.deprecation, selection.mixed) : undefined;
    return {
      path: t.path,
      searched,
      endpoints: used,
      query: describeQuery(props),
      props: effective,
      resolution,
      parameterNames: t.parameterNames,
      // A lookup from flags is told in flags; one from an assembly in the construct's props.
      refusal: refusal !== undefined && fromFlags ? inFlagWords(refusal) : refusal,
    };
  } catch (e) {
    const message = awsErrorMessage(e);
    // Where the request went is half of what went wrong with it.
    if (fromFlags && !options.json) throw new Stop([message, ...endpointLines(used)].join('\n'), EXIT.error);
    return failed(message, { searched, endpoints: used });
  }
}

/** Progress on stderr while paging, only for a person watching a terminal. */
function progressReporter() {
  let pages = 0;
  let images = 0;
  const tty = process.stderr.isTTY === true;
  return {
    page: (n: number) => {
      pages++;
      images += n;
      if (tty) process.stderr.write(`\rDescribeImages: ${pages} page(s), ${images} image(s)...`);
    },
    done: () => {
      if (tty && pages > 0) process.stderr.write('\r\u001b[K');
    },
  };
}

/** The AWS profile's region, read the way the SDK reads it (AWS_REGION is checked before this). */
export async function profileRegion(): Promise<string | undefined> {
  const client = new EC2Client({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

