/**
 * What the registries show agrees across the five targets: package.json is the source, the jsii
 * assembly (from which jsii-pacmak writes the Python metadata, the Maven POM, the NuGet spec and the
 * Go module) carries the same values, and the README's badges and install lines use the names that
 * the release publishes.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const targets = pkg.jsii.targets;

test('homepage, repository and bugs name one repository', () => {
  const repo = pkg.homepage as string;
  expect(repo).toMatch(/^https:\/\/github\.com\/[^/]+\/cdk-ami-lookup$/);
  expect(pkg.repository.url).toBe(`${repo}.git`);
  expect(pkg.bugs.url).toBe(`${repo}/issues`);
  expect(pkg.description).toMatch(/\S/);
  expect(pkg.keywords).toEqual(expect.arrayContaining(['cdk', 'aws-cdk', 'ami']));
});

test('the Go module lives beside the repository, under the same owner', () => {
  const owner = /github\.com\/([^/]+)\//.exec(pkg.homepage)![1];
  expect(targets.go.moduleName).toBe(`github.com/${owner}/cdk-ami-lookup-go`);
});

const assembly = path.join(ROOT, '.jsii');
(existsSync(assembly) ? test : test.skip)('the jsii assembly carries package.json\'s metadata to every language', () => {
  const jsii = JSON.parse(readFileSync(assembly, 'utf8'));
  expect(jsii.name).toBe(pkg.name);
  expect(jsii.description).toBe(pkg.description);
  expect(jsii.homepage).toBe(pkg.homepage);
  expect(jsii.repository.url).toBe(pkg.repository.url);
  expect(jsii.keywords).toEqual(pkg.keywords);
  expect(jsii.targets).toEqual({ ...targets, js: { npm: pkg.name } });
});

test('the README\'s badges and install lines use the published names', () => {
  const maven = `${targets.java.maven.groupId}/${targets.java.maven.artifactId}`;
  for (const needle of [
    `img.shields.io/npm/v/${pkg.name})`,
    `img.shields.io/pypi/v/${targets.python.distName})`,
    `img.shields.io/maven-central/v/${maven})`,
    `img.shields.io/nuget/v/${targets.dotnet.packageId})`,
    `pkg.go.dev/${targets.go.moduleName}/${targets.go.packageName})`,
    `npm install ${pkg.name} `,
    `pip install ${targets.python.distName} `,
    `(import ${targets.python.module})`,
    `dotnet add package ${targets.dotnet.packageId} `,
    `go get ${targets.go.moduleName}/${targets.go.packageName} `,
    `<groupId>${targets.java.maven.groupId}</groupId><artifactId>${targets.java.maven.artifactId}</artifactId>`,
    `(package \`${targets.java.package}\`)`,
  ]) {
    expect(readme).toContain(needle);
  }
});
