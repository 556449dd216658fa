#!/usr/bin/env bash
# The tuning of the methods for 2D data: `fieldlab experiment tuning`, its
# sweeps kept in out/phases/ (a second run reuses every finished point), its
# report in notebooks-exported/tuning/. The whole plan (TuningPlan.defaultPlan:
# the stages in order, each starting from the choices before it) is about
# 80 minutes on 2 cores (an estimate from the first two stages; not yet run
# whole), from empty run folders; the first two stages (504
# points, 24 trainings) about 10.
set -euo pipefail
exec bash "$(dirname "$0")/../phases/experiment.sh" tuning --out notebooks-exported/tuning "$@"
