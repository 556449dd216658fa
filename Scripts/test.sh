#!/usr/bin/env bash
# The whole test suite, in release mode (numeric code is 10–100× slower in debug),
# then a short fuzz run of every parser of outside input (3 s per harness).
set -uo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh || exit 1
swift test -c release -Xswiftc -enable-testing "$@"
tests=$?
fuzz=0
# With arguments (e.g. --filter) only those tests run.
if [ $# -eq 0 ]; then bash Scripts/fuzz.sh --seconds 3; fuzz=$?; fi
[ "$tests" -eq 0 ] && [ "$fuzz" -eq 0 ]
