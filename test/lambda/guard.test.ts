import * as fc from 'fast-check';
import { Candidate } from '../../lambda/candidate';
import { MIX_DIMENSIONS, mixedMessage, OTHER_VALUES } from '../../lambda/guard';
import { DAY, daysAgo, NOW, select } from '../support/selection';

describe('the ambiguity guard', () => {
  const img = (id: string, days: number, extra: Partial<Candidate> = {}): Candidate => ({
    ImageId: id, Name: id, CreationDate: daysAgo(days), Architecture: 'x86_64', RootDeviceType: 'ebs', VirtualizationType: 'hvm', ...extra,
  });

  test.each<[string, Partial<Candidate>, string]>([
    ['architecture', { Architecture: 'arm64' }, 'instanceType or an architecture filter'],
    ['platform', { Platform: 'windows' }, 'a platform filter (windows), or a name filter or nameRegex that matches one platform'],
    ['root device type', { RootDeviceType: 'instance-store' }, 'a root-device-type filter'],
    ['virtualization type', { VirtualizationType: 'paravirtual' }, 'a virtualization-type filter'],
  ])('survivors that differ in %s are refused, with each value counted and what pins it', (dimension, odd, pinWith) => {
    const r = select([img('ami-1', 1), img('ami-2', 2, odd), img('ami-3', 3)]);
    expect(r.refused).toBe(true);
    expect(r.image).toBeUndefined();
    expect(r.mixed).toHaveLength(1);
    expect(r.mixed[0].dimension).toBe(dimension);
    expect(r.mixed[0].counts[0][1]).toBe(2);
    expect(r.mixed[0].counts[1][1]).toBe(1);
    expect(r.mixed[0].pinWith).toBe(pinWith);
    // The candidates are still ranked, so that a preview can show the mix.
    expect(r.top.map((i) => i.ImageId)).toEqual(['ami-1']);
  });

  test('the message names every mixed dimension with its counts, and the way out', () => {
    const r = select([img('ami-1', 1), img('ami-2', 2, { Architecture: 'arm64' }), img('ami-3', 3, { Architecture: 'arm64', Platform: 'windows' })]);
    expect(mixedMessage(r.counts.deprecation, r.mixed)).toBe('ambiguous query: the 3 image(s) left differ in architecture ("arm64": 2, "x86_64": 1); '
      + 'pin it with instanceType or an architecture filter; in platform ("not windows": 2, "windows": 1); pin it with a platform filter (windows), '
      + 'or a name filter or nameRegex that matches one platform. Which one is picked would depend on which was published last; '
      + 'pin the query, or set allowMixedImages to accept that');
  });

  test('a hostile number of values is shown as four and a count', () => {
    const images = Array.from({ length: 9 }, (_, i) => img(`ami-${i}`, i + 1, { Architecture: `arch-${i}-${'x'.repeat(100)}` }));
    const message = mixedMessage(9, select(images).mixed);
    expect(message).toContain(', and 5 more value(s)');
    expect(message.length).toBeLessThan(450);
  });

  test('memory stays bounded however many distinct values arrive: past 32, they are counted together', () => {
    const images = Array.from({ length: 5000 }, (_, i) => img(`ami-${i}`, 1 + (i % 300) / 10, { Architecture: `arch-${i}` }));
    const [architecture] = select(images).mixed;
    expect(architecture.counts).toHaveLength(33);
    expect(architecture.counts[32]).toEqual([OTHER_VALUES, 5000 - 32]);
    expect(architecture.counts.reduce((n, [, c]) => n + c, 0)).toBe(5000);
  });


  test('boot mode is not a dimension: it changes between releases of one image line', () => {
    expect(MIX_DIMENSIONS.map((d) => d.dimension)).toEqual(['architecture', 'platform', 'root device type', 'virtualization type']);
    expect(select([img('ami-1', 1, { BootMode: 'uefi' } as Candidate), img('ami-2', 2, { BootMode: 'legacy-bios' } as Candidate)]).refused).toBe(false);
  });

  test('EC2 writes the platform as "windows"; the SDK type says "Windows": both are Windows', () => {
    expect(select([img('ami-1', 1, { Platform: 'windows' }), img('ami-2', 2, { Platform: 'Windows' })]).refused).toBe(false);
  });


  test('fast-check: a set is refused exactly when its survivors differ in a dimension', () => {
    const image = fc.record({
      ImageId: fc.stringMatching(/^ami-[0-9a-f]{8}$/),
      CreationDate: fc.integer({ min: NOW - 100 * DAY, max: NOW }).map((t) => new Date(t).toISOString()),
      Architecture: fc.constantFrom('x86_64', 'arm64'),
      Platform: fc.constantFrom(undefined, 'windows'),
      RootDeviceType: fc.constantFrom('ebs'),
      VirtualizationType: fc.constantFrom('hvm', 'hvm', 'paravirtual'),
    });
    fc.assert(fc.property(fc.uniqueArray(image, { selector: (i) => i.ImageId, minLength: 1, maxLength: 12 }), (images) => {
      const differs = MIX_DIMENSIONS.some((d) => new Set(images.map(d.value)).size > 1);
      expect(select(images).refused).toBe(differs);
    }), { numRuns: 300 });
  });
});
