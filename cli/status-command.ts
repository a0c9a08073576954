/** Runs `status`: its flags, where its requests go, its progress on a terminal, and its output. */
import { EXIT, Stop } from './exit';
import { ec2DescribeByIds } from './held-images';
import { endpointsOfRun, profileRegion } from './preview';
import { sharedPages } from './shared-pages';
import { statusOf } from './status';
import { parseStatusArgs, StatusOptions } from './status-args';
import { renderStatus } from './status-render';
import { STATUS_HELP_HINT, STATUS_USAGE } from './status-usage';
import { UsageError } from './values';
import { imagePages } from '../lambda/pager';
import { lazyParameterReader } from '../lambda/parameter-reader';

export async function statusCommand(args: string[]): Promise<number> {
  let options: StatusOptions;
  try {
    options = parseStatusArgs(args);
  } catch (e) {
    if (e instanceof UsageError) throw new Stop(`${e.message}\n${STATUS_HELP_HINT}`, EXIT.usage);
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${STATUS_USAGE}\n`);
    return EXIT.selected;
  }
  await endpointsOfRun(options);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const progress = progressLine(process.stderr.isTTY === true && !options.json);
  const sharing = sharingOn();
  const report = await statusOf(options, {
    pages: sharing ? sharedPages(imagePages(() => undefined)) : imagePages(() => undefined),
    parameters: lazyParameterReader(),
    batchSize: sharing ? undefined : 1,
    describe: ec2DescribeByIds(controller.signal),
    signal: controller.signal,
    now: Date.now(),
    profileRegion,
    progress: progress.count,
  });
  progress.done();
  process.stdout.write(renderStatus(report, options.json));
  return report.exitCode;
}

/**
 * `CDK_AMI_LOOKUP_SHARING=off` pages every lookup's query on its own and describes each held image
 * in a call of its own, as a run without de-duplication or batching would: for the benchmark's
 * comparison, and to rule the sharing out when in doubt.
 */
export function sharingOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDK_AMI_LOOKUP_SHARING !== 'off';
}

/** Stacks read, DescribeImages batches and queries resolved, on one stderr line, only for a person at a terminal. */
function progressLine(enabled: boolean) {
  const n = { stack: 0, images: 0, query: 0 };
  return {
    count: (event: keyof typeof n) => {
      n[event]++;
      if (enabled) process.stderr.write(`\rstatus: ${n.stack} stack(s) read, ${n.images} DescribeImages batch(es), ${n.query} quer(ies) resolved...`);
    },
    done: () => {
      if (enabled && n.stack + n.images + n.query > 0) process.stderr.write('\r\u001b[K');
    },
  };
}
