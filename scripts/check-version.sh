#!/usr/bin/env bash
# The version the next release gets, with the release task's own settings (MAJOR from projen's
# majorVersion): bump, read dist/version.txt, unbump. Before the first release (no v* tag) it must be
# 1.0.0. Writes nothing that stays: package.json is reset by unbump.
set -euo pipefail
cd "$(dirname "$0")/.."
env_args=$(node -e 'const e = require("./.projen/tasks.json").tasks.release.env || {}; console.log(Object.entries(e).map(([k, v]) => `${k}=${v}`).join(" "))')
# shellcheck disable=SC2086
env $env_args npx projen bump >/dev/null 2>&1 || { echo "check-version: npx projen bump failed" >&2; env $env_args npx projen bump >&2 || true; exit 1; }
version=$(cat dist/version.txt)
tag=$(cat dist/releasetag.txt)
npx projen unbump >/dev/null 2>&1
if ! git tag -l 'v*' | grep -q .; then
  [ "$version" = 1.0.0 ] || { echo "check-version: the first release would be $version, not 1.0.0" >&2; exit 1; }
  echo "check-version: no release yet; the first release is $version (tag $tag)"
else
  echo "check-version: the next release is $version (tag $tag), from the commits since $(git describe --tags --abbrev=0 --match 'v*')"
fi
