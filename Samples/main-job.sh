#!/usr/bin/env bash
# The main job: train diffusion, flow matching and Poisson flow on `moons`
# with the same network, budget and seed, and draw their samples and paths.
# Pictures and run folders go to ${OUT:-out/main-job}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/main-job}"
mkdir -p "$out"

"$bin" data moons --count 10000 --seed 1 --out "$out/moons-true.csv"
"$bin" render "$out/moons-true.csv" --title "moons: true data" --out "$out/moons-true.png"
for method in diffusion flow-matching poisson; do
  "$bin" train --"$method" --dataset moons --seed 0 --out "$out/$method"
  "$bin" render "$out/$method" --out "$out/$method-samples.png"
  "$bin" render "$out/$method" --trajectories --out "$out/$method-paths.png"
done
echo "pictures: $out/*.png; run folders: $out/{diffusion,flow-matching,poisson}/"
