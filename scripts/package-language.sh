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
    probe "$py" -m pip download --isolated --no-deps -d "$scratch" twine || skip "publishing needs PyPI, which is not reachable with $py -m pip; 'npx projen package:languages' builds the offline wheel in dist/python-wheel"
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
