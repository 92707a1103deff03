#!/usr/bin/env bash
# Fuzzes one target with libFuzzer and AddressSanitizer:
#   scripts/fuzz.sh document|template|request-path|image-header [SECONDS] [libFuzzer flags...]
# Leak checking is off (it makes each input about four times slower); scripts/leak-check.sh covers leaks.
# The corpus grows in .build-fuzz/corpus/TARGET, seeded from the example site (and, for document, every cmark-gfm
# conformance example and the shared seed posts, with Fuzz/markdown.dict as its dictionary); a crash, a time-out
# (over 10 s for one input) or more than 2 GB of memory stops the run and leaves the input in
# .build-fuzz/crashes/TARGET.
# Keep each such input in Fuzz/Regressions/TARGET/ once it is fixed: the test suite replays them all.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh document|template|request-path|image-header [SECONDS]}
seconds=${2:-1800}
shift $(( $# < 2 ? $# : 2 ))
swift build --scratch-path .build-fuzz --product sitegen-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING >/dev/null
corpus=.build-fuzz/corpus/$target
crashes=.build-fuzz/crashes/$target
mkdir -p "$corpus" "$crashes"
if [ -z "$(ls -A "$corpus")" ]; then
  cp Fuzz/Regressions/"$target"/* "$corpus"/ 2>/dev/null || true
  case $target in
    document)
      find content -name '*.md' -exec cp {} "$corpus"/ \;
      # Every cmark-gfm conformance example, and real posts: the shared seeds (front matter or none, Jekyll's fields).
      scripts/conformance-posts.py "$corpus"
      if [ -d ../shared/seeds ]; then cp ../shared/seeds/*.md "$corpus"/; fi ;;
    template)
      for name in post home base archive; do
        cp templates/$name.mustache "$corpus/$name"
        printf '%s\0{{> a}}\0{{< b}}{{$body}}x{{/body}}{{/b}}\0<main>{{$body}}{{/body}}</main>' "$(cat templates/$name.mustache)" \
          >"$corpus/$name-with-partials"
      done ;;
    image-header)
      # The phone-style photos (EXIF orientation, GPS, XMP) as JPEG, PNG and WebP.
      cp Tests/SitegenImagesTests/Fixtures/* "$corpus"/ ;;
    request-path)
      for path in / /journey/ /journey/posts/hello/ '/journey/a%20b/index.html?x=1' /%2e%2e/etc/passwd /journey/tags/caf%C3%A9/; do
        printf '%s' "$path" >"$corpus/$(printf '%s' "$path" | md5sum | cut -c1-12)"
      done ;;
  esac
fi
dictionary=()
if [ "$target" = document ]; then dictionary=(-dict=Fuzz/markdown.dict); fi
.build-fuzz/debug/sitegen-fuzz "$target" "$corpus" "${dictionary[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -detect_leaks=0 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$@"
