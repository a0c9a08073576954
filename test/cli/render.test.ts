/**
 * cli/render.ts: what a run prints, as text for a person and as JSON for a script.
 */
import { Image } from '@aws-sdk/client-ec2';
import { Entry, Preview } from '../../cli/entries';
import { endpointLines, render } from '../../cli/render';
import { lookupProps } from '../../devkit/events';
import { Resolution } from '../../lambda/lookup';
import { parseProperties } from '../../lambda/properties';
import { Prop, RESOLVED_FROM } from '../../src/shared/wire';

const image = (n: number, extra: Partial<Image> = {}): Image => ({
  ImageId: `ami-0000000${n}`,
  Name: `app-${n}`,
  CreationDate: `2026-01-0${n}T00:00:00.000Z`,
  Architecture: 'x86_64',
  PlatformDetails: 'Linux/UNIX',
  RootDeviceType: 'ebs',
  RootDeviceName: '/dev/xvda',
  VirtualizationType: 'hvm',
  BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3' } }],
  BootMode: 'uefi',
  EnaSupport: true,
  ...extra,
});

const counts = (survivors: number) => ({ api: 5, allowed: 5, namePattern: 5, age: 5, denyList: 5, deprecation: survivors });

function preview(extraProps: Record<string, unknown>, resolution: Resolution, extra: Partial<Preview> = {}): Preview {
  return {
    path: 'Stack/Lookup',
    searched: { region: 'eu-west-1', source: '--region' },
    endpoints: { ec2: { url: 'http://127.0.0.1:9', source: 'AWS_ENDPOINT_URL_EC2' } },
    query: 'Owners=[amazon]',
    props: { ...parseProperties(lookupProps(['amazon'], {}, extraProps)), region: 'eu-west-1' },
    resolution,
    parameterNames: ['/images/app'],
    ...extra,
  };
}

const picked = preview({ [Prop.rank]: '1' }, {
  image: image(2),
  from: RESOLVED_FROM.query,
  selection: { image: image(2), counts: counts(3), top: [image(3), image(2), image(1)], mixed: [], refused: false },
  pages: 1,
});

describe('text', () => {
  test('the picked image, how to launch it, its parameter, and the candidates with the pick marked', () => {
    expect(render([picked], false)).toBe([
      'Stack/Lookup',
      '  region:   eu-west-1 (from --region)',
      '  endpoint: http://127.0.0.1:9 (from AWS_ENDPOINT_URL_EC2)',
      '  query:    Owners=[amazon]',
      '  stages:   EC2 returned 5 image(s) in 1 page(s); kept by Allowed AMIs 5, by name pattern 5, by age 5, by deny-list 5, by deprecation 3, and rank 1 needs 2',
      '  selected: ami-00000002  app-2',
      '  launch:   x86_64, ebs root /dev/xvda (8 GiB gp3), boot mode uefi, ENA true, IMDS -, TPM -, allowed -',
      '  parameter: /images/app = ami-00000002 (SSM, data type aws:ec2:image)',
      '  candidates, best first by newest creation date, rank 1 picked:',
      '       #  ID            NAME   CREATED                   ARCH    PLATFORM    ROOT     DEPRECATION',
      '       0  ami-00000003  app-3  2026-01-03T00:00:00.000Z  x86_64  Linux/UNIX  ebs/hvm  -',
      '    *  1  ami-00000002  app-2  2026-01-02T00:00:00.000Z  x86_64  Linux/UNIX  ebs/hvm  -',
      '       2  ami-00000001  app-1  2026-01-01T00:00:00.000Z  x86_64  Linux/UNIX  ebs/hvm  -',
      '',
    ].join('\n'));
  });

  test('the fallback, a rank beyond the survivors, the tag column and the candidates left out', () => {
    const tagged = (n: number) => image(n, { Tags: [{ Key: 'version', Value: `1.${n}` }] });
    const text = render([preview({ [Prop.rank]: '5', [Prop.order]: 'tag-value', [Prop.orderTagKey]: 'version', [Prop.fallbackImageId]: 'ami-00000009' }, {
      image: image(9),
      from: RESOLVED_FROM.fallback,
      selection: { counts: counts(4), top: [tagged(2), image(1)], mixed: [], refused: false },
      pages: 2,
    })], false);
    expect(text).toContain('  selected: ami-00000009  app-9  (--fallback-image-id: nothing survived the stages)\n');
    expect(text).toContain('  candidates, best first by tag-value; rank 5 asked, but only 4 survived:\n');
    // No row is marked, so the marker column is empty.
    expect(text).toContain('\n      #  ID            NAME   CREATED                   TAG version  ARCH');
    expect(text).toContain('\n      0  ami-00000002  app-2  2026-01-02T00:00:00.000Z  1.2          x86_64');
    expect(text).toContain('\n      1  ami-00000001  app-1  2026-01-01T00:00:00.000Z  -            x86_64');
    expect(text).toContain('\n    ... and 2 more (--top <n> lists up to 100)\n');
    expect(text).not.toContain('*');
  });

  test('nothing selected: the guard\'s refusal, or no survivor and no fallback', () => {
    const refused = preview({}, { from: RESOLVED_FROM.query, selection: { counts: counts(2), top: [], mixed: [], refused: true }, pages: 1 },
      { refusal: 'ambiguous query: pin it' });
    expect(render([refused], false)).toContain('  selected: nothing: ambiguous query: pin it\n');
    const none = preview({}, { from: RESOLVED_FROM.query, selection: { counts: counts(0), top: [], mixed: [], refused: false }, pages: 1 });
    expect(render([none], false)).toContain('  selected: nothing: no image survived the stages, and there is no fallback\n');
    expect(render([none], false)).not.toContain('candidates');
  });

  test('a lookup\'s error, and a stack\'s error with its lookups, each followed by a blank line; entries apart by one more', () => {
    const entries: Entry[] = [
      { path: 'Stack/Lookup', error: 'cannot preview: property Owners[0] is only known at deploy time', parameterNames: [] },
      { stack: 'Agnostic', error: 'no region', paths: ['Agnostic/A', 'Agnostic/B'] },
    ];
    expect(render(entries, false)).toBe([
      'Stack/Lookup',
      '  error: cannot preview: property Owners[0] is only known at deploy time',
      '',
      'stack Agnostic: 2 lookup(s) not previewed',
      '  error: no region',
      '    Agnostic/A',
      '    Agnostic/B',
      '',
    ].join('\n'));
  });

  test('an endpoint is printed only when it is not AWS\'s own, and STS\'s only when a role was assumed', () => {
    expect(endpointLines(undefined)).toEqual([]);
    expect(endpointLines({ ec2: undefined, sts: { url: 'http://127.0.0.1:8', source: 'AWS_ENDPOINT_URL' } }))
      .toEqual(['  sts:      http://127.0.0.1:8 (from AWS_ENDPOINT_URL), to assume the lookup role']);
  });

  test('a parameter source says where it read the parameter: an ssm: line, and ssmEndpoint in JSON', () => {
    const ssm = { url: 'http://127.0.0.1:7', source: 'AWS_ENDPOINT_URL_SSM' } as const;
    expect(endpointLines({ ec2: { url: 'http://127.0.0.1:9', source: 'AWS_ENDPOINT_URL_EC2' }, ssm })).toEqual([
      '  endpoint: http://127.0.0.1:9 (from AWS_ENDPOINT_URL_EC2)',
      '  ssm:      http://127.0.0.1:7 (from AWS_ENDPOINT_URL_SSM), to read the source parameter',
    ]);
    const fromParameter = preview({}, picked.resolution!, { endpoints: { ...picked.endpoints, ssm } });
    expect(JSON.parse(render([fromParameter], true)).lookups[0]).toEqual(expect.objectContaining({
      ssmEndpoint: 'http://127.0.0.1:7', ssmEndpointSource: 'AWS_ENDPOINT_URL_SSM',
    }));
  });
});

describe('JSON', () => {
  test('a lookup: its region and endpoints, stages, pick with attributes, candidates; stack errors apart', () => {
    const out = JSON.parse(render([picked, { stack: 'Agnostic', error: 'no region', paths: ['Agnostic/A'] }], true));
    expect(out.stackErrors).toEqual([{ stack: 'Agnostic', error: 'no region', lookups: ['Agnostic/A'] }]);
    expect(out.lookups).toHaveLength(1);
    const [lookup] = out.lookups;
    expect(lookup).toEqual(expect.objectContaining({
      path: 'Stack/Lookup',
      region: 'eu-west-1',
      regionSource: '--region',
      endpoint: 'http://127.0.0.1:9',
      endpointSource: 'AWS_ENDPOINT_URL_EC2',
      stsEndpoint: null,
      stsEndpointSource: null,
      ssmEndpoint: null,
      ssmEndpointSource: null,
      query: 'Owners=[amazon]',
      pages: 1,
      survivors: 3,
      refused: null,
      mixed: [],
      parameterNames: ['/images/app'],
    }));
    expect(lookup.selected).toEqual(expect.objectContaining({ imageId: 'ami-00000002', resolvedFrom: 'query', platform: null, deprecationTime: null }));
    expect(lookup.selected.attributes).toEqual(expect.objectContaining({ ImageId: 'ami-00000002', RootVolumeSize: '8' }));
    expect(lookup.candidates.map((c: { imageId: string }) => c.imageId)).toEqual(['ami-00000003', 'ami-00000002', 'ami-00000001']);
  });

  test('a lookup\'s error, with no region searched: only what is known', () => {
    expect(JSON.parse(render([{ error: 'no region', parameterNames: [] }], true)))
      .toEqual({ lookups: [{ path: null, error: 'no region', parameterNames: [] }], stackErrors: [] });
  });

  test('the mixed dimensions, as counts by value', () => {
    const mixed = preview({}, {
      from: RESOLVED_FROM.query,
      selection: { counts: counts(2), top: [], mixed: [{ dimension: 'architecture', counts: [['arm64', 1], ['x86_64', 1]], pinWith: 'instanceType' }], refused: true },
      pages: 1,
    }, { refusal: 'ambiguous' });
    expect(JSON.parse(render([mixed], true)).lookups[0]).toEqual(expect.objectContaining({
      selected: null, refused: 'ambiguous', mixed: [{ dimension: 'architecture', counts: { arm64: 1, x86_64: 1 } }],
    }));
  });
});
