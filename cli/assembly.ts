/** Finds every Custom::AmiLookup in a synthesized cloud assembly (cdk.out). */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { EXIT, Stop } from './exit';
import { asCloudFormationSends, withoutProviderProperties } from '../src/shared/lookup-properties';
import { Attr, RESOURCE_TYPE } from '../src/shared/wire';

interface AssemblyLookup {
  /** The construct path of the AmiLookup, e.g. `MyStack/Al2023`. */
  readonly constructPath: string;
  readonly stackName: string;
  /** The name CloudFormation knows the stack by (the display name of a stage's stack is a path). */
  readonly cloudFormationName: string;
  readonly logicalId: string;
  /** The stack's region, when the stack has a concrete one. */
  readonly stackRegion?: string;
  /** The properties as CloudFormation would send them, or why they cannot be previewed. */
  readonly properties?: Record<string, unknown>;
  readonly unresolved?: string;
  /** The SSM parameters (`parameterName`) that CloudFormation writes the chosen image ID to. */
  readonly parameterNames: string[];
}

export class AssemblyError extends Error {}

export function lookupsInAssembly(dir: string): AssemblyLookup[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new AssemblyError(`${dir} is not a cloud assembly: it has no manifest.json (run cdk synth first)`);
  let manifest: any;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (e) {
    throw new AssemblyError(`${manifestFile} is not valid JSON: ${(e as Error).message}`);
  }
  const found: AssemblyLookup[] = [];
  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      // Stages are nested assemblies.
      found.push(...lookupsInAssembly(path.join(dir, artifact.properties.directoryName)));
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const template = JSON.parse(readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8'));
    // Construct paths by logical ID: in the manifest, or (newer CDK) in a metadata file beside it.
    const metadata = artifact.additionalMetadataFile
      ? JSON.parse(readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8'))
      : artifact.metadata ?? {};
    const paths = new Map<string, string>();
    for (const [p, entries] of Object.entries<any>(metadata)) {
      for (const e of entries) if (e.type === 'aws:cdk:logicalId') paths.set(e.data, p.replace(/^\//, ''));
    }
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
    const stackName = artifact.displayName ?? artifactId;
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type !== RESOURCE_TYPE) continue;
      const raw = withoutProviderProperties(resource.Properties ?? {});
      const intrinsic = findIntrinsic(raw);
      found.push({
        // An AmiLookup's resource is <path>/Resource/Default; users know the construct by <path>.
        constructPath: (paths.get(logicalId) ?? resource.Metadata?.['aws:cdk:path'] ?? `${stackName}/${logicalId}`).replace(/\/Resource\/Default$/, ''),
        stackName,
        cloudFormationName: artifact.properties?.stackName ?? artifactId,
        logicalId,
        stackRegion: region && region !== 'unknown-region' ? region : undefined,
        properties: intrinsic ? undefined : asCloudFormationSends(raw) as Record<string, unknown>,
        unresolved: intrinsic ? `property ${intrinsic} is only known at deploy time` : undefined,
        parameterNames: parametersHolding(template, logicalId),
      });
    }
  }
  return found;
}

/** Names of the SSM parameters whose value is this lookup's image ID. */
function parametersHolding(template: any, logicalId: string): string[] {
  return Object.values<any>(template.Resources ?? {})
    .filter((r) => r.Type === 'AWS::SSM::Parameter' && typeof r.Properties?.Name === 'string')
    .filter((r) => {
      const att = r.Properties?.Value?.['Fn::GetAtt'];
      return Array.isArray(att) && att[0] === logicalId && att[1] === Attr.imageId;
    })
    .map((r) => r.Properties.Name as string)
    .sort();
}

/** The path of the first CloudFormation intrinsic (Ref, Fn::...) in the properties, if any. */
function findIntrinsic(value: unknown, at = ''): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findIntrinsic(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return at || '(root)';
    for (const [k, v] of Object.entries(value)) {
      const found = findIntrinsic(v, at ? `${at}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

/** The assembly's lookups for a command: an assembly that cannot be read ends the run with the error code and its message. */
export function assemblyLookupsOrStop(dir: string): AssemblyLookup[] {
  try {
    return lookupsInAssembly(dir);
  } catch (e) {
    if (e instanceof AssemblyError || (e as NodeJS.ErrnoException).code) throw new Stop((e as Error).message, EXIT.error);
    throw e;
  }
}
