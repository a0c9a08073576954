/**
 * The monitor's Lambda entry point (`monitor.handler`, beside `index.handler` in the one handler
 * asset), invoked by the monitor's EventBridge schedule with the input the construct wrote.
 */
import { ec2Describer } from './ec2';
import { parseMonitorInput } from './input';
import { MonitorSummary, runMonitor } from './run';
import { jsonLog } from '../log';
import { resolve } from '../lookup';
import { imagePages } from '../pager';
import { lazyParameterReader } from '../parameter-reader';
import { parseProperties } from '../properties';

// Created once per container, as in index.ts.
const pages = imagePages();
const parameters = lazyParameterReader();

/** Time kept back from the function's timeout, so the run ends with its own error rather than Lambda's. */
const RESERVE_MS = 10_000;

// Straight to stdout, not console.log: under Lambda's JSON log format console.log wraps each line
// in a JSON envelope, and CloudWatch only extracts metrics from a line that is the EMF document itself.
const emit = (document: Record<string, unknown>) => {
  process.stdout.write(`${JSON.stringify(document)}\n`);
};

export async function handler(event: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<MonitorSummary> {
  const input = parseMonitorInput(event);
  const left = context?.getRemainingTimeInMillis?.() ?? 300_000;
  const signal = AbortSignal.timeout(Math.max(1_000, left - RESERVE_MS));
  const ec2 = ec2Describer(signal);
  const budget = { signal, deadline: Date.now() + Math.max(1_000, left - RESERVE_MS) };
  // A refresh check is the lookup's own resolve, so that it picks exactly what a refresh would.
  const refreshPick = async (properties: Readonly<Record<string, unknown>>) => {
    const r = await resolve(parseProperties(properties), { pages, parameters, now: Date.now, log: jsonLog }, budget);
    return { imageId: r.image?.ImageId };
  };
  try {
    return await runMonitor(input, { describer: ec2.describer, now: Date.now, emit, log: jsonLog, refreshPick });
  } finally {
    ec2.close();
  }
}
