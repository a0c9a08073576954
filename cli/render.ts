/** The output: a lookup's preview as text for a person, or every lookup as JSON for a script. */
import { Image } from '@aws-sdk/client-ec2';
import { Endpoints } from './endpoint';
import { Entry, isStackError, Preview, StackError } from './entries';
import { imageAttributes } from '../lambda/attributes';
import { stageReport } from '../lambda/lookup';
import { tagValue } from '../lambda/orders';
import { ParameterPick } from '../lambda/parameter-source';
import { Attr, ORDERS, RESOLVED_FROM } from '../src/shared/wire';

/** What the run prints on stdout. */
export function render(entries: Entry[], json: boolean): string {
  return json ? `${JSON.stringify(toJsonOutput(entries), null, 2)}\n` : entries.map(toText).join('\n');
}

const columns = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
};

/** The endpoints a lookup's requests went to, one line each, for those that are not AWS's own. */
export function endpointLines(endpoints: Endpoints | undefined): string[] {
  const lines: string[] = [];
  if (endpoints?.ec2) lines.push(`  endpoint: ${endpoints.ec2.url} (from ${endpoints.ec2.source})`);
  if (endpoints?.sts) lines.push(`  sts:      ${endpoints.sts.url} (from ${endpoints.sts.source}), to assume the lookup role`);
  if (endpoints?.ssm) lines.push(`  ssm:      ${endpoints.ssm.url} (from ${endpoints.ssm.source}), to read the source parameter`);
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
  if (r.parameter !== undefined) {
    lines.push(`  source:   SSM parameter ${parameterLine(r.parameter)}`);
    if (r.failure !== undefined) lines.push(`  stages:   ${r.failure}`);
  } else {
    lines.push(`  query:    ${p.query}`);
    lines.push(`  stages:   ${stageReport(props, r.selection.counts, r.pages)}`);
  }
  const order = props.order === ORDERS.newestCreationDate ? 'newest creation date' : props.order;
  if (r.image) {
    lines.push(`  selected: ${r.image.ImageId}  ${r.image.Name ?? ''}${r.from === RESOLVED_FROM.fallback ? '  (--fallback-image-id: nothing survived the stages)' : ''}`);
    lines.push(`  launch:   ${launchSummary(r.image)}`);
    for (const name of p.parameterNames) lines.push(`  parameter: ${name} = ${r.image.ImageId} (SSM, data type aws:ec2:image)`);
  } else if (r.keepHeld) {
    lines.push('  selected: nothing new: a deployed lookup keeps the image it holds until a value is old enough');
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

/** The parameter value a lookup took, and by which rule. */
function parameterLine(pick: ParameterPick): string {
  const rule = pick.rule === 'soaked history' ? `, the newest value that stood for minAge${pick.currentVersion === undefined ? '' : ` (current version ${pick.currentVersion} held back)`}`
    : pick.rule === 'image age' ? ', judged by its image\'s age (a public parameter keeps no history)' : '';
  return `${pick.parameter}: version ${pick.version}, set ${pick.lastModified}, value ${pick.value}${rule}`;
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
    ssmEndpoint: endpoints?.ssm?.url ?? null,
    ssmEndpointSource: endpoints?.ssm?.source ?? null,
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
    query: r.parameter === undefined ? p.query : null,
    sourceParameter: r.parameter ?? null,
    unpicked: r.failure ?? null,
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
