#!/usr/bin/env bash
# fieldlab experiment pfgm-d: runs its sweeps (kept in out/phases/, so a second
# run reuses every finished point), locates the critical values with 95 %
# intervals and writes the report to notebooks-exported/phases/pfgm-d/.
# Prints its wall time. Pass --quick for the test suite's small variant
# (report in out/phases-quick/pfgm-d/).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
"$bin" experiment pfgm-d --jobs 2 "$@"
