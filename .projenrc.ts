import { builtinModules } from 'module';
import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-ami-lookup',
  description: 'Resolve an Amazon Machine Image at CloudFormation deploy time, with a documented total order, and use it as an ec2.IMachineImage.',
  author: 'cdk-ami-lookup maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/example/cdk-ami-lookup.git',
  keywords: ['cdk', 'aws-cdk', 'ami', 'ec2', 'machine-image', 'custom-resource'],
  // The peer floor, and the version the construct tests run against (projen's convention). The
  // template is the same up to the newest release: `npx projen compat:newest` proves it.
  cdkVersion: '2.160.0',
  // The peer range that aws-cdk-lib itself declares at the floor.
  constructsVersion: '10.0.0',
  peerDependencyOptions: { pinnedDevDependency: false },
  // Using the library needs what aws-cdk-lib needs; developing it needs Node.js 22 or later (README).
  minNodeVersion: '20.0.0',
  defaultReleaseBranch: 'main',
  github: false,
  jsiiVersion: '~6.0.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,
  publishToPypi: { distName: 'cdk-ami-lookup', module: 'cdk_ami_lookup' },
  publishToMaven: { javaPackage: 'io.github.cdkamilookup', mavenGroupId: 'io.github.cdk-ami-lookup', mavenArtifactId: 'cdk-ami-lookup' },
  publishToNuget: { dotNetNamespace: 'CdkAmiLookup', packageId: 'CdkAmiLookup' },
  publishToGo: { moduleName: 'github.com/example/cdk-ami-lookup-go', packageName: 'cdkamilookup' },
  // A linear-time, RE2-semantics regex engine in pure JavaScript: nameRegex is matched with it at synth,
  // at deploy (bundled into the handler) and in the CLI. Bundled, as jsii requires of non-jsii deps.
  bundledDeps: ['re2js'],
  devDeps: [
    'aws-cdk-lib@2.160.0',
    // Bundled into the handler asset at build time, never a runtime dependency of the library.
    '@aws-sdk/client-ec2',
    '@aws-sdk/client-sts',
    'esbuild',
    'aws-sdk-client-mock',
    'fast-check',
    // Integration tests: integ-tests-alpha matches the floor (alpha modules pin their aws-cdk-lib);
    // integ-runner reads every older cloud assembly schema, so the newest published one is used.
    '@aws-cdk/integ-tests-alpha@2.160.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
    // The newest cdk-nag whose peer range reaches the floor (2.36.54 on require aws-cdk-lib 2.176.0).
    'cdk-nag@2.36.50',
  ],
  jestOptions: {
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/support/', '/devkit/'],
      // The API baseline's package.json names this package too; jest must not index it.
      modulePathIgnorePatterns: ['<rootDir>/api/'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'cli', 'demo', 'bench', 'devkit', 'projenrc', '.projenrc.ts'],
  },
  gitignore: ['/.jsii.tabl.json', '/assets/', '/demo/cdk.out/', '/.tmp/', '/bench/.build/', '/examples/typescript/cdk.out/', '/examples/typescript/node_modules/', '/compat/*/.work/', '/compat/*/node_modules/'],
});

// Peers are not pinned as dev dependencies (aws-cdk-lib is, in devDeps above). Tests use a newer
// constructs: the oldest releases were built by a jsii whose assembly jsii-rosetta cannot resolve.
project.addDevDeps('constructs@10.5.1');
// jsii advises a dev dependency at the peer floor (JSII6); the newer one above is deliberate.
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

// npm 11 skips dependency install scripts and lists them after every install. Record that neither
// is needed: esbuild's binary comes from its optional platform package, and @parcel/watcher's native
// build only serves watch modes this project does not use.
project.package.addField('allowScripts', { 'esbuild': false, '@parcel/watcher': false });

// The integ snapshots' asset folders are build output (the handler's bytes). Added after the
// constructor, because projen's `!/test/` drops every earlier pattern under /test/.
project.gitignore.exclude('/test/*.snapshot/asset.*');

// Boundaries, enforced rather than remembered (test/project/lint-boundaries.test.ts proves each rule fires).
// The handler and the CLI are bundled without aws-cdk-lib; the jsii library never reaches into the
// deploy-time code, the CLI or the tests.
project.eslint?.addOverride({
  files: ['lambda/**/*.ts', 'cli/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
        message: 'lambda/ and cli/ are bundled and run without aws-cdk-lib or constructs.',
      }],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: ['../lambda', '../lambda/*', '../cli', '../cli/*', '../test', '../test/*', '../devkit', '../devkit/*'],
        message: 'src/ is the jsii library: it never imports lambda/, cli/, test/ or devkit/.',
      }],
    }],
  },
});

// src/shared/ is everything under src/ that the handler and the CLI bundle: it runs without
// aws-cdk-lib, constructs or Node.js built-ins, and reaches nothing outside its folder. One import
// there and esbuild would quietly bundle aws-cdk-lib into the CLI. The wire names are frozen and
// import nothing at all.
project.eslint?.addOverride({
  files: ['src/shared/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'constructs/*', 'node:*', ...builtinModules, '../*', '../**'],
        message: 'src/shared/ is bundled into the handler and the CLI: no aws-cdk-lib, constructs, Node.js built-ins, or anything outside src/shared/.',
      }],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/shared/wire.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        regex: '.',
        message: 'src/shared/wire.ts, the frozen wire names, imports nothing.',
      }],
    }],
  },
});

// lambda/, cli/, demo/, bench/ and devkit/ are outside src/ and test/, so each has its own tsconfig
// (eslint's project service finds them too). The handler is bundled with esbuild; tsc only type-checks.
// devkit/ holds the test doubles and helpers that test/, demo/ and bench/ share; shipped code never
// imports it.
for (const dir of ['lambda', 'cli', 'demo', 'bench', 'devkit']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', types: ['lambda', 'cli'].includes(dir) ? ['node'] : ['node', 'jest'] },
      include: ['**/*.ts'],
    },
  });
}

/**
 * A task condition that holds when `file` does not exist. In node, not `test ! -f`: projen runs
 * conditions in a built-in shell whose `test` takes no `!` ("expected 2 arguments"), so such a
 * condition is always false.
 */
const missing = (file: string) => `node -e "process.exit(require('fs').existsSync('${file}') ? 1 : 0)"`;

const bundle = project.addTask('bundle:handler', {
  description: 'Type-check and bundle the deploy-time handler (assets/handler) and the preview CLI (assets/cli)',
  steps: [
    { exec: 'tsc -p lambda/tsconfig.json' },
    // esbuild with two size measures: see scripts/bundle.mjs.
    { exec: 'node scripts/bundle.mjs lambda/index.ts assets/handler/index.js' },
    // The preview CLI shares the handler's code; it ships as the package's `cdk-ami-lookup` bin.
    { exec: 'tsc -p cli/tsconfig.json' },
    { exec: 'node scripts/bundle.mjs cli/main.ts assets/cli/index.js --credential-chain' },
  ],
});
project.preCompileTask.spawn(bundle);
// `npx projen test` on a fresh clone must not depend on an earlier build; ts-jest only transpiles,
// so the tests and the demo are type-checked here.
project.testTask.prependExec('tsc -p test/tsconfig.json && tsc -p demo/tsconfig.json && tsc -p bench/tsconfig.json && tsc -p devkit/tsconfig.json');
project.testTask.prependSpawn(bundle);

// The fast loop: every unit test (test/lambda, test/src, test/cli, test/devkit, test/project), none
// of the end-to-end suites in test/e2e, and no bundling (the construct tests only need the bundle
// folder to exist, so it is built once when it is missing). `npx projen test` still runs everything.
project.addTask('test:unit', {
  description: 'Run every unit test, without the end-to-end suites and without bundling',
  steps: [
    { spawn: bundle.name, condition: missing('assets/handler/index.js') },
    { exec: 'jest --coverage=false --testPathIgnorePatterns /node_modules/ /test/e2e/' },
  ],
});

project.addBins({ 'cdk-ami-lookup': 'bin/cdk-ami-lookup' });

// The install path until the package is published: the tarball a user installs, built without the
// tests (`npx projen build` runs every test first).
project.addTask('pack', {
  description: 'Build the npm tarball (cdk-ami-lookup-<version>.tgz in the project folder) without running the tests',
  steps: [
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { exec: 'npm pack --silent' },
  ],
});

// Publishing packagers need their toolchain and registry; a machine without them skips that language
// with one line (scripts/package-language.sh) instead of failing the build. With CI=true projen
// packages JavaScript only, and CI checks the other languages with `package:languages` below.
for (const lang of ['python', 'java', 'dotnet', 'go']) {
  const task = project.tasks.tryFind(`package:${lang}`)!;
  task.reset(`bash scripts/package-language.sh ${lang}`);
}

// CI generates the code for each language offline and builds the Python wheel with the setuptools of
// the first interpreter that has them (scripts/find-python.sh: $PYTHON, else each python3 on PATH):
// no registry is needed.
project.addTask('package:languages', {
  description: 'Generate Python, Java, .NET and Go code with jsii-pacmak, build the Python wheel, check them, and write docs/API.<language>.md',
  steps: [
    // After `pack`, which skips post-compile, the tablet of translated examples is not there yet.
    { exec: 'jsii-rosetta extract --strict --fail .jsii', condition: missing('.jsii.tabl.json') },
    { exec: 'jsii-pacmak --code-only --rosetta-tablet .jsii.tabl.json --target python --target go --target java --target dotnet' },
    { exec: 'bash scripts/python-wheel.sh' },
    { exec: 'node scripts/check-languages.mjs' },
    { exec: 'bash scripts/docgen-languages.sh' },
  ],
});

// Every example in the README and the API docs must compile (strict), so that their Python, Java,
// C# and Go translations are real. It writes the tablet the translations come from.
project.postCompileTask.prependExec('jsii-rosetta extract --strict --fail .jsii');

project.addTask('demo', {
  description: 'Synthesize the demo app and resolve its lookups with the bundled handler against a local EC2 test double',
  steps: [
    { spawn: bundle.name },
    // `npx projen demo --serve` keeps the test doubles running afterwards (a playground).
    { exec: 'ts-node --project demo/tsconfig.json demo/run.ts', receiveArgs: true },
  ],
});

// The bundle in assets/ ships in the tarball; the TypeScript handler source does not.
for (const pattern of ['/lambda/', '/cli/', '/demo/', '/devkit/', '/api/', '/.ci/', '/.tmp/', '/bench/', '/scripts/', '/compat/', '/examples/', '/docs/', '/rosetta/']) {
  project.addPackageIgnore(pattern);
}

project.addTask('measure:memory', {
  description: 'Peak memory of the bundled handler for 1,000, 10,000 and 100,000 images (how the memory size was chosen)',
  steps: [
    { spawn: bundle.name },
    { exec: 'ts-node --project demo/tsconfig.json demo/measure-memory.ts 1000,10000,100000 0,5' },
  ],
});

project.addTask('bench', {
  description: 'Benchmarks: paging throughput against the floor and the AWS CLI, cold start, synth cost (writes bench/results.md)',
  steps: [
    { spawn: bundle.name },
    { exec: 'bash bench/ensure-awscli.sh' },
    { exec: 'node scripts/bundle.mjs bench/floor.ts bench/.build/floor.js' },
    { exec: 'ts-node --project bench/tsconfig.json bench/run.ts' },
  ],
});

const integ = project.addTask('integ', {
  description: 'Check the integration tests\' committed snapshots offline (no credentials, no deploy), then lint their templates',
  steps: [
    { exec: 'integ-runner --language typescript --parallel-regions us-east-1' },
    { exec: 'bash scripts/lint-snapshots.sh' },
  ],
});
project.addTask('integ:update', {
  description: 'Rewrite the integration tests\' snapshots without deploying',
  // --force: integ-runner's own comparison can miss a change to the assertion stack.
  exec: 'integ-runner --language typescript --parallel-regions us-east-1 --update-on-failed --dry-run --force',
});

// The TypeScript example is synthesized against this repository's build, as a user's app would
// import the package.
const examples = project.addTask('examples', {
  description: 'Synthesize examples/typescript against the built library',
  steps: [
    { exec: 'mkdir -p examples/typescript/node_modules && ln -sfn ../../.. examples/typescript/node_modules/cdk-ami-lookup' },
    { exec: 'cd examples/typescript && CDK_OUTDIR=cdk.out ts-node --project tsconfig.json app.ts' },
    { exec: 'node scripts/check-example.mjs examples/typescript/cdk.out' },
  ],
});

// Both ends of the peer range: `examples` synthesizes against the floor (this project's aws-cdk-lib),
// and this installs the packed library into an app on the newest release and compares the templates.
const compatNewest = project.addTask('compat:newest', {
  description: 'Install the packed library into an app on the newest aws-cdk-lib (compat/newest), synthesize the example there and compare its template with the floor\'s',
  exec: 'bash scripts/compat-newest.sh',
});

// The public API as reviewed (docs/API-REVIEW.md): jsii-diff fails on any incompatible change to it.
// An intended change updates the baseline in the same commit with `npx projen api:baseline`.
const apiCheck = project.addTask('api:check', {
  description: 'Fail on any incompatible change to the public API against the reviewed baseline (api/baseline)',
  exec: 'jsii-diff --error-on all api/baseline .',
});
project.addTask('api:baseline', {
  description: 'Record the current public API as the reviewed baseline (commit it with the change)',
  // A package folder, so that jsii-diff resolves aws-cdk-lib's assembly from this project.
  exec: 'mkdir -p api/baseline && cp .jsii api/baseline/.jsii && node -e "const p=require(\'./package.json\'); require(\'fs\').writeFileSync(\'api/baseline/package.json\', JSON.stringify({ name: p.name, version: p.version, jsii: p.jsii, peerDependencies: p.peerDependencies }, null, 2) + \'\\n\')"',
});
project.gitignore.include('/api/baseline/.jsii');

project.addTask('ci', {
  description: 'Everything CI runs: build and tests, the other jsii languages, integration snapshots, the example at both ends of the aws-cdk-lib range',
  steps: [
    { spawn: 'build' },
    { spawn: apiCheck.name },
    { spawn: 'package:languages' },
    { spawn: integ.name },
    { spawn: examples.name },
    { spawn: compatNewest.name },
  ],
});

project.synth();
