#!/usr/bin/env bash
# The tuning of the methods for 2D data: `fieldlab experiment tuning`, its
# sweeps kept in out/phases/ (a second run reuses every finished point), its
# report in notebooks-exported/tuning/. About 10 minutes on 2 cores from
# empty run folders (504 points, 24 trainings at train's budget).
set -euo pipefail
exec bash "$(dirname "$0")/../phases/experiment.sh" tuning --out notebooks-exported/tuning "$@"
