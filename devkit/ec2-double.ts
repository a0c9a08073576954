/**
 * A test double of the EC2 Query API's DescribeImages, served on 127.0.0.1.
 *
 * It speaks the real wire protocol (form-encoded POST in, EC2 XML out), pages with MaxResults and
 * NextToken, applies Owners / ExecutableUsers / ImageIds / IncludeDeprecated / IncludeDisabled and
 * filter semantics (values OR'ed, filters AND'ed, `*` and `?` wildcards, case-sensitive), and answers
 * errors with EC2's codes and XML shape. Faults can be queued to test the client's behaviour.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { listenOnLoopback } from './loopback';

export interface FakeImage {
  readonly imageId: string;
  readonly name: string;
  readonly ownerId: string;
  readonly creationDate: string;
  readonly architecture?: string;
  readonly ownerAlias?: string;
  readonly description?: string;
  readonly imageType?: string;
  readonly state?: string;
  readonly isPublic?: boolean;
  readonly platform?: string;
  readonly platformDetails?: string;
  readonly usageOperation?: string;
  readonly rootDeviceName?: string;
  readonly rootDeviceType?: string;
  readonly virtualizationType?: string;
  readonly hypervisor?: string;
  readonly enaSupport?: boolean;
  readonly bootMode?: string;
  readonly deprecationTime?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Accounts with an explicit launch permission. */
  readonly launchPermissions?: readonly string[];
  readonly volumeSize?: number;
  readonly volumeType?: string;
  readonly snapshotId?: string;
  readonly encrypted?: boolean;
  /** EC2's Allowed AMIs verdict; absent when the account's setting is off (EC2 then leaves the field out). */
  readonly imageAllowed?: boolean;
  /** `v2.0` or absent. */
  readonly imdsSupport?: string;
  /** `v2.0` or absent. */
  readonly tpmSupport?: string;
  /** Mappings besides the root's, in order after it: EBS data volumes, or instance-store `ephemeralN`. */
  readonly extraMappings?: ReadonlyArray<ExtraMapping>;
  /** Leave the root device out of the block device mappings (as some imported images do). */
  readonly unmappedRoot?: boolean;
}

/** A block device mapping besides the root's: an EBS volume, or an instance-store `virtualName`. */
export interface ExtraMapping {
  readonly deviceName: string;
  readonly volumeSize?: number;
  readonly volumeType?: string;
  readonly virtualName?: string;
}

/** A fault served instead of (or before) the next answer. */
export type Fault =
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message?: string }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'truncated' };

export interface Ec2DoubleOptions {
  readonly images: readonly FakeImage[];
  /** The caller's account, for `self`. */
  readonly accountId?: string;
  /** "Now", for deciding which images are deprecated. */
  readonly now?: Date;
  /** Serve results in a seeded random order instead of catalog order (EC2 promises no order). */
  readonly shuffleSeed?: number;
  /** Delay before every answer, in milliseconds. */
  readonly latencyMs?: number;
  /** The port on 127.0.0.1; absent or 0 for a free one. */
  readonly port?: number;
  /**
   * Build each distinct answer once and serve it from memory afterwards, as encoded bytes, so a
   * page costs the server only its write (for benchmarks, where building the XML of every page
   * would add the same time to every client and dilute their ratios). A repeated request then gets
   * the same requestId. `setImages` forgets the answers. @default false
   */
  readonly precomputed?: boolean;
}

/** One request as the double understood it. */
export interface RecordedRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** The region and access key of the SigV4 credential scope. */
  readonly region: string;
  readonly accessKeyId: string;
}

const DEFAULT_ACCOUNT = '111122223333';
const ACCOUNT_ID = /^\d{12}$/;
const OWNER_ALIASES = ['amazon', 'aws-marketplace', 'aws-backup-vault'];

export class Ec2Double {
  public static async start(options: Ec2DoubleOptions): Promise<Ec2Double> {
    const double = new Ec2Double(options);
    await listenOnLoopback(double.server, options.port);
    return double;
  }

  public readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<import('net').Socket>();
  private images: readonly FakeImage[];
  /** With `precomputed`: answers by request body. */
  private readonly answers = new Map<string, { status: number; body: Buffer }>();

  private constructor(private readonly options: Ec2DoubleOptions) {
    this.images = options.images;
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** The endpoint for `AWS_ENDPOINT_URL_EC2`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** DescribeImages calls received (faulted ones included). */
  public get describeImagesCalls(): number {
    return this.requests.filter((r) => r.action === 'DescribeImages').length;
  }

  /** Queues faults; each request takes the next one. */
  public inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  public setImages(images: readonly FakeImage[]): void {
    this.images = images;
    this.answers.clear();
  }

  public async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void this.respond(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => {
        res.destroy(e);
      });
    });
  }

  private async respond(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(body));
    const action = params.Action ?? '';
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/ec2\//.exec(String(req.headers.authorization ?? ''));
    this.requests.push({ action, params, accessKeyId: scope?.[1] ?? '', region: scope?.[2] ?? '' });

    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const fault = this.faults.shift();
    if (fault) {
      switch (fault.kind) {
        case 'error': return sendError(res, fault.status, fault.code, fault.message ?? fault.code);
        case 'hang': return; // never answers; the client's timeout must fire
        case 'reset': res.socket?.destroy(); return;
        case 'delay': await new Promise((r) => setTimeout(r, fault.ms)); break;
        case 'malformed': return sendXml(res, 200, '<DescribeImagesResponse><imagesSet><item><imageId>ami-');
        case 'truncated': {
          const xml = this.answer(params).body;
          res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'content-length': Buffer.byteLength(xml) });
          res.write(xml.slice(0, Math.floor(xml.length / 2)));
          res.socket?.destroy();
          return;
        }
      }
    }

    if (req.method !== 'POST') return sendError(res, 400, 'InvalidAction', 'The action is not valid for this web service.');
    if (!/^AWS4-HMAC-SHA256 Credential=/.test(String(req.headers.authorization ?? ''))) {
      return sendError(res, 401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    }
    if (action !== 'DescribeImages') {
      return sendError(res, 400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
    if (!this.options.precomputed) {
      const answer = this.answer(params);
      return sendXml(res, answer.status, answer.body);
    }
    let answer = this.answers.get(body);
    if (!answer) {
      const built = this.answer(params);
      answer = { status: built.status, body: Buffer.from(built.body, 'utf8') };
      this.answers.set(body, answer);
    }
    res.writeHead(answer.status, { 'content-type': 'text/xml;charset=UTF-8', 'content-length': answer.body.length });
    res.end(answer.body);
  }

  private answer(params: Record<string, string>): { status: number; body: string } {
    try {
      return { status: 200, body: this.describeImages(params) };
    } catch (e) {
      if (e instanceof Ec2Error) return { status: e.status, body: errorXml(e.code, e.message) };
      throw e;
    }
  }

  private describeImages(params: Record<string, string>): string {
    const q = parseQuery(params);
    const caller = this.options.accountId ?? DEFAULT_ACCOUNT;
    const now = (this.options.now ?? new Date()).getTime();

    if (q.dryRun) throw new Ec2Error(412, 'DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
    for (const o of q.owners) {
      if (!ACCOUNT_ID.test(o) && o !== 'self' && !OWNER_ALIASES.includes(o)) {
        throw new Ec2Error(400, 'InvalidUserID.Malformed', `Invalid user id: "${o}"`);
      }
    }
    for (const id of q.imageIds) {
      if (!/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) throw new Ec2Error(400, 'InvalidAMIID.Malformed', `Invalid id: "${id}"`);
    }
    if (q.imageIds.length > 0 && q.maxResults !== undefined) {
      throw new Ec2Error(400, 'InvalidParameterCombination', 'The parameter imageIdsSet cannot be used with the parameter maxResults');
    }
    if (q.maxResults !== undefined && (!Number.isInteger(q.maxResults) || q.maxResults < 5 || q.maxResults > 1000)) {
      throw new Ec2Error(400, 'InvalidParameterValue', `Value ( ${params.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
    }
    const matchers = q.filters.map((f) => {
      const field = FIELDS[f.name] ?? (f.name.startsWith('tag:') ? tagField(f.name.slice(4)) : undefined);
      if (!field) throw new Ec2Error(400, 'InvalidParameterValue', `The filter '${f.name}' is invalid`);
      const patterns = f.values.map(wildcard);
      return (img: FakeImage) => field(img).some((v) => patterns.some((p) => p.test(v)));
    });

    if (q.imageIds.length > 0) {
      const missing = q.imageIds.filter((id) => !this.images.some((i) => i.imageId === id && visible(i, caller)));
      if (missing.length > 0) throw new Ec2Error(400, 'InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
    }

    let matches = this.images.filter((img) =>
      visible(img, caller)
      && (q.owners.length === 0 || q.owners.some((o) => ownedBy(img, o, caller)))
      && (q.executableBy.length === 0 || q.executableBy.some((u) => executableBy(img, u, caller)))
      && (q.imageIds.length === 0 || q.imageIds.includes(img.imageId))
      && (q.includeDeprecated || img.ownerId === caller || !isDeprecated(img, now))
      && (q.includeDisabled || (img.state ?? 'available') !== 'disabled')
      && matchers.every((m) => m(img)));
    if (this.options.shuffleSeed !== undefined) matches = shuffle(matches, this.options.shuffleSeed);

    const queryKey = JSON.stringify({ ...params, NextToken: undefined, MaxResults: undefined });
    let offset = 0;
    if (q.nextToken !== undefined) {
      const token = decodeToken(q.nextToken);
      if (!token || token.key !== hash(queryKey)) throw new Ec2Error(400, 'InvalidPaginationToken', `Invalid pagination token: ${q.nextToken.slice(0, 20)}`);
      offset = token.offset;
    }
    const end = q.maxResults === undefined ? matches.length : Math.min(matches.length, offset + q.maxResults);
    const page = matches.slice(offset, end);
    const next = end < matches.length ? encodeToken({ key: hash(queryKey), offset: end }) : undefined;
    return describeImagesXml(page, next);
  }
}

class Ec2Error extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface ParsedQuery {
  owners: string[];
  executableBy: string[];
  imageIds: string[];
  filters: Array<{ name: string; values: string[] }>;
  includeDeprecated: boolean;
  includeDisabled: boolean;
  dryRun: boolean;
  maxResults?: number;
  nextToken?: string;
}

function parseQuery(params: Record<string, string>): ParsedQuery {
  const list = (prefix: string) => Object.keys(params)
    .filter((k) => new RegExp(`^${prefix}\\.\\d+$`).test(k))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((k) => params[k]);
  const filters: ParsedQuery['filters'] = [];
  for (const k of Object.keys(params)) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (m) filters.push({ name: params[k], values: list(`Filter\\.${m[1]}\\.Value`) });
  }
  const bool = (k: string) => params[k] === 'true';
  return {
    owners: list('Owner'),
    executableBy: list('ExecutableBy'),
    imageIds: list('ImageId'),
    filters,
    includeDeprecated: bool('IncludeDeprecated'),
    includeDisabled: bool('IncludeDisabled'),
    dryRun: bool('DryRun'),
    maxResults: params.MaxResults === undefined ? undefined : Number(params.MaxResults),
    nextToken: params.NextToken,
  };
}

type Field = (img: FakeImage) => string[];
const one = (f: (img: FakeImage) => string | boolean | number | undefined): Field => (img) => {
  const v = f(img);
  return v === undefined ? [] : [String(v)];
};
const tagField = (key: string): Field => (img) => (img.tags && key in img.tags ? [img.tags[key]] : []);

/** Every DescribeImages filter, by the field it reads. */
const FIELDS: Record<string, Field> = {
  'architecture': one((i) => i.architecture ?? 'x86_64'),
  'block-device-mapping.delete-on-termination': one(() => true),
  'block-device-mapping.device-name': one((i) => i.rootDeviceName ?? '/dev/xvda'),
  'block-device-mapping.encrypted': one((i) => i.encrypted ?? false),
  'block-device-mapping.snapshot-id': one((i) => i.snapshotId),
  'block-device-mapping.volume-size': one((i) => i.volumeSize ?? 8),
  'block-device-mapping.volume-type': one((i) => i.volumeType ?? 'gp3'),
  'creation-date': one((i) => i.creationDate),
  'description': one((i) => i.description),
  'ena-support': one((i) => i.enaSupport ?? true),
  'hypervisor': one((i) => i.hypervisor ?? 'xen'),
  'image-allowed': one((i) => i.imageAllowed ?? true),
  'image-id': one((i) => i.imageId),
  'image-type': one((i) => i.imageType ?? 'machine'),
  'is-public': one((i) => i.isPublic ?? true),
  'kernel-id': one(() => undefined),
  'manifest-location': one((i) => `${i.ownerAlias ?? i.ownerId}/${i.name}`),
  'name': one((i) => i.name),
  'owner-alias': one((i) => i.ownerAlias),
  'owner-id': one((i) => i.ownerId),
  'platform': one((i) => i.platform),
  'product-code': one(() => undefined),
  'product-code.type': one(() => undefined),
  'ramdisk-id': one(() => undefined),
  'root-device-name': one((i) => i.rootDeviceName ?? '/dev/xvda'),
  'root-device-type': one((i) => i.rootDeviceType ?? 'ebs'),
  'source-image-id': one(() => undefined),
  'source-image-region': one(() => undefined),
  'source-instance-id': one(() => undefined),
  'sriov-net-support': one(() => 'simple'),
  'state': one((i) => i.state ?? 'available'),
  'state-reason-code': one(() => undefined),
  'state-reason-message': one(() => undefined),
  'tag-key': (i) => Object.keys(i.tags ?? {}),
  'virtualization-type': one((i) => i.virtualizationType ?? 'hvm'),
};

/** EC2 filter wildcards: `*` any run, `?` one character, `\` escapes; matches the whole value, case-sensitively. */
export function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function visible(img: FakeImage, caller: string): boolean {
  return (img.isPublic ?? true) || img.ownerId === caller || (img.launchPermissions ?? []).includes(caller);
}

function ownedBy(img: FakeImage, owner: string, caller: string): boolean {
  if (owner === 'self') return img.ownerId === caller;
  if (ACCOUNT_ID.test(owner)) return img.ownerId === owner;
  return img.ownerAlias === owner;
}

function executableBy(img: FakeImage, user: string, caller: string): boolean {
  if (user === 'all') return img.isPublic ?? true;
  const account = user === 'self' ? caller : user;
  return (img.launchPermissions ?? []).includes(account);
}

function isDeprecated(img: FakeImage, now: number): boolean {
  return img.deprecationTime !== undefined && Date.parse(img.deprecationTime) <= now;
}

/** A deterministic permutation for a seed: EC2 returns images in no particular order, and tests say so. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = Math.abs(Math.floor(seed)) % 2147483648;
  // A linear congruential generator: deterministic for a seed, good enough to scramble an order.
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function hash(s: string): string {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 4294967291;
  return h.toString(16);
}

function encodeToken(t: { key: string; offset: number }): string {
  return Buffer.from(JSON.stringify(t)).toString('base64');
}

function decodeToken(s: string): { key: string; offset: number } | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
    return typeof t.key === 'string' && Number.isInteger(t.offset) ? t : undefined;
  } catch {
    return undefined;
  }
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tag(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`;
}

function imageXml(i: FakeImage): string {
  const tags = Object.entries(i.tags ?? {});
  return '<item>'
    + tag('imageId', i.imageId)
    + tag('imageLocation', `${i.ownerAlias ?? i.ownerId}/${i.name}`)
    + tag('imageState', i.state ?? 'available')
    + tag('imageOwnerId', i.ownerId)
    + tag('creationDate', i.creationDate)
    + tag('isPublic', i.isPublic ?? true)
    + tag('architecture', i.architecture ?? 'x86_64')
    + tag('imageType', i.imageType ?? 'machine')
    + tag('imageOwnerAlias', i.ownerAlias)
    + tag('name', i.name)
    + tag('description', i.description)
    + tag('rootDeviceType', i.rootDeviceType ?? 'ebs')
    + tag('rootDeviceName', i.rootDeviceName ?? '/dev/xvda')
    + `<blockDeviceMapping>${blockDeviceMappingXml(i)}</blockDeviceMapping>`
    + tag('virtualizationType', i.virtualizationType ?? 'hvm')
    + (tags.length ? `<tagSet>${tags.map(([k, v]) => `<item>${tag('key', k)}${tag('value', v)}</item>`).join('')}</tagSet>` : '')
    + tag('hypervisor', i.hypervisor ?? 'xen')
    + tag('enaSupport', i.enaSupport ?? true)
    + tag('sriovNetSupport', 'simple')
    + tag('platform', i.platform)
    + tag('bootMode', i.bootMode)
    + tag('platformDetails', i.platformDetails ?? (i.platform === 'windows' ? 'Windows' : 'Linux/UNIX'))
    + tag('usageOperation', i.usageOperation ?? (i.platform === 'windows' ? 'RunInstances:0002' : 'RunInstances'))
    + tag('deprecationTime', i.deprecationTime)
    + tag('tpmSupport', i.tpmSupport)
    + tag('imdsSupport', i.imdsSupport)
    + tag('imageAllowed', i.imageAllowed)
    + '</item>';
}

/** The root's mapping (EBS, or instance store's `ephemeral0`), then the extra ones, as EC2 writes them. */
function blockDeviceMappingXml(i: FakeImage): string {
  const root = i.rootDeviceName ?? '/dev/xvda';
  const ebs = (size: number | undefined, type: string | undefined, snapshot?: string) => '<ebs>' + tag('snapshotId', snapshot)
    + tag('volumeSize', size) + tag('deleteOnTermination', true) + tag('volumeType', type) + tag('encrypted', i.encrypted ?? false) + '</ebs>';
  const rootItem = i.unmappedRoot ? ''
    : (i.rootDeviceType ?? 'ebs') === 'instance-store' ? `<item>${tag('deviceName', root)}${tag('virtualName', 'ephemeral0')}</item>`
      : `<item>${tag('deviceName', root)}${ebs(i.volumeSize ?? 8, i.volumeType ?? 'gp3', i.snapshotId)}</item>`;
  const extra = (i.extraMappings ?? []).map((m) => `<item>${tag('deviceName', m.deviceName)}`
    + (m.virtualName !== undefined ? tag('virtualName', m.virtualName) : ebs(m.volumeSize, m.volumeType)) + '</item>').join('');
  return rootItem + extra;
}

export function describeImagesXml(images: readonly FakeImage[], nextToken?: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">'
    + tag('requestId', randomUUID())
    + `<imagesSet>${images.map(imageXml).join('')}</imagesSet>`
    + tag('nextToken', nextToken)
    + '</DescribeImagesResponse>';
}

function errorXml(code: string, message: string): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<Response><Errors><Error>${tag('Code', code)}${tag('Message', message)}</Error></Errors>${tag('RequestID', randomUUID())}</Response>`;
}

function sendXml(res: http.ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendXml(res, status, errorXml(code, message));
}
