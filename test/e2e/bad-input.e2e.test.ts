/**
 * Bad input, table-driven, through the bundled asset as CloudFormation would deliver it: every entry
 * gets FAILED with a precise, short reason, and no entry calls EC2, crashes the function or hangs.
 * The events run one after another in one warm process, the way Lambda reuses a container.
 */
import { bulkCatalog, OWN_ACCOUNT } from '../../devkit/catalog';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { Ec2Double } from '../../devkit/ec2-double';
import { cfnEvent } from '../../devkit/events';
import { Invocation, invokeAsset } from '../../devkit/invoke-asset';
import { Prop } from '../../src/shared/wire';
import { BAD_INPUTS, VALID } from '../support/bad-inputs';

jest.setTimeout(120_000);

let run: Invocation;
let ec2: Ec2Double;
let cfn: CfnResponseEndpoint;

beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: bulkCatalog(10).images, accountId: OWN_ACCOUNT });
  cfn = await CfnResponseEndpoint.start();
  const events = BAD_INPUTS.map((b, i) => cfnEvent('Create', b.properties, `${cfn.responseUrl}&n=${i}`));
  run = await invokeAsset(events, { ec2Endpoint: ec2.url, timeoutMs: 10_000 });
});
afterAll(async () => {
  await ec2.close();
  await cfn.close();
});

test('the table has a bad value for every property the handler reads', () => {
  // A property added to the wire names without a bad input here fails this test.
  const changed = (b: { properties: Record<string, unknown> }) =>
    Object.keys(b.properties).filter((k) => JSON.stringify(b.properties[k]) !== JSON.stringify(VALID[k]));
  const covered = new Set(BAD_INPUTS.flatMap(changed));
  expect(Object.values(Prop).filter((p) => !covered.has(p))).toEqual([]);
});

test('every invocation returned normally, before the runtime\'s timeout: no crash, no hang', () => {
  expect(run.outcomes).toHaveLength(BAD_INPUTS.length);
  expect(run.outcomes!.filter((o) => o.outcome !== 'returned')).toEqual([]);
});

test('no bad input reached EC2', () => {
  expect(ec2.requests).toHaveLength(0);
});

describe.each(BAD_INPUTS.map((b, i) => [b.name, i] as const))('%s', (_, i) => {
  test('FAILED, once, with a precise and short reason', () => {
    const responses = cfn.received.filter((r) => r.path.endsWith(`&n=${i}`));
    expect(responses).toHaveLength(1);
    const body = responses[0].json;
    expect(body.Status).toBe('FAILED');
    expect(body.PhysicalResourceId).toBe('AmiLookup-CreateFailed');
    expect(body.Reason).toMatch(/^invalid properties: /);
    expect(body.Reason).toMatch(BAD_INPUTS[i].reason);
    expect(body.Reason.length).toBeLessThanOrEqual(1000);
    expect(body.Reason).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(body.Reason).not.toMatch(/\s+at\s+\S+ \(|\.js:\d+:\d+/);
    expect(Buffer.byteLength(responses[0].body)).toBeLessThanOrEqual(4096);
  });
});
