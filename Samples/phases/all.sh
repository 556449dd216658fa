#!/usr/bin/env bash
# Every phase experiment at its default size, one after another (the mirage
# re-reads the memorisation sweep); each prints its wall time and writes its
# report to notebooks-exported/phases/NAME/ (indexed in notebooks-exported/README.md).
set -euo pipefail
cd "$(dirname "$0")"
for name in memorization collapse generalize-first mirage pfgm-d; do bash "$name.sh" "$@"; done
