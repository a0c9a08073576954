/**
 * The set-up logic behind the README's commands: the Python wheel is built with an interpreter
 * found on PATH even when the first python3 there lacks `wheel` (a pyenv shim, as on this project's
 * machines), and when none has what it needs the message names every interpreter tried and what
 * each lacks. The fake interpreters wrap the real one, so each test runs real Python.
 */
import { execFileSync, spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');
const FIND = path.join(ROOT, 'scripts', 'find-python.sh');
const WHEEL = path.join(ROOT, 'scripts', 'python-wheel.sh');

let scratch: string;
/** An interpreter that has pip, setuptools and wheel, found the way the build finds it. */
let good: string;
/** A folder whose python3 is that interpreter, except that `import wheel` fails. */
let noWheel: string;
/** A folder whose python3 is the good interpreter itself. */
let withWheel: string;
/** The few tools the script needs, with no python3 among them. */
let tools: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'find-python-'));
  good = execFileSync('bash', [FIND], { encoding: 'utf8' }).trim();
  const blocker = path.join(scratch, 'block-wheel');
  mkdirSync(blocker);
  writeFileSync(path.join(blocker, 'sitecustomize.py'), [
    'import sys',
    'class _NoWheel:',
    '    def find_spec(self, name, path=None, target=None):',
    '        if name == "wheel" or name.startswith("wheel."):',
    '            raise ModuleNotFoundError("No module named \'wheel\'", name="wheel")',
    'sys.meta_path.insert(0, _NoWheel())',
    '',
  ].join('\n'));
  noWheel = path.join(scratch, 'shim');
  mkdirSync(noWheel);
  writeFileSync(path.join(noWheel, 'python3'), `#!/bin/sh\nPYTHONPATH=${blocker} exec ${good} "$@"\n`);
  chmodSync(path.join(noWheel, 'python3'), 0o755);
  withWheel = path.join(scratch, 'system');
  mkdirSync(withWheel);
  symlinkSync(good, path.join(withWheel, 'python3'));
  tools = path.join(scratch, 'tools');
  mkdirSync(tools);
  for (const tool of ['bash', 'sh', 'readlink', 'dirname', 'id']) {
    symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(tools, tool));
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: { HOME: os.homedir(), CDK_AMI_LOOKUP_NO_INSTALL: '1', ...env },
    cwd: scratch,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the fake shim really lacks wheel, and only wheel', () => {
  const r = spawnSync(path.join(noWheel, 'python3'), ['-c', 'import setuptools, pip; import wheel'], { encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("No module named 'wheel'");
});

test('a python3 first on PATH without wheel is passed over for the next one that has it', () => {
  const r = run(FIND, [], { PATH: `${noWheel}:${withWheel}:${tools}` });
  expect(r).toEqual({ code: 0, stdout: `${path.join(withWheel, 'python3')}\n`, stderr: '' });
});

test('when no python3 has what it needs, the message names each one tried and what it lacks', () => {
  const r = run(FIND, [], { PATH: `${noWheel}:${tools}` });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe([
    'find-python: no python3 on PATH has pip, setuptools and wheel:',
    `  tried ${path.join(noWheel, 'python3')} (lacks wheel)`,
    '  set PYTHON to an interpreter that has them, or on Debian/Ubuntu: sudo apt-get install python3-pip python3-setuptools python3-wheel',
    '',
  ].join('\n'));
});

test('no python3 at all is said as such', () => {
  const r = run(FIND, [], { PATH: tools });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('find-python: no python3 on PATH; install Python 3 with pip, setuptools and wheel, or set PYTHON to one\n');
});

test('PYTHON, when set, is the only interpreter tried', () => {
  const r = run(FIND, [], { PATH: `${noWheel}:${withWheel}:${tools}`, PYTHON: path.join(noWheel, 'python3') });
  expect(r.code).toBe(1);
  expect(r.stderr).toBe([
    `find-python: PYTHON=${path.join(noWheel, 'python3')} cannot build the wheel:`,
    `  tried ${path.join(noWheel, 'python3')} (lacks wheel)`,
    '  unset PYTHON to search PATH, or point it at a Python 3 with pip, setuptools and wheel',
    '',
  ].join('\n'));
  expect(run(FIND, [], { PATH: tools, PYTHON: good }).stdout).toBe(`${good}\n`);
});

test('the wheel script builds a wheel with the interpreter found past the shim, and says so', () => {
  const pkg = path.join(scratch, 'pkg');
  mkdirSync(path.join(pkg, 'demo_pkg'), { recursive: true });
  writeFileSync(path.join(pkg, 'setup.py'), 'import setuptools\nsetuptools.setup(name="demo-pkg", version="1.2.3", packages=["demo_pkg"])\n');
  writeFileSync(path.join(pkg, 'demo_pkg', '__init__.py'), '');
  const out = path.join(scratch, 'wheel-out');
  const pathWithCoreutils = `${noWheel}:${withWheel}:${path.dirname(execFileSync('bash', ['-c', 'command -v ls'], { encoding: 'utf8' }).trim())}`;
  const r = run(WHEEL, [pkg, out], { PATH: `${pathWithCoreutils}:${tools}` });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(readdirSync(out)).toEqual(['demo_pkg-1.2.3-py3-none-any.whl']);
  expect(r.stdout).toBe(`python-wheel: built demo_pkg-1.2.3-py3-none-any.whl in ${out} with ${path.join(withWheel, 'python3')} (${execFileSync(good, ['--version'], { encoding: 'utf8' }).trim()})\n`);
});

test('the wheel script fails with the finder\'s reasons when no interpreter can build', () => {
  const r = run(WHEEL, [path.join(scratch, 'nothing'), path.join(scratch, 'never')], { PATH: `${noWheel}:${tools}` });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`tried ${path.join(noWheel, 'python3')} (lacks wheel)`);
  expect(r.stderr).toContain('python-wheel: cannot build the wheel without such a Python (see above)');
});
