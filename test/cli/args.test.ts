/**
 * cli/args.ts: the command line to the run's options and the properties a deploy would send.
 */
import { parsePreviewArgs, unknownCommandMessage, unknownFlagMessage } from '../../cli/args';
import { UsageError } from '../../cli/values';
import { lookupProps } from '../../devkit/events';
import { Prop } from '../../src/shared/wire';

test('flags become the properties the construct writes, as CloudFormation sends them', () => {
  const options = parsePreviewArgs(['--owner', 'amazon', '--filter', 'name=al2023-*,al2-*', '--rank', '2', '--min-age', '7d', '--order', 'natural-name']);
  expect(options.properties).toEqual(lookupProps(['amazon'], { name: ['al2023-*', 'al2-*'] }, {
    [Prop.rank]: '2', [Prop.minAgeSeconds]: String(7 * 86400), [Prop.order]: 'natural-name',
  }));
});

test('--region is the region the stack deploys to, not a property of the lookup', () => {
  const options = parsePreviewArgs(['--owner', 'amazon', '--region', 'eu-west-1']);
  expect(options.region).toBe('eu-west-1');
  expect(options.properties).not.toHaveProperty(Prop.region);
});

test('a negative value stays a value, and gets the range', () => {
  expect(() => parsePreviewArgs(['--owner', 'amazon', '--rank', '-1'])).toThrow(new UsageError('--rank must be a whole number from 0 to 99 (0 is the best image), got "-1"'));
  expect(() => parsePreviewArgs(['--owner', 'amazon', '--top', '0'])).toThrow(/--top must be a whole number from 1 to 100, got "0"/);
});

describe('did you mean', () => {
  test('an unknown flag is refused with the known flag closest to it', () => {
    expect(() => parsePreviewArgs(['--ownr', 'amazon'])).toThrow(new UsageError('unknown flag --ownr; did you mean --owner?'));
  });

  test.each<[string[], string]>([
    [['--ownr=amazon'], 'unknown flag --ownr; did you mean --owner?'],
    [['--owner', 'amazon', '--fallback-image', 'ami-1'], 'unknown flag --fallback-image; did you mean --fallback-image-id?'],
    [['--app', 'cdk.out', '--jsn'], 'unknown flag --jsn; did you mean --json?'],
    [['--owner', 'amazon', '--bogus'], 'unknown flag --bogus'],
    // One letter is close to every other letter: no suggestion.
    [['--owner', 'amazon', '-x'], 'unknown flag -x'],
  ])('%j: %s', (args, message) => {
    expect(unknownFlagMessage(args)).toBe(message);
  });

  test('the value of a known flag is not taken for an unknown flag', () => {
    expect(unknownFlagMessage(['--filter', '--ownr'])).toBeUndefined();
    expect(unknownFlagMessage(['--owner', 'amazon', '-h', '--top=3'])).toBeUndefined();
  });

  test('an unknown command is refused with the command closest to it', () => {
    expect(unknownCommandMessage('preveiw')).toBe('unknown command "preveiw"; did you mean "preview"?');
    expect(unknownCommandMessage('hlep')).toBe('unknown command "hlep"; did you mean "help"?');
    expect(unknownCommandMessage('frobnicate')).toBe('unknown command "frobnicate"');
  });
});

test('--no-fallback-to-deprecated without --include-deprecated is refused in flag words', () => {
  expect(() => parsePreviewArgs(['--owner', 'amazon', '--no-fallback-to-deprecated'])).toThrow(new UsageError(
    '--no-fallback-to-deprecated is set (to false) but has no effect without --include-deprecated (deprecated images are left out of the query); '
    + 'set --include-deprecated, or leave --no-fallback-to-deprecated unset'));
  expect(parsePreviewArgs(['--owner', 'amazon', '--include-deprecated', '--no-fallback-to-deprecated']).properties)
    .toHaveProperty(Prop.fallbackToDeprecated, 'false');
});

test('--app cannot be combined with query flags', () => {
  expect(() => parsePreviewArgs(['--app', 'cdk.out', '--owner', 'amazon'])).toThrow(/--app takes the lookups from the assembly/);
});

describe('launch flags', () => {
  test('--instance-type becomes the architecture filter, as the construct writes it', () => {
    expect(parsePreviewArgs(['--owner', 'amazon', '--filter', 'name=al2023-*', '--instance-type', 'm7g.large']).properties)
      .toEqual(lookupProps(['amazon'], { name: ['al2023-*'], architecture: ['arm64'] }));
  });

  test('--allow-mixed-images, --order tag-value with --order-tag-key, and --parameter-name', () => {
    const options = parsePreviewArgs(['--owner', 'self', '--allow-mixed-images', '--order', 'tag-value', '--order-tag-key', 'version', '--parameter-name', '/images/x']);
    expect(options.properties).toEqual(lookupProps(['self'], {}, { [Prop.allowMixedImages]: 'true', [Prop.order]: 'tag-value', [Prop.orderTagKey]: 'version' }));
    expect(options.parameterName).toBe('/images/x');
  });

  test.each<[string[], string]>([
    [['--instance-type', 't3.micro', '--filter', 'architecture=arm64'],
      '--instance-type "t3.micro" runs x86_64 images, but the architecture filter asks for ["arm64"]: no image could run on it'],
    [['--instance-type', 'mac1.metal'], '--instance-type "mac1.metal": Mac instances run x86_64_mac or arm64_mac images'],
    [['--instance-type', 'large'], '--instance-type "large" is not an instance type whose architecture can be derived'],
    [['--parameter-name', 'a/b'], '--parameter-name: "a/b" has a path, so it must begin with /'],
  ])('%j is refused in flag words', (flags, message) => {
    expect(() => parsePreviewArgs(['--owner', 'amazon', ...flags])).toThrow(UsageError);
    expect(() => parsePreviewArgs(['--owner', 'amazon', ...flags])).toThrow(message);
  });
});
