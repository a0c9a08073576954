/**
 * lambda/state.ts: what the physical resource ID remembers.
 */
import * as fc from 'fast-check';
import { decodeState, encodeState, propertiesDigest, ResourceState } from '../../lambda/state';

const A = 'ami-0aaaaaaaaaaaaaaaa';
const B = 'ami-0bbbbbbbbbbbbbbbb';

describe('propertiesDigest', () => {
  const props = { Owners: ['amazon'], IncludeDeprecated: false, Rank: 2, Filters: [{ Name: 'name', Values: ['al2023-*'] }] };

  test('survives key order and CloudFormation turning every scalar into a string', () => {
    const asSent = { Rank: '2', Filters: [{ Values: ['al2023-*'], Name: 'name' }], IncludeDeprecated: 'false', Owners: ['amazon'] };
    expect(propertiesDigest(asSent)).toBe(propertiesDigest(props));
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

  test('round-trip, with and without a previous image', () => {
    const states: ResourceState[] = [
      { current: { imageId: A, digest: d1 } },
      { current: { imageId: B, digest: d2 }, previous: { imageId: A, digest: d1 } },
      { current: { imageId: B, digest: d2 }, previous: { imageId: A } },
    ];
    for (const s of states) expect(decodeState(encodeState(s))).toEqual(s);
  });

  test('the format, and its worst case fits CloudFormation\'s 1 KB physical ID many times over', () => {
    const id = encodeState({ current: { imageId: B, digest: d2 }, previous: { imageId: A, digest: d1 } });
    expect(id).toBe(`${B}/v1/${d2}/${A}/${d1}`);
    expect(id.length).toBe(112);
  });

  test('a plain image ID from an earlier release holds the image and no digest', () => {
    expect(decodeState(A)).toEqual({ current: { imageId: A } });
    expect(decodeState('ami-12345678')).toEqual({ current: { imageId: 'ami-12345678' } });
  });

  test('anything this function did not write holds nothing', () => {
    for (const id of [undefined, '', 'AmiLookup-CreateFailed', `${A}/v2/${d1}`, `${A}/v1/xyz`, `${A}/v1/${d1}/${B}`, `not-an-ami/v1/${d1}`, `${A}/v1/${d1}/ami-x/${d2}`]) {
      expect(decodeState(id)).toBeUndefined();
    }
  });

  test('any state round-trips (property)', () => {
    const imageId = fc.oneof(fc.stringMatching(/^ami-[0-9a-f]{17}$/), fc.stringMatching(/^ami-[0-9a-f]{8}$/));
    const digest = fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined });
    const held = fc.record({ imageId, digest }).map((h) => (h.digest === undefined ? { imageId: h.imageId } : h));
    fc.assert(fc.property(held, fc.option(held, { nil: undefined }), (current, previous) => {
      const state: ResourceState = previous === undefined ? { current } : { current, previous };
      const id = encodeState(state);
      expect(id.length).toBeLessThanOrEqual(1024);
      expect(decodeState(id)).toEqual(state);
    }));
  });
});
