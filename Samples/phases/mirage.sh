#!/usr/bin/env bash
# fieldlab experiment mirage: runs its sweeps (kept in out/phases/, so a second
# run reuses every finished point), locates the critical values with 95 %
# intervals and writes the report to notebooks-exported/phases/mirage/.
# Prints its wall time. Pass --quick for the test suite's small variant
# (report in out/phases-quick/mirage/).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
"$bin" experiment mirage --jobs 2 "$@"
