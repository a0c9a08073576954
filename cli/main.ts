/**
 * `cdk-ami-lookup`: the preview CLI. It resolves lookups with the same parser, pager and selector as
 * the deploy-time function (lambda/), so what it shows is what a deploy would pick.
 */
import { existsSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EC2Client, Image } from '@aws-sdk/client-ec2';
import { inFlagWords, parsePreviewArgs, PreviewOptions, unknownCommandMessage, USAGE, UsageError } from './args';
import { AssemblyError, lookupsInAssembly } from './assembly';
import { ConfiguredEndpoint, configuredEndpoint, emptyEndpointVariable, ENDPOINT_IGNORED } from './endpoint';
import { imageAttributes } from '../lambda/attributes';
import { UserFacingError } from '../lambda/events';
import { mixedMessage } from '../lambda/guard';
import { resolve, Resolution, stageReport } from '../lambda/lookup';
import { tagValue } from '../lambda/orders';
import { imagePages } from '../lambda/pager';
import { describeQuery, LookupProperties, parseProperties } from '../lambda/properties';
import { regionToSearch, SearchedRegion } from '../lambda/region';
import { Attr, ORDERS, RESOLVED_FROM } from '../src/shared/wire';

const EXIT = { selected: 0, noMatch: 1, usage: 2, error: 3 } as const;
const HELP_HINT = 'Run \'cdk-ami-lookup preview --help\' for the flags.';
/** One message wherever a region turns out to be missing: before the lookup, or from the SDK. */
const NO_REGION = 'no region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile';

interface Target {
  readonly path?: string;
  readonly stack?: string;
  readonly properties?: Record<string, unknown>;
  readonly region?: string;
  readonly unresolved?: string;
  readonly parameterNames: string[];
}

/** Where this run's requests go, when not to AWS itself. */
interface Endpoints {
  readonly ec2?: ConfiguredEndpoint;
  readonly sts?: ConfiguredEndpoint;
}

interface Preview {
  readonly path?: string;
  readonly searched?: SearchedRegion;
  /** Set once a request was made: the EC2 endpoint, and STS's when a role was assumed. */
  readonly endpoints?: Endpoints;
  readonly query?: string;
  readonly error?: string;
  readonly props?: LookupProperties;
  readonly resolution?: Resolution;
  /** Why the ambiguity guard refused the query, in the words of where the lookup came from. */
  readonly refusal?: string;
  readonly parameterNames: readonly string[];
}

/**
 * Lookups of one stack that fail for the stack's sake (it has no region), reported once for the
 * stack: the same error once per lookup would bury the one thing to fix.
 */
interface StackError {
  readonly stack: string;
  readonly error: string;
  readonly paths: string[];
}

type Entry = Preview | StackError;
const isStackError = (e: Entry): e is StackError => 'stack' in e;

/** Ends the run: the message goes to stderr after "cdk-ami-lookup: ", and the code is the exit code. */
class Stop extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

async function main(argv: string[]): Promise<number> {
  // The SDK warns on Node.js 20 that its releases after early 2027 will need Node.js 22. The CLI
  // bundles one fixed SDK release, so the warning is about updates its users never get from it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.selected;
  }
  if (command !== 'preview') {
    // A usage error: the usage goes to stderr, so that a script reading stdout never takes it for a result.
    const problem = command === undefined ? '' : `cdk-ami-lookup: ${unknownCommandMessage(command)}\n\n`;
    process.stderr.write(`${problem}${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await preview(rest);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    process.stderr.write(`cdk-ami-lookup: ${e.message}\n`);
    return e.code;
  }
}

async function preview(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.selected;
  }
  const endpoints = await endpointsOfRun(options);
  const targets = targetsOf(options);
  const pages = imagePages(() => undefined);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const entries: Entry[] = [];
  let worst: number = EXIT.selected;
  for (const t of targets) {
    const entry = await previewOne(t, options, endpoints, { pages, signal: controller.signal });
    if (entry.error) worst = Math.max(worst, EXIT.error);
    else if (!isStackError(entry) && !entry.resolution?.image) worst = Math.max(worst, EXIT.noMatch);
    if (isStackError(entry)) addToStackError(entries, entry);
    else entries.push(entry);
  }
  process.stdout.write(options.json ? `${JSON.stringify(toJsonOutput(entries), null, 2)}\n` : entries.map(toText).join('\n'));
  return worst;
}

function parseOptions(args: string[]): PreviewOptions {
  try {
    return parsePreviewArgs(args);
  } catch (e) {
    if (e instanceof UsageError) throw new Stop(`${e.message}\n${HELP_HINT}`, EXIT.usage);
    throw e;
  }
}

/**
 * Where this run's requests go, as the SDK will decide it. Checked before any request: an empty
 * endpoint variable, or an --endpoint the SDK would ignore, would send the lookups to AWS unasked.
 */
async function endpointsOfRun(options: PreviewOptions): Promise<Endpoints> {
  const flagged = options.endpoint !== undefined;
  const empty = emptyEndpointVariable(process.env, flagged);
  if (empty) throw new Stop(empty, EXIT.usage);
  // The SDK reads it from there, as it reads the user's own variable.
  if (flagged) process.env.AWS_ENDPOINT_URL_EC2 = options.endpoint;
  const endpoints = { ec2: await configuredEndpoint('EC2', flagged), sts: await configuredEndpoint('STS') };
  if (flagged && endpoints.ec2?.url !== options.endpoint) throw new Stop(ENDPOINT_IGNORED, EXIT.usage);
  return endpoints;
}

/** The lookups to preview: every one in the assembly (--app), or the one the flags describe. */
function targetsOf(options: PreviewOptions): Target[] {
  if (options.app === undefined) {
    return [{ properties: options.properties, parameterNames: options.parameterName === undefined ? [] : [options.parameterName] }];
  }
  let lookups;
  try {
    lookups = lookupsInAssembly(options.app);
  } catch (e) {
    if (e instanceof AssemblyError || (e as NodeJS.ErrnoException).code) throw new Stop((e as Error).message, EXIT.error);
    throw e;
  }
  if (lookups.length === 0) throw new Stop(`no Custom::AmiLookup in ${options.app}`, EXIT.noMatch);
  return lookups.map(({ constructPath, stackName, properties, stackRegion, unresolved, parameterNames }) =>
    ({ path: constructPath, stack: stackName, properties, region: stackRegion, unresolved, parameterNames }));
}

/** A stack's error is reported where its first lookup would be; later lookups join it. */
function addToStackError(entries: Entry[], error: StackError): void {
  const known = entries.find((e): e is StackError => isStackError(e) && e.stack === error.stack && e.error === error.error);
  if (known) known.paths.push(...error.paths);
  else entries.push(error);
}

/**
 * One lookup, resolved as a deploy would. A lookup from flags ends the run on an error (a bad flag,
 * no region, an AWS error), unless --json asks for the error in the output; one from an assembly
 * reports its error and lets the others run.
 */
async function previewOne(t: Target, options: PreviewOptions, endpoints: Endpoints,
  io: { pages: ReturnType<typeof imagePages>; signal: AbortSignal }): Promise<Entry> {
  const failed = (error: string, extra: Partial<Preview> = {}): Preview => ({ path: t.path, error, parameterNames: t.parameterNames, ...extra });
  const fromFlags = options.app === undefined;
  if (t.unresolved) return failed(`cannot preview: ${t.unresolved}`);
  let props: LookupProperties;
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
  const effective: LookupProperties = { ...props, region: searched.region };
  const used: Endpoints = { ec2: endpoints.ec2, sts: props.lookupRoleArn === undefined ? undefined : endpoints.sts };
  try {
    const progress = progressReporter();
    const resolution = await resolve(effective, { pages: io.pages, now: Date.now }, { signal: io.signal, deadline: Date.now() + 15 * 60_000 },
      { keep: options.top, onPage: progress.page });
    progress.done();
    const { selection } = resolution;
    const refusal = selection.refused ? mixedMessage(selection.counts.deprecation, selection.mixed) : undefined;
    return {
      path: t.path,
      searched,
      endpoints: used,
      query: describeQuery(props.query),
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
async function profileRegion(): Promise<string | undefined> {
  const client = new EC2Client({});
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

/** Whether the shared config or credentials file names the profile. */
function profileExists(name: string): { exists: boolean; files: string } {
  const config = process.env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
  const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
  const has = (file: string, header: RegExp) => existsSync(file) && header.test(readFileSync(file, 'utf8'));
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exists = has(config, new RegExp(`^\\s*\\[\\s*(?:profile\\s+)?${escaped}\\s*\\]`, 'm'))
    || has(credentials, new RegExp(`^\\s*\\[\\s*${escaped}\\s*\\]`, 'm'));
  return { exists, files: `${config} or ${credentials}` };
}

/** A message a person can act on; the SDK's credential and region errors arrive wrapped by the pager. */
function awsErrorMessage(e: unknown): string {
  const err = e as Error;
  if (/CredentialsProviderError|Could not load credentials|could not be found or parsed|Could not resolve credentials using profile/.test(`${err.name} ${err.message}`)) {
    const profile = process.env.AWS_PROFILE;
    if (profile) {
      const { exists, files } = profileExists(profile);
      return exists
        ? `no AWS credentials for profile ${JSON.stringify(profile)} (AWS_PROFILE): ${err.message.split('\n')[0]}`
        : `the AWS profile ${JSON.stringify(profile)} (AWS_PROFILE) does not exist: it is not in ${files}`;
    }
    return 'no AWS credentials found: set AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or log in with aws sso login';
  }
  if (/Region is missing|Region not accepted: region=""/i.test(err.message)) return NO_REGION;
  return e instanceof UserFacingError ? err.message : `${err.name}: ${err.message}`;
}

const columns = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
};

/** The endpoints a lookup's requests went to, one line each, for those that are not AWS's own. */
function endpointLines(endpoints: Endpoints | undefined): string[] {
  const lines: string[] = [];
  if (endpoints?.ec2) lines.push(`  endpoint: ${endpoints.ec2.url} (from ${endpoints.ec2.source})`);
  if (endpoints?.sts) lines.push(`  sts:      ${endpoints.sts.url} (from ${endpoints.sts.source}), to assume the lookup role`);
  return lines;
}

function stackErrorText(s: StackError): string {
  return [`stack ${s.stack}: ${s.paths.length} lookup(s) not previewed`, `  error: ${s.error}`, ...s.paths.map((p) => `    ${p}`), ''].join('\n');
}

function toText(entry: Entry): string {
  if (isStackError(entry)) return stackErrorText(entry);
  const p = entry;
  const lines: string[] = [];
  if (p.path) lines.push(`${p.path}`);
  if (p.searched) lines.push(`  region:   ${p.searched.region} (from ${p.searched.source})`, ...endpointLines(p.endpoints));
  if (p.error) return [...lines, `  error: ${p.error}`, ''].join('\n');
  const r = p.resolution!;
  const props = p.props!;
  lines.push(`  query:    ${p.query}`);
  lines.push(`  stages:   ${stageReport(props, r.selection.counts, r.pages)}`);
  const order = props.order === ORDERS.newestCreationDate ? 'newest creation date' : props.order;
  if (r.image) {
    lines.push(`  selected: ${r.image.ImageId}  ${r.image.Name ?? ''}${r.from === RESOLVED_FROM.fallback ? '  (--fallback-image-id: nothing survived the stages)' : ''}`);
    lines.push(`  launch:   ${launchSummary(r.image)}`);
    for (const name of p.parameterNames) lines.push(`  parameter: ${name} = ${r.image.ImageId} (SSM, data type aws:ec2:image)`);
  } else if (p.refusal) {
    lines.push(`  selected: nothing: ${p.refusal}`);
  } else {
    lines.push('  selected: nothing: no image survived the stages, and there is no fallback');
  }
  const survivors = r.selection.counts.deprecation;
  if (r.selection.top.length > 0) {
    const rank = props.rank === 0 ? ''
      : props.rank < survivors ? `, rank ${props.rank} picked`
        : `; rank ${props.rank} asked, but only ${survivors} survived`;
    lines.push(`  candidates, best first by ${order}${rank}:`);
    const tag = props.orderTagKey === undefined ? [] : [`TAG ${props.orderTagKey}`];
    const rows = [['', '#', 'ID', 'NAME', 'CREATED', ...tag, 'ARCH', 'PLATFORM', 'ROOT', 'DEPRECATION']];
    r.selection.top.forEach((img: Image, i) => rows.push([
      r.from === RESOLVED_FROM.query && r.image !== undefined && i === props.rank ? '*' : '', String(i), img.ImageId ?? '', img.Name ?? '', img.CreationDate ?? '',
      ...(props.orderTagKey === undefined ? [] : [tagValue(img, props.orderTagKey) ?? '-']),
      img.Architecture ?? '', img.PlatformDetails ?? img.Platform ?? '-',
      `${img.RootDeviceType ?? '-'}/${img.VirtualizationType ?? '-'}`, img.DeprecationTime ?? '-',
    ]));
    lines.push(columns(rows).split('\n').map((l) => `    ${l}`).join('\n'));
    const more = survivors - r.selection.top.length;
    if (more > 0) lines.push(`    ... and ${more} more (--top <n> lists up to 100)`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a launch template must agree with, in one line; `-` where EC2 says nothing. */
function launchSummary(img: Image): string {
  const a = imageAttributes(img);
  const or = (v: string) => v || '-';
  const root = a[Attr.rootVolumeSize] ? `${a[Attr.rootVolumeSize]} GiB ${or(a[Attr.rootVolumeType])}` : '-';
  return `${or(a[Attr.architecture])}, ${or(a[Attr.rootDeviceType])} root ${or(a[Attr.rootDeviceName])} (${root}), boot mode ${or(a[Attr.bootMode])}, `
    + `ENA ${or(a[Attr.enaSupport])}, IMDS ${or(a[Attr.imdsSupport])}, TPM ${or(a[Attr.tpmSupport])}, allowed ${or(a[Attr.imageAllowed])}`;
}

function summary(img: Image) {
  return {
    imageId: img.ImageId,
    name: img.Name,
    creationDate: img.CreationDate,
    architecture: img.Architecture,
    platform: img.Platform ?? null,
    rootDeviceType: img.RootDeviceType ?? null,
    virtualizationType: img.VirtualizationType ?? null,
    ownerId: img.OwnerId,
    deprecationTime: img.DeprecationTime ?? null,
  };
}

/**
 * Lookups that a stack-wide error kept from being previewed are under `stackErrors`, once per
 * stack, and not under `lookups`.
 */
function toJsonOutput(entries: Entry[]) {
  return {
    lookups: entries.filter((e): e is Preview => !isStackError(e)).map(toJson),
    stackErrors: entries.filter(isStackError).map((s) => ({ stack: s.stack, error: s.error, lookups: s.paths })),
  };
}

/** The endpoints of a lookup that made requests; null for AWS's own. */
function endpointJson(endpoints: Endpoints | undefined) {
  return {
    endpoint: endpoints?.ec2?.url ?? null,
    endpointSource: endpoints?.ec2?.source ?? null,
    stsEndpoint: endpoints?.sts?.url ?? null,
    stsEndpointSource: endpoints?.sts?.source ?? null,
  };
}

function toJson(p: Preview) {
  const region = p.searched ? { region: p.searched.region, regionSource: p.searched.source, ...endpointJson(p.endpoints) } : {};
  const parameters = { parameterNames: p.parameterNames };
  if (p.error) return { path: p.path ?? null, ...region, error: p.error, ...parameters };
  const r = p.resolution!;
  return {
    path: p.path ?? null,
    ...region,
    query: p.query,
    pages: r.pages,
    stages: r.selection.counts,
    survivors: r.selection.counts.deprecation,
    selected: r.image ? { ...summary(r.image), resolvedFrom: r.from, attributes: imageAttributes(r.image) } : null,
    refused: p.refusal ?? null,
    mixed: r.selection.mixed.map((m) => ({ dimension: m.dimension, counts: Object.fromEntries(m.counts) })),
    candidates: r.selection.top.map(summary),
    ...parameters,
  };
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`cdk-ami-lookup: ${(e as Error).message}\n`);
  process.exitCode = EXIT.error;
});
