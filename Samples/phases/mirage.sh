#!/usr/bin/env bash
# mirage: thresholded against continuous metrics (Schaeffer et al. 2023).
# The report goes to notebooks-exported/phases/mirage/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" mirage "$@"
