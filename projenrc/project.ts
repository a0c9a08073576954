import { awscdk, javascript } from 'projen';
import { releaseOptions } from './release';

/**
 * The library itself: its package, peers, dependencies, languages and tooling, with the settings
 * that can only be made once the project exists.
 */
export function createProject(): awscdk.AwsCdkConstructLibrary {
  const project = new awscdk.AwsCdkConstructLibrary({
    name: 'cdk-ami-lookup',
    description: 'Resolve an Amazon Machine Image at CloudFormation deploy time, with a documented total order, and use it as an ec2.IMachineImage.',
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
    jsiiVersion: '~6.0.0',
    packageManager: javascript.NodePackageManager.NPM,
    projenrcTs: true,
    prettier: false,
    publishToPypi: { distName: 'cdk-ami-lookup', module: 'cdk_ami_lookup' },
    publishToNuget: { dotNetNamespace: 'CdkAmiLookup', packageId: 'CdkAmiLookup' },
    // A linear-time, RE2-semantics regex engine in pure JavaScript: nameRegex is matched with it at synth,
    // at deploy (bundled into the handler) and in the CLI. Bundled, as jsii requires of non-jsii deps.
    bundledDeps: ['re2js'],
    devDeps: [
      'aws-cdk-lib@2.160.0',
      // Bundled into the handler asset at build time, never a runtime dependency of the library.
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-sts',
      '@aws-sdk/client-ssm',
      // The status command reads deployed stacks; bundled into the CLI.
      '@aws-sdk/client-cloudformation',
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
    // The version, the registry metadata and the workflows (projenrc/release.ts).
    ...releaseOptions(),
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
  // constructor, because projen's `!/test/` drops every earlier pattern under /test/. Added here,
  // before the per-folder tsconfigs (projenrc/boundaries.ts), so that .gitignore keeps its order.
  project.gitignore.exclude('/test/*.snapshot/asset.*');

  return project;
}
