/**
 * `cdk-ami-lookup`: the preview CLI. It resolves lookups with the same parser, pager and selector as
 * the deploy-time function (lambda/), so what it shows is what a deploy would pick.
 */
import { existsSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EC2Client, Image } from '@aws-sdk/client-ec2';
import { inFlagWords, parsePreviewArgs, PreviewOptions, USAGE, UsageError } from './args';
import { AssemblyError, lookupsInAssembly } from './assembly';
import { imageAttributes } from '../lambda/attributes';
import { UserFacingError } from '../lambda/events';
import { resolve, Resolution, stageReport } from '../lambda/lookup';
import { imagePages } from '../lambda/pager';
import { describeQuery, LookupProperties, parseProperties } from '../lambda/properties';
import { regionToSearch, SearchedRegion } from '../lambda/region';
import { mixedMessage, tagValue } from '../lambda/selector';
import { Attr, ORDERS, RESOLVED_FROM } from '../src/wire';

const EXIT = { selected: 0, noMatch: 1, usage: 2, error: 3 } as const;
const HELP_HINT = 'Run \'cdk-ami-lookup preview --help\' for the flags.';

interface Preview {
  readonly path?: string;
  readonly searched?: SearchedRegion;
  readonly query?: string;
  readonly error?: string;
  readonly props?: LookupProperties;
  readonly resolution?: Resolution;
  /** Why the ambiguity guard refused the query, in the words of where the lookup came from. */
  readonly refusal?: string;
  readonly parameterNames: readonly string[];
}

async function main(argv: string[]): Promise<number> {
  // The SDK warns on Node.js 20 that its releases after early 2027 will need Node.js 22. The CLI
  // bundles one fixed SDK release, so the warning is about updates its users never get from it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT.usage : EXIT.selected;
  }
  if (command !== 'preview') {
    process.stderr.write(`cdk-ami-lookup: unknown command ${JSON.stringify(command)}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  let options: PreviewOptions;
  try {
    options = parsePreviewArgs(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`cdk-ami-lookup: ${e.message}\nRun 'cdk-ami-lookup preview --help' for the flags.\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.selected;
  }
  if (options.endpoint) process.env.AWS_ENDPOINT_URL_EC2 = options.endpoint;

  const targets: Array<{ path?: string; properties?: Record<string, unknown>; region?: string; unresolved?: string; parameterNames: string[] }> = [];
  if (options.app !== undefined) {
    try {
      for (const l of lookupsInAssembly(options.app)) {
        const { constructPath, properties, stackRegion, unresolved, parameterNames } = l;
        targets.push({ path: constructPath, properties, region: stackRegion, unresolved, parameterNames });
      }
    } catch (e) {
      if (e instanceof AssemblyError || (e as NodeJS.ErrnoException).code) {
        process.stderr.write(`cdk-ami-lookup: ${(e as Error).message}\n`);
        return EXIT.error;
      }
      throw e;
    }
    if (targets.length === 0) {
      process.stderr.write(`cdk-ami-lookup: no Custom::AmiLookup in ${options.app}\n`);
      return EXIT.noMatch;
    }
  } else {
    targets.push({ properties: options.properties, parameterNames: options.parameterName === undefined ? [] : [options.parameterName] });
  }

  const pages = imagePages(() => undefined);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const previews: Preview[] = [];
  let worst: number = EXIT.selected;
  for (const t of targets) {
    if (t.unresolved) {
      previews.push({ path: t.path, error: `cannot preview: ${t.unresolved}`, parameterNames: t.parameterNames });
      worst = Math.max(worst, EXIT.error);
      continue;
    }
    let props: LookupProperties;
    try {
      props = parseProperties(t.properties);
    } catch (e) {
      if (options.app === undefined) {
        // The lookup came from flags, so the message names flags.
        process.stderr.write(`cdk-ami-lookup: ${inFlagWords((e as Error).message)}\n${HELP_HINT}\n`);
        return EXIT.usage;
      }
      previews.push({ path: t.path, error: (e as Error).message, parameterNames: t.parameterNames });
      worst = Math.max(worst, EXIT.error);
      continue;
    }
    const searched = await regionToSearch({
      lookup: props.region, override: options.region, stack: t.region, env: process.env, profile: profileRegion,
    });
    if (searched === undefined) {
      const message = 'no region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile';
      if (options.app === undefined && !options.json) {
        process.stderr.write(`cdk-ami-lookup: ${message}\n`);
        return EXIT.error;
      }
      previews.push({ path: t.path, error: message, parameterNames: t.parameterNames });
      worst = Math.max(worst, EXIT.error);
      continue;
    }
    const effective: LookupProperties = { ...props, region: searched.region };
    try {
      const progress = progressReporter();
      const resolution = await resolve(effective, { pages, now: Date.now }, { signal: controller.signal, deadline: Date.now() + 15 * 60_000 },
        { keep: options.top, onPage: progress.page });
      progress.done();
      const { selection } = resolution;
      const refusal = selection.refused ? mixedMessage(selection.counts.deprecation, selection.mixed) : undefined;
      previews.push({
        path: t.path,
        searched,
        query: describeQuery(props.query),
        props: effective,
        resolution,
        parameterNames: t.parameterNames,
        // A lookup from flags is told in flags; one from an assembly in the construct's props.
        refusal: refusal !== undefined && options.app === undefined ? inFlagWords(refusal) : refusal,
      });
      if (!resolution.image) worst = Math.max(worst, EXIT.noMatch);
    } catch (e) {
      const message = awsErrorMessage(e);
      if (options.app === undefined && !options.json) {
        process.stderr.write(`cdk-ami-lookup: ${message}\n`);
        return EXIT.error;
      }
      previews.push({ path: t.path, searched, error: message, parameterNames: t.parameterNames });
      worst = Math.max(worst, EXIT.error);
    }
  }
  process.stdout.write(options.json ? `${JSON.stringify({ lookups: previews.map(toJson) }, null, 2)}\n` : previews.map(toText).join('\n'));
  return worst;
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
  if (/Region is missing|Region not accepted: region=""/i.test(err.message)) return 'no region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION';
  return e instanceof UserFacingError ? err.message : `${err.name}: ${err.message}`;
}

const columns = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
};

function toText(p: Preview): string {
  const lines: string[] = [];
  if (p.path) lines.push(`${p.path}`);
  const region = p.searched ? `  region:   ${p.searched.region} (from ${p.searched.source})` : undefined;
  if (p.error) return [...lines, ...(region ? [region] : []), `  error: ${p.error}`, ''].join('\n');
  const r = p.resolution!;
  const props = p.props!;
  lines.push(region!);
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

function toJson(p: Preview) {
  const region = p.searched ? { region: p.searched.region, regionSource: p.searched.source } : {};
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
