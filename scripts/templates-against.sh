#!/usr/bin/env bash
# Synthesizes the integ app and the example app at a git ref and in the working tree, with the same
# handler asset, and compares every template byte for byte: a refactor that must not change what
# users deploy proves it with `bash scripts/templates-against.sh <ref>`. Run after bundle:handler.
set -euo pipefail
ref=${1:?usage: scripts/templates-against.sh <git-ref>}
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/before" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/before" "$ref" >/dev/null 2>&1
ln -s "$root/node_modules" "$work/before/node_modules"
# The same asset on both sides, so that its hash is the same and any difference is the construct's.
cp -r assets "$work/before/assets"

synth() { # <tree> <out>
  local tree=$1 out=$2
  (cd "$tree" && CDK_OUTDIR="$out/integ" TS_NODE_TRANSPILE_ONLY=1 npx ts-node --project test/tsconfig.json test/integ.ami-lookup.ts >/dev/null)
  # Bundled next to src/, so that the construct finds assets/ from its __dirname as in the package.
  npx esbuild "$tree/examples/typescript/app.ts" --bundle --platform=node --format=cjs --log-level=warning \
    --external:aws-cdk-lib --external:constructs "--alias:cdk-ami-lookup=$tree/src/index.ts" --outfile="$tree/.templates/app.js"
  (cd "$tree" && NODE_PATH="$root/node_modules" CDK_OUTDIR="$out/example" node .templates/app.js >/dev/null)
  rm -rf "$tree/.templates"
}
synth "$work/before" "$work/out-before"
synth "$root" "$work/out-after"
# integ-tests-alpha salts each assertion with Date.now() at synth: the one field that differs between any two runs.
sed -i -E 's/"salt": "[0-9]+"/"salt": "(Date.now)"/' "$work"/out-*/integ/*.template.json

status=0
for dir in integ example; do
  for t in $(cd "$work/out-before/$dir" && ls ./*.template.json); do
    if cmp -s "$work/out-before/$dir/$t" "$work/out-after/$dir/$t"; then
      echo "identical: $dir/${t#./} ($(wc -c <"$work/out-after/$dir/$t") bytes)"
    else
      echo "DIFFERENT: $dir/${t#./}"; status=1
      diff <(node -e "console.log(JSON.stringify(require('$work/out-before/$dir/$t'),null,1))") \
           <(node -e "console.log(JSON.stringify(require('$work/out-after/$dir/$t'),null,1))") | head -40 || true
    fi
  done
  after=$(cd "$work/out-after/$dir" && ls ./*.template.json | wc -l)
  before=$(cd "$work/out-before/$dir" && ls ./*.template.json | wc -l)
  [ "$after" = "$before" ] || { echo "DIFFERENT: $dir has $before template(s) before, $after after"; status=1; }
done
exit $status
