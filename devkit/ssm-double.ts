/**
 * A test double of SSM Parameter Store's GetParameter and GetParameterHistory, served on 127.0.0.1.
 *
 * It speaks the real wire protocol (AWS JSON 1.1: POST / with `X-Amz-Target: AmazonSSM.GetParameter`
 * or `AmazonSSM.GetParameterHistory`) and resolves names as SSM does: plain names (a leading slash optional at the top level), ARNs,
 * `:version` and `:label` selectors, parameters shared from other accounts (by full ARN only) and
 * AWS's public `/aws/service/` parameters (readable from any account, their ARN without one).
 * Errors come with SSM's codes and JSON shape; throttling, internal errors, access denial and
 * latency can be injected to test the client's behaviour.
 *
 * Where AWS's documentation is silent, the choice is written down next to the code that makes it.
 */
import { createHash, randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { listenOnLoopback } from './loopback';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterDataType = 'text' | 'aws:ec2:image';

export interface FakeParameterVersion {
  readonly value: string;
  /** At most 10, each unique across the parameter's versions, as LabelParameterVersion enforces. */
  readonly labels?: readonly string[];
  /** Default: a fixed date, a day later for each version, so answers are reproducible. */
  readonly lastModified?: Date;
  /** GetParameterHistory's LastModifiedUser; default an IAM user of the owning account. */
  readonly lastModifiedUser?: string;
  /** GetParameterHistory's Description and AllowedPattern of this version; absent, not sent. */
  readonly description?: string;
  readonly allowedPattern?: string;
}

export interface FakeParameter {
  /** As it was created: `/a/b` for a hierarchy, `name` or `/name` at the top level. */
  readonly name: string;
  /** Default `String`. */
  readonly type?: ParameterType;
  /** Default `text`; `aws:ec2:image` needs a `String` whose values are AMI IDs. */
  readonly dataType?: ParameterDataType;
  /** Oldest first; the last is the latest. */
  readonly versions: readonly FakeParameterVersion[];
  /**
   * The number of the first version listed (default 1). SSM keeps only the last 100 versions, so a
   * long-lived parameter such as a public AMI one starts far from 1.
   */
  readonly firstVersion?: number;
  /**
   * The owner, when another account shares the parameter with this one; absent, the double's own
   * account. `/aws/service/` parameters belong to AWS and take none.
   */
  readonly accountId?: string;
  /** GetParameterHistory's Tier (default `Standard`). */
  readonly tier?: 'Standard' | 'Advanced';
  /** GetParameterHistory's KeyId of a SecureString (default `alias/aws/ssm`); other types have none. */
  readonly keyId?: string;
}

/** The actions the double serves, as IAM names them (`ssm:` + action) and `X-Amz-Target` ends. */
export type SsmAction = 'GetParameter' | 'GetParameterHistory';

export interface SsmDoubleOptions {
  readonly parameters: readonly FakeParameter[];
  /** The caller's account (default 111122223333): plain names resolve in it. */
  readonly accountId?: string;
  /** Delay before every answer, in milliseconds. */
  readonly latencyMs?: number;
  /** The port on 127.0.0.1; absent or 0 for a free one. */
  readonly port?: number;
}

/** One request as the double understood it (throttled and refused ones included). */
export interface GetParameterCall {
  /**
   * The `X-Amz-Target` header, which names the action; anything but `AmazonSSM.GetParameter` and
   * `AmazonSSM.GetParameterHistory` was refused.
   */
  readonly target: string;
  /** `Name` exactly as sent. */
  readonly name: string;
  /** `WithDecryption` as sent; absent means false. */
  readonly withDecryption?: boolean;
  /** The access key and region of the SigV4 credential scope. */
  readonly accessKeyId: string;
  readonly region: string;
}

/** One GetParameterHistory request (throttled and refused ones included), with its paging fields. */
export interface GetParameterHistoryCall extends GetParameterCall {
  readonly action: 'GetParameterHistory';
  /** `MaxResults` and `NextToken` as sent, when they were a number and a string. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

const DEFAULT_ACCOUNT = '111122223333';
const PUBLIC_PREFIX = 'aws/service/';
const FIRST_MODIFIED = Date.UTC(2026, 0, 1, 9, 30, 0, 125);
const DAY_MS = 86_400_000;
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
/** Name characters PutParameter accepts; GetParameter is refused for anything else. */
const NAME_CHARS = /^[a-zA-Z0-9_.\-/]+$/;
const LABEL_CHARS = /^[a-zA-Z0-9_.-]{1,100}$/;
const MAX_DEPTH = 15;
const TARGET_PREFIX = 'AmazonSSM.';
const ACTIONS: readonly SsmAction[] = ['GetParameter', 'GetParameterHistory'];
/**
 * The API reference gives MaxResults the range 1..50 and no default; an absent MaxResults is taken to
 * mean a page of 50, what callers see (mpyw/suve#311: "The API returns at most 50 items per page
 * (oldest-first), while SSM retains up to 100 versions").
 */
const HISTORY_PAGE_MAX = 50;

export class SsmDouble {
  public static async start(options: SsmDoubleOptions): Promise<SsmDouble> {
    const double = new SsmDouble(options);
    await listenOnLoopback(double.server, options.port);
    return double;
  }

  /** The answer's Value for a SecureString read without decryption: stable, and never the plaintext. */
  public static ciphertextOf(parameter: FakeParameter, version: number): string {
    const digest = (salt: string) => createHash('sha256').update(`${salt}\0${parameter.name}\0${version}`).digest();
    // The KMS ciphertext blob header (version 1, AES-256-GCM) that real encrypted values start with.
    return Buffer.concat([Buffer.from([0x01, 0x02, 0x02, 0x00, 0x78]), digest('key'), digest('blob'), digest('tag')]).toString('base64');
  }

  /** Every request, whatever its action (`target` tells them apart). */
  public readonly calls: GetParameterCall[] = [];
  /** The GetParameterHistory requests among `calls`, with MaxResults and NextToken. */
  public readonly historyCalls: GetParameterHistoryCall[] = [];
  /** Delay before every answer, in milliseconds; a test may change it between calls. */
  public latencyMs: number;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults: Array<'ThrottlingException' | 'InternalServerError'> = [];
  /** `action|account|name`, action and account `*` for any. */
  private readonly denied = new Set<string>();
  private readonly accountId: string;
  private parameters: readonly FakeParameter[] = [];

  private constructor(options: SsmDoubleOptions) {
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT;
    this.latencyMs = options.latencyMs ?? 0;
    this.setParameters(options.parameters);
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** The endpoint for `AWS_ENDPOINT_URL_SSM`. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Alias of `url`, for code that names it the way the SDK's client config does. */
  public get endpoint(): string {
    return this.url;
  }

  /** GetParameter calls received (refused ones included). */
  public get getParameterCalls(): number {
    return this.calls.filter((c) => c.target === 'AmazonSSM.GetParameter').length;
  }

  /** GetParameterHistory calls received (refused ones included). */
  public get getParameterHistoryCalls(): number {
    return this.historyCalls.length;
  }

  /** Replaces the store; throws on a parameter SSM itself would never have accepted. */
  public setParameters(parameters: readonly FakeParameter[]): void {
    const seen = new Set<string>();
    for (const p of parameters) {
      validateFake(p);
      const key = `${ownerOf(p, this.accountId) ?? 'aws'}|${keyOf(p.name)}`;
      if (seen.has(key)) throw new Error(`SsmDouble: parameter ${p.name} is given twice`);
      seen.add(key);
    }
    this.parameters = parameters;
  }

  /**
   * The next `times` calls (GetParameter or GetParameterHistory, in arrival order) answer
   * ThrottlingException, as a Parameter Store over its TPS quota does.
   */
  public throttle(times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push('ThrottlingException');
  }

  /** The next `times` calls (of either action) answer InternalServerError (HTTP 500). */
  public failInternally(times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push('InternalServerError');
  }

  /**
   * GetParameter and GetParameterHistory on these parameters answer AccessDeniedException, whether
   * they exist or not (IAM decides before Parameter Store looks). Names match with or without a
   * leading slash; an ARN denies only that account's parameter.
   */
  public denyAccess(...namesOrArns: string[]): void {
    for (const n of namesOrArns) this.denied.add(`*|${this.deniedKey(n)}`);
  }

  /**
   * Denies one action only. IAM authorizes GetParameterHistory against `ssm:GetParameterHistory`,
   * not `ssm:GetParameter` (the API reference warns that a principal denied GetParameter but allowed
   * GetParameterHistory still reads the current value), so a test can give a caller one without the other.
   */
  public denyAction(action: SsmAction, ...namesOrArns: string[]): void {
    for (const n of namesOrArns) this.denied.add(`${action}|${this.deniedKey(n)}`);
  }

  public allowAll(): void {
    this.denied.clear();
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
    const target = String(req.headers['x-amz-target'] ?? '');
    const auth = String(req.headers.authorization ?? '');
    const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    let input: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
    } catch {
      input = undefined;
    }
    const call: GetParameterCall = {
      target,
      name: typeof input?.Name === 'string' ? input.Name : '',
      withDecryption: typeof input?.WithDecryption === 'boolean' ? input.WithDecryption : undefined,
      accessKeyId: scope?.[1] ?? '',
      region: scope?.[2] ?? '',
    };
    this.calls.push(call);
    const action = ACTIONS.find((a) => target === TARGET_PREFIX + a);
    if (action === 'GetParameterHistory') {
      this.historyCalls.push({
        ...call,
        action,
        maxResults: typeof input?.MaxResults === 'number' ? input.MaxResults : undefined,
        nextToken: typeof input?.NextToken === 'string' ? input.NextToken : undefined,
      });
    }

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return sendError(res, 404, 'UnknownOperationException', 'AWS JSON services answer POST / only');
    }
    if (!scope) return sendError(res, 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    if (scope[3] !== 'ssm') {
      return sendError(res, 400, 'InvalidSignatureException', "Credential should be scoped to correct service: 'ssm'. ");
    }
    if (action === undefined) {
      return sendError(res, 400, 'UnknownOperationException',
        `The double serves AmazonSSM.GetParameter and AmazonSSM.GetParameterHistory only, not ${target || 'an empty X-Amz-Target'}`);
    }
    const fault = this.faults.shift();
    if (fault === 'ThrottlingException') return sendError(res, 400, 'ThrottlingException', 'Rate exceeded');
    if (fault === 'InternalServerError') return sendError(res, 500, 'InternalServerError', 'An internal error occurred.');
    if (!input || (input.WithDecryption !== undefined && typeof input.WithDecryption !== 'boolean')
      || (input.Name !== undefined && typeof input.Name !== 'string')
      || (action === 'GetParameterHistory' && ((input.MaxResults !== undefined && !Number.isInteger(input.MaxResults))
        || (input.NextToken !== undefined && typeof input.NextToken !== 'string')))) {
      return sendError(res, 400, 'SerializationException', 'Start of structure or map found where not expected.');
    }

    try {
      if (action === 'GetParameter') {
        const parameter = this.getParameter(input.Name as string | undefined, input.WithDecryption === true, scope[2]);
        sendJson(res, 200, { Parameter: parameter });
      } else {
        sendJson(res, 200, this.getParameterHistory(input.Name as string | undefined, input.WithDecryption === true,
          input.MaxResults as number | undefined, input.NextToken as string | undefined, scope[2]));
      }
    } catch (e) {
      if (e instanceof SsmError) return sendError(res, e.status, e.code, e.message || undefined);
      throw e;
    }
  }

  private getParameter(rawName: string | undefined, withDecryption: boolean, region: string): Record<string, unknown> {
    const request = this.parseRequestName(rawName, region);
    this.authorize('GetParameter', request);
    const found = this.find(request);
    // Real SSM sends ParameterNotFound without a message (SDK v3 then reports "UnknownError"), so a
    // caller that shows the name it asked for must add it itself.
    if (!found) throw new SsmError(400, 'ParameterNotFound', '');

    const first = found.firstVersion ?? 1;
    let index = found.versions.length - 1;
    if (request.selector !== undefined) {
      index = /^\d+$/.test(request.selector)
        ? Number(request.selector) - first
        : found.versions.findIndex((v) => v.labels?.includes(request.selector!));
      // GetParameter's documented errors have nothing label-specific: a label that names no version is
      // a version not found, like a number that names none.
      if (index < 0 || index >= found.versions.length) {
        const what = /^\d+$/.test(request.selector) ? `version ${request.selector}` : `label ${request.selector}`;
        throw new SsmError(400, 'ParameterVersionNotFound', `Systems Manager could not find ${what} of ${found.name}. Verify the version and try again.`);
      }
    }
    const version = first + index;
    const v = found.versions[index];
    const type = found.type ?? 'String';
    const owner = ownerOf(found, this.accountId);
    const answer: Record<string, unknown> = {
      // Asked by ARN in its own account, SSM still answers the plain name. A shared parameter's answer
      // is taken to carry its ARN, the only name the reader may use for it (AWS's docs show no example).
      Name: owner !== undefined && owner !== this.accountId ? arnOf(request.partition, region, owner, found.name) : found.name,
      Type: type,
      Value: type === 'SecureString' && !withDecryption ? SsmDouble.ciphertextOf(found, version) : v.value,
      Version: version,
      LastModifiedDate: lastModifiedOf(v, index),
      ARN: arnOf(request.partition, region, owner ?? '', found.name),
      DataType: found.dataType ?? 'text',
    };
    if (request.selector !== undefined) answer.Selector = `:${request.selector}`;
    return answer;
  }

  private getParameterHistory(rawName: string | undefined, withDecryption: boolean, maxResults: number | undefined,
    nextToken: string | undefined, region: string): Record<string, unknown> {
    if (maxResults !== undefined && (maxResults < 1 || maxResults > HISTORY_PAGE_MAX)) {
      const bound = maxResults < 1 ? 'greater than or equal to 1' : `less than or equal to ${HISTORY_PAGE_MAX}`;
      throw new SsmError(400, 'ValidationException',
        `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${bound}`);
    }
    const request = this.parseRequestName(rawName, region);
    // GetParameterHistory documents no selectors (GetParameter and GetParameters do, in their Name's
    // description), so `name:3` or `name:label` is not a name with a selector but a name with a colon,
    // a character no parameter name may hold: a ValidationException, as for any other such character.
    if (request.selector !== undefined) {
      throw invalid(`Parameter name: GetParameterHistory takes no version or label selector: ${rawName!.trim()}`);
    }
    this.authorize('GetParameterHistory', request);
    if (keyOf(request.name).startsWith(PUBLIC_PREFIX) && !request.account) {
      // Public parameters keep no history for their readers: "public parameters do not support
      // get-parameter-history", and GetParameterHistory is not among the actions the user guide lists
      // for them (bottlerocket-os/bottlerocket#2662, answered by AWS). They are readable from any
      // account only through AWS's grant of the listed actions, so this one is refused by
      // authorization, before Parameter Store looks (so a public name that does not exist is refused
      // alike): an AccessDeniedException, however the caller's own policies read. The exact message
      // is the double's; AWS's docs quote none.
      throw this.accessDenied('GetParameterHistory', request, 'no resource-based policy allows the ssm:GetParameterHistory action');
    }
    const found = this.find(request);
    if (!found) throw new SsmError(400, 'ParameterNotFound', '');
    const owner = ownerOf(found, this.accountId)!;

    const first = found.firstVersion ?? 1;
    const tokenScope = `${owner}|${keyOf(found.name)}`;
    let start = 0;
    if (nextToken !== undefined) {
      const next = readToken(nextToken, tokenScope);
      if (next === undefined || next <= first || next >= first + found.versions.length) {
        throw new SsmError(400, 'InvalidNextToken', 'The specified token isn\'t valid.');
      }
      start = next - first;
    }
    const end = Math.min(found.versions.length, start + (maxResults ?? HISTORY_PAGE_MAX));
    const type = found.type ?? 'String';
    // As for GetParameter, a shared parameter is named by its ARN, the only name its reader may use.
    const name = owner !== this.accountId ? arnOf(request.partition, region, owner, found.name) : found.name;
    // Oldest first, the current version included (mpyw/suve#311; segmentio/chamber#157 notes the
    // current version is part of the history).
    const history = found.versions.slice(start, end).map((v, i) => {
      const index = start + i;
      const version = first + index;
      const item: Record<string, unknown> = { Name: name, Type: type };
      if (type === 'SecureString') item.KeyId = found.keyId ?? 'alias/aws/ssm';
      item.LastModifiedDate = lastModifiedOf(v, index);
      item.LastModifiedUser = v.lastModifiedUser ?? `arn:${request.partition}:iam::${owner}:user/ssm-double`;
      if (v.description !== undefined) item.Description = v.description;
      item.Value = type === 'SecureString' && !withDecryption ? SsmDouble.ciphertextOf(found, version) : v.value;
      if (v.allowedPattern !== undefined) item.AllowedPattern = v.allowedPattern;
      item.Version = version;
      item.Labels = [...(v.labels ?? [])];
      item.Tier = found.tier ?? 'Standard';
      item.Policies = [];
      item.DataType = found.dataType ?? 'text';
      return item;
    });
    // The last page carries no NextToken (the SDK's paginator stops on a missing or empty one).
    const answer: Record<string, unknown> = { Parameters: history };
    if (end < found.versions.length) answer.NextToken = writeToken(tokenScope, first + end);
    return answer;
  }

  private parseRequestName(rawName: string | undefined, region: string): ParsedName {
    if (rawName === undefined) {
      throw new SsmError(400, 'ValidationException', "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    }
    if (rawName.length < 1 || rawName.length > 2048) {
      const bound = rawName.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 2048';
      throw new SsmError(400, 'ValidationException', `1 validation error detected: Value '${rawName}' at 'name' failed to satisfy constraint: Member must have length ${bound}`);
    }
    // Documented for both actions: spaces around the name are dropped, spaces inside it are a ValidationException.
    return parseName(rawName.trim(), region);
  }

  private authorize(action: SsmAction, request: ParsedName): void {
    if (this.isDenied(action, request)) {
      throw this.accessDenied(action, request, `no identity-based policy allows the ssm:${action} action`);
    }
  }

  private accessDenied(action: SsmAction, request: ParsedName, because: string): SsmError {
    const resource = arnOf(request.partition, request.region, request.account ?? ownerOfName(request.name, this.accountId), request.name);
    return new SsmError(400, 'AccessDeniedException', `User: arn:${request.partition}:sts::${this.accountId}:assumed-role/lookup/cdk-ami-lookup `
      + `is not authorized to perform: ssm:${action} on resource: ${resource} because ${because}`);
  }

  private find(request: ParsedName): FakeParameter | undefined {
    if (request.region !== request.callerRegion) return undefined; // another region's store
    const key = keyOf(request.name);
    return this.parameters.find((p) => {
      if (keyOf(p.name) !== key) return false;
      const owner = ownerOf(p, this.accountId);
      if (owner === undefined) return request.account === undefined || request.account === ''; // public: by name or by its account-less ARN
      return owner === (request.account ?? this.accountId);
    });
  }

  private isDenied(action: SsmAction, request: ParsedName): boolean {
    const key = keyOf(request.name);
    return ['*', action].some((a) => this.denied.has(`${a}|*|${key}`) || this.denied.has(`${a}|${request.account ?? this.accountId}|${key}`));
  }

  private deniedKey(nameOrArn: string): string {
    const arn = /^arn:[^:]+:ssm:[^:]*:(\d{12}|):parameter\/(.+)$/.exec(nameOrArn);
    return arn ? `${arn[1]}|${keyOf(arn[2])}` : `*|${keyOf(nameOrArn)}`;
  }
}

class SsmError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface ParsedName {
  /** The parameter's name with its leading slash, if any, as asked. */
  readonly name: string;
  readonly selector?: string;
  /** From an ARN: its account ('' for AWS's public parameters) and region; undefined for a plain name. */
  readonly account?: string;
  readonly region: string;
  readonly callerRegion: string;
  readonly partition: string;
}

function parseName(text: string, callerRegion: string): ParsedName {
  const partition = partitionOf(callerRegion);
  let name = text;
  let account: string | undefined;
  let region = callerRegion;
  if (text.startsWith('arn:')) {
    const arn = /^arn:([^:]+):ssm:([^:]+):(\d{12}|):parameter\/(.*)$/.exec(text);
    if (!arn || arn[1] !== partition) throw invalid(`Invalid ARN: ${text}`);
    [region, account] = [arn[2], arn[3]];
    // The ARN's resource drops the name's leading slash; hierarchies get it back.
    name = arn[4].includes('/') ? `/${arn[4]}` : arn[4];
  }
  const colon = name.indexOf(':');
  const selector = colon < 0 ? undefined : name.slice(colon + 1);
  if (colon >= 0) name = name.slice(0, colon);
  if (/\s/.test(name)) throw invalid(`Parameter name: can't contain spaces: ${name}`);
  if (!NAME_CHARS.test(name)) {
    throw invalid('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of '
      + 'sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_');
  }
  if (name.includes('/')) {
    const segments = name.split('/');
    if (!name.startsWith('/')) throw invalid(`Parameter name must be a fully qualified name: /${name}`);
    if (segments.slice(1).some((s) => s === '')) throw invalid(`Parameter name: empty path segment in ${name}`);
    if (segments.length - 1 > MAX_DEPTH) throw invalid(`Parameter name: hierarchy deeper than ${MAX_DEPTH} levels: ${name}`);
  }
  // A selector is a version number or a label; one with characters no label may hold is malformed.
  if (selector !== undefined && !/^\d+$/.test(selector) && !LABEL_CHARS.test(selector)) {
    throw invalid(`Invalid parameter selector: :${selector}`);
  }
  return { name, selector, account, region, callerRegion, partition };
}

function invalid(message: string): SsmError {
  return new SsmError(400, 'ValidationException', message);
}

/** The lookup key: at the top level `/name` and `name` are one parameter. */
function keyOf(name: string): string {
  return name.replace(/^\//, '');
}

function ownerOf(p: FakeParameter, own: string): string | undefined {
  return keyOf(p.name).startsWith(PUBLIC_PREFIX) ? undefined : p.accountId ?? own;
}

/** The account in a resource ARN for a plain name: '' for AWS's public parameters, else the caller's. */
function ownerOfName(name: string, own: string): string {
  return keyOf(name).startsWith(PUBLIC_PREFIX) ? '' : own;
}

/** A parameter's latest version as GetParameter answers it without a selector: its number, value and LastModifiedDate. */
export function latestVersion(p: FakeParameter): { readonly version: number; readonly value: string; readonly lastModified: Date } {
  const index = p.versions.length - 1;
  if (index < 0) throw new Error(`SsmDouble: parameter ${p.name} has no version`);
  const lastModified = new Date(Math.round(lastModifiedOf(p.versions[index], index) * 1000));
  return { version: (p.firstVersion ?? 1) + index, value: p.versions[index].value, lastModified };
}

function lastModifiedOf(v: FakeParameterVersion, index: number): number {
  return (v.lastModified?.getTime() ?? FIRST_MODIFIED + index * DAY_MS) / 1000;
}

/** An opaque NextToken: the next version to list, bound to the parameter it pages through. */
function writeToken(scope: string, nextVersion: number): string {
  const body = `${nextVersion}:${createHash('sha256').update(`${scope}\0${nextVersion}`).digest('hex').slice(0, 32)}`;
  return Buffer.from(body, 'utf8').toString('base64');
}

function readToken(token: string, scope: string): number | undefined {
  const body = Buffer.from(token, 'base64').toString('utf8');
  const m = /^(\d{1,6}):[0-9a-f]{32}$/.exec(body);
  if (!m || writeToken(scope, Number(m[1])) !== token) return undefined;
  return Number(m[1]);
}

function arnOf(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter/${keyOf(name)}`;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function validateFake(p: FakeParameter): void {
  const fail = (why: string) => { throw new Error(`SsmDouble: parameter ${p.name}: ${why}`); };
  if (!NAME_CHARS.test(p.name) || p.name.length > 2048) fail('not a valid parameter name');
  if (p.name.includes('/') && !p.name.startsWith('/')) fail('a hierarchy must start with /');
  if (p.versions.length === 0) fail('needs at least one version');
  if (p.versions.length > 100) fail('SSM keeps at most 100 versions');
  if (keyOf(p.name).startsWith(PUBLIC_PREFIX) && p.accountId !== undefined) fail('/aws/service/ parameters belong to AWS, not to an account');
  if (p.accountId !== undefined && !/^\d{12}$/.test(p.accountId)) fail(`account ${p.accountId} is not 12 digits`);
  if ((p.firstVersion ?? 1) < 1 || !Number.isInteger(p.firstVersion ?? 1)) fail('firstVersion must be a positive integer');
  if (p.dataType === 'aws:ec2:image') {
    if ((p.type ?? 'String') !== 'String') fail('aws:ec2:image needs the String type');
    for (const v of p.versions) if (!AMI_ID.test(v.value)) fail(`${v.value} is not an AMI ID, which aws:ec2:image requires`);
  }
  const labels = new Set<string>();
  for (const v of p.versions) {
    if ((v.labels ?? []).length > 10) fail('a version can have at most 10 labels');
    for (const l of v.labels ?? []) {
      if (!LABEL_CHARS.test(l) || /^(\d|aws|ssm)/i.test(l)) fail(`${l} is not a valid label`);
      if (labels.has(l)) fail(`label ${l} is on two versions`);
      labels.add(l);
    }
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: string, message?: string): void {
  sendJson(res, status, message === undefined ? { __type: code } : { __type: code, message });
}
