#!/usr/bin/env bash
# Builds sitegen with AddressSanitizer and builds the example site, the shared seed posts and a site of every
# cmark-gfm conformance example (one post each, safe and with raw HTML allowed) with it: AddressSanitizer fails
# the run on any memory error (a freed cmark node touched again), LeakSanitizer on any leak, including a
# cmark-gfm node, parser or string not freed.
# (valgrind 3.19 cannot read Swift 6's DWARF 5 debug information, so LeakSanitizer does this job.)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --sanitize=address --scratch-path .build-asan --product sitegen >/dev/null
binary=.build-asan/debug/sitegen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0

"$binary" build --source . --output "$work/example" --quiet
echo "example site: no leaks"

if [ -d ../shared/seeds ]; then
  mkdir -p "$work/seeds/content/posts"
  cp ../shared/seeds/*.md "$work/seeds/content/posts/"
  "$binary" build --source "$work/seeds" --quiet
  echo "seed posts: no leaks"
fi

scripts/conformance-posts.py "$work/spec/content/posts"
# Once with each document's nodes in its arena, as sitegen runs, and once with malloc for every node
# (SITEGEN_CMARK_MALLOC), where AddressSanitizer sees a node touched after it was freed.
for allocator in arena malloc; do
  for unsafe in false true; do
    printf 'title: Spec\nbase_url: https://example.org/\nmarkdown:\n  unsafe: %s\n' "$unsafe" >"$work/spec/site.yml"
    if [ "$allocator" = malloc ]; then
      SITEGEN_CMARK_MALLOC=1 "$binary" build --source "$work/spec" --quiet
    else
      "$binary" build --source "$work/spec" --quiet
    fi
    echo "cmark-gfm conformance examples (markdown.unsafe: $unsafe, $allocator): no memory errors, no leaks"
  done
done
