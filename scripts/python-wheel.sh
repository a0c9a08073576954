#!/usr/bin/env bash
# Builds the Python wheel from jsii-pacmak's generated code offline, with the pip, setuptools and
# wheel of $PYTHON (python3 on PATH by default): no package index is needed.
set -euo pipefail
py="${PYTHON:-python3}"
if ! "$py" -c 'import setuptools, wheel, pip' >/dev/null 2>&1; then
  echo "python-wheel: $py lacks pip, setuptools or wheel; set PYTHON to an interpreter that has them (on Debian: apt-get install python3-pip python3-setuptools python3-wheel)" >&2
  exit 1
fi
rm -rf dist/python-wheel
# Debian's setuptools announces that it replaces distutils; that is how it always builds.
PYTHONWARNINGS="ignore:Setuptools is replacing distutils" "$py" -m pip wheel --no-deps --no-build-isolation --no-index -q -w dist/python-wheel dist/python
