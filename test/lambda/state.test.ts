/**
 * lambda/state.ts: what the physical resource ID remembers.
 */
import * as fc from 'fast-check';
import { decodeState, encodeState, propertiesDigest, ResourceState } from '../../lambda/state';
import { RESOLVED_FROM } from '../../src/shared/wire';

const A = 'ami-0aaaaaaaaaaaaaaaa';
const B = 'ami-0bbbbbbbbbbbbbbbb';

describe('propertiesDigest', () => {
  const props = { Owners: ['amazon'], IncludeDeprecated: false, Rank: 2, Filters: [{ Name: 'name', Values: ['al2023-*'] }] };

  test('survives key order and CloudFormation turning every scalar into a string', () => {
    const asSent = { Rank: '2', Filters: [{ Values: ['al2023-*'], Name: 'name' }], IncludeDeprecated: 'false', Owners: ['amazon'] };
    expect(propertiesDigest(asSent)).toBe(propertiesDigest(props));
  });

  test('ignores the repair settings, which say how the held image is checked, not which one to pick', () => {
    const repairing = { ...props, Repair: 'deprecated', RepairWithinSeconds: '86400', RepairToken: 'checked at deploy; synthesized 2026-12-01T00:00:00.000Z' };
    expect(propertiesDigest(repairing)).toBe(propertiesDigest(props));
  });

  test('ignores ServiceToken and ServiceTimeout, which say nothing about the lookup', () => {
    expect(propertiesDigest({ ...props, ServiceToken: 'arn:aws:lambda:us-east-1:1:function:x', ServiceTimeout: '900' })).toBe(propertiesDigest(props));
  });

  test('changes with any value, including the refresh token, and with the order of a list', () => {
    const digests = [
      props,
      { ...props, Rank: 3 },
      { ...props, RefreshToken: 'every P7D from 2026-10-02T00:00:00.000Z' },
      { ...props, Owners: ['amazon', 'self'] },
      { ...props, Owners: ['self', 'amazon'] },
      { ...props, Filters: [{ Name: 'name', Values: ['al2023-*', 'x'] }] },
    ].map(propertiesDigest);
    expect(new Set(digests).size).toBe(digests.length);
  });

  test('is 32 hex digits, the same every time', () => {
    expect(propertiesDigest(props)).toMatch(/^[0-9a-f]{32}$/);
    expect(propertiesDigest(props)).toBe(propertiesDigest(JSON.parse(JSON.stringify(props))));
  });
});

describe('encodeState and decodeState', () => {
  const d1 = propertiesDigest({ a: 1 });
  const d2 = propertiesDigest({ a: 2 });

  test('round-trip, with and without a previous image, with and without the ResolvedFrom it was answered with', () => {
    const states: ResourceState[] = [
      { current: { imageId: A, digest: d1 } },
      { current: { imageId: A, digest: d1 }, from: 'query' },
      { current: { imageId: B, digest: d2 }, previous: { imageId: A, digest: d1 }, from: 'restored' },
      { current: { imageId: B, digest: d2 }, previous: { imageId: A, digest: d1 } },
      { current: { imageId: B, digest: d2 }, previous: { imageId: A } },
    ];
    for (const s of states) expect(decodeState(encodeState(s))).toEqual(s);
  });

  test('the format, and its worst case fits CloudFormation\'s 1 KB physical ID many times over', () => {
    const id = encodeState({ current: { imageId: B, digest: d2 }, previous: { imageId: A, digest: d1 }, from: 'parameter' });
    expect(id).toBe(`${B}/v2/${d2}/parameter/${A}/${d1}`);
    expect(id.length).toBe(122);
  });

  test('a v1 ID, written before ResolvedFrom was kept, decodes without it and encodes back exactly as it was', () => {
    for (const id of [`${A}/v1/${d1}`, `${B}/v1/${d2}/${A}/${d1}`]) {
      expect(decodeState(id)!.from).toBeUndefined();
      expect(encodeState(decodeState(id)!)).toBe(id);
    }
  });

  test('a plain image ID from an earlier release holds the image and no digest', () => {
    expect(decodeState(A)).toEqual({ current: { imageId: A } });
    expect(decodeState('ami-12345678')).toEqual({ current: { imageId: 'ami-12345678' } });
  });

  test('anything this function did not write holds nothing', () => {
    for (const id of [undefined, '', 'AmiLookup-CreateFailed', `${A}/v2/${d1}`, `${A}/v2/${d1}/elsewhere`, `${A}/v3/${d1}/query`, `${A}/v1/${d1}/query`, `${A}/v1/xyz`, `${A}/v1/${d1}/${B}`, `not-an-ami/v1/${d1}`, `${A}/v1/${d1}/ami-x/${d2}`]) {
      expect(decodeState(id)).toBeUndefined();
    }
  });

  test('any state round-trips (property)', () => {
    const imageId = fc.oneof(fc.stringMatching(/^ami-[0-9a-f]{17}$/), fc.stringMatching(/^ami-[0-9a-f]{8}$/));
    const digest = fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined });
    const held = fc.record({ imageId, digest }).map((h) => (h.digest === undefined ? { imageId: h.imageId } : h));
    const from = fc.option(fc.constantFrom(...Object.values(RESOLVED_FROM)), { nil: undefined });
    fc.assert(fc.property(held, fc.option(held, { nil: undefined }), from, (current, previous, resolvedFrom) => {
      const state: ResourceState = {
        current, ...(previous === undefined ? {} : { previous }), ...(resolvedFrom === undefined ? {} : { from: resolvedFrom }),
      };
      const id = encodeState(state);
      expect(id.length).toBeLessThanOrEqual(1024);
      expect(decodeState(id)).toEqual(state);
    }));
  });
});
