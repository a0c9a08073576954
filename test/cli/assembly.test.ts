/**
 * cli/assembly.ts: every Custom::AmiLookup of a cloud assembly, with its construct path, its stack's
 * region, and its properties as CloudFormation would send them.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack, Stage } from 'aws-cdk-lib';
import { AssemblyError, lookupsInAssembly } from '../../cli/assembly';
import { AmiLookup } from '../../src';
import { Prop } from '../../src/shared/wire';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-assembly-'));

test('finds the lookups of every stack, nested stages included, with paths, regions and sent properties', () => {
  const outdir = tmp();
  const app = new App({ outdir });
  const stack = new Stack(app, 'Top', { env: { region: 'eu-west-1' } });
  new AmiLookup(stack, 'Plain', { owners: ['amazon'], rank: 2 });
  const stage = new Stage(app, 'Prod');
  const nested = new Stack(stage, 'Inner');
  new AmiLookup(nested, 'Nested', { owners: ['self'] });
  app.synth();
  const found = lookupsInAssembly(outdir);
  expect(found.map((l) => [l.constructPath, l.stackRegion]).sort()).toEqual([['Prod/Inner/Nested', undefined], ['Top/Plain', 'eu-west-1']]);
  expect(found.find((l) => l.constructPath === 'Top/Plain')!.properties).toMatchObject({ [Prop.owners]: ['amazon'], [Prop.rank]: '2', [Prop.includeDeprecated]: 'false' });
});

test('a property only known at deploy time is named instead of previewed', () => {
  const outdir = tmp();
  const app = new App({ outdir });
  const stack = new Stack(app, 'S');
  new AmiLookup(stack, 'FromParameter', { owners: [new CfnParameter(stack, 'Owner').valueAsString] });
  app.synth();
  const [l] = lookupsInAssembly(outdir);
  expect(l.properties).toBeUndefined();
  expect(l.unresolved).toBe('property Owners[0] is only known at deploy time');
});

test('a folder that is not an assembly, and a manifest that is not JSON: AssemblyError', () => {
  expect(() => lookupsInAssembly(tmp())).toThrow(AssemblyError);
  const broken = tmp();
  writeFileSync(path.join(broken, 'manifest.json'), '{ not json');
  expect(() => lookupsInAssembly(broken)).toThrow(/manifest.json is not valid JSON/);
});

test('the SSM parameters that hold a lookup\'s image are found by what they hold, not by name', () => {
  const outdir = tmp();
  const app = new App({ outdir });
  const stack = new Stack(app, 'S');
  new AmiLookup(stack, 'Published', { owners: ['self'], parameterName: '/images/published' });
  new AmiLookup(stack, 'Quiet', { owners: ['self'] });
  app.synth();
  const found = lookupsInAssembly(outdir);
  expect(found.map((l) => [l.constructPath, l.parameterNames])).toEqual([['S/Published', ['/images/published']], ['S/Quiet', []]]);
});
