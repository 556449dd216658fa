#!/usr/bin/env bash
# bash Samples/phases/experiment.sh NAME [--quick] [options]: builds fieldlab
# and runs `fieldlab experiment NAME`. Its sweeps are kept in out/phases/ (a
# second run reuses every finished point); it locates the critical values
# with 95 % intervals, writes the report to notebooks-exported/phases/NAME/
# (with --quick: out/phases-quick/NAME/) and prints its wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
"$bin" experiment "$1" --jobs 2 "${@:2}"
