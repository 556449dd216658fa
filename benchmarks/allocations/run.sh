#!/usr/bin/env bash
# Counts the allocations of FieldLab's hot loops: builds a counting allocator
# (count_malloc.c), preloads it into `fieldlab bench`, which then reports the
# allocations per training step and per sampling step (0 = the loop reuses
# its buffers). Usage: bash benchmarks/allocations/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash Scripts/install-dependencies.sh
command -v gcc >/dev/null || apt-get install -y gcc
swift build -c release --product fieldlab
bin="$(swift build -c release --show-bin-path)/fieldlab"
mkdir -p .build
gcc -O2 -shared -fPIC benchmarks/allocations/count_malloc.c -o .build/libcountmalloc.so
LD_PRELOAD="$PWD/.build/libcountmalloc.so" "$bin" bench --parts training,sampling --quick "$@"
