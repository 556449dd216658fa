#!/usr/bin/env bash
# fieldlab experiment collapse: runs its sweeps (kept in out/phases/, so a second
# run reuses every finished point), locates the critical values with 95 %
# intervals and writes the report to notebooks-exported/phases/collapse/.
# Prints its wall time. Pass --quick for the test suite's small variant
# (report in out/phases-quick/collapse/).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
"$bin" experiment collapse --jobs 2 "$@"
