#!/usr/bin/env bash
# The whole test suite, in release mode (numeric code is 10–100× slower in debug).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
swift test -c release -Xswiftc -enable-testing "$@"
