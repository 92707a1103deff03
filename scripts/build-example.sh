#!/usr/bin/env bash
# Builds sitegen in release mode and the example site in this folder into public/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product sitegen
.build/release/sitegen build "$@"
