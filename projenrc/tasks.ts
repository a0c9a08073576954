import { awscdk } from 'projen';
import { missing } from './conditions';

/**
 * Build, test, pack and the developer's own tasks: bundle:handler (before compile and before the
 * tests), test, test:unit, the bin, pack and what the tarball leaves out, demo, measure:memory, bench.
 */
export function addTasks(project: awscdk.AwsCdkConstructLibrary): void {
  const bundle = project.addTask('bundle:handler', {
    description: 'Type-check and bundle the deploy-time handler (assets/handler) and the preview CLI (assets/cli)',
    steps: [
      { exec: 'tsc -p lambda/tsconfig.json' },
      // esbuild with two size measures: see scripts/bundle.mjs.
      { exec: 'node scripts/bundle.mjs lambda/index.ts assets/handler/index.js' },
      // The health monitor: a second entry point (monitor.handler) in the same asset.
      { exec: 'node scripts/bundle.mjs lambda/monitor/index.ts assets/handler/monitor.js' },
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

  // The bundle in assets/ ships in the tarball; the TypeScript handler source does not.
  for (const pattern of ['/lambda/', '/cli/', '/demo/', '/devkit/', '/api/', '/.ci/', '/.tmp/', '/bench/', '/scripts/', '/compat/', '/examples/', '/docs/', '/rosetta/']) {
    project.addPackageIgnore(pattern);
  }

  project.addTask('demo', {
    description: 'Synthesize the demo app and resolve its lookups with the bundled handler against a local EC2 test double',
    steps: [
      { spawn: bundle.name },
      // `npx projen demo --serve` keeps the test doubles running afterwards (a playground).
      { exec: 'ts-node --project demo/tsconfig.json demo/run.ts', receiveArgs: true },
    ],
  });

  project.addTask('measure:memory', {
    description: 'Peak memory of the bundled handler for 1,000, 10,000 and 100,000 images (how the memory size was chosen)',
    steps: [
      { spawn: bundle.name },
      { exec: 'ts-node --project demo/tsconfig.json demo/measure-memory.ts 1000,10000,100000 0,5' },
    ],
  });

  project.addTask('bench', {
    description: 'Benchmarks: paging throughput against the floor and the AWS CLI, cold start, synth cost, cold load by kind of lookup (writes bench/results.md)',
    steps: [
      { spawn: bundle.name },
      { exec: 'bash bench/ensure-awscli.sh' },
      { exec: 'node scripts/bundle.mjs bench/floor.ts bench/.build/floor.js' },
      { exec: 'ts-node --project bench/tsconfig.json bench/run.ts' },
      // The handler against the floor with a page server that costs nothing per page (its own section of results.md).
      { exec: 'ts-node --project bench/tsconfig.json bench/paging-ratio.ts' },
      // Cold load of a query and a parameter lookup, and of a query lookup with the asset before the parameter source (its own section).
      { exec: 'ts-node --project bench/tsconfig.json bench/cold-load.ts' },
    ],
  });
}
