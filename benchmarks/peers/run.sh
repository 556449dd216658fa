#!/usr/bin/env bash
# FieldLab against JAX, PyTorch and NumPy/SciPy on this machine: builds the
# fieldlab CLI, runs `fieldlab bench --json`, then peers.py on its output.
#
#   benchmarks/peers/run.sh [--markdown PATH] [--json PATH]
#
# FIELDLAB_BIN=/path/to/fieldlab  use that binary instead of building one.
# PEERS_QUICK=1                   short measurements everywhere (smoke test).
# PYTHON=python3.11               interpreter for the virtual environment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
stamp="$venv/.requirements"

# The virtual environment, (re)installed when requirements.txt changes.
if ! cmp -s "$here/requirements.txt" "$stamp"; then
  python="${PYTHON:-$(command -v python3.11 || command -v python3)}"
  echo "creating $venv (pinned peers from PyPI: about 1.5 GB)" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check -q -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

quick=()
[ "${PEERS_QUICK:-0}" = 1 ] && quick=(--quick)

if [ -n "${FIELDLAB_BIN:-}" ]; then
  fieldlab="$FIELDLAB_BIN"
else
  (cd "$root" && bash Scripts/install-dependencies.sh && swift build -c release --product fieldlab >&2)
  fieldlab="$(cd "$root" && swift build -c release --show-bin-path)/fieldlab"
fi
[ -x "$fieldlab" ] || { echo "error: no fieldlab binary at $fieldlab" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The counting allocator (benchmarks/allocations) makes the bench report heap
# allocations per step as well; skipped where there is no C compiler.
preload=()
if command -v gcc >/dev/null; then
  gcc -O2 -shared -fPIC "$root/benchmarks/allocations/count_malloc.c" -o "$work/libcountmalloc.so"
  preload=(env LD_PRELOAD="$work/libcountmalloc.so")
fi
echo "running $fieldlab bench --json ${quick[*]:-}" >&2
"${preload[@]}" "$fieldlab" bench --json "${quick[@]}" > "$work/fieldlab.json"
echo "running the peers" >&2
"$venv/bin/python" "$here/peers.py" "$work/fieldlab.json" "${quick[@]}" "$@"
