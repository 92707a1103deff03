#!/usr/bin/env bash
# The steps of the sitegen GitHub Action (action.yml), kept here so that they can be run and tested outside
# GitHub. Each subcommand reads the environment GitHub sets (GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_OUTPUT)
# and the action's inputs as SITEGEN_* variables.
#   scripts/action.sh check     fails in one line unless the sitegen sources are there
#   scripts/action.sh key       writes `key=…` (a hash of sitegen's sources and the Swift version) to GITHUB_OUTPUT
#   scripts/action.sh build     builds sitegen (release unless SITEGEN_CONFIGURATION says otherwise) into SITEGEN_BIN
#   scripts/action.sh site      runs `sitegen build` on SITEGEN_SOURCE into SITEGEN_OUTPUT with SITEGEN_BASE_URL
set -euo pipefail
action=${GITHUB_ACTION_PATH:?set GITHUB_ACTION_PATH to the sitegen checkout}
bin=${SITEGEN_BIN:-${RUNNER_TEMP:?set RUNNER_TEMP}/sitegen-bin}

case ${1:-} in
  check)
    if [ ! -f "$action/Package.swift" ] || [ ! -d "$action/Sources/sitegen" ]; then
      echo "::error::$action does not hold sitegen's sources; point the workflow's \`uses:\` at a commit of the sitegen repository"
      exit 1
    fi ;;
  key)
    swift_version=$(swift --version 2>/dev/null | head -n 1)
    sources=$(cd "$action" && find Package.swift Sources -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
    echo "key=sitegen-$(uname -m)-$(printf '%s' "$swift_version" | sha256sum | cut -c1-8)-$sources" >>"${GITHUB_OUTPUT:-/dev/stdout}" ;;
  build)
    configuration=${SITEGEN_CONFIGURATION:-release}
    scratch=${SITEGEN_SCRATCH_PATH:-${RUNNER_TEMP:-/tmp}/sitegen-build}
    echo "Building sitegen ($configuration); the first build takes about 5 minutes, later runs use the cache."
    swift build -c "$configuration" --package-path "$action" --scratch-path "$scratch" --product sitegen
    mkdir -p "$bin"
    cp "$(swift build -c "$configuration" --package-path "$action" --scratch-path "$scratch" --show-bin-path)/sitegen" "$bin/"
    "$bin/sitegen" --version ;;
  site)
    source=${SITEGEN_SOURCE:-.}
    # Posts without a date take the date of their last commit; in a container the checkout belongs to another
    # user, so git is told (for sitegen's process only) that the site's folder is safe.
    export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0="$(cd "$source" && pwd)"
    arguments=(build --source "$source" --output "${SITEGEN_OUTPUT:-$source/public}")
    if [ -n "${SITEGEN_BASE_URL:-}" ]; then arguments+=(--base-url "$SITEGEN_BASE_URL"); fi
    "$bin/sitegen" "${arguments[@]}" ;;
  *)
    echo "usage: scripts/action.sh check|key|build|site" >&2
    exit 2 ;;
esac
