#!/usr/bin/env bash
# generalize-first: τ_mem and τ_gen against N over long training (Bonnaire et al. 2025; Favero et al. 2025).
# The report goes to notebooks-exported/phases/generalize-first/; see experiment.sh.
exec bash "$(dirname "$0")/experiment.sh" generalize-first "$@"
