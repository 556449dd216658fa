#!/usr/bin/env bash
# The exact fields: each method's ideal field of a training set, computed by
# FFTW from the points themselves, drawn at four scales; the training-free
# sampler that integrates it; and the field error of a trained network.
# Output: ${OUT:-out/exact-fields}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/exact-fields}"
mkdir -p "$out"

"$bin" field --diffusion --dataset moons --train-size 2000 --scale 0.05,0.3,1,5 --size 256 --out "$out/field-diffusion-moons.png"
"$bin" field --poisson --extra-dims 1 --dataset 8gaussians --train-size 2000 --scale 0.05,0.3,1,5 --size 256 \
  --out "$out/field-pfgm-8gaussians.png" --export "$out/field-pfgm-8gaussians.csv"
"$bin" field --flow-matching --dataset checkerboard --train-size 2000 --scale 0.3,0.6,0.9,0.97 --size 256 --out "$out/field-fm-checkerboard.png"

# Training-free sampling: the exact field reproduces its 300 training points.
"$bin" sample --exact --diffusion --dataset moons --train-size 300 --seed 2 --count 5000 --out "$out/exact-samples.csv"
"$bin" render "$out/exact-samples.csv" --style scatter --title "exact EDM field of 300 points: samples" --out "$out/exact-samples.png"

# How far a trained network is from the exact field of its own training set.
"$bin" train --diffusion --dataset moons --train-size 2000 --steps 2000 --field-error-every 500 --out "$out/run"
"$bin" field-error --checkpoint "$out/run/model.safetensors"
echo "pictures: $out/*.png; field error log: $out/run/log.csv"
