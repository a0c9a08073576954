/**
 * The README's two set-up commands are the project's real entry points: `.ci/run` calls exactly the
 * test command, with no set-up of its own before it, so that a newcomer who types the README's
 * command gets what CI gets.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');

/** The commands of the README's "Set up" section, without their comments. */
function setUpCommands(): string[] {
  const section = /^## Set up\n([\s\S]*?)^## /m.exec(readme);
  expect(section).not.toBeNull();
  const block = /```sh\n([\s\S]*?)```/.exec(section![1]);
  expect(block).not.toBeNull();
  return block![1].split('\n').filter((l) => l.trim() !== '').map((l) => l.replace(/\s+#.*$/, ''));
}

test('the README sets up with two commands near its top: the main job and every test', () => {
  expect(setUpCommands()).toEqual([
    '. scripts/use-node24.sh && npm ci && npx projen demo',
    '. scripts/use-node24.sh && npm ci && npx projen ci',
  ]);
  expect(readme.indexOf('## Set up')).toBeLessThan(readme.indexOf('## Quick start'));
  expect(readme.slice(readme.indexOf('## Quick start'))).toMatch(/^## Quick start\n\n[^#]*\*Set up\*/);
});

test('.ci/run calls exactly the README\'s test command, with no set-up before it', () => {
  const code = ci.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const testCommand = setUpCommands()[1];
  const at = code.indexOf(testCommand);
  expect(at).toBeGreaterThan(-1);
  // Before it: only the shell's options, the folder, and the clock for the wall time.
  expect(code.slice(0, at)).toEqual(['set -euo pipefail', 'cd "$(dirname "$0")/.."', 'started=$(date +%s)']);
});
