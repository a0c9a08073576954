import { awscdk } from 'projen';
import { missing } from './conditions';

/**
 * The other jsii languages: package:<lang> for publishing, package:languages for CI's offline check,
 * and the tablet of translated examples that both use.
 */
export function addLanguages(project: awscdk.AwsCdkConstructLibrary): void {
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
}
