import { builtinModules } from 'module';
import { awscdk, JsonFile } from 'projen';

/**
 * Boundaries, enforced rather than remembered (test/project/lint-boundaries.test.ts proves each rule
 * fires): eslint's no-restricted-imports per folder, and a tsconfig for each folder outside src/ and
 * test/. The overrides are added in this order, which .eslintrc.json keeps.
 */
export function addBoundaries(project: awscdk.AwsCdkConstructLibrary): void {
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
          // 'node:*' covers the built-ins that exist only with the prefix, which differ between Node.js
          // releases: listing them would make the generated .eslintrc.json depend on the Node.js that ran projen.
          group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'constructs/*', 'node:*', ...builtinModules.filter((m) => !m.startsWith('node:')), '../*', '../**'],
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

  addFolderTsconfigs(project);
}

/**
 * lambda/, cli/, demo/, bench/ and devkit/ are outside src/ and test/, so each has its own tsconfig
 * (eslint's project service finds them too). The handler is bundled with esbuild; tsc only type-checks.
 * devkit/ holds the test doubles and helpers that test/, demo/ and bench/ share; shipped code never
 * imports it.
 */
function addFolderTsconfigs(project: awscdk.AwsCdkConstructLibrary): void {
  for (const dir of ['lambda', 'cli', 'demo', 'bench', 'devkit']) {
    new JsonFile(project, `${dir}/tsconfig.json`, {
      obj: {
        extends: '../tsconfig.json',
        compilerOptions: { noEmit: true, rootDir: '..', types: ['lambda', 'cli'].includes(dir) ? ['node'] : ['node', 'jest'] },
        include: ['**/*.ts'],
      },
    });
  }
}
