/**
 * The import boundaries are lint rules, and each rule fires: lambda/ and cli/ never import
 * aws-cdk-lib or constructs (they are bundled without them), src/ never imports lambda/, cli/,
 * test/ or devkit/, src/shared/ (bundled) uses no aws-cdk-lib, constructs or Node.js built-ins and
 * reaches nothing outside itself, and the wire names import nothing. Each probe is linted as the
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
  ['src/refresh.ts', "import { USAGE } from '../cli/usage';\nexport const u = USAGE;\n"],
  ['src/refresh.ts', "import { realisticCatalog } from '../devkit/catalog';\nexport const c = realisticCatalog;\n"],
  ['src/refresh.ts', "import { BAD_INPUTS } from '../test/support/bad-inputs';\nexport const b = BAD_INPUTS;\n"],
])('%s may not reach into deploy-time code, the CLI, the dev kit or the tests: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('src/ is the jsii library')]);
});

test.each([
  ['src/shared/rules.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n"],
  ['src/shared/lookup-properties.ts', "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nexport const e = ec2;\n"],
  ['src/shared/name-pattern.ts', "import { Construct } from 'constructs';\nexport const c = Construct;\n"],
  ['src/shared/rules.ts', "import * as fs from 'fs';\nexport const f = fs;\n"],
  ['src/shared/suggest.ts', "import { createHash } from 'node:crypto';\nexport const h = createHash;\n"],
  ['src/shared/instance-architecture.ts', "import { Refresh } from '../refresh';\nexport const r = Refresh;\n"],
  ['src/shared/rules.ts', "import { jsonLog } from '../../lambda/log';\nexport const l = jsonLog;\n"],
  ['src/shared/rules.ts', "import { realisticCatalog } from '../../devkit/catalog';\nexport const c = realisticCatalog;\n"],
])('%s is bundled: no aws-cdk-lib, constructs, Node.js built-ins or files outside src/shared/: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('src/shared/ is bundled into the handler and the CLI')]);
});

test.each([
  ['src/shared/wire.ts', "import { didYouMean } from './suggest';\nexport const d = didYouMean;\n"],
  ['src/shared/wire.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n"],
])('%s, the frozen wire names, imports nothing: %j', async (file, code) => {
  expect(await restrictedImports(file, code)).toEqual([expect.stringContaining('imports nothing')]);
});

test('the same imports are allowed where they belong', async () => {
  expect(await restrictedImports('src/refresh.ts', "import { Duration } from 'aws-cdk-lib';\nexport const d = Duration;\n")).toEqual([]);
  expect(await restrictedImports('lambda/log.ts', "import { Prop } from '../src/shared/wire';\nexport const p = Prop;\n")).toEqual([]);
  expect(await restrictedImports('src/shared/rules.ts', "import { didYouMean } from './suggest';\nexport const d = didYouMean;\n")).toEqual([]);
  expect(await restrictedImports('src/shared/name-pattern.ts', "import { RE2JS } from 're2js';\nexport const r = RE2JS;\n")).toEqual([]);
});
