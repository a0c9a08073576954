#!/usr/bin/env bash
# API reference in every jsii language, with the examples translated from the rosetta tablet that
# `jsii-rosetta extract --strict` wrote (it fails the build when an example does not compile).
# Each language takes a minute or so, mostly loading aws-cdk-lib's assembly: two at a time.
set -euo pipefail
mkdir -p docs
printf '%s\n' python java csharp go | xargs -P 2 -I{} sh -c 'npx jsii-docgen -l {} -o docs/API.{}.md >/dev/null 2>&1 || { echo "jsii-docgen failed for {}" >&2; exit 1; }'
ls docs
