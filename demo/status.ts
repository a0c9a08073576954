/**
 * The demo's last section: the demo app "deployed" (the bundled handler makes each physical ID) to
 * the playground's CloudFormation test double, and the catalog aged: the Windows image deprecates
 * in 10 days and the golden image is deregistered. Then `status` over the app shows one pin that is
 * fine, one deprecating soon and one that cannot launch. The catalog is put back afterwards, and the
 * stack stays deployed, so that with --serve the printed command runs again (and finds every pin fine).
 */
import { deployAssembly } from '../devkit/deploy-assembly';
import { FakeImage } from '../devkit/ec2-double';
import { Playground } from '../devkit/playground';
import { decodeState } from '../lambda/state';

/** The exit code `status` ends with here: a pin cannot launch. */
export const DEMO_STATUS_EXIT = 5;

export async function statusSection(playground: Playground, outdir: string, catalog: readonly FakeImage[],
  run: (args: string[]) => Promise<{ code: number }>): Promise<number> {
  const stacks = await deployAssembly(outdir, { ec2Endpoint: playground.ec2.url, stsEndpoint: playground.sts.url, ssmEndpoint: playground.ssm.url });
  const pinOf = (path: string) => decodeState(stacks[0].resources!.find((r) => r.logicalId.startsWith(path))?.physicalId)?.current.imageId;
  const windows = pinOf('WindowsServer2022');
  const golden = pinOf('GoldenImage');
  const soon = new Date(Date.now() + 10.5 * 86_400_000).toISOString();
  playground.ec2.setImages(catalog.filter((i) => i.imageId !== golden).map((i) => (i.imageId === windows ? { ...i, deprecationTime: soon } : i)));
  playground.cfn.setStacks(stacks);
  try {
    console.log('Later, the stack is deployed and its images age: the Windows image deprecates in 10 days, and the team deregistered its golden image.');
    console.log('What every deployed pin holds, and whether it can still launch:\n');
    console.log(`$ npx cdk-ami-lookup status --app ${outdir}\n`);
    const { code } = await run(['--app', outdir]);
    console.log(`exit ${code}: a pin cannot launch`);
    return code === DEMO_STATUS_EXIT ? 0 : 1;
  } finally {
    playground.ec2.setImages(catalog);
  }
}
