// Preloaded with `node --require` (devkit/invoke-asset.ts's recordModules, bench/cold-load.ts): when
// the process exits, writes every file it loaded through `require` (the keys of require.cache, in
// the order they were loaded) as a JSON array to the file named by CDK_AMI_LOOKUP_RECORD_MODULES.
// Lambda-runtime.js ends with process.exit, which still runs 'exit' listeners.
'use strict';
const fs = require('fs');

const to = process.env.CDK_AMI_LOOKUP_RECORD_MODULES;
if (to) process.on('exit', () => fs.writeFileSync(to, JSON.stringify(Object.keys(require.cache))));
