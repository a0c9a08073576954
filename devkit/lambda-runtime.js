// Runs a bundled handler the way the Lambda Node.js runtime does: loads `index.js` from the asset
// folder in a fresh process and calls `handler(event, context)`, enforcing the timeout. Given a JSON
// array of events it invokes them one after another in the same process, as a warm container would.
// The outcome goes to file descriptor 3 as JSON, so the handler's own stdout (its logs) stays separate,
// with the process's own timings: loadMs (requiring the entry), its CPU time so far, and its peak RSS.
'use strict';
const fs = require('fs');
const path = require('path');

const [assetDir, timeoutMs, entry] = [process.argv[2], Number(process.argv[3]), process.argv[4] || 'index.js'];
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const processStarted = Date.now();
let loadMs;
const report = (outcome) => {
  const cpu = process.cpuUsage();
  fs.writeSync(3, JSON.stringify({
    ...outcome, nodeVersion: process.version, durationMs: Date.now() - processStarted, maxRssKb: process.resourceUsage().maxRSS,
    loadMs, cpuMs: (cpu.user + cpu.system) / 1000,
  }));
  // Lambda freezes the sandbox once the handler settles; nothing left behind may run on.
  process.exit(0);
};

let mod;
try {
  const loading = process.hrtime.bigint();
  mod = require(path.resolve(assetDir, entry));
  loadMs = Number(process.hrtime.bigint() - loading) / 1e6;
} catch (e) {
  report({ outcome: 'init-error', error: String(e) });
}

function invoke(event) {
  const started = Date.now();
  const context = {
    awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - Date.now()),
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ outcome: 'timeout', ms: Date.now() - started }), timeoutMs);
    Promise.resolve()
      .then(() => mod.handler(event, context))
      .then((value) => { clearTimeout(timer); resolve({ outcome: 'returned', value, ms: Date.now() - started }); },
        (e) => { clearTimeout(timer); resolve({ outcome: 'threw', error: String((e && e.stack) || e), ms: Date.now() - started }); });
  });
}

(async () => {
  if (!Array.isArray(input)) return report(await invoke(input));
  const outcomes = [];
  for (const event of input) {
    const o = await invoke(event);
    outcomes.push(o);
    // After a timeout Lambda would discard the sandbox; so do we.
    if (o.outcome === 'timeout') break;
  }
  return report({ outcome: 'batch', outcomes });
})();
