/**
 * The CLI's contract with scripts (README: Versioning): its flags, their short forms and whether they
 * take a value, and its exit codes. Renaming or removing a flag, or changing an exit code, is a
 * breaking change and fails this test; adding a flag is not and needs no change here. The JSON that
 * --json prints is held by test/e2e/cli.e2e.test.ts.
 */
import { EXIT, STATUS_EXIT } from '../../cli/exit';
import { FLAGS } from '../../cli/flags';

/** name, short form, value placeholder (null: the flag takes no value), as released. */
const RELEASED: ReadonlyArray<readonly [string, string | null, string | null]> = [
  ['owner', null, '<id|alias>'],
  ['executable-user', null, '<id|alias>'],
  ['image-id', null, '<ami-...>'],
  ['filter', null, '<name>=<v1>[,<v2>...]'],
  ['include-deprecated', null, null],
  ['include-disabled', null, null],
  ['allow-unpinned-owner', null, null],
  ['instance-type', null, '<type>'],
  ['source-parameter', null, '<name|arn>'],
  ['name-regex', null, '<pattern>'],
  ['min-age', null, '<duration>'],
  ['max-age', null, '<duration>'],
  ['exclude-image-id', null, '<ami-...>'],
  ['no-fallback-to-deprecated', null, null],
  ['order', null, '<order>'],
  ['order-tag-key', null, '<key>'],
  ['rank', null, '<n>'],
  ['fallback-image-id', null, '<ami-...>'],
  ['allow-mixed-images', null, null],
  ['lookup-role-arn', null, '<arn>'],
  ['parameter-name', null, '<name>'],
  ['app', null, '<dir>'],
  ['stack', null, '<name>'],
  ['region', null, '<region>'],
  ['endpoint', null, '<url>'],
  ['top', null, '<n>'],
  ['warn-days', null, '<n>'],
  ['json', null, null],
  ['help', 'h', null],
];

test.each(RELEASED)('--%s is still there, with the same short form and value', (name, short, arg) => {
  const flag = FLAGS.find((f) => f.name === name);
  expect(flag).toBeDefined();
  expect([flag!.short ?? null, flag!.arg ?? null]).toEqual([short, arg]);
});

test('the exit codes are as released', () => {
  expect(EXIT).toEqual({
    selected: 0,
    noMatch: 1,
    usage: 2,
    error: 3,
  });
});

test('the status command\'s exit codes are as released', () => {
  expect(STATUS_EXIT).toEqual({
    ok: 0,
    nothingToCheck: 1,
    usage: 2,
    error: 3,
    deprecatesSoon: 4,
    cannotLaunch: 5,
  });
});
