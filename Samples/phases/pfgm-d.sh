#!/usr/bin/env bash
# pfgm-d: PFGM++ quality and step robustness against the extra dimensions D (Xu et al. 2023).
# The report goes to notebooks-exported/phases/pfgm-d/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" pfgm-d "$@"
