#!/usr/bin/env bash
# Tries sitegen's import on a real blog, as a writer moving over would: import, `check --strict`, build.
#   scripts/try-import.sh jekyll|hugo BLOG_FOLDER [WORK_FOLDER]
# IMPORT_OPTIONS adds options to the import (such as --base-url). The blog is only read; the new site goes to WORK_FOLDER/site (default: a temporary folder, removed after).
# Prints each step's diagnostics and a one-line summary; exits 1 when a step fails. Real blogs stay out of the
# repository: turn what fails into a small fixture of our own.
set -uo pipefail
cd "$(dirname "$0")/.."
generator=${1:?usage: scripts/try-import.sh jekyll|hugo BLOG_FOLDER [WORK_FOLDER]}
blog=${2:?usage: scripts/try-import.sh jekyll|hugo BLOG_FOLDER [WORK_FOLDER]}
work=${3:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
binary=${SITEGEN:-$(swift build --show-bin-path)/sitegen}
rm -rf "$work/site"
status=0
echo "== import $generator $blog"
"$binary" import "$generator" "$blog" --into "$work/site" ${IMPORT_OPTIONS:-} || status=1
if [ $status -eq 0 ]; then
  echo "== check --strict"
  "$binary" check --strict --source "$work/site" || status=1
  echo "== build"
  "$binary" build --source "$work/site" --output "$work/public" --no-cache || status=1
fi
echo "summary: $(basename "$blog"): $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
