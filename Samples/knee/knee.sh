#!/bin/sh
# Critical points of two small SYNTHETIC curves (made up for this example, not measured):
#   battery.csv       capacity of three cells (A, B, C) against charge cycles: a slow linear
#                     fade that bends into a fast one near 650 cycles (knee), onset earlier;
#   memorisation.csv  share of generated points that copy a training point against the
#                     training-set size, three seeds per size: a sigmoid on log10 N near N ≈ 316.
# Repeated x values (cells, seeds) are resampled by the bootstrap that gives the intervals.
set -e
FIELDLAB=${FIELDLAB:-swift run -c release fieldlab}
HERE=$(dirname "$0")

# Battery: the knee (single Bacon–Watts, as Fermín-Cueto et al. 2020), the knee onset
# (first transition of a double Bacon–Watts), a broken stick and Kneedle on the cell means.
$FIELDLAB knee "$HERE/battery.csv" --x cycle --y capacity --method bacon-watts
$FIELDLAB knee "$HERE/battery.csv" --x cycle --y capacity --method bacon-watts-onset
$FIELDLAB knee "$HERE/battery.csv" --x cycle --y capacity --method segmented
$FIELDLAB knee "$HERE/battery.csv" --x cycle --y capacity --method kneedle --sensitivity 1

# Memorisation: the logistic midpoint; x spans 10..10000, so --log-x auto fits on log10 N.
$FIELDLAB knee "$HERE/memorisation.csv" --x train_size --y memorised_share --method logistic --resamples 1000
# The same as one JSON object (method, critical, low, high first), for scripts.
$FIELDLAB knee "$HERE/memorisation.csv" --x train_size --y memorised_share --json
