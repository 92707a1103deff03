#!/usr/bin/env bash
# Checks the GitHub side of publishing, as far as it runs without GitHub:
#  1. actionlint, zizmor (offline) and the action schema on the repository's workflows and action.yml, and on
#     the workflow `sitegen init` writes, both with a known action and with the placeholder; any finding fails.
#  2. The sitegen action's own steps (scripts/action.sh) run as GitHub would run them on a site fresh from
#     `sitegen init`: check the checkout, compute the cache key, build sitegen, build the site.
# Usage: scripts/check-workflows.sh [SITEGEN_BINARY]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
binary=${1:-$(swift build --show-bin-path)/sitegen}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# actionlint reads workflows (and the local actions they use); zizmor reads workflows and actions.
zizmor_clean() {
  zizmor --offline --config "$root/zizmor.yml" "$@" >"$work/zizmor.log" 2>&1 || { cat "$work/zizmor.log"; exit 1; }
}

echo "== the repository's workflows and action"
check-jsonschema --builtin-schema vendor.github-actions action.yml
actionlint .github/workflows/*.yml
zizmor_clean .github/workflows/*.yml action.yml

echo "== the workflow sitegen init writes"
commit=de0fac2e4500dabe0009e67214ff5f5447ce83dd  # any full hash: the linters look at its form
"$binary" init --action "someone/sitegen@$commit" "$work/with-action" >/dev/null
"$binary" init "$work/placeholder" >/dev/null
for site in with-action placeholder; do
  (cd "$work/$site" && git init -q && actionlint .github/workflows/deploy.yml && zizmor_clean .github/workflows/deploy.yml)
done
grep -q "uses: someone/sitegen@$commit # v" "$work/with-action/.github/workflows/deploy.yml"

echo "== the sitegen action's steps on that site"
site=$work/with-action
(cd "$site" && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm "first post")
export GITHUB_ACTION_PATH=$root RUNNER_TEMP=$work/runner GITHUB_OUTPUT=$work/output
mkdir -p "$RUNNER_TEMP"
scripts/action.sh check
scripts/action.sh key
scripts/action.sh key
key=$(sed -n 's/^key=//p' "$GITHUB_OUTPUT" | sort -u)
[ "$(printf '%s\n' "$key" | wc -l)" -eq 1 ] || { echo "the cache key changed between two runs: $key"; exit 1; }
case $key in sitegen-*) ;; *) echo "bad cache key: $key"; exit 1 ;; esac
# The debug build the tests already made stands in for the release build GitHub makes.
SITEGEN_CONFIGURATION=debug SITEGEN_SCRATCH_PATH=$root/.build scripts/action.sh build
SITEGEN_SOURCE=$site SITEGEN_BASE_URL=https://someone.github.io/journal/ scripts/action.sh site
grep -q 'https://someone.github.io/journal/' "$site/public/sitemap.xml"
[ -f "$site/public/index.html" ]
if GITHUB_ACTION_PATH=$work scripts/action.sh check >"$work/check.log" 2>&1; then
  echo "the action's check passed without sitegen's sources"; exit 1
fi
grep -q '^::error::' "$work/check.log"
echo "workflows: lint clean; the action built sitegen and the site"
