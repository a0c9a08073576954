/**
 * Invariants of the handler as property tests (fast-check), in process with the EC2 client mocked:
 * whatever the image metadata and whatever the properties, the response body fits 4096 bytes, the
 * reason is clean, and the logs carry neither the response URL nor anything like a credential.
 */
import { DescribeImagesCommand, EC2Client, Image } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { CfnResponseEndpoint } from '../../devkit/cfn-endpoint';
import { cfnEvent, lookupProps } from '../../devkit/events';
import { imageAttributes } from '../../lambda/attributes';
import { UserFacingError } from '../../lambda/events';
import { handler } from '../../lambda/index';
import { redact } from '../../lambda/log';
import { encodeBody, MAX_BODY_BYTES, reasonFor } from '../../lambda/response-body';
import { Attr, Prop, RESOLVED_FROM } from '../../src/shared/wire';

jest.setTimeout(120_000);

const ec2 = mockClient(EC2Client);
let endpoint: CfnResponseEndpoint;
let logs: string[];
const context = { getRemainingTimeInMillis: () => 60_000 };
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const STACK_TRACE = /\n\s+at |\(\/[^)]*\.js:\d+:\d+\)/;
const CREDENTIAL = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b|X-Amz-Signature|SECRETSIGNATURE/;

beforeAll(async () => {
  endpoint = await CfnResponseEndpoint.start();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  ec2.reset();
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(String(line)); });
});
afterEach(() => jest.restoreAllMocks());

async function respond(properties: Record<string, unknown>): Promise<{ body: string; json: any }> {
  const before = endpoint.received.length;
  await handler(cfnEvent('Create', properties, endpoint.responseUrl), context);
  expect(endpoint.received.length).toBe(before + 1);
  return endpoint.received[before];
}

// Text of every kind: multi-byte, astral, escapes, control characters.
const text = (maxLength: number) => fc.string({
  unit: fc.oneof(fc.constant('"'), fc.constant('\\'), fc.constant('\n'), fc.constant('😀'),
    fc.constant('画'), fc.constant('é'), fc.constant('\u0000'), fc.constant('\u2028'), fc.constantFrom('a', 'b', '-', '.', ' ')),
  maxLength,
});

test('the response body is at most 4096 bytes for any image metadata', async () => {
  await fc.assert(fc.asyncProperty(text(5000), text(5000), text(300), async (name, description, other) => {
    ec2.reset();
    ec2.on(DescribeImagesCommand).resolves({
      Images: [{
        ImageId: 'ami-0123456789abcdef0',
        Name: name,
        Description: description,
        CreationDate: '2026-01-01T00:00:00.000Z',
        Architecture: other as any,
        PlatformDetails: other,
        RootDeviceName: other,
        OwnerId: '123456789012',
      }],
    });
    const r = await respond(lookupProps(['amazon'], { name: ['*'] }));
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(r.json.Status).toBe('SUCCESS');
    expect(r.json.Data.ImageId).toBe('ami-0123456789abcdef0');
    expect(r.json.PhysicalResourceId).toMatch(/^ami-0123456789abcdef0\/v2\/[0-9a-f]{32}\/query$/);
  }), { numRuns: 150 });
});

test('encodeBody keeps any body within 4096 bytes and valid JSON', () => {
  const data = fc.dictionary(fc.string({ maxLength: 20 }), text(3000), { maxKeys: 15 });
  fc.assert(fc.property(data, fc.option(text(6000), { nil: undefined }), (values, reason) => {
    const json = encodeBody({
      Status: reason ? 'FAILED' : 'SUCCESS',
      Reason: reason,
      PhysicalResourceId: 'ami-0123456789abcdef0',
      StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/s/1',
      RequestId: 'r',
      LogicalResourceId: 'L',
      Data: values,
    });
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(() => JSON.parse(json)).not.toThrow();
  }), { numRuns: 300 });
});

/**
 * The longest values a real lookup's response can hold. EC2 caps names at 128 characters and
 * descriptions at 255; the others are enumerations or formats (the longest of each here). The
 * CloudFormation fields are at their own maxima: a 128-character stack name in the longest
 * partition and region, a 255-character logical ID, and the 122-character physical ID that
 * records a previous image.
 */
const EC2_NAME = fc.string({ unit: fc.constantFrom(...'abcXYZ019()[] ./-\'@_'.split('')), minLength: 100, maxLength: 128 });
const EC2_DESCRIPTION = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '<', '&'), minLength: 200, maxLength: 255 });
const LONGEST = {
  stackId: `arn:aws-iso-b:cloudformation:us-isob-east-1:111122223333:stack/${'S'.repeat(128)}/8f1c2f10-0000-11ef-8000-0a1b2c3d4e5f`,
  logicalId: 'L'.repeat(255),
  platformDetails: 'Red Hat Enterprise Linux with SQL Server Enterprise',
  rootDeviceName: '/dev/sda1',
};

test('the worst-case response fits 4096 bytes with nothing cut: every attribute at its longest, a previous image held', async () => {
  const held = `ami-0123456789abcdef1/v1/${'a'.repeat(32)}`;
  await fc.assert(fc.asyncProperty(EC2_NAME, EC2_DESCRIPTION, fc.boolean(), async (name, description, ena) => {
    ec2.reset();
    const image = {
      ImageId: 'ami-0123456789abcdef0',
      Name: name,
      Description: description,
      OwnerId: '123456789012',
      CreationDate: '2026-01-01T00:00:00.000Z',
      DeprecationTime: '2126-01-01T00:00:00.000Z',
      Architecture: 'x86_64_mac' as const,
      PlatformDetails: LONGEST.platformDetails,
      Platform: 'windows' as Image['Platform'], // as EC2 writes it; the SDK's type says "Windows"
      RootDeviceName: LONGEST.rootDeviceName,
      RootDeviceType: 'instance-store' as const,
      VirtualizationType: 'paravirtual' as const,
      BootMode: 'uefi-preferred' as const,
      EnaSupport: ena,
      ImdsSupport: 'v2.0' as const,
      TpmSupport: 'v2.0' as const,
      ImageAllowed: true,
      BlockDeviceMappings: [{ DeviceName: LONGEST.rootDeviceName, Ebs: { VolumeSize: 65536, VolumeType: 'standard' as const } }],
    };
    ec2.on(DescribeImagesCommand).resolves({ Images: [image] });
    const before = endpoint.received.length;
    await handler(cfnEvent('Update', lookupProps(['amazon'], { name: ['*'] }), endpoint.responseUrl, {
      PhysicalResourceId: held, StackId: LONGEST.stackId, LogicalResourceId: LONGEST.logicalId, OldResourceProperties: {},
    }), context);
    const r = endpoint.received[before];
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(r.json.Status).toBe('SUCCESS');
    // A v1 state held before, now the previous image of a v2 state.
    expect(r.json.PhysicalResourceId).toHaveLength(118);
    // Nothing was cut: every attribute is exactly what EC2 said.
    expect(r.json.Data).toEqual({ ...imageAttributes(image), [Attr.previousImageId]: 'ami-0123456789abcdef1', [Attr.resolvedFrom]: RESOLVED_FROM.query });
  }), { numRuns: 100 });
});

test('the longest body any attribute set can make, ImageAllowed "false" and ResolvedFrom "restored" included, has room to spare', () => {
  const data = {
    ...imageAttributes({
      ImageId: 'ami-0123456789abcdef0',
      Name: '"'.repeat(128),
      Description: '"'.repeat(255),
      OwnerId: '123456789012',
      CreationDate: '2026-01-01T00:00:00.000Z',
      DeprecationTime: '2126-01-01T00:00:00.000Z',
      Architecture: 'x86_64_mac',
      PlatformDetails: LONGEST.platformDetails,
      RootDeviceName: LONGEST.rootDeviceName,
      RootDeviceType: 'instance-store',
      VirtualizationType: 'paravirtual',
      BootMode: 'uefi-preferred',
      EnaSupport: false,
      ImdsSupport: 'v2.0',
      TpmSupport: 'v2.0',
      ImageAllowed: false,
      BlockDeviceMappings: [{ DeviceName: LONGEST.rootDeviceName, Ebs: { VolumeSize: 65536, VolumeType: 'standard' } }],
    }),
    [Attr.previousImageId]: 'ami-0123456789abcdef1',
    [Attr.resolvedFrom]: RESOLVED_FROM.restored,
  };
  const body = {
    Status: 'SUCCESS' as const,
    PhysicalResourceId: `ami-0123456789abcdef0/v2/${'a'.repeat(32)}/${RESOLVED_FROM.parameter}/ami-0123456789abcdef1/${'b'.repeat(32)}`,
    StackId: LONGEST.stackId,
    RequestId: '5b3f0a2e-1111-4222-8333-944455556666',
    LogicalResourceId: LONGEST.logicalId,
    Data: data,
  };
  expect(body.PhysicalResourceId).toHaveLength(122);
  const json = encodeBody(body);
  // JSON escapes every '"' of the name and description, so this is the most bytes these lengths take.
  expect(json).toBe(JSON.stringify(body));
  expect(Buffer.byteLength(json)).toBeLessThanOrEqual(2700);
  if (process.env.PRINT_WORST_CASE) process.stdout.write(`worst-case response: ${Buffer.byteLength(json)} bytes\n`);
});

const propertyValue = fc.oneof(text(50), fc.array(text(20), { maxLength: 4 }), fc.boolean(), fc.integer(), fc.constant(null),
  fc.array(fc.record({ Name: text(10), Values: fc.array(text(10), { maxLength: 3 }) }), { maxLength: 3 }));

test('for any properties, the reason is short, single-line, free of control characters, stack traces and the URL', async () => {
  ec2.on(DescribeImagesCommand).resolves({ Images: [] });
  await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom(...Object.values(Prop), 'Other'), propertyValue, { maxKeys: 6 }), async (props) => {
    const r = await respond(props);
    if (r.json.Status === 'FAILED') {
      const reason: string = r.json.Reason;
      expect(reason.length).toBeGreaterThan(0);
      expect(reason.length).toBeLessThanOrEqual(1000);
      expect(reason).not.toMatch(CONTROL);
      expect(reason).not.toMatch(STACK_TRACE);
      expect(reason).not.toContain('cfn-response');
      expect(reason).not.toContain('SECRETSIGNATURE');
    }
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
  }), { numRuns: 200 });
});

test('for any EC2 error, the reason stays clean', async () => {
  await fc.assert(fc.asyncProperty(text(80), text(3000), async (name, message) => {
    ec2.reset();
    ec2.on(DescribeImagesCommand).rejects(Object.assign(new Error(`${message}\n    at Object.<anonymous> (/var/task/index.js:1:2)`), { name: name || 'Error' }));
    const r = await respond(lookupProps(['amazon'], { name: ['*'] }));
    expect(r.json.Status).toBe('FAILED');
    expect(r.json.Reason.length).toBeLessThanOrEqual(1000);
    expect(r.json.Reason).not.toMatch(CONTROL);
    expect(r.json.Reason).not.toMatch(STACK_TRACE);
  }), { numRuns: 150 });
});

test('reasonFor never returns control characters or more than 1000 characters', () => {
  fc.assert(fc.property(fc.oneof(text(3000).map((m) => new UserFacingError(m)), text(3000).map((m) => new Error(m)), fc.anything()), (e) => {
    const r = reasonFor(e);
    expect(r).not.toMatch(CONTROL);
    expect(r.length).toBeLessThanOrEqual(1000);
  }), { numRuns: 300 });
});

test('logs never contain the response URL or anything that looks like a credential', async () => {
  const secretish = fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'ASIAXXXXXXXXXXXXXXXX', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'X-Amz-Signature=abc');
  const value = fc.oneof(text(20), secretish, fc.tuple(text(5), secretish, text(5)).map((p) => p.join('')));
  await fc.assert(fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 3 }), fc.boolean(), async (values, valid) => {
    ec2.reset();
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    logs = [];
    await respond(valid ? lookupProps(['amazon'], { name: values }) : { [Prop.owners]: values, Other: values });
    const all = logs.join('\n');
    expect(all).not.toMatch(CREDENTIAL);
    expect(all).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(all).not.toContain('cfn-response');
  }), { numRuns: 150 });
});

test('redact masks access keys, secret keys and presigned-URL parameters, and leaves ordinary text alone', () => {
  expect(redact('key AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and ?X-Amz-Signature=abc&x=1'))
    .toBe('key [redacted] and [redacted] and ?[redacted]&x=1');
  const ordinary = 'al2023-ami-2023.6.20241010.0-kernel-6.1-x86_64 arn:aws:cloudformation:us-east-1:111122223333:stack/demo/8f1c2f10-0000-11ef-8000-0a1b2c3d4e5f';
  expect(redact(ordinary)).toBe(ordinary);
});
