#!/usr/bin/env bash
# memorization: memorisation against training-set size (Gu et al. 2023; Kadkhodaie et al. 2024).
# The report goes to notebooks-exported/phases/memorization/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" memorization "$@"
