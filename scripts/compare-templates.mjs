// Compares the example app's templates synthesized at two aws-cdk-lib versions (the peer floor and
// the newest release). Metadata is what may differ: each resource's `Metadata` (construct paths,
// asset hints) and the CDKMetadata resource with its condition, which record the CDK version.
// Anything else that differs is printed as a JSON path and fails the check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [floorDir, newestDir] = process.argv.slice(2);
if (!floorDir || !newestDir) {
  console.error('usage: compare-templates.mjs <floor cdk.out> <newest cdk.out>');
  process.exit(2);
}

function normalized(dir, file) {
  const t = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  for (const r of Object.values(t.Resources ?? {})) delete r.Metadata;
  delete t.Resources?.CDKMetadata;
  delete t.Conditions?.CDKMetadataAvailable;
  if (t.Conditions && Object.keys(t.Conditions).length === 0) delete t.Conditions;
  return t;
}

function differences(a, b, path, out) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`);
    return out;
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${path}/${k}`, out);
  return out;
}

const templates = readdirSync(floorDir).filter((f) => f.endsWith('.template.json')).sort();
const newestTemplates = readdirSync(newestDir).filter((f) => f.endsWith('.template.json')).sort();
let diff = differences(templates, newestTemplates, '(template files)', []);
for (const file of templates.filter((f) => newestTemplates.includes(f))) {
  diff = diff.concat(differences(normalized(floorDir, file), normalized(newestDir, file), file, []));
}
const version = (dir) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).version;
if (diff.length > 0) {
  console.error(`The templates differ beyond metadata (cloud assembly ${version(floorDir)} vs ${version(newestDir)}):`);
  for (const d of diff) console.error(`  ${d}`);
  process.exit(1);
}
console.log(`compat: ${templates.join(', ')} identical apart from metadata (cloud assembly ${version(floorDir)} vs ${version(newestDir)})`);
