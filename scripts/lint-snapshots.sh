#!/usr/bin/env bash
# cfn-lint on the committed integ snapshots' templates, when cfn-lint is installed (it is not a
# Debian package; this image has it from pip). W3005 (redundant DependsOn) is what CDK emits.
set -euo pipefail
if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "cfn-lint is not installed; skipping the template lint"
  exit 0
fi
templates=()
for t in test/*.snapshot/*.template.json; do
  # An assertion stack with nothing in it is not a template worth linting.
  if node -e 'const t=require(process.argv[1]); process.exit(Object.keys(t.Resources||{}).length ? 0 : 1)' "$PWD/$t"; then
    templates+=("$t")
  fi
done
cfn-lint --version
cfn-lint -i W3005 -- "${templates[@]}"
echo "cfn-lint: ${#templates[@]} template(s) clean"
