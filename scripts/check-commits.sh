#!/usr/bin/env bash
# Every commit made since the 1.0.0 release (the tag v1.0.0) has a Conventional Commits subject, so
# that projen can write the next version and its changelog from them, with one header each. Names each
# offending commit and fails. Merge commits are left out (git writes their subjects). Before the tag
# exists: nothing to check.
set -euo pipefail
cd "$(dirname "$0")/.."
tag=v1.0.0
if ! git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  echo "check-commits: no tag $tag yet, so no commit is checked (the rule applies to commits after 1.0.0)"
  exit 0
fi
# type(scope)!: subject. The pull-request-lint workflow reads its types from this line (projenrc/release.ts).
types='feat fix docs style refactor perf test build ci chore revert'
rule="^(${types// /|})(\\([^()]+\\))?!?: [^ ].*"
# A second header in the subject ("feat(x): a; docs(y): b") makes the changelog read "x): a; docs(y" as the scope.
second="[;,] (${types// /|})(\\([^()]+\\))?!?: "
bad=0
count=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  count=$((count + 1))
  subject="${line#* }"
  if ! [[ "$subject" =~ $rule ]]; then
    echo "check-commits: ${line%% *} is not a Conventional Commit: $subject"
    bad=$((bad + 1))
  elif [[ "$subject" =~ $second ]]; then
    echo "check-commits: ${line%% *} has two headers in one subject (make it two commits, or one type): $subject"
    bad=$((bad + 1))
  fi
done < <(git log --no-merges --format='%h %s' "$tag..HEAD")
if [ "$bad" -gt 0 ]; then
  echo "check-commits: $bad of $count commits since $tag break the rule type(scope)?!?: subject (README: Contributing)"
  exit 1
fi
echo "check-commits: $count commits since $tag, all Conventional Commits"
