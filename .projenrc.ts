import { addBoundaries } from './projenrc/boundaries';
import { addChecks } from './projenrc/checks';
import { addLanguages } from './projenrc/languages';
import { createProject } from './projenrc/project';
import { addRelease } from './projenrc/release';
import { addTasks } from './projenrc/tasks';

// One function per concern. Keep the order: .gitignore lists its patterns in the order they are added
// (project.ts's snapshot assets, then boundaries.ts's tsconfigs, then checks.ts's API baseline).
const project = createProject(); // projenrc/project.ts: package, dependencies, tooling options
addBoundaries(project); // projenrc/boundaries.ts: import rules per folder, per-folder tsconfigs
addTasks(project); // projenrc/tasks.ts: bundle:handler, test, test:unit, pack, demo, measure:memory, bench
addLanguages(project); // projenrc/languages.ts: package:<lang>, package:languages, the rosetta tablet
addChecks(project); // projenrc/checks.ts: integ, examples, compat:newest, api:check/baseline, ci
addRelease(project); // projenrc/release.ts: version, registry metadata, workflows, ci:after-build, release:check

project.synth();
