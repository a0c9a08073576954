#!/usr/bin/env bash
# Lists every value left as a placeholder for the release, each marked with one TODO(release) where it
# is set. Informational: it never fails (a maintainer fills them in before cutting a release).
set -euo pipefail
cd "$(dirname "$0")/.."
marker='TODO''(release)'
found=$(git grep -n -F "$marker" -- . ':!scripts/release-todos.sh' ':!CHANGELOG.md' || true)
if [ -z "$found" ]; then
  echo "release-todos: no placeholders left"
else
  echo "release-todos: $(printf '%s\n' "$found" | wc -l) placeholders to fill in before a release:"
  printf '%s\n' "$found" | sed 's/^/  /'
fi
