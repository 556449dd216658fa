#!/usr/bin/env bash
# Regenerates docs/man/fieldlab.1 from the command line's own help text
# (swift-argument-parser's generate-manual plugin; builds in release, ~2.5 min).
#   bash Scripts/man.sh && man -l docs/man/fieldlab.1
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/install-dependencies.sh
mkdir -p docs/man
swift package --allow-writing-to-package-directory generate-manual \
  --authors "FieldLab developers" -o docs/man
echo "wrote docs/man/fieldlab.1"
