/**
 * Stands in for the presigned S3 URL that CloudFormation gives a custom resource: records every
 * response PUT, and can be told to fail the next few.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

export interface ReceivedResponse {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: any;
  /** The HTTP status the endpoint answered with. */
  readonly status: number;
}

export class CfnResponseEndpoint {
  public static async start(): Promise<CfnResponseEndpoint> {
    const endpoint = new CfnResponseEndpoint();
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  /** Every request received, accepted or not. */
  public readonly received: ReceivedResponse[] = [];
  private failures: number[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: any;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const status = this.failures.shift() ?? 200;
      this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, status });
      res.writeHead(status);
      res.end();
    });
  });

  /** A response URL with a secret-looking signature, so tests can check it never leaks. */
  public get responseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cfn-response/bucket-key?X-Amz-Signature=SECRETSIGNATURE0123456789`;
  }

  /** Accepted responses (2xx). */
  public get accepted(): ReceivedResponse[] {
    return this.received.filter((r) => r.status < 300);
  }

  /** Answers the next requests with these HTTP statuses instead of 200. */
  public failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  public async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
