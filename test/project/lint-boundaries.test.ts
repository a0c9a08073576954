/**
 * The import boundaries are lint rules, and each rule fires: lambda/ and cli/ never import
 * aws-cdk-lib or constructs (they are bundled without them), src/ never imports lambda/, cli/,
 * test/ or devkit/, and the wire names and shared rules import nothing. Each probe is linted as the
 * text of a real file in that folder.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '..', '..');

/**
 * The boundary rules exactly as the generated .eslintrc.json states them (its overrides), applied
 * without type information: the rule is syntactic, and this keeps the test fast.
 */
function boundaryConfig(): Record<string, unknown> {
  const text = readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf8').replace(/^\/\/.*\n/, '');
  const config = JSON.parse(text);
  return {
    root: true,
    parser: config.parser,
    parserOptions: { ecmaVersion: 2018, sourceType: 'module' },
    overrides: config.overrides.filter((o: any) => o.rules?.['no-restricted-imports']),
  };
}

async function restrictedImports(file: string, code: string): Promise<string[]> {
  // The project's configuration is the legacy .eslintrc.json that projen writes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadESLint } = require('eslint');
  const ESLint = await loadESLint({ useFlatConfig: false });
  const eslint = new ESLint({ cwd: ROOT, useEslintrc: false, overrideConfig: boundaryConfig() });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m: any) => m.ruleId === 'no-restricted-imports').map((m: any) => m.message);
}

test.each([
  ['lambda/log.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n"],
  ['lambda/log.ts', "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nexport const e = ec2;\n"],
  ['cli/args.ts', "import { Construct } from 'constructs';\nexport const c = Construct;\n"],
])('%s may not import aws-cdk-lib or constructs: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('bundled and run without aws-cdk-lib or constructs')]);
});

test.each([
  ['src/refresh.ts', "import { jsonLog } from '../lambda/log';\nexport const l = jsonLog;\n"],
  ['src/refresh.ts', "import { USAGE } from '../cli/args';\nexport const u = USAGE;\n"],
  ['src/refresh.ts', "import { OWN_ACCOUNT } from '../test/support/catalog';\nexport const o = OWN_ACCOUNT;\n"],
])('%s may not reach into deploy-time code, the CLI or the tests: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('src/ is the jsii library')]);
});

test.each([
  ['src/wire.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n"],
  ['src/wire.ts', "import { compileNamePattern } from './name-pattern';\nexport const c = compileNamePattern;\n"],
  ['src/rules.ts', "import * as fs from 'fs';\nexport const f = fs;\n"],
  ['src/rules.ts', "import { suggest } from './suggestions';\nexport const s = suggest;\n"],
  ['src/instance-architecture.ts', "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nexport const e = ec2;\n"],
  ['src/suggest.ts', "import { REGION } from './rules';\nexport const r = REGION;\n"],
])('%s imports nothing: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('import nothing')]);
});

test('the same imports are allowed where they belong', async () => {
  expect(await restrictedImports('src/refresh.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n")).toEqual([]);
  expect(await restrictedImports('lambda/log.ts', "import { Prop } from '../src/wire';\nexport const p = Prop;\n")).toEqual([]);
  // The one exception to "imports nothing": the shared "did you mean" helper.
  expect(await restrictedImports('src/rules.ts', "import { didYouMean } from './suggest';\nexport const d = didYouMean;\n")).toEqual([]);
});
