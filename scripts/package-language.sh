#!/usr/bin/env bash
# Packages one jsii language for publishing (`npx projen package-all`, which runs without CI=true).
# A packager needs its toolchain and its registry; where either is missing, say so in one line and
# skip, so that a developer's build passes on any machine. CI (CI=true) packages JavaScript only and
# generates the other languages offline in `package:languages`.
set -euo pipefail
lang="$1"
skip() { echo "package:$lang skipped: $1"; exit 0; }
has() { command -v "$1" >/dev/null 2>&1; }
# Registry probes use each language's own client, quietly and with a time limit.
probe() { timeout 60 "$@" >/dev/null 2>&1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
case "$lang" in
  python)
    # jsii-pacmak's Python packager installs its build tools from PyPI; package:languages builds an
    # offline wheel instead (scripts/python-wheel.sh), which is what CI checks.
    py="$(CDK_AMI_LOOKUP_NO_INSTALL=1 bash scripts/find-python.sh)" || skip "no python3 with pip, setuptools and wheel (tried as above); 'npx projen package:languages' builds the offline wheel"
    if ! probe "$py" -m pip download --isolated --no-deps -d "$scratch" twine; then
      # No PyPI: build what jsii-pacmak would publish (the wheel and the source distribution in
      # dist/python) from the code it generates, offline, so that `npx projen release` has Python here too.
      echo "package:python: PyPI is not reachable with $py -m pip; building the wheel and the source distribution offline"
      tablet=(); [ -f .jsii.tabl.json ] && tablet=(--rosetta-tablet .jsii.tabl.json)
      npx jsii-pacmak --code-only "${tablet[@]}" --outdir "$scratch/out" --target python
      bash scripts/python-wheel.sh "$scratch/out/python" dist/python
      (cd "$scratch/out/python" && PYTHONWARNINGS="ignore" "$py" setup.py -q sdist -d "$OLDPWD/dist/python" >/dev/null 2>&1) \
        || { echo "package:python: the source distribution could not be built with $py" >&2; exit 1; }
      echo "package:python: $(cd dist/python && ls | tr '\n' ' ')in dist/python"
      exit 0
    fi
    ;;
  java)
    { has mvn && has javac; } || skip "no JDK and Maven (javac, mvn)"
    probe mvn -q -B dependency:get -Dartifact=software.amazon.jsii:jsii-runtime:1.120.0 -Dmaven.repo.local="$scratch" || skip "Maven Central is not reachable with mvn"
    ;;
  dotnet)
    has dotnet || skip "no .NET SDK (dotnet)"
    probe dotnet package search Amazon.JSII.Runtime --take 1 || skip "NuGet is not reachable with dotnet"
    ;;
  go)
    has go || skip "no Go toolchain (go)"
    probe go list -m -versions github.com/aws/jsii-runtime-go || skip "the Go module proxy is not reachable with go"
    ;;
  *)
    echo "usage: package-language.sh python|java|dotnet|go" >&2
    exit 2
    ;;
esac
exec npx jsii-pacmak -v --target "$lang"
