#!/usr/bin/env bash
# collapse: the exact field stopped at sigma_stop, no training (Biroli, Bonnaire, de Bortoli, Mezard 2024).
# The report goes to notebooks-exported/phases/collapse/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" collapse "$@"
