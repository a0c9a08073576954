/**
 * cli/flags.ts: the flag table. Every setting of a lookup is decided (a flag sets it, or it has
 * none on purpose, for a reason), and the table agrees with the wire names it points at.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { FlaggedSetting, FLAGS, flagsOf } from '../../cli/flags';
import { GivenSettings } from '../../src/shared/settings';
import { Prop } from '../../src/shared/wire';

/** The settings no flag sets, each with why. */
const NO_FLAG_ON_PURPOSE = {
  refreshToken: 'it only makes a deployed lookup run again (the handler ignores its value); a preview always looks up afresh',
  region: 'a lookup from flags searches the stack\'s region, which --region sets; a lookup\'s own region prop comes with --app, '
    + 'and a flag for it would search the same region under another name',
  repair: 'it decides whether a deployed pin is kept at a deploy; a preview has no pin and always looks up afresh, and status judges every pin anyway',
  repairWithinSeconds: 'it goes with repair, which has no flag',
  repairToken: 'it only makes every deploy send an Update (the handler ignores its value); a preview always looks up afresh',
} as const satisfies Partial<Record<keyof GivenSettings, string>>;

// tsc refuses this line, naming the key, when the settings gain a key that neither a flag sets nor the
// list above explains.
type Undecided = Exclude<keyof GivenSettings, FlaggedSetting | keyof typeof NO_FLAG_ON_PURPOSE>;
const everySettingDecided: [Undecided] extends [never] ? true : Undecided = true;

/** The keys of LookupSettings as its source declares them, so that the check holds at run time too. */
function settingKeys(): string[] {
  const file = path.join(__dirname, '..', '..', 'src', 'shared', 'settings.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const spec = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'LookupSettings');
  return spec!.members.map((m) => (m.name as ts.Identifier).text);
}

test('every setting of a lookup has a flag, or is listed as having none on purpose', () => {
  expect(everySettingDecided).toBe(true);
  const keys = settingKeys();
  expect(keys).toContain('owners');
  const flagged = FLAGS.map((f) => f.setting).filter((s) => s !== undefined);
  const undecided = keys.filter((k) => !flagged.includes(k as keyof GivenSettings) && !(k in NO_FLAG_ON_PURPOSE));
  expect(undecided).toEqual([]);
});

test('a setting listed as having no flag has none, and is a setting', () => {
  const keys = settingKeys();
  for (const setting of Object.keys(NO_FLAG_ON_PURPOSE)) {
    expect(keys).toContain(setting);
    expect(FLAGS.filter((f) => f.setting === setting)).toEqual([]);
  }
});

test('flag names, short names and settings are each unique', () => {
  const unique = (xs: readonly unknown[]) => expect(new Set(xs).size).toBe(xs.length);
  unique(FLAGS.map((f) => f.name));
  unique(FLAGS.flatMap((f) => (f.short === undefined ? [] : [f.short])));
  unique(FLAGS.flatMap((f) => (f.setting === undefined ? [] : [f.setting])));
  unique(FLAGS.flatMap((f) => (f.prop === undefined ? [] : [f.prop])));
});

test('a flag\'s property is the one the construct writes for its setting', () => {
  for (const f of FLAGS) {
    if (f.property === undefined) continue;
    const wireKey = Object.entries(Prop).find(([, property]) => property === f.property)![0];
    // --region stands for the lookup's region property in messages, without setting it (see above).
    if (f.setting !== undefined) expect([f.name, wireKey]).toEqual([f.name, f.setting]);
  }
});

test('a flag takes a value exactly when its kind reads one', () => {
  const noValue = ['boolean', 'negated'];
  for (const f of FLAGS) expect([f.name, f.arg !== undefined]).toEqual([f.name, !noValue.includes(f.value.kind)]);
});

test('the help calls a flag repeatable exactly when the parser takes it more than once', () => {
  const repeatable = ['list', 'filter'];
  for (const f of FLAGS) expect([f.name, f.help.join(' ').endsWith('(repeatable)')]).toEqual([f.name, repeatable.includes(f.value.kind)]);
});

test('a flag that sets nothing in the lookup steers the run, but for --parameter-name', () => {
  expect(FLAGS.filter((f) => f.setting === undefined && f.group !== 'Options').map((f) => f.name)).toEqual(['parameter-name']);
  expect(FLAGS.filter((f) => f.setting !== undefined && f.group === 'Options')).toEqual([]);
});

test('the help lists each group once: a flag stays with its group', () => {
  const groups = FLAGS.map((f) => f.group).filter((g, i, all) => g !== all[i - 1]);
  expect(groups).toEqual(['Query', 'Selection', 'Options']);
});

test('each command takes its own flags: preview keeps its own, status takes the run\'s and its own', () => {
  expect(flagsOf('preview').map((f) => f.name)).toEqual(FLAGS.filter((f) => f.commands === undefined || f.commands.includes('preview')).map((f) => f.name));
  expect(flagsOf('preview').map((f) => f.name)).not.toContain('stack');
  expect(flagsOf('status').map((f) => f.name)).toEqual(['app', 'stack', 'region', 'endpoint', 'warn-days', 'json', 'help']);
  // status's own words where the preview's would be wrong; the preview's help is untouched.
  expect(flagsOf('status').find((f) => f.name === 'app')!.help[0]).toMatch(/compared with what is deployed/);
  expect(flagsOf('preview').find((f) => f.name === 'app')!.help[0]).toMatch(/^preview every Custom::AmiLookup/);
});
