#!/usr/bin/env python3
"""Sample a FieldLab checkpoint with NumPy alone: the Euler ODE of
`fieldlab sample --checkpoint CHECKPOINT --prior PRIOR.csv --solver euler --steps S`.

    python3 sample.py RUN/model.safetensors --prior PRIOR.csv --steps S --out OUT.csv

PRIOR.csv (header x,y) holds the starting points in the network's standard
frame, at the time grid's first time; OUT.csv gets the samples in the data's
own coordinates. Everything used here is described in docs/checkpoint.md:
the tensors, the scale embedding, each method's preconditioning and time
grid, and the standardisation. Needs `numpy` and `safetensors` (pip).
"""

import argparse
import json
import sys

import numpy as np
from safetensors import safe_open


FORMAT = "fieldlab-checkpoint-1"


def load(path):
    """The checkpoint's tensors (float64) and metadata."""
    with safe_open(path, framework="np") as f:
        metadata = f.metadata() or {}
        tensors = {name: f.get_tensor(name).astype(np.float64) for name in f.keys()}
    if metadata.get("format") != FORMAT:
        raise ValueError(f"{path}: format {metadata.get('format')!r}, this script reads {FORMAT!r}")
    if metadata.get("network_kind", "mlp") != "mlp":
        raise ValueError(f"{path}: network kind {metadata['network_kind']!r}, this script runs 'mlp'")
    return tensors, metadata


def frequencies(network, tensors):
    """The embedding's angular frequencies w_k (the features are sin(w_k c), cos(w_k c))."""
    if "embedding.frequencies" in tensors:
        return tensors["embedding.frequencies"]
    (kind, settings), = network["embedding"].items()
    n = settings["frequencyCount"]
    if kind != "sinusoidal":
        raise ValueError("a fourier embedding's frequencies are read from 'embedding.frequencies'")
    if n <= 1:
        return np.array([settings["minFrequency"]] * n)
    lo, hi = settings["minFrequency"], settings["maxFrequency"]
    return lo * (hi / lo) ** (np.arange(n) / (n - 1))


class Network:
    """F(u, c): `depth` hidden layers Linear -> SiLU and a linear output layer,
    over the input [u, sin(w c), cos(w c)]; weights are [input, output], used as u @ W."""

    def __init__(self, tensors, network):
        self.omega = frequencies(network, tensors)
        self.layers = [(tensors[f"layers.{l}.weight"], tensors[f"layers.{l}.bias"])
                       for l in range(network["depth"] + 1)]

    def __call__(self, u, c):
        phase = self.omega * c
        features = np.concatenate([np.sin(phase), np.cos(phase)])
        h = np.hstack([u, np.tile(features, (len(u), 1))])
        for w, b in self.layers[:-1]:
            z = h @ w + b
            h = z / (1 + np.exp(-z))  # SiLU
        w, b = self.layers[-1]
        return h @ w + b


def karras(steps, sigma_max, sigma_min, rho):
    a, b = sigma_max ** (1 / rho), sigma_min ** (1 / rho)
    grid = (a + np.arange(steps + 1) / steps * (b - a)) ** rho
    grid[0], grid[-1] = sigma_max, sigma_min
    return grid


def method_of(metadata):
    """(time grid, preconditioning) of the checkpoint's method: the velocity at
    time t is skip(t) x + out(t) F(c_in(t) x, c(t))."""
    method = metadata["method"]
    p = json.loads(metadata["method_parameters"])
    if method in ("diffusion", "poisson"):
        # Time is sigma; PFGM++'s r = sigma sqrt(D) changes the prior, not the ODE.
        sigma_max, sigma_min, rho, sd = p["sigma_max"], p["sigma_min"], p["rho"], p["sigma_data"]

        def grid(steps):
            return karras(steps, sigma_max, sigma_min, rho)

        def preconditioning(sigma):
            c_skip = sd ** 2 / (sigma ** 2 + sd ** 2)
            c_out = sigma * sd / np.sqrt(sigma ** 2 + sd ** 2)
            c_in = 1 / np.sqrt(sigma ** 2 + sd ** 2)
            return c_in, np.log(sigma) / 4, (1 - c_skip) / sigma, -c_out / sigma
    elif method == "flow-matching":
        shift = p.get("time_shift", 1.0)

        def grid(steps):
            u = np.arange(steps + 1) / steps
            u[-1] = 1.0
            return u if shift == 1 else u / (u + shift * (1 - u))

        def preconditioning(t):
            return 1.0, t, 0.0, 1.0
    else:
        raise ValueError(f"unknown method {method!r}")
    return grid, preconditioning


def read_points(path):
    points = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    if points.shape[1] != 2 or not np.all(np.isfinite(points)):
        raise ValueError(f"{path}: expected finite rows x,y")
    return points


def sample(checkpoint, prior, steps):
    """Euler from the prior along the method's grid, then back to data coordinates."""
    tensors, metadata = load(checkpoint)
    network = Network(tensors, json.loads(metadata["network"]))
    grid, preconditioning = method_of(metadata)
    x = np.array(prior, dtype=np.float64)
    times = grid(steps)
    for t0, t1 in zip(times[:-1], times[1:]):
        c_in, c, skip, out = preconditioning(t0)
        x = x + (t1 - t0) * (skip * x + out * network(c_in * x, c))
    standardization = json.loads(metadata["standardization"])
    return x * standardization["scale"] + np.array(standardization["mean"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", help="RUN/model.safetensors, written by `fieldlab train`")
    parser.add_argument("--prior", required=True, help="CSV x,y: the starting points (standard frame)")
    parser.add_argument("--steps", type=int, required=True, help="Euler steps from prior to data")
    parser.add_argument("--out", required=True, help="CSV x,y for the samples (data coordinates)")
    args = parser.parse_args()
    if args.steps <= 0:
        sys.exit(f"error: --steps must be positive, got {args.steps}")
    try:
        samples = sample(args.checkpoint, read_points(args.prior), args.steps)
    except (OSError, ValueError, KeyError) as error:
        sys.exit(f"error: {error}")
    with open(args.out, "w") as f:
        f.write("x,y\n")
        for px, py in samples:
            f.write(f"{float(px)!r},{float(py)!r}\n")
    print(f"{len(samples)} samples ({args.steps} Euler steps) -> {args.out}")


if __name__ == "__main__":
    main()
