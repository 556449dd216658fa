#!/usr/bin/env python3
"""Reference values for FieldLabAnalysisTests/ReferenceTests.swift.

Writes reference.json next to this file:
- "kneedle": curves with kneed's first knee (KneeLocator, interp1d, online=False)
  for given S, curve and direction, and kneed's find_shape guess;
- "logistic": noisy sigmoids (3 seeds per x) with the least-squares fit of
  y = lower + (upper - lower) / (1 + exp(-(t - midpoint)/width)) by
  scipy.optimize.least_squares (method="lm", tolerances 1e-15);
- "segmented": noisy broken sticks with the least-squares fit of
  y = b0 + b1 t + b2 (t - psi)_+ : exact profile over psi (scipy
  minimize_scalar on each interval between data values) polished by
  least_squares on all four parameters.

Usage: python3 -m venv /tmp/kneevenv && /tmp/kneevenv/bin/pip install kneed scipy numpy
       /tmp/kneevenv/bin/python make_fixtures.py
"""
import json
import os

import kneed
import numpy as np
import scipy
from kneed import DataGenerator, KneeLocator
from kneed.shape_detector import find_shape
from scipy.optimize import least_squares, minimize_scalar


def kneedle_cases():
    cases = []

    def add(name, x, y, S, curve, direction):
        x = [float(v) for v in x]
        y = [float(v) for v in y]
        kl = KneeLocator(x, y, S=S, curve=curve, direction=direction, interp_method="interp1d", online=False)
        d, c = find_shape(np.array(x), np.array(y))
        cases.append(dict(name=name, x=x, y=y, S=S, curve=curve, direction=direction,
                          knee=None if kl.knee is None else float(kl.knee),
                          shape_direction=d, shape_curve=c))

    g = DataGenerator
    add("figure2", *g.figure2(), 1.0, "concave", "increasing")
    add("convex_increasing", *g.convex_increasing(), 1.0, "convex", "increasing")
    add("convex_decreasing", *g.convex_decreasing(), 1.0, "convex", "decreasing")
    add("concave_decreasing", *g.concave_decreasing(), 1.0, "concave", "decreasing")
    add("concave_increasing", *g.concave_increasing(), 1.0, "concave", "increasing")
    add("bumpy", *g.bumpy(), 1.0, "convex", "decreasing")
    add("noisy_gaussian", *g.noisy_gaussian(mu=50, sigma=10, N=200, seed=42), 1.0, "concave", "increasing")
    add("noisy_gaussian_S3", *g.noisy_gaussian(mu=50, sigma=10, N=200, seed=7), 3.0, "concave", "increasing")
    # Log-spaced x (uneven steps) in all four shapes: exercises kneed 0.9's x flip.
    x = np.logspace(0, 3, 16)
    t = np.log10(x)
    rise = 1 - np.exp(-3 * t)
    add("uneven_concave_increasing", x, rise, 1.0, "concave", "increasing")
    add("uneven_convex_decreasing", x, -rise, 1.0, "convex", "decreasing")
    add("uneven_convex_increasing", x, (x / 100) ** 2, 1.0, "convex", "increasing")
    add("uneven_concave_decreasing", x, -(x / 100) ** 2, 1.0, "concave", "decreasing")
    return cases


def logistic_model(p, t):
    c, w, lo, up = p
    return lo + (up - lo) / (1 + np.exp(-(t - c) / w))


def logistic_cases(rng):
    cases = []
    truths = [(2.3, 0.25, 0.1, 0.9, 0.03), (1.7, -0.4, 0.05, 0.8, 0.05), (3.1, 0.1, 0.0, 1.0, 0.02),
              (2.0, 0.6, 0.2, 0.6, 0.02), (2.6, -0.15, 0.3, 0.95, 0.04)]
    for k, (c, w, lo, up, noise) in enumerate(truths):
        t = np.repeat(np.linspace(0.5, 4, 15), 3)
        y = logistic_model((c, w, lo, up), t) + noise * rng.standard_normal(t.size)
        fit = least_squares(lambda p: logistic_model(p, t) - y, x0=[c, w, lo, up], method="lm",
                            xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=100000)
        pc, pw, plo, pup = fit.x
        if plo > pup:  # same curve with the plateaus named lower <= upper
            pw, plo, pup = -pw, pup, plo
        cases.append(dict(name=f"logistic{k}", x=list(10 ** t), t=list(t), y=list(y),
                          midpoint=pc, width=pw, lower=plo, upper=pup,
                          rss=float(np.sum(fit.fun ** 2))))
    return cases


def stick_model(p, t):
    b0, b1, b2, psi = p
    return b0 + b1 * t + b2 * np.maximum(t - psi, 0)


def stick_profile(t, y, psi):
    a = np.column_stack([np.ones_like(t), t, np.maximum(t - psi, 0)])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    r = y - a @ coef
    return float(r @ r), coef


def segmented_cases(rng):
    cases = []
    truths = [(4.3, 1.0, 0.5, -1.2, 0.1), (6.7, 0.0, -0.2, 0.9, 0.15), (2.9, 3.0, 0.05, -0.6, 0.05),
              (5.55, -1.0, 1.0, -0.8, 0.2), (7.2, 2.0, -0.3, -1.5, 0.1)]
    for k, (psi, b0, b1, b2, noise) in enumerate(truths):
        t = np.repeat(np.linspace(0, 10, 21), 3)
        y = stick_model((b0, b1, b2, psi), t) + noise * rng.standard_normal(t.size)
        knots = np.unique(t)
        best = (np.inf, None)
        for lo, hi in zip(knots[1:-2], knots[2:-1]):
            res = minimize_scalar(lambda s: stick_profile(t, y, s)[0], bounds=(lo, hi), method="bounded",
                                  options=dict(xatol=1e-13))
            if res.fun < best[0]:
                best = (res.fun, res.x)
        _, coef = stick_profile(t, y, best[1])
        fit = least_squares(lambda p: stick_model(p, t) - y, x0=[*coef, best[1]], method="lm",
                            xtol=1e-15, ftol=1e-15, gtol=1e-15)
        b0f, b1f, b2f, psif = fit.x
        cases.append(dict(name=f"segmented{k}", x=list(t), y=list(y), breakpoint=psif, intercept=b0f,
                          slope=b1f, slope_change=b2f, rss=float(np.sum(fit.fun ** 2))))
    return cases


def main():
    rng = np.random.default_rng(20261201)
    out = dict(versions=dict(kneed=kneed.__version__, numpy=np.__version__, scipy=scipy.__version__),
               kneedle=kneedle_cases(), logistic=logistic_cases(rng), segmented=segmented_cases(rng))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print(f"wrote {path}: {len(out['kneedle'])} kneedle, {len(out['logistic'])} logistic, "
          f"{len(out['segmented'])} segmented")
    for c in out["kneedle"]:
        print(f"  {c['name']}: knee {c['knee']} (shape {c['shape_direction']} {c['shape_curve']})")


if __name__ == "__main__":
    main()
