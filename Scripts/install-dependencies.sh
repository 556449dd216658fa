#!/usr/bin/env bash
# Installs the system libraries FieldLab builds against, if any is missing:
# FFTW (double precision), zlib and libpng, found through pkg-config; for the tests,
# python3-venv where python3 lacks it.
set -euo pipefail

needed=()
command -v pkg-config >/dev/null 2>&1 || needed+=(pkg-config)
pkg-config --exists fftw3 2>/dev/null || needed+=(libfftw3-dev)
pkg-config --exists zlib 2>/dev/null || needed+=(zlib1g-dev)
pkg-config --exists libpng 2>/dev/null || needed+=(libpng-dev)
# The checkpoint interop test makes a Python virtual environment when python3 is
# there; Debian splits venv's ensurepip into python3-venv.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  needed+=(python3-venv)
fi

if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}"
fi

command -v swift >/dev/null 2>&1 || { echo "error: the Swift toolchain (swift) is not on PATH" >&2; exit 1; }
