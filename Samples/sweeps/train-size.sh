#!/usr/bin/env bash
# The worked example of the README's "Experiments" section: flow matching on
# 8gaussians at training-set sizes 4…4096 (11 log-spaced values) × 3 seeds,
# at the sweep's budget (2000 steps at batch 512), two points side by side.
# Then the report: tidy tables, critical sizes with 95 % bootstrap intervals,
# a chart per observable and a strip of samples, exported to
# notebooks-exported/sweep-train-size/. About 1.5 minutes on 2 cores.
# Running it again resumes: only missing points run.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
out="${OUT:-out/sweeps/train-size}"

"$bin" sweep --flow-matching --dataset 8gaussians --vary train-size=log:4:4096:11 --seeds 3 --jobs 2 --out "$out"
"$bin" sweep report "$out" --out "${REPORT:-notebooks-exported/sweep-train-size}"
