#!/usr/bin/env bash
# The main job: train diffusion (EDM), flow matching and Poisson flow (PFGM++
# at D = 4 and D = 2048) on `moons` with the same network, budget (`train`'s)
# and seed, each sampled with its own tuned sampler (notebooks-exported/tuning/),
# compare them against fresh true samples (each
# metric next to its noise floor), and draw samples and sampling paths.
# Everything goes to ${OUT:-out/main-job}: comparison.md, comparison.png, one
# run folder per method, and a picture of each method's paths.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/main-job}"

"$bin" compare --dataset moons --out "$out"
for method in diffusion flow-matching flow-matching-ot poisson-D4 poisson-D2048; do
  "$bin" render "$out/$method" --trajectories --out "$out/$method-paths.png"
done
echo "report: $out/comparison.md; pictures: $out/*.png; run folders: $out/<method>/"
