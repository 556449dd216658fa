#!/usr/bin/env bash
# Writes Samples/pictures/heart.pgm: a 96 × 96 grey picture (PGM, text) of a
# heart, bright at its rim and dimmer inside, on black. Used as a dataset:
#   fieldlab train --flow-matching --dataset Samples/pictures/heart.pgm --out out/heart
# The heart is the curve (x² + y² − 1)³ = x² y³; a pixel's grey level is
# 255 near the curve, 90 inside it, 0 outside.
set -euo pipefail
cd "$(dirname "$0")"
awk 'BEGIN {
  n = 96
  print "P2"; print "# heart: (x^2 + y^2 - 1)^3 = x^2 y^3, made by make-heart.sh"; print n, n; print 255
  for (r = 0; r < n; r++) {
    line = ""
    for (c = 0; c < n; c++) {
      x = (c + 0.5 - n / 2) / (n / 2) * 1.45
      y = (n / 2 - r - 0.5) / (n / 2) * 1.45 + 0.15
      f = (x * x + y * y - 1) ^ 3 - x * x * y * y * y
      v = f > 0 ? 0 : (f > -0.08 ? 255 : 90)
      line = line (c ? " " : "") v
    }
    print line
  }
}' > heart.pgm
echo "wrote $(pwd)/heart.pgm"
