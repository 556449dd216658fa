#!/usr/bin/env bash
# Pictures as datasets, and animations: train flow matching on a picture
# (Samples/pictures/heart.pgm, made by Samples/pictures/make-heart.sh; the grey
# level is the density, in pixel units with y up), draw its samples, animate
# them moving from the prior to the data, and animate the exact field of
# `moons` through the noise scales. Writes Samples/pictures/heart-samples.png,
# heart-flow.png and field-scales.png (animated PNGs), and the run to
# ${OUT:-out/pictures}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/pictures}"
pictures=Samples/pictures

bash "$pictures/make-heart.sh"
"$bin" train --flow-matching --dataset "$pictures/heart.pgm" --out "$out/heart"
"$bin" render "$out/heart" --size 320 --out "$pictures/heart-samples.png"
"$bin" render "$out/heart" --animate --size 320 --points 6000 --out "$pictures/heart-flow.png"
"$bin" field --diffusion --dataset moons --train-size 2000 --scale 2,1.2,0.7,0.4,0.25,0.15,0.09,0.05 \
  --animate --size 256 --resolution 96 --out "$pictures/field-scales.png"
ls -l "$pictures"/heart-samples.png "$pictures"/heart-flow.png "$pictures"/field-scales.png
