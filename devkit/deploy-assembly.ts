/**
 * "Deploys" a synthesized app for the CloudFormation test double: runs the bundled handler for each
 * Custom::AmiLookup exactly as CloudFormation would (a Create, then an Update per later set of
 * properties), against the EC2 (and STS and SSM) doubles, and returns the stacks with the physical IDs the
 * handler wrote. Tests, the demo and the benchmark get real physical IDs this way, never written by hand.
 */
import { FakeResource, FakeStack } from './cfn-double';
import { CfnResponseEndpoint } from './cfn-endpoint';
import { cfnEvent } from './events';
import { invokeAsset } from './invoke-asset';
import { lookupsInAssembly } from '../cli/assembly';

type Lookup = ReturnType<typeof lookupsInAssembly>[number];

export interface DeployOptions {
  readonly ec2Endpoint: string;
  readonly stsEndpoint?: string;
  /** Where lookups with a source parameter read it (the SSM double). */
  readonly ssmEndpoint?: string;
  /** The function's region for stacks without one. Default us-east-1. */
  readonly region?: string;
  /**
   * The properties each lookup was deployed with, in order: a Create with the first, an Update with
   * each one after. Default: the assembly's own, once. An empty list leaves the lookup out.
   */
  readonly history?: (lookup: Lookup) => Array<Record<string, unknown>> | undefined;
  /** Stacks to leave out: not deployed. */
  readonly skip?: readonly string[];
}

/** The deployed stacks, each with its lookups' resources as CloudFormation lists them. */
export async function deployAssembly(outdir: string, options: DeployOptions): Promise<FakeStack[]> {
  const lookups = lookupsInAssembly(outdir).filter((l) => !(options.skip ?? []).includes(l.cloudFormationName));
  const histories = lookups.map((l) => options.history?.(l) ?? [l.properties!]);
  const physicalIds = await runHistories(lookups.map((l, i) => ({ region: l.stackRegion ?? options.region ?? 'us-east-1', steps: histories[i] })), options);
  const stacks = new Map<string, { region?: string; resources: FakeResource[] }>();
  lookups.forEach((l, i) => {
    const stack = stacks.get(l.cloudFormationName) ?? { region: l.stackRegion, resources: [] };
    if (physicalIds[i] !== undefined) stack.resources.push({ logicalId: l.logicalId, physicalId: physicalIds[i], type: 'Custom::AmiLookup' });
    stacks.set(l.cloudFormationName, stack);
  });
  return [...stacks].map(([name, s]) => ({ name, region: s.region, resources: s.resources }));
}

/**
 * Runs each lookup's steps through the handler, one round per step, one process per round and
 * region (a warm container), and returns the physical ID each lookup ends with.
 */
export async function runHistories(lookups: ReadonlyArray<{ region: string; steps: ReadonlyArray<Record<string, unknown>> }>,
  options: Pick<DeployOptions, 'ec2Endpoint' | 'stsEndpoint' | 'ssmEndpoint'>): Promise<Array<string | undefined>> {
  const cfn = await CfnResponseEndpoint.start();
  const ids: Array<string | undefined> = lookups.map(() => undefined);
  try {
    const rounds = Math.max(0, ...lookups.map((l) => l.steps.length));
    for (let step = 0; step < rounds; step++) {
      const regions = [...new Set(lookups.map((l) => l.region))];
      for (const region of regions) {
        const due = lookups.map((l, i) => ({ l, i })).filter(({ l }) => l.region === region && step < l.steps.length);
        if (due.length === 0) continue;
        const events = due.map(({ l, i }) => (step === 0
          ? cfnEvent('Create', l.steps[0], cfn.responseUrl)
          : cfnEvent('Update', l.steps[step], cfn.responseUrl, { PhysicalResourceId: ids[i], OldResourceProperties: l.steps[step - 1] })));
        const before = cfn.received.length;
        await invokeAsset(events, {
          ec2Endpoint: options.ec2Endpoint,
          env: {
            AWS_REGION: region,
            AWS_DEFAULT_REGION: region,
            ...(options.stsEndpoint ? { AWS_ENDPOINT_URL_STS: options.stsEndpoint } : {}),
            ...(options.ssmEndpoint ? { AWS_ENDPOINT_URL_SSM: options.ssmEndpoint } : {}),
          },
        });
        const answers = cfn.received.slice(before).map((r) => r.json);
        if (answers.length !== due.length) throw new Error(`the handler answered ${answers.length} of ${due.length} events`);
        due.forEach(({ i }, k) => {
          if (answers[k]?.Status !== 'SUCCESS') throw new Error(`the handler failed a lookup: ${answers[k]?.Reason}`);
          ids[i] = answers[k].PhysicalResourceId;
        });
      }
    }
  } finally {
    await cfn.close();
  }
  return ids;
}
