/**
 * scripts/check-commits.sh, which .ci/run calls: every commit since the tag v1.0.0 has one
 * Conventional Commits header, and each offending commit is named. Run in a scratch repository with
 * a copy of the script, so that the commits are the test's own.
 */
import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'check-commits.sh');
let repo: string;

const git = (...args: string[]) => execFileSync('git', args, {
  cwd: repo,
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  encoding: 'utf8',
});
const commit = (subject: string) => git('commit', '-q', '--allow-empty', '-m', subject);
const check = () => spawnSync('bash', [path.join(repo, 'scripts', 'check-commits.sh')], { encoding: 'utf8' });

beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'check-commits-'));
  mkdirSync(path.join(repo, 'scripts'));
  copyFileSync(SCRIPT, path.join(repo, 'scripts', 'check-commits.sh'));
  git('init', '-q');
  commit('whatever came before the release');
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

test('before the tag exists, nothing is checked, and it says so', () => {
  commit('not conventional');
  const r = check();
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('check-commits: no tag v1.0.0 yet, so no commit is checked (the rule applies to commits after 1.0.0)\n');
});

test('after the tag, Conventional Commits pass: types, scopes, breaking marks; merges are not checked', () => {
  git('tag', 'v1.0.0');
  for (const s of ['feat(repair): a level', 'fix: a bug', 'docs(readme)!: a breaking doc', 'chore(deps): bump', 'revert: feat(x): y']) commit(s);
  git('checkout', '-q', '-b', 'side');
  commit('test: on a branch');
  git('checkout', '-q', '-');
  git('merge', '-q', '--no-ff', '-m', 'Merge branch side', 'side');
  const r = check();
  expect(r.stdout).toBe('check-commits: 6 commits since v1.0.0, all Conventional Commits\n');
  expect(r.status).toBe(0);
});

test('each offending commit is named, with why, and the check fails', () => {
  git('tag', 'v1.0.0');
  commit('feat(ok): fine');
  commit('Added a thing');
  commit('feature: unknown type');
  commit('feat(cli): one; docs(readme): two');
  const hashes = git('log', '--format=%h', '-3').trim().split('\n');
  const r = check();
  expect(r.status).toBe(1);
  expect(r.stdout.trim().split('\n')).toEqual([
    `check-commits: ${hashes[0]} has two headers in one subject (make it two commits, or one type): feat(cli): one; docs(readme): two`,
    `check-commits: ${hashes[1]} is not a Conventional Commit: feature: unknown type`,
    `check-commits: ${hashes[2]} is not a Conventional Commit: Added a thing`,
    'check-commits: 3 of 4 commits since v1.0.0 break the rule type(scope)?!?: subject (README: Contributing)',
  ]);
});
