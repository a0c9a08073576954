/**
 * `cdk-ami-lookup`: the preview and status CLI. Dispatches the command, turns argument errors into the usage
 * or the hint to it, and ends with the exit code of the worst lookup.
 */
import { parsePreviewArgs, PreviewOptions, unknownCommandMessage } from './args';
import { addToStackError, Entry, isStackError } from './entries';
import { EXIT, Stop } from './exit';
import { endpointsOfRun, previewOne, targetsOf } from './preview';
import { render } from './render';
import { sharedPages } from './shared-pages';
import { sharingOn, statusCommand } from './status-command';
import { HELP_HINT, USAGE } from './usage';
import { UsageError } from './values';
import { imagePages } from '../lambda/pager';
import { lazyParameterReader } from '../lambda/parameter-reader';

async function main(argv: string[]): Promise<number> {
  // The SDK warns on Node.js 20 that its releases after early 2027 will need Node.js 22. The CLI
  // bundles one fixed SDK release, so the warning is about updates its users never get from it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.selected;
  }
  if (command !== 'preview' && command !== 'status') {
    // A usage error: the usage goes to stderr, so that a script reading stdout never takes it for a result.
    const problem = command === undefined ? '' : `cdk-ami-lookup: ${unknownCommandMessage(command)}\n\n`;
    process.stderr.write(`${problem}${USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await (command === 'status' ? statusCommand(rest) : preview(rest));
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    process.stderr.write(`cdk-ami-lookup: ${e.message}\n`);
    return e.code;
  }
}

async function preview(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.selected;
  }
  const endpoints = await endpointsOfRun(options);
  const targets = targetsOf(options);
  // Lookups of an app that share a query page it once (cli/shared-pages.ts).
  const pages = sharingOn() ? sharedPages(imagePages(() => undefined)) : imagePages(() => undefined);
  const parameters = lazyParameterReader();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  const entries: Entry[] = [];
  let worst: number = EXIT.selected;
  for (const t of targets) {
    const entry = await previewOne(t, options, endpoints, { pages, parameters, signal: controller.signal });
    if (entry.error) worst = Math.max(worst, EXIT.error);
    else if (!isStackError(entry) && !entry.resolution?.image) worst = Math.max(worst, EXIT.noMatch);
    if (isStackError(entry)) addToStackError(entries, entry);
    else entries.push(entry);
  }
  process.stdout.write(render(entries, options.json));
  return worst;
}

function parseOptions(args: string[]): PreviewOptions {
  try {
    return parsePreviewArgs(args);
  } catch (e) {
    if (e instanceof UsageError) throw new Stop(`${e.message}\n${HELP_HINT}`, EXIT.usage);
    throw e;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`cdk-ami-lookup: ${(e as Error).message}\n`);
  process.exitCode = EXIT.error;
});
