#!/usr/bin/env bash
# Sweep throughput: the issue's sweep (flow matching, train-size 16…8192 in 10
# log steps × 3 seeds, 2000 steps at the sweep's batch of 512) with --jobs 2
# (two points side by side, one core each) against --jobs 1 (one point at a
# time on both cores), then the same for small runs (width 32, 300 steps at
# batch 128), and the small runs one at a time on one core (FIELDLAB_THREADS=1:
# how --jobs scales). Prints points per minute and the ratios, measured in one run.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab >/dev/null
bin="$(swift build -c release --show-bin-path)/fieldlab"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rate() {  # rate NAME ARGS… → prints "NAME: N points in S s, R points/min"
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$bin" sweep "$@" --out "$work/$name" >/dev/null 2>&1
  end=$(date +%s.%N)
  local n; n=$(ls "$work/$name/points" | wc -l)
  awk -v n="$n" -v s="$start" -v e="$end" -v name="$name" \
    'BEGIN { t = e - s; printf "%-14s %3d points in %6.1f s: %6.1f points/min\n", name, n, t, 60 * n / t }'
}

issue=(--flow-matching --dataset moons --vary train-size=log:16:8192:10 --seeds 3 --steps 2000)
small=(--flow-matching --dataset moons --vary train-size=log:16:8192:10 --seeds 3 --steps 300 --batch-size 128 --width 32)
a=$(rate issue-jobs2 "${issue[@]}" --jobs 2); echo "$a"
b=$(rate issue-jobs1 "${issue[@]}" --jobs 1); echo "$b"
c=$(rate small-jobs2 "${small[@]}" --jobs 2); echo "$c"
d=$(rate small-jobs1 "${small[@]}" --jobs 1); echo "$d"
e=$(FIELDLAB_THREADS=1 rate small-1core "${small[@]}" --jobs 1); echo "$e"
ratio() { awk -v x="$(echo "$1" | awk '{print $(NF-1)}')" -v y="$(echo "$2" | awk '{print $(NF-1)}')" 'BEGIN { printf "%.2f", x / y }'; }
echo "--jobs 2 ÷ --jobs 1 (both cores per point): $(ratio "$a" "$b")× (issue's sweep), $(ratio "$c" "$d")× (small runs)"
echo "--jobs 2 ÷ one point at a time on one core (scaling with jobs): $(ratio "$c" "$e")× (small runs)"
