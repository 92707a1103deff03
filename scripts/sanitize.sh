#!/usr/bin/env bash
# Runs the whole test suite under a sanitizer, in its own build folder:
#   scripts/sanitize.sh thread     ThreadSanitizer: data races (the end-to-end tests run the sanitized binary too)
#   scripts/sanitize.sh address    AddressSanitizer: memory errors
# Reports of the processes the tests start go to .build-SANITIZER/reports/; any report fails the run.
# Not part of scripts/test.sh (each takes 10 to 15 minutes on 2 cores); scripts/leak-check.sh is the
# AddressSanitizer pass CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer=${1:?usage: scripts/sanitize.sh thread|address}
scratch=.build-$sanitizer
reports=$scratch/reports
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >/dev/null
rm -rf "$reports" && mkdir -p "$reports"
case $sanitizer in
  thread) export TSAN_OPTIONS="log_path=$PWD/$reports/report" ;;
  address) export ASAN_OPTIONS="log_path=$PWD/$reports/report:detect_leaks=0" ;;
esac
swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --disable-xctest
if [ -n "$(ls -A "$reports")" ]; then
  cat "$reports"/*
  echo "$sanitizer sanitizer: reports above"
  exit 1
fi
echo "$sanitizer sanitizer: the suite passed with no reports"
