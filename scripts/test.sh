#!/usr/bin/env bash
# Runs every check: formatting, the embedded theme, the test suite, the live-reload test in headless Chromium,
# the page checks (HTML validity, links, accessibility), the photo checks (metadata, orientation, weight), and a
# leak check of a real build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser-test

echo "== swift format lint"
swift format lint --strict --recursive Sources Tests Fuzz Package.swift

echo "== tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift test --disable-xctest 2>&1 | tee "$log"
passed=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' "$log" | tail -n 1)

echo "== live reload in headless Chromium"
python3 Tests/Browser/live_reload_test.py --binary "$(swift build --show-bin-path)/sitegen" 2>&1 | tee "$log"
browser=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)

echo "== pages: Nu HTML Checker, LinkChecker and axe-core on the example site, the seeds and a generated 1k-post site"
python3 Tests/Browser/page_checks.py --binary "$(swift build --show-bin-path)/sitegen"

echo "== photos: no GPS in any published file (exiftool), upright originals, a 390 px phone loads at most 150 KB"
python3 Tests/Browser/photo_checks.py --binary "$(swift build --show-bin-path)/sitegen"

echo "== workflows: actionlint, zizmor, and the sitegen action's steps"
scripts/check-workflows.sh

echo "== leak check (AddressSanitizer/LeakSanitizer)"
scripts/leak-check.sh

echo "tests: $(( ${passed:-0} + ${browser:-0} )) passed, 0 failed"
