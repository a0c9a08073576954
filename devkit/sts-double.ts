/**
 * A test double of STS AssumeRole on 127.0.0.1, for lookups that run with another account's
 * credentials. It answers in STS's XML and refuses roles it was not told to allow.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { listenOnLoopback } from './loopback';

export interface AssumeRoleCall {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
  /** The access key of the caller's signature. */
  readonly callerAccessKeyId: string;
  /** The region of the signature's credential scope: the regional STS endpoint the caller meant. */
  readonly region: string;
}

export class StsDouble {
  /** Listens on `options.port` of 127.0.0.1, or on a free port. */
  public static async start(allowedRoles: string[], options: { readonly port?: number } = {}): Promise<StsDouble> {
    const double = new StsDouble(allowedRoles);
    await listenOnLoopback(double.server, options.port);
    return double;
  }

  /** The access key ID handed out for a role, so a test can check which credentials EC2 saw. */
  public static accessKeyFor(roleArn: string): string {
    return `ASIA${Buffer.from(roleArn).toString('hex').slice(-16).toUpperCase()}`;
  }

  public readonly calls: AssumeRoleCall[] = [];
  private readonly server: http.Server;

  private constructor(private readonly allowedRoles: string[]) {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => this.respond(req, res, new URLSearchParams(body)));
    });
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    // A connection in the middle of a request would otherwise hold close() open, and a Ctrl-C with it.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, params: URLSearchParams): void {
    const auth = String(req.headers.authorization ?? '');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/sts\//.exec(auth);
    const caller = scope?.[1] ?? '';
    const roleArn = params.get('RoleArn') ?? '';
    this.calls.push({
      roleArn,
      sessionName: params.get('RoleSessionName') ?? '',
      durationSeconds: Number(params.get('DurationSeconds')),
      callerAccessKeyId: caller,
      region: scope?.[2] ?? '',
    });
    if (params.get('Action') !== 'AssumeRole') return this.error(res, 400, 'InvalidAction', 'Could not find operation');
    if (!caller) return this.error(res, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    if (!this.allowedRoles.includes(roleArn)) {
      return this.error(res, 403, 'AccessDenied', `User: arn:aws:sts::111122223333:assumed-role/lookup is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    const expiration = new Date(Date.now() + 900_000).toISOString();
    const xml = '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>'
      + `<Credentials><AccessKeyId>${StsDouble.accessKeyFor(roleArn)}</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>`
      + `<SessionToken>assumed-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>`
      + `<AssumedRoleUser><Arn>${roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/cdk-ami-lookup</Arn>`
      + '<AssumedRoleId>AROAEXAMPLE:cdk-ami-lookup</AssumedRoleId></AssumedRoleUser>'
      + `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(xml);
  }

  private error(res: http.ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code>`
      + `<Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
  }
}
