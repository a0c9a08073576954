/**
 * cli/flag-words.ts: synth and deploy messages in the CLI's words.
 */
import { inFlagWords } from '../../cli/flag-words';

test('inFlagWords names flags instead of props and properties, and leaves ordinary words alone', () => {
  expect(inFlagWords('invalid properties: Set owners, an owner-id or owner-alias filter, or imageIds; or set allowUnpinnedOwner to accept the risk'))
    .toBe('invalid flags: Set --owner, an owner-id or owner-alias filter, or --image-id; or set --allow-unpinned-owner to accept the risk');
  expect(inFlagWords('Order must be one of x; rank must be a whole number')).toBe('--order must be one of x; --rank must be a whole number');
  expect(inFlagWords('region: "x" is not a region name such as eu-west-1')).toBe('--region: "x" is not a region name such as eu-west-1');
});

test('the guard\'s advice is translated too', () => {
  expect(inFlagWords('pin it with instanceType or an architecture filter; a name filter or nameRegex; or set allowMixedImages'))
    .toBe('pin it with --instance-type or an architecture filter; a name filter or --name-regex; or set --allow-mixed-images');
});

test('a prop and the flag that stands for it may differ in name, and a property may have no prop of its own', () => {
  expect(inFlagWords('minAge must be at most maxAge; MinAgeSeconds: "x"; parameterName: "a"; FallBackToDeprecated'))
    .toBe('--min-age must be at most --max-age; --min-age: "x"; --parameter-name: "a"; --no-fallback-to-deprecated');
});

test('a word inside a longer name, or the user\'s own text, is left alone', () => {
  expect(inFlagWords('orderTagKey and order; owners-x, xowners; the rank of an image; Rank: "2"'))
    .toBe('--order-tag-key and --order; owners-x, xowners; the rank of an image; --rank: "2"');
});
