#!/usr/bin/env bash
# Regenerates the exported reports in notebooks-exported/: the method
# comparison on all eight built-in datasets, and quality against the number of
# solver steps (the few-step regime) on three of them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"

"$bin" report --out notebooks-exported/method-comparison --runs out/report-runs/methods
"$bin" report --datasets moons,8gaussians,checkerboard --solver-steps 3,5,10,20,50 \
  --title "Quality against the number of solver steps" \
  --out notebooks-exported/solver-steps --runs out/report-runs/steps
