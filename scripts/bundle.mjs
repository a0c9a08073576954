// Bundles a deploy-time entry point with esbuild: the handler (and the benchmark's floor) with the
// AWS SDK clients it uses, minified, from the SDK's ES modules so that tree-shaking can work.
//
// The SDK's default credential chain is replaced by the environment, where Lambda puts the role's
// credentials (lambda/env-credentials.ts).
//
// One transform makes tree-shaking effective: the SDK's generated schema modules write trait
// objects with computed keys (`{ [_xN]: _h }`, where `const _xN = "xmlName"`). esbuild must assume a
// computed key can run code, so it keeps every schema of the service (about 3,400 for EC2). Writing
// those keys as the string literals they are lets esbuild drop the schemas the client never uses.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [entry, outfile, ...flags] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node scripts/bundle.mjs <entry.ts> <outfile.js> [--credential-chain] [--sourcemap]');
  process.exit(2);
}
// A program run by people (the preview CLI) keeps the SDK's whole credential chain: profiles, SSO, ...
const credentialChain = flags.includes('--credential-chain');
// For profiling (bench/paging-ratio.ts --profile): a source map beside the bundle. Never the default.
const sourcemap = flags.includes('--sourcemap');

const literalComputedKeys = {
  name: 'literal-computed-keys',
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, async (args) => {
      let code = await readFile(args.path, 'utf8');
      const strings = new Map();
      for (const m of code.matchAll(/^const (_[A-Za-z0-9_$]+) = ("(?:[^"\\\n]|\\.)*");$/gm)) strings.set(m[1], m[2]);
      code = code.replace(/\[(_[A-Za-z0-9_$]+)\]:/g, (whole, name) => (strings.has(name) ? `${strings.get(name)}:` : whole));
      return { contents: code, loader: 'js' };
    });
  },
};

// On Lambda, credentials come from the environment: see lambda/env-credentials.ts.
const envCredentials = fileURLToPath(new URL('../lambda/env-credentials.ts', import.meta.url));

// The name-pattern engine (re2js) is loaded lazily from a file of its own beside the bundle, so that
// a lookup without a name pattern does not pay for loading it (src/shared/name-pattern.ts).
const NAME_ENGINE_FILE = 're2js.js';
const lazyNameEngine = {
  name: 'lazy-name-engine',
  setup(b) {
    b.onResolve({ filter: /^re2js$/ }, () => ({ path: `./${NAME_ENGINE_FILE}`, external: true }));
  },
};

// The SSM client, which only lookups with a parameter source use, is likewise a file of its own
// (lambda/parameter-reader.ts), so that query lookups neither load nor parse it.
const SSM_READER_FILE = 'ssm-reader.js';
const lazySsmReader = {
  name: 'lazy-ssm-reader',
  setup(b) {
    b.onResolve({ filter: /^\.\/ssm-reader$/ }, (args) => (args.importer.endsWith('parameter-reader.ts')
      ? { path: `./${SSM_READER_FILE}`, external: true } : undefined));
  },
};

// What every bundle of the project's own code shares: the SDK's ES modules, minified for Node.js.
const sdkBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap,
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  alias: credentialChain ? {} : { '@aws-sdk/credential-provider-node': envCredentials },
};

const result = await build({
  ...sdkBundle,
  entryPoints: [entry],
  outfile,
  plugins: [literalComputedKeys, lazyNameEngine, lazySsmReader],
  metafile: true,
});

// Only the handler and the CLI read parameters; the benchmark's floor has no parameter reader.
if (Object.keys(result.metafile.inputs).some((f) => f.endsWith('parameter-reader.ts'))) {
  await build({
    ...sdkBundle,
    entryPoints: [fileURLToPath(new URL('../lambda/ssm-reader.ts', import.meta.url))],
    outfile: join(dirname(outfile), SSM_READER_FILE),
    plugins: [literalComputedKeys, lazyNameEngine],
  });
}

await build({
  entryPoints: [fileURLToPath(new URL('../node_modules/re2js/build/index.js', import.meta.url))],
  outfile: join(dirname(outfile), NAME_ENGINE_FILE),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

if (process.env.BUNDLE_METAFILE) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));
}
