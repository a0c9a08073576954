import { awscdk } from 'projen';

/**
 * What CI checks beyond build and tests: the integration snapshots, the example at both ends of the
 * peer range, the public API against its baseline, and `ci`, which runs them all.
 */
export function addChecks(project: awscdk.AwsCdkConstructLibrary): void {
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
  // The baseline lives in a dot-folder: jsii-docgen documents every `**/.jsii` it finds outside
  // dot-folders, and a baseline of the same name and version would take the place of the build's own.
  // An intended change updates the baseline in the same commit with `npx projen api:baseline`.
  const apiCheck = project.addTask('api:check', {
    description: 'Fail on any incompatible change to the public API against the reviewed baseline (api/.baseline)',
    exec: 'jsii-diff --error-on all api/.baseline .',
  });
  project.addTask('api:baseline', {
    description: 'Record the current public API as the reviewed baseline (commit it with the change)',
    // A package folder, so that jsii-diff resolves aws-cdk-lib's assembly from this project.
    exec: 'mkdir -p api/.baseline && cp .jsii api/.baseline/.jsii && node -e "const p=require(\'./package.json\'); require(\'fs\').writeFileSync(\'api/.baseline/package.json\', JSON.stringify({ name: p.name, version: p.version, jsii: p.jsii, peerDependencies: p.peerDependencies }, null, 2) + \'\\n\')"',
  });
  project.gitignore.include('/api/.baseline/.jsii');

  project.addTask('ci', {
    description: 'Everything CI runs: build and tests, the other jsii languages, integration snapshots, the example at both ends of the aws-cdk-lib range',
    steps: [
      { spawn: 'build' },
      { spawn: apiCheck.name },
      // Added by addLanguages (projenrc/languages.ts), which runs before this.
      { spawn: 'package:languages' },
      { spawn: integ.name },
      { spawn: examples.name },
      { spawn: compatNewest.name },
    ],
  });
}
