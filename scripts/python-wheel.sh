#!/usr/bin/env bash
# Builds the Python wheel from jsii-pacmak's generated code (dist/python, or the folder given)
# offline, with the pip, setuptools and wheel of the interpreter scripts/find-python.sh finds: no
# package index is needed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-dist/python}"
out="${2:-dist/python-wheel}"
py="$(bash "$here/find-python.sh")" || { echo "python-wheel: cannot build the wheel without such a Python (see above)" >&2; exit 1; }
rm -rf "$out"
# Debian's setuptools announces that it replaces distutils; that is how it always builds.
PYTHONWARNINGS="ignore:Setuptools is replacing distutils" "$py" -m pip wheel --no-deps --no-build-isolation --no-index -q -w "$out" "$src"
shopt -s nullglob
wheels=("$out"/*.whl)
[ "${#wheels[@]}" -gt 0 ] || { echo "python-wheel: pip wrote no wheel into $out" >&2; exit 1; }
echo "python-wheel: built $(for w in "${wheels[@]}"; do printf '%s ' "$(basename "$w")"; done)in $out with $py ($("$py" --version 2>&1))"
