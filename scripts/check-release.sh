#!/usr/bin/env bash
# Checks the release artifacts in dist/ as the registries will see them, after the build:
# - npm: `npm publish --dry-run` on the packed dist/js tarball passes, and the files it lists are
#   exactly the files the package should ship (scripts/check-package-files.mjs);
# - PyPI: `twine check` passes on the wheel and the source distribution in dist/python (built by
#   `package:python`, offline where PyPI is unreachable; run here when the build made neither).
# twine is Debian's package; it is installed when missing and this runs as root (CI here).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob

tarballs=(dist/js/*.tgz)
[ "${#tarballs[@]}" -eq 1 ] || { echo "check-release: expected one tarball in dist/js, found ${#tarballs[@]} (run the build first)" >&2; exit 1; }
tarball="${tarballs[0]}"
# --json lists the files; the dry run contacts no registry for the upload. --tag: a pre-1.0 version
# (the unbumped 0.0.0) is otherwise refused a `latest` tag by npm 11.
npm publish --dry-run --json --tag check "$tarball" > .tmp-publish.json 2> .tmp-publish.err || { cat .tmp-publish.err >&2; rm -f .tmp-publish.*; exit 1; }
node scripts/check-package-files.mjs .tmp-publish.json
rm -f .tmp-publish.json .tmp-publish.err

python_files() { dists=(dist/python/*.whl dist/python/*.tar.gz); }
python_files
if [ "${#dists[@]}" -lt 2 ]; then
  echo "check-release: no wheel and source distribution in dist/python yet; building them (package:python)"
  bash scripts/package-language.sh python
  python_files
fi
[ "${#dists[@]}" -eq 2 ] || { echo "check-release: expected a wheel and a source distribution in dist/python, found: ${dists[*]:-none}" >&2; exit 1; }
if ! command -v twine >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-release: installing Debian's twine"
    (apt-get install -y -qq twine >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq twine >/dev/null; })
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get install -y -qq twine >/dev/null 2>&1 || { sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq twine >/dev/null; }
  else
    echo "check-release: twine is not installed (apt-get install twine)" >&2
    exit 1
  fi
fi
twine check --strict "${dists[@]}"
echo "check-release: npm publish --dry-run and twine check pass ($(basename "$tarball"), $(for d in "${dists[@]}"; do printf '%s ' "$(basename "$d")"; done| sed 's/ $//'))"
