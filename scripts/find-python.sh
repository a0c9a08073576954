#!/usr/bin/env bash
# Prints the path of a Python 3 that has pip, setuptools and wheel, the tools that build the Python
# wheel offline. $PYTHON wins when set; otherwise every python3 on PATH is tried in order, because
# the first one is often a version manager's shim without them (pyenv's, on this project's machines)
# while the system's own, further down, has them. When none has them and we are root on Debian or
# Ubuntu, Debian's packages are installed (PyPI may be out of reach; Debian's mirror is not), unless
# CDK_AMI_LOOKUP_NO_INSTALL=1. Diagnostics go to stderr; only the path goes to stdout.
set -euo pipefail
tried=()

# The modules an interpreter lacks, space-separated; "not runnable" when it cannot run at all.
# setuptools is imported before pip: Debian's pip reads distutils, which setuptools replaces.
missing() {
  "$1" -c '
import importlib, sys
lack = []
for m in ("setuptools", "pip", "wheel"):
    try:
        importlib.import_module(m)
    except Exception:
        lack.append(m)
print(" ".join(lack))' 2>/dev/null || echo "not runnable"
}

check() {
  local py="$1" lack
  lack="$(missing "$py")"
  if [ -z "$lack" ]; then echo "$py"; return 0; fi
  if [ "$lack" = "not runnable" ]; then tried+=("$py (does not run)"); else tried+=("$py (lacks ${lack// /, })"); fi
  return 1
}

search() {
  local py seen=" "
  for py in $(type -ap python3 2>/dev/null); do
    # /bin and /usr/bin are one folder on merged-/usr systems: try each folder once. The folder, not
    # the binary: a virtual environment's python3 links to its base interpreter, yet has other modules.
    local real
    real="$(readlink -f "$(dirname "$py")" 2>/dev/null || dirname "$py")"
    case "$seen" in *" $real "*) continue ;; esac
    seen="$seen$real "
    check "$py" && return 0
  done
  return 1
}

say_tried() {
  local t
  for t in "${tried[@]}"; do echo "  tried $t" >&2; done
}

if [ -n "${PYTHON:-}" ]; then
  check "$PYTHON" && exit 0
  echo "find-python: PYTHON=$PYTHON cannot build the wheel:" >&2
  say_tried
  echo "  unset PYTHON to search PATH, or point it at a Python 3 with pip, setuptools and wheel" >&2
  exit 1
fi

search && exit 0

if [ "${CDK_AMI_LOOKUP_NO_INSTALL:-}" != "1" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "find-python: no python3 on PATH has pip, setuptools and wheel; installing Debian's python3-pip python3-setuptools python3-wheel" >&2
  say_tried
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip python3-setuptools python3-wheel >/dev/null
  tried=()
  search && exit 0
fi

if [ "${#tried[@]}" -eq 0 ]; then
  echo "find-python: no python3 on PATH; install Python 3 with pip, setuptools and wheel, or set PYTHON to one" >&2
else
  echo "find-python: no python3 on PATH has pip, setuptools and wheel:" >&2
  say_tried
  echo "  set PYTHON to an interpreter that has them, or on Debian/Ubuntu: sudo apt-get install python3-pip python3-setuptools python3-wheel" >&2
fi
exit 1
