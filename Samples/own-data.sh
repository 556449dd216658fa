#!/usr/bin/env bash
# A workflow on your own points: make a CSV (here: 3000 points of a spiral in
# its own units), train flow matching on a seeded subset, sample from the
# checkpoint with another solver, draw both, and compare every method on the
# file against its held-out fifth. Output: ${OUT:-out/own-data}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/own-data}"
mkdir -p "$out"

# Any CSV with a header x,y works; here the built-in 2spirals, scaled to other units.
"$bin" data 2spirals --count 3000 --seed 5 --out "$out/spirals-unit.csv"
awk -F, 'NR == 1 { print; next } { printf "%.9g,%.9g\n", 40 * $1 + 100, 40 * $2 - 20 }' \
  "$out/spirals-unit.csv" > "$out/spirals.csv"

"$bin" train --flow-matching --dataset "$out/spirals.csv" --train-size 2500 --steps 3000 --seed 1 --out "$out/run"
"$bin" sample --checkpoint "$out/run/model.safetensors" --solver rk4 --solver-steps 10 --count 5000 --out "$out/samples-rk4.csv"
"$bin" render "$out/spirals.csv" --out "$out/spirals.png"
"$bin" render "$out/samples-rk4.csv" --out "$out/samples-rk4.png"
"$bin" render "$out/run" --trajectories --out "$out/paths.png"
# Every method on the file, judged against a held-out fifth of it (never trained on).
"$bin" compare --dataset "$out/spirals.csv" --out "$out/compare"
echo "pictures: $out/*.png (samples are in the CSV's own units); comparison: $out/compare/comparison.md"
