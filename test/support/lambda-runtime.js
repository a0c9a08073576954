// Runs a bundled handler the way the Lambda Node.js runtime does: loads `index.js` from the asset
// folder in a fresh process, calls `handler(event, context)` once, and enforces the timeout. The
// outcome goes to file descriptor 3 as JSON, so the handler's own stdout (its logs) stays separate.
'use strict';
const fs = require('fs');
const path = require('path');

const [assetDir, timeoutMs] = [process.argv[2], Number(process.argv[3])];
const event = JSON.parse(fs.readFileSync(0, 'utf8'));
const started = Date.now();
const report = (outcome) => {
  fs.writeSync(3, JSON.stringify({ ...outcome, durationMs: Date.now() - started, maxRssKb: process.resourceUsage().maxRSS }));
  // Lambda freezes the sandbox once the handler settles; nothing left behind may run on.
  process.exit(0);
};

const timer = setTimeout(() => report({ outcome: 'timeout' }), timeoutMs);
const context = {
  awsRequestId: 'c0ffee00-0000-4000-8000-000000000001',
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - Date.now()),
};
let mod;
try {
  mod = require(path.resolve(assetDir, 'index.js'));
} catch (e) {
  report({ outcome: 'init-error', error: String(e) });
}
Promise.resolve()
  .then(() => mod.handler(event, context))
  .then((value) => { clearTimeout(timer); report({ outcome: 'returned', value }); },
    (e) => { clearTimeout(timer); report({ outcome: 'threw', error: String(e && e.stack || e) }); });
