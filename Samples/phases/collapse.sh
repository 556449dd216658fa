#!/usr/bin/env bash
# collapse: collapse of the exact field (Biroli et al. 2024).
# The report goes to notebooks-exported/phases/collapse/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" collapse "$@"
