#!/usr/bin/env bash
# Times two sitegen binaries on the same corpus, alternating them run by run so that drift in the machine
# (page cache, memory reclaim) falls on both alike. Prints each wall time, then median and mean per binary.
# Usage: bench/compare-builds.sh OLD_BINARY NEW_BINARY CORPUS_FOLDER [RUNS]
set -euo pipefail
old=$1 new=$2 corpus=$3 runs=${4:-7}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log="$out/times"
for _ in $(seq "$runs"); do
  for name in old new; do
    binary=${!name}
    start=$(date +%s%N)
    "$binary" build --source "$corpus" --output "$out/$name" --quiet
    echo "$name $(( ($(date +%s%N) - start) / 1000000 ))" | tee -a "$log"
  done
done
python3 - "$log" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    name, ms = line.split()
    times.setdefault(name, []).append(int(ms) / 1000)
for name, values in times.items():
    print(f"{name}: median {statistics.median(values):.2f} s, mean {statistics.mean(values):.2f} s, min {min(values):.2f} s, {len(values)} runs")
PY
