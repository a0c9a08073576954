/**
 * A test double of CloudFormation's read APIs DescribeStacks and ListStackResources, served on
 * 127.0.0.1, for the `status` command that finds the Custom::AmiLookup resources of deployed stacks.
 *
 * It speaks the AWS Query protocol (form-encoded POST in, CloudFormation XML out), keeps stacks per
 * region (the region of the request's SigV4 credential scope), resolves names and stack IDs the way
 * CloudFormation does (a name finds the live stack, a deleted stack only by its ID), pages with
 * NextToken, and answers errors with CloudFormation's codes, messages and XML shape. Throttling,
 * access denial and latency can be injected.
 */
import { createHash } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { listenOnLoopback } from './loopback';

export interface FakeResource {
  readonly logicalId: string;
  /** Absent for a resource CloudFormation has not created (yet), as in a CREATE_FAILED one. */
  readonly physicalId?: string;
  readonly type: string;
  /** Default `CREATE_COMPLETE`. */
  readonly status?: string;
  readonly statusReason?: string;
  /** Default: the stack's last update, or its creation. */
  readonly lastUpdated?: string;
  /** Default `NOT_CHECKED`, what CloudFormation reports until drift detection has run. */
  readonly driftStatus?: string;
}

export interface FakeOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly exportName?: string;
}

export interface FakeStack {
  readonly name: string;
  /** Default `CREATE_COMPLETE`. */
  readonly status?: string;
  readonly statusReason?: string;
  /** Default: the double's region. */
  readonly region?: string;
  readonly description?: string;
  /** Default 2026-01-01T00:00:00.000Z. */
  readonly creationTime?: string;
  /** Absent for a stack never updated, as CloudFormation leaves it out. */
  readonly lastUpdatedTime?: string;
  /** Only for DELETE_* statuses; default: the last update, or the creation. */
  readonly deletionTime?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly outputs?: readonly FakeOutput[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly capabilities?: readonly string[];
  readonly terminationProtection?: boolean;
  /** The name of the stack this one is nested in (same region): sets ParentId and RootId. */
  readonly parent?: string;
  readonly resources?: readonly FakeResource[];
}

export interface CfnDoubleOptions {
  readonly stacks: readonly FakeStack[];
  /** The account in stack IDs and error messages. Default 111122223333. */
  readonly accountId?: string;
  /** The region of stacks that name none. Default us-east-1. */
  readonly region?: string;
  /** Stacks per DescribeStacks page when no stack is named. Default 100. */
  readonly describeStacksPageSize?: number;
  /** Resources per ListStackResources page. Default 100. */
  readonly listStackResourcesPageSize?: number;
  /** Answer this many requests, from the first, with `Throttling: Rate exceeded`. */
  readonly throttle?: number;
  /**
   * Stack names the caller's policy does not allow: a call naming one (by name or stack ID) is
   * refused with AccessDenied. DescribeStacks without a name is authorised against `*` and still
   * lists them, as IAM does not filter a listing by resource.
   */
  readonly accessDenied?: readonly string[];
  /** Delay before every answer, in milliseconds. */
  readonly delayMs?: number;
  /** The port on 127.0.0.1; absent or 0 for a free one. */
  readonly port?: number;
}

/** One request as the double understood it, with how it was answered. */
export interface CfnCall {
  readonly action: string;
  readonly stackName?: string;
  readonly nextToken?: string;
  /** The region and access key of the SigV4 credential scope. */
  readonly region: string;
  readonly accessKeyId: string;
  readonly status: number;
  /** The error code when the answer was an error. */
  readonly errorCode?: string;
}

const API_VERSION = '2010-05-15';
const NAMESPACE = `http://cloudformation.amazonaws.com/doc/${API_VERSION}/`;
const DEFAULT_ACCOUNT = '111122223333';
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_TIME = '2026-01-01T00:00:00.000Z';
// CloudFormation pages by response size (1 MB); 100 is what it hands out for ordinary stacks.
const DEFAULT_PAGE_SIZE = 100;

interface Deployed {
  readonly spec: FakeStack;
  readonly id: string;
  readonly region: string;
  readonly parentId?: string;
  readonly rootId?: string;
}

export class CfnDouble {
  public static async start(options: CfnDoubleOptions): Promise<CfnDouble> {
    const double = new CfnDouble(options);
    await listenOnLoopback(double.server, options.port);
    return double;
  }

  public readonly calls: CfnCall[] = [];
  private readonly server: http.Server;
  private readonly accountId: string;
  private deployed: Deployed[] = [];
  private throttleLeft: number;
  private requestCount = 0;

  private constructor(private readonly options: CfnDoubleOptions) {
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT;
    this.throttleLeft = options.throttle ?? 0;
    this.setStacks(options.stacks);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void this.respond(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => res.destroy(e));
      });
    });
  }

  /** The endpoint for the client's `endpoint`, or `AWS_ENDPOINT_URL_CLOUDFORMATION`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The stack ID CloudFormation gave this stack (the same object as passed in `stacks`). */
  public stackIdOf(stack: FakeStack): string {
    const found = this.deployed.find((d) => d.spec === stack);
    if (!found) throw new Error(`stack ${stack.name} is not one the double was given`);
    return found.id;
  }

  /** Replaces the deployed stacks; IDs are derived anew, so keep using `stackIdOf`. */
  public setStacks(stacks: readonly FakeStack[]): void {
    this.deployed = deploy(stacks, this.accountId, this.options.region ?? DEFAULT_REGION);
  }

  /** Answers the next `count` requests with `Throttling: Rate exceeded`. */
  public throttleNext(count: number): void {
    this.throttleLeft += count;
  }

  public async close(): Promise<void> {
    // A connection in the middle of a request (a delayed one) would otherwise hold close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async respond(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    // The Query protocol also allows GET with the parameters in the URL; the SDK POSTs a form.
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const params = new URLSearchParams([...query, ...new URLSearchParams(body)]);
    const auth = String(req.headers.authorization ?? '');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/cloudformation\//.exec(auth);
    const requestId = deterministicUuid(`request:${++this.requestCount}`);

    let status = 200;
    let xml: string;
    let errorCode: string | undefined;
    try {
      xml = this.answer(params, scope?.[2] ?? '', Boolean(scope), requestId);
    } catch (e) {
      if (!(e instanceof CfnError)) throw e;
      status = e.status;
      errorCode = e.code;
      xml = errorXml(e.code, e.message, requestId);
    }
    this.calls.push({
      action: params.get('Action') ?? '',
      stackName: params.get('StackName') ?? undefined,
      nextToken: params.get('NextToken') ?? undefined,
      region: scope?.[2] ?? '',
      accessKeyId: scope?.[1] ?? '',
      status,
      errorCode,
    });

    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
    res.end(xml);
  }

  private answer(params: URLSearchParams, region: string, signed: boolean, requestId: string): string {
    if (!signed) throw new CfnError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (this.throttleLeft > 0) {
      this.throttleLeft--;
      throw new CfnError(400, 'Throttling', 'Rate exceeded');
    }
    const action = params.get('Action') ?? '';
    const version = params.get('Version') ?? '';
    const stackName = params.get('StackName') || undefined;
    const nextToken = params.get('NextToken') || undefined;
    if (version !== API_VERSION || (action !== 'DescribeStacks' && action !== 'ListStackResources')) {
      throw new CfnError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
    }
    if (stackName !== undefined) this.authorise(action, stackName, region);

    if (action === 'DescribeStacks') {
      if (stackName !== undefined) {
        return resultXml(action, membersXml('Stacks', [stackXml(this.resolve(stackName, region))]), undefined, requestId);
      }
      const live = this.deployed.filter((d) => d.region === region && isLive(d.spec));
      const page = paginate(live, nextToken, `${action}:${region}`, this.options.describeStacksPageSize);
      return resultXml(action, membersXml('Stacks', page.items.map(stackXml)), page.next, requestId);
    }

    if (stackName === undefined) {
      throw new CfnError(400, 'ValidationError', "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
    }
    const stack = this.resolve(stackName, region);
    const page = paginate(stack.spec.resources ?? [], nextToken, `${action}:${stack.id}`, this.options.listStackResourcesPageSize);
    return resultXml(action, membersXml('StackResourceSummaries', page.items.map((r) => resourceXml(stack, r))), page.next, requestId);
  }

  /** IAM decides before CloudFormation looks, so a denied stack is denied whether or not it exists. */
  private authorise(action: string, stackName: string, region: string): void {
    const byId = parseStackId(stackName);
    const name = byId?.name ?? stackName;
    if (!(this.options.accessDenied ?? []).includes(name)) return;
    const resource = byId ? stackName : `arn:aws:cloudformation:${region}:${this.accountId}:stack/${stackName}/*`;
    throw new CfnError(403, 'AccessDenied', `User: arn:aws:iam::${this.accountId}:user/cdk-ami-lookup is not authorized to perform: `
      + `cloudformation:${action} on resource: ${resource} because no identity-based policy allows the cloudformation:${action} action`);
  }

  /** A name finds the live stack of that name; a stack ID finds its stack, deleted or not. */
  private resolve(stackName: string, region: string): Deployed {
    const inRegion = this.deployed.filter((d) => d.region === region);
    const found = parseStackId(stackName)
      ? inRegion.find((d) => d.id === stackName)
      : inRegion.find((d) => d.spec.name === stackName && isLive(d.spec));
    if (!found) throw new CfnError(400, 'ValidationError', `Stack with id ${stackName} does not exist`);
    return found;
  }
}

class CfnError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function deploy(stacks: readonly FakeStack[], accountId: string, defaultRegion: string): Deployed[] {
  const base = stacks.map((spec, i) => {
    const region = spec.region ?? defaultRegion;
    // The index tells apart a deleted stack and the live one that took its name.
    const id = `arn:aws:cloudformation:${region}:${accountId}:stack/${spec.name}/${deterministicUuid(`${accountId}:${region}:${spec.name}:${i}`)}`;
    return { spec, id, region };
  });
  const live = base.filter((d) => isLive(d.spec));
  for (const [i, a] of live.entries()) {
    if (live.slice(i + 1).some((b) => b.region === a.region && b.spec.name === a.spec.name)) {
      throw new Error(`two live stacks named ${a.spec.name} in ${a.region}: CloudFormation allows one`);
    }
  }
  const parentOf = (d: Deployed): Deployed | undefined => {
    if (d.spec.parent === undefined) return undefined;
    const named = base.filter((p) => p.region === d.region && p.spec.name === d.spec.parent);
    const parent = named.find((p) => isLive(p.spec)) ?? named[0];
    if (!parent) throw new Error(`the parent ${d.spec.parent} of ${d.spec.name} is not among the stacks`);
    return parent;
  };
  return base.map((d) => {
    const parent = parentOf(d);
    if (!parent) return d;
    const chain = new Set<Deployed>([d, parent]);
    let root = parent;
    for (let up = parentOf(root); up; up = parentOf(root)) {
      if (chain.has(up)) throw new Error(`stacks nested in a cycle: ${[...chain].map((c) => c.spec.name).join(' > ')}`);
      chain.add(up);
      root = up;
    }
    return { ...d, parentId: parent.id, rootId: root.id };
  });
}

function isLive(spec: FakeStack): boolean {
  return (spec.status ?? 'CREATE_COMPLETE') !== 'DELETE_COMPLETE';
}

function parseStackId(s: string): { name: string } | undefined {
  const m = /^arn:aws[\w-]*:cloudformation:[^:]+:\d{12}:stack\/([^/]+)\/[^/]+$/.exec(s);
  return m ? { name: m[1] } : undefined;
}

/** A UUID-shaped hash: stack IDs and request IDs stay the same from run to run. */
function deterministicUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A page of `items` from where `token` left off. The token names the listing it belongs to, so
 * one from another action, region or stack is refused as CloudFormation refuses a foreign token.
 */
function paginate<T>(items: readonly T[], token: string | undefined, listing: string, pageSize = DEFAULT_PAGE_SIZE): { items: T[]; next?: string } {
  let offset = 0;
  if (token !== undefined) {
    const decoded = decodeToken(token);
    if (!decoded || decoded.listing !== listing) throw new CfnError(400, 'ValidationError', `${token} is not a valid NextToken`);
    offset = decoded.offset;
  }
  const end = Math.min(items.length, offset + Math.max(1, pageSize));
  return { items: items.slice(offset, end), next: end < items.length ? encodeToken({ listing, offset: end }) : undefined };
}

function encodeToken(t: { listing: string; offset: number }): string {
  return Buffer.from(JSON.stringify(t)).toString('base64');
}

function decodeToken(s: string): { listing: string; offset: number } | undefined {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
    return typeof t.listing === 'string' && Number.isInteger(t.offset) && t.offset >= 0 ? t : undefined;
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

/** A list as CloudFormation writes it: `<Name/>` when empty, which the SDK reads as `[]`. */
function membersXml(name: string, members: readonly string[]): string {
  return members.length ? `<${name}>${members.map((m) => `<member>${m}</member>`).join('')}</${name}>` : `<${name}/>`;
}

function stackXml(d: Deployed): string {
  const s = d.spec;
  const status = s.status ?? 'CREATE_COMPLETE';
  const deletionTime = status.startsWith('DELETE_') ? s.deletionTime ?? s.lastUpdatedTime ?? s.creationTime ?? DEFAULT_TIME : undefined;
  const parameters = Object.entries(s.parameters ?? {});
  const outputs = s.outputs ?? [];
  return tag('StackId', d.id)
    + tag('StackName', s.name)
    + tag('Description', s.description)
    + (parameters.length ? membersXml('Parameters', parameters.map(([k, v]) => tag('ParameterKey', k) + tag('ParameterValue', v))) : '')
    + tag('CreationTime', s.creationTime ?? DEFAULT_TIME)
    + tag('DeletionTime', deletionTime)
    + tag('LastUpdatedTime', s.lastUpdatedTime)
    + '<RollbackConfiguration/>'
    + tag('StackStatus', status)
    + tag('StackStatusReason', s.statusReason)
    + tag('DisableRollback', false)
    + '<NotificationARNs/>'
    + (s.capabilities?.length ? membersXml('Capabilities', s.capabilities.map(esc)) : '')
    + (outputs.length ? membersXml('Outputs', outputs.map((o) =>
      tag('OutputKey', o.key) + tag('OutputValue', o.value) + tag('Description', o.description) + tag('ExportName', o.exportName))) : '')
    + membersXml('Tags', Object.entries(s.tags ?? {}).map(([k, v]) => tag('Key', k) + tag('Value', v)))
    + tag('EnableTerminationProtection', s.terminationProtection ?? false)
    + tag('ParentId', d.parentId)
    + tag('RootId', d.rootId)
    + `<DriftInformation>${tag('StackDriftStatus', 'NOT_CHECKED')}</DriftInformation>`;
}

function resourceXml(d: Deployed, r: FakeResource): string {
  return tag('LogicalResourceId', r.logicalId)
    + tag('PhysicalResourceId', r.physicalId)
    + tag('ResourceType', r.type)
    + tag('LastUpdatedTimestamp', r.lastUpdated ?? d.spec.lastUpdatedTime ?? d.spec.creationTime ?? DEFAULT_TIME)
    + tag('ResourceStatus', r.status ?? 'CREATE_COMPLETE')
    + tag('ResourceStatusReason', r.statusReason)
    + `<DriftInformation>${tag('StackResourceDriftStatus', r.driftStatus ?? 'NOT_CHECKED')}</DriftInformation>`;
}

function resultXml(action: string, content: string, nextToken: string | undefined, requestId: string): string {
  return `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${content}${tag('NextToken', nextToken)}</${action}Result>`
    + `<ResponseMetadata>${tag('RequestId', requestId)}</ResponseMetadata></${action}Response>\n`;
}

function errorXml(code: string, message: string, requestId: string): string {
  return `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type>${tag('Code', code)}${tag('Message', message)}</Error>`
    + `${tag('RequestId', requestId)}</ErrorResponse>\n`;
}
