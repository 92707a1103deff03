#!/usr/bin/env bash
# Runs every check: formatting, the embedded theme, the test suite, and a leak check of a real build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== swift format lint"
swift format lint --strict --recursive Sources Tests Package.swift

echo "== tests"
swift test

echo "== leak check (AddressSanitizer/LeakSanitizer)"
scripts/leak-check.sh
