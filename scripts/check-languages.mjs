// Checks what `jsii-pacmak --code-only` generated for each jsii language, and the Python wheel built
// from it: the public API is there in every language, and the wheel carries the jsii assembly with
// the bundled handler, so Python users need no bundling either.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// Reading and compiling the wheel needs only the standard library: $PYTHON, else any python3 on PATH.
const PYTHON = process.env.PYTHON || 'python3';

const expectations = {
  // The docstrings carry the examples translated by jsii-rosetta, not the TypeScript.
  python: ['dist/python/src/cdk_ami_lookup/__init__.py', ['class AmiLookup(', 'class AmiLookupProps:', 'class ImageOrder(', 'class Refresh(',
    'image = AmiLookup(self, "Al2023",']],
  javaExample: ['dist/java/src/main/java/io/github/cdkamilookup/AmiLookup.java', ['AmiLookup image = AmiLookup.Builder.create(this, "Al2023")']],
  java: ['dist/java/src/main/java/io/github/cdkamilookup/AmiLookup.java', ['public class AmiLookup extends software.constructs.Construct implements software.amazon.awscdk.services.ec2.IMachineImage']],
  dotnet: ['dist/dotnet/CdkAmiLookup/CdkAmiLookup/AmiLookup.cs', ['public class AmiLookup : Constructs.Construct, Amazon.CDK.AWS.EC2.IMachineImage']],
  go: ['dist/go/cdkamilookup/AmiLookup.go', ['func NewAmiLookup(scope constructs.Construct, id *string, props *AmiLookupProps) AmiLookup']],
};

let failed = false;
for (const [language, [file, needles]] of Object.entries(expectations)) {
  if (!existsSync(file)) {
    console.error(`${language}: ${file} was not generated`);
    failed = true;
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const needle of needles) {
    if (!text.includes(needle)) {
      console.error(`${language}: ${file} lacks ${JSON.stringify(needle)}`);
      failed = true;
    }
  }
  if (!failed) console.log(`${language}: ${file} has the public API`);
}

const wheels = existsSync('dist/python-wheel') ? readdirSync('dist/python-wheel').filter((f) => f.endsWith('.whl')) : [];
if (wheels.length !== 1) {
  console.error(`python: expected one wheel in dist/python-wheel, found ${wheels.length}`);
  failed = true;
} else {
  const listing = execFileSync(PYTHON, ['-m', 'zipfile', '-l', `dist/python-wheel/${wheels[0]}`], { encoding: 'utf8' });
  const tarball = /cdk_ami_lookup\/_jsii\/(cdk-ami-lookup@[^\s]+\.jsii\.tgz)/.exec(listing);
  if (!tarball) {
    console.error('python: the wheel has no jsii assembly');
    failed = true;
  } else {
    execFileSync(PYTHON, ['-c', `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], 'dist/python-wheel/x')`,
      `dist/python-wheel/${wheels[0]}`, `cdk_ami_lookup/_jsii/${tarball[1]}`]);
    const files = execFileSync('tar', ['-tzf', `dist/python-wheel/x/cdk_ami_lookup/_jsii/${tarball[1]}`], { encoding: 'utf8' });
    for (const f of ['package/assets/handler/index.js', 'package/assets/cli/index.js', 'package/lib/index.js']) {
      if (!files.split('\n').includes(f)) {
        console.error(`python: the wheel's assembly lacks ${f}`);
        failed = true;
      }
    }
    if (!failed) console.log(`python: ${wheels[0]} carries the jsii assembly with the bundled handler`);
  }
  execFileSync(PYTHON, ['-m', 'py_compile', 'dist/python/src/cdk_ami_lookup/__init__.py']);
}
process.exit(failed ? 1 : 0);
