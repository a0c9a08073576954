#!/usr/bin/env bash
# Installs the packed library, as a user would, into an app on the newest aws-cdk-lib (compat/newest),
# synthesizes the example app there, and compares its template with the one synthesized against the
# peer floor (`npx projen examples`). Run after the build: it packs lib/ and assets/.
set -euo pipefail
cd "$(dirname "$0")/.."
work=compat/newest/.work
# The installed copy carries a .jsii of its own; jsii-docgen would find it beside the project's and
# document whichever it met last, so nothing is left behind.
trap 'rm -rf compat/newest/.work compat/newest/node_modules' EXIT
rm -rf "$work"
mkdir -p "$work"
npm pack --pack-destination "$work" --silent >/dev/null
cd compat/newest
npm ci --no-audit --no-fund --loglevel=error
# No --legacy-peer-deps: the peer range must accept the newest release as it is.
npm install --no-save --no-audit --no-fund --loglevel=error ./.work/cdk-ami-lookup-*.tgz
echo "compat: aws-cdk-lib $(node -p 'require("aws-cdk-lib/package.json").version'), constructs $(node -p 'require("constructs/package.json").version')"
cd ../..
npx esbuild examples/typescript/app.ts --bundle=false --format=cjs --platform=node --log-level=warning --outfile="$work/app.js"
(cd compat/newest && CDK_OUTDIR=.work/cdk.out node .work/app.js)
node scripts/compare-templates.mjs examples/typescript/cdk.out "$work/cdk.out"
