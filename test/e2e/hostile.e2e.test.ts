/**
 * No input can stall a deploy. The bundled asset, run the way Lambda runs it, against EC2 endpoints
 * that serve what a hostile image publisher or a broken endpoint could: names crafted against a
 * common pattern shape, descriptions of a megabyte, 10,000 tags on one image, and pages that never
 * end. The runtime's clock (`getRemainingTimeInMillis`) gives each invocation a short, fixed life,
 * so the deadline is seconds away; the FAILED response must still arrive before it.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { describeImagesXml, Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { invokeAsset } from '../../devkit/invoke-asset';
import { Prop } from '../../src/shared/wire';

jest.setTimeout(60_000);

const CRAFTED = `${'a'.repeat(127)}!`;
const REDOS = '^(a+)+$';

function crafted(i: number, extra: Partial<FakeImage> = {}): FakeImage {
  return {
    imageId: `ami-${i.toString(16).padStart(17, '0')}`,
    name: i % 2 ? CRAFTED : `${'a'.repeat(40)}!`,
    ownerId: OWN_ACCOUNT,
    creationDate: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    ...extra,
  };
}

/** One page of 1,000 hostile images, with a megabyte of description and 10,000 tags among them. */
function hostilePage(): FakeImage[] {
  const tags = Object.fromEntries(Array.from({ length: 10_000 }, (_, t) => [`key-${t}`, `value-${t}`]));
  return Array.from({ length: 1000 }, (_, i) => crafted(i + 1, i === 0 ? { description: 'd'.repeat(1024 * 1024) } : i === 1 ? { tags } : {}));
}

/** An EC2 endpoint whose DescribeImages never ends: every page is hostile and has a NextToken. */
async function endlessEndpoint(): Promise<{ url: string; pages: () => number; close: () => Promise<void> }> {
  let pages = 0;
  let body = '';
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pages++;
      // A fresh page each time (its request ID differs); the images are the same hostile ones.
      body = describeImagesXml(hostilePage(), `page-${pages + 1}`);
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages: () => pages,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let cfn: CfnResponseEndpoint;
beforeEach(async () => { cfn = await CfnResponseEndpoint.start(); });
afterEach(async () => { await cfn.close(); });

test('a catastrophic-backtracking name pattern over crafted names answers at once', async () => {
  // Before nameRegex ran on a linear-time engine, this invocation held the event loop until the
  // function timed out, and CloudFormation got no response at all.
  const images = [...Array.from({ length: 1000 }, (_, i) => crafted(i + 1)), { ...crafted(5000), name: 'aaaa' }];
  const ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT });
  try {
    const run = await invokeAsset(cfnEvent('Create', lookupProps(['self'], {}, { [Prop.nameRegex]: REDOS }), cfn.responseUrl), { ec2Endpoint: ec2.url, timeoutMs: 20_000 });
    expect(run.outcome).toBe('returned');
    expect(cfn.received).toHaveLength(1);
    expect(cfn.received[0].json.Status).toBe('SUCCESS');
    expect(cfn.received[0].json.Data.ImageId).toBe(crafted(5000).imageId);
  } finally {
    await ec2.close();
  }
});

test('endless hostile pages: FAILED arrives before the function times out, naming the deadline', async () => {
  const ec2 = await endlessEndpoint();
  const timeoutMs = 8_000;
  try {
    const run = await invokeAsset(cfnEvent('Create', lookupProps(['self'], {}, { [Prop.nameRegex]: REDOS, [Prop.order]: 'natural-name' }), cfn.responseUrl),
      { ec2Endpoint: ec2.url, timeoutMs });
    // The handler returned on its own: the runtime's timeout never fired.
    expect(run.outcome).toBe('returned');
    expect(cfn.accepted).toHaveLength(1);
    const body = cfn.accepted[0].json;
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/did not finish within its \d+ s deadline/);
    expect(Buffer.byteLength(cfn.accepted[0].body)).toBeLessThanOrEqual(4096);
    // It really paged through hostile content before giving up.
    expect(ec2.pages()).toBeGreaterThanOrEqual(2);
    const responded = run.logs.map((l) => JSON.parse(l)).find((e) => e.message === 'responded');
    expect(responded.status).toBe('FAILED');
    expect(responded.ms).toBeLessThan(timeoutMs);
  } finally {
    await ec2.close();
  }
});

test('hostile content in the chosen image: its attributes are cut to fit, and the lookup succeeds', async () => {
  const page = hostilePage();
  // The newest image carries the megabyte description and is the one picked.
  const images = page.map((img, i) => (i === 0 ? { ...img, creationDate: '2026-06-01T00:00:00.000Z' } : img));
  const ec2 = await Ec2Double.start({ images, accountId: OWN_ACCOUNT });
  try {
    const run = await invokeAsset(cfnEvent('Create', lookupProps(['self'], {}), cfn.responseUrl), { ec2Endpoint: ec2.url, timeoutMs: 20_000 });
    expect(run.outcome).toBe('returned');
    const body = cfn.received[0].json;
    expect(body.Status).toBe('SUCCESS');
    expect(body.Data.ImageId).toBe(page[0].imageId);
    expect(Buffer.byteLength(cfn.received[0].body)).toBeLessThanOrEqual(4096);
    expect(body.Data.Description).toMatch(/^d+\.\.\.$/);
  } finally {
    await ec2.close();
  }
});
