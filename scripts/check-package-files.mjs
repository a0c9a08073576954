// The npm tarball ships exactly what it should: the files `npm publish --dry-run --json` lists (the
// report is the argument) are compared with the list derived from the repository, both ways.
// Shipped: package.json, README.md, LICENSE, CHANGELOG.md, API.md, the jsii assembly and its tablet of
// translated examples, the bin, lib/ (a .js and a .d.ts for each src/**/*.ts), every file of the
// bundles in assets/, and the bundled dependencies (package.json's bundledDependencies).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const entry = Array.isArray(report.files) ? report : Object.values(report)[0];
const shipped = new Set(entry.files.map((f) => f.path));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [relative('.', p).split('\\').join('/')];
  });
}

const expected = new Set(['package.json', 'README.md', 'LICENSE', 'API.md', '.jsii', '.jsii.tabl.json']);
if (existsSync('CHANGELOG.md')) expected.add('CHANGELOG.md');
for (const bin of Object.values(pkg.bin ?? {})) expected.add(bin);
for (const ts of walk('src').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
  const base = 'lib/' + ts.slice('src/'.length, -'.ts'.length);
  expected.add(`${base}.js`);
  expected.add(`${base}.d.ts`);
}
for (const f of walk('assets')) expected.add(f);
const bundled = (pkg.bundledDependencies ?? []).map((d) => `node_modules/${d}/`);
for (const d of bundled) expected.add(`${d}package.json`);

const missing = [...expected].filter((f) => !shipped.has(f)).sort();
const extra = [...shipped].filter((f) => !expected.has(f) && !bundled.some((d) => f.startsWith(d))).sort();
for (const f of missing) console.error(`check-package-files: ${entry.filename ?? 'the tarball'} lacks ${f}`);
for (const f of extra) console.error(`check-package-files: ${entry.filename ?? 'the tarball'} ships ${f}, which it should not`);
if (missing.length + extra.length > 0) process.exit(1);
console.log(`check-package-files: ${entry.id ?? entry.name} ships exactly the ${shipped.size} files it should (${bundled.length} bundled dependencies)`);
