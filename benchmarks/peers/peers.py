"""FieldLab against JAX, PyTorch and NumPy/SciPy on the same machine, same work.

Reads the figures of one `fieldlab bench --json` run and measures the peers,
in this one process, on the work FieldLab's benchmark does:

* Training step (flow matching): a fixed training set of 20 000 standardised
  two-moons points; per step a minibatch of indices drawn with replacement,
  x0 ~ N(0, I), t ~ U(0, 1), x_t = (1 − t)·x0 + t·x1, target x1 − x0,
  loss = mean ‖F(x_t, t) − target‖²; backward; global gradient-norm clipping
  at 1; Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8); EMA of the parameters
  (decay 0.999). F is FieldLab's default network: input [x, sin(ω_k t),
  cos(ω_k t)] with 8 frequencies geometric from 1 to 64 (18 inputs), three
  SiLU layers of 128, linear output of 2, float32. Batch sizes as in the JSON.
* Sampling: Euler from t = 0 to 1 (x ← x + Δt·F(x, t)) of the same network,
  randomly initialised, for as many points and steps as FieldLab's run; the
  starting noise is drawn inside the timed work, as FieldLab does.
* Field: ρ ⊛ K, ρ ⊛ d_x K, ρ ⊛ d_y K (Gaussian K, σ = 1) on a G × G grid by
  zero-padded 2G × 2G real FFTs in float64: deposit (bilinear), sample the
  three kernels at every padded offset, four forward and three inverse FFTs,
  crop. FieldLab deposits with order-8 Lagrange weights (64 per point, more
  work than bilinear); everything else is the same.

Rates: > 1 in the ratio columns always means FieldLab is faster.
"""

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

TORCH_THREADS = (2, 1)  # torch.set_num_threads; the faster is reported
SCIPY_WORKERS = 2
WIDTH, DEPTH, FREQUENCIES = 128, 3, np.geomspace(1.0, 64.0, 8)
LR, BETA1, BETA2, EPS, CLIP, EMA_DECAY = 1e-3, 0.9, 0.999, 1e-8, 1.0, 0.999
TRAINING_SET_SIZE = 20_000


# MARK: Shared data and parameters


def two_moons(n, seed=0):
    """Two interleaved half circles with a little noise, standardised (float32)."""
    rng = np.random.default_rng(seed)
    half = n // 2
    a = rng.uniform(0, math.pi, half)
    b = rng.uniform(0, math.pi, n - half)
    upper = np.stack([np.cos(a), np.sin(a)], 1)
    lower = np.stack([1 - np.cos(b), 0.5 - np.sin(b)], 1)
    points = np.concatenate([upper, lower]) + 0.05 * rng.standard_normal((n, 2))
    return ((points - points.mean(0)) / points.std(0)).astype(np.float32)


def initial_parameters(seed=3):
    """[(W, b), ...] for 18 → 128 → 128 → 128 → 2, uniform ±1/√fan_in (both peers start here)."""
    rng = np.random.default_rng(seed)
    sizes = [2 + 2 * len(FREQUENCIES)] + [WIDTH] * DEPTH + [2]
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / math.sqrt(fan_in)
        layers.append((rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
                       rng.uniform(-bound, bound, fan_out).astype(np.float32)))
    return layers


def rate(run_chunk, chunk_items, seconds, repeats=3):
    """Median items/s over `repeats` windows of about `seconds / repeats` each.

    `run_chunk()` does `chunk_items` items of work and returns only when they are done.
    """
    rates = []
    for _ in range(repeats):
        done, start = 0, time.perf_counter()
        while True:
            run_chunk()
            done += chunk_items
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / repeats:
                break
        rates.append(done / elapsed)
    return statistics.median(rates)


# MARK: JAX


def jax_peer(batches, points, steps, seconds):
    """Training samples/s per batch and sampling point·steps/s (None without points), one jitted function each."""
    import jax
    import jax.numpy as jnp

    data = jnp.asarray(two_moons(TRAINING_SET_SIZE))
    omega = jnp.asarray(FREQUENCIES, jnp.float32)

    def network(params, x, t):
        h = jnp.concatenate([x, jnp.sin(t * omega), jnp.cos(t * omega)], 1)
        for w, b in params[:-1]:
            h = jax.nn.silu(h @ w + b)
        w, b = params[-1]
        return h @ w + b

    def loss(params, x1, x0, t):
        xt = (1 - t) * x0 + t * x1
        return jnp.mean(jnp.sum((network(params, xt, t) - (x1 - x0)) ** 2, 1))

    def train_step(state, batch):
        params, m, v, ema, step, key = state
        key, k_index, k_noise, k_time = jax.random.split(key, 4)
        x1 = data[jax.random.randint(k_index, (batch,), 0, TRAINING_SET_SIZE)]
        x0 = jax.random.normal(k_noise, (batch, 2))
        t = jax.random.uniform(k_time, (batch, 1))
        grads = jax.grad(loss)(params, x1, x0, t)
        norm = jnp.sqrt(sum(jnp.sum(g * g) for g in jax.tree_util.tree_leaves(grads)))
        grads = jax.tree_util.tree_map(lambda g: g * jnp.minimum(1.0, CLIP / (norm + 1e-6)), grads)
        step = step + 1
        m = jax.tree_util.tree_map(lambda m, g: BETA1 * m + (1 - BETA1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: BETA2 * v + (1 - BETA2) * g * g, v, grads)
        c1, c2 = 1 - BETA1 ** step, 1 - BETA2 ** step
        params = jax.tree_util.tree_map(
            lambda p, m, v: p - LR * (m / c1) / (jnp.sqrt(v / c2) + EPS), params, m, v)
        ema = jax.tree_util.tree_map(lambda e, p: EMA_DECAY * e + (1 - EMA_DECAY) * p, ema, params)
        return params, m, v, ema, step, key

    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in initial_parameters()]
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    training = {}
    for batch in batches:
        step_fn = jax.jit(lambda s, batch=batch: train_step(s, batch), donate_argnums=0)
        state = jax.tree_util.tree_map(jnp.copy, (params, zeros, zeros, params, jnp.float32(0)))
        state = (*state, jax.random.key(1))

        def chunk(n=10):
            nonlocal state
            for _ in range(n):
                state = step_fn(state)
            jax.block_until_ready(state)

        chunk(3)  # compile and warm up
        training[batch] = rate(chunk, 10, seconds) * batch

    @jax.jit
    def sample(params, key):
        dt = 1.0 / steps

        def euler(k, x):
            t = jnp.full((points, 1), k * dt, jnp.float32)
            return x + dt * network(params, x, t)

        return jax.lax.fori_loop(0, steps, euler, jax.random.normal(key, (points, 2)))

    key = jax.random.key(0)
    if points is None:
        return training, None
    sample(params, key).block_until_ready()  # compile
    sampling = rate(lambda: sample(params, key).block_until_ready(), points * steps, seconds)
    return training, sampling


# MARK: PyTorch


def torch_peer(batches, points, steps, seconds, threads):
    """Training samples/s per batch (eager, standard loop) and sampling point·steps/s (None without points)."""
    import torch

    torch.set_num_threads(threads)
    data = torch.from_numpy(two_moons(TRAINING_SET_SIZE))
    omega = torch.tensor(FREQUENCIES, dtype=torch.float32)

    class Network(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList()
            for w, b in initial_parameters():
                layer = torch.nn.Linear(*w.shape)
                with torch.no_grad():
                    layer.weight.copy_(torch.from_numpy(w.T))
                    layer.bias.copy_(torch.from_numpy(b))
                self.layers.append(layer)

        def forward(self, x, t):
            h = torch.cat([x, torch.sin(t * omega), torch.cos(t * omega)], 1)
            for layer in self.layers[:-1]:
                h = torch.nn.functional.silu(layer(h))
            return self.layers[-1](h)

    training = {}
    for batch in batches:
        torch.manual_seed(1)
        net = Network()
        params = list(net.parameters())
        ema = [p.detach().clone() for p in params]
        optimizer = torch.optim.Adam(params, lr=LR, betas=(BETA1, BETA2), eps=EPS, foreach=True)

        def chunk(n=2):
            for _ in range(n):
                x1 = data[torch.randint(0, TRAINING_SET_SIZE, (batch,))]
                x0 = torch.randn(batch, 2)
                t = torch.rand(batch, 1)
                xt = (1 - t) * x0 + t * x1
                loss = ((net(xt, t) - (x1 - x0)) ** 2).sum(1).mean()
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, CLIP, foreach=True)
                optimizer.step()
                with torch.no_grad():
                    torch._foreach_mul_(ema, EMA_DECAY)
                    torch._foreach_add_(ema, params, alpha=1 - EMA_DECAY)

        chunk(3)  # warm up
        training[batch] = rate(chunk, 2, seconds) * batch

    net = Network()

    def sample():
        with torch.inference_mode():
            dt = 1.0 / steps
            x = torch.randn(points, 2)
            for k in range(steps):
                x = x + dt * net(x, torch.full((points, 1), k * dt))
            return x

    if points is None:
        return training, None
    sample()  # warm up
    return training, rate(sample, points * steps, seconds)


# MARK: Field (NumPy / SciPy)


def field_evaluation(points, size, rfft2, irfft2, sigma=1.0):
    """ρ ⊛ K, ρ ⊛ d_x K, ρ ⊛ d_y K at the G × G nodes (float64), by zero-padded FFTs."""
    g, p = size, 2 * size
    lower, upper = points.min(0), points.max(0)
    center = (lower + upper) / 2
    half = (upper - lower).max() / 2 + 4 * sigma
    h = 2 * half / (g - 1)
    origin = center - half
    # Bilinear (cloud-in-cell) deposit of unit charges.
    u = (points - origin) / h
    i = np.clip(np.floor(u).astype(np.int64), 0, g - 2)
    f = u - i
    rho = np.zeros(g * g)
    for dy in (0, 1):
        for dx in (0, 1):
            w = (f[:, 0] if dx else 1 - f[:, 0]) * (f[:, 1] if dy else 1 - f[:, 1])
            rho += np.bincount((i[:, 1] + dy) * g + i[:, 0] + dx, weights=w, minlength=g * g)
    padded = np.zeros((p, p))
    padded[:g, :g] = rho.reshape(g, g)
    # Kernels at every offset of the padded grid, wrap order (a or a − 2G).
    offsets = h * np.where(np.arange(p) < g, np.arange(p), np.arange(p) - p)
    dx, dy = offsets[None, :], offsets[:, None]
    k = np.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma))
    spectrum = rfft2(padded)
    return [irfft2(spectrum * rfft2(kernel), s=(p, p))[:g, :g] for kernel in (k, dx * k, dy * k)]


def field_peer(size, count, repeats):
    """Median seconds of one evaluation with SciPy (2 workers) and NumPy (1 thread), after a warm-up."""
    import scipy.fft

    rng = np.random.default_rng(0)
    points = rng.standard_normal((count, 2))
    backends = {
        "scipy": (lambda a: scipy.fft.rfft2(a, workers=SCIPY_WORKERS),
                  lambda a, s: scipy.fft.irfft2(a, s=s, workers=SCIPY_WORKERS)),
        "numpy": (np.fft.rfft2, lambda a, s: np.fft.irfft2(a, s=s)),
    }
    seconds = {}
    for name, (forward, inverse) in backends.items():
        field_evaluation(points, size, forward, inverse)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            field_evaluation(points, size, forward, inverse)
            times.append(time.perf_counter() - start)
        seconds[name] = statistics.median(times)
    return seconds


# MARK: Report


def machine():
    """CPU model, core counts and library versions (read without importing the libraries)."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {name: metadata.version(name) for name in ("jax", "jaxlib", "torch", "numpy", "scipy")}
    return {"cpu": model, "cpuCount": os.cpu_count(), "usableCores": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), **versions,
            "XLA_FLAGS": os.environ.get("XLA_FLAGS", "(unset: XLA uses all cores)")}


def measure(peer, fieldlab_json, quick):
    """One peer's figures, measured in a fresh child process of this script.

    Each library gets a process of its own, so no library's thread pools
    (XLA's, PyTorch's OpenMP, OpenBLAS's) wait or spin beside another's.
    """
    command = [sys.executable, os.path.abspath(__file__), "--worker", peer, fieldlab_json]
    output = subprocess.run(command + (["--quick"] if quick else []), check=True,
                            stdout=subprocess.PIPE, text=True).stdout
    return json.loads(output)


def worker(peer, fieldlab, quick):
    """The figures of `peer` (jax, torch or field) as a JSON-ready dict."""
    seconds = 0.3 if quick else 2.5
    batches = [figure["batchSize"] for figure in fieldlab.get("training", [])]
    sampling = fieldlab.get("sampling") or {}
    points, steps = sampling.get("points"), sampling.get("steps")
    if peer == "field":
        return {str(f["gridSize"]): field_peer(f["gridSize"], f["pointCount"], 3 if quick else 5)
                for f in fieldlab.get("fields", [])}
    if peer == "jax":
        return figures(*jax_peer(batches, points, steps, seconds))
    # PyTorch's OpenMP regions stall whenever another process holds a core (a
    # barrier waits for a descheduled thread), so both thread counts are
    # measured and the faster one stands for PyTorch, item by item.
    by_threads = {str(n): figures(*torch_peer(batches, points, steps, seconds, n)) for n in TORCH_THREADS}
    best = lambda key: max(by_threads, key=key)
    result = {"byThreads": by_threads, "trainingThreads": {}, "trainingSamplesPerSecond": {},
              "trainingStepsPerSecond": {}}
    for b in map(str, batches):
        n = best(lambda n: by_threads[n]["trainingSamplesPerSecond"][b])
        result["trainingThreads"][b] = int(n)
        result["trainingSamplesPerSecond"][b] = by_threads[n]["trainingSamplesPerSecond"][b]
        result["trainingStepsPerSecond"][b] = by_threads[n]["trainingStepsPerSecond"][b]
    n = best(lambda n: by_threads[n]["samplingPointStepsPerSecond"] or 0)
    result["samplingThreads"] = int(n)
    result["samplingPointStepsPerSecond"] = by_threads[n]["samplingPointStepsPerSecond"]
    return result


def figures(training, sampling):
    """A peer's training and sampling rates as a JSON-ready dict."""
    return {"trainingSamplesPerSecond": {str(b): r for b, r in training.items()},
            "trainingStepsPerSecond": {str(b): r / b for b, r in training.items()},
            "samplingPointStepsPerSecond": sampling}


def rate_text(value):
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def seconds_text(value):
    return f"{value * 1e3:.3g} ms" if value < 1 else f"{value:.3g} s"


def ratio_text(ratio, target):
    """`2.31×`, and with a target `2.31× (≥ 2×) ✓`."""
    text = f"{ratio:.2f}×"
    return text if target is None else f"{text} (≥ {target:g}×) {'✓' if ratio >= target else '✗'}"


def rows(fieldlab, peers):
    """Table rows: item, FieldLab, JAX, PyTorch or SciPy/NumPy, FieldLab ÷ JAX, FieldLab ÷ the other."""
    table = []
    train_targets = {256: (2.5, None), 1024: (2.0, 2.5)}
    jax, torch = peers["jax"], peers["torch"]
    for figure in fieldlab.get("training", []):
        b, ours = figure["batchSize"], figure["samplesPerSecond"]
        j, t = jax["trainingSamplesPerSecond"][str(b)], torch["trainingSamplesPerSecond"][str(b)]
        tj, tt = train_targets.get(b, (None, None))
        t_text = f"{rate_text(t)} ({torch['trainingThreads'][str(b)]}t)"
        table.append([f"training b={b}, samples/s", rate_text(ours), rate_text(j), t_text,
                      ratio_text(ours / j, tj), ratio_text(ours / t, tt)])
    s = fieldlab.get("sampling")
    if s:
        ours, j, t = s["pointStepsPerSecond"], jax["samplingPointStepsPerSecond"], torch["samplingPointStepsPerSecond"]
        table.append([f"sampling {s['points']}×{s['steps']} Euler, point·steps/s", rate_text(ours),
                      rate_text(j), f"{rate_text(t)} ({torch['samplingThreads']}t)",
                      ratio_text(ours / j, 1.5), ratio_text(ours / t, None)])
    for figure in fieldlab.get("fields", []):
        g, ours = figure["gridSize"], figure["fftSeconds"]
        peer = peers["field"][str(g)]
        best, other = sorted(peer, key=peer.get)
        table.append([f"field {g}², {figure['pointCount']} points, s/evaluation", seconds_text(ours), "—",
                      f"{seconds_text(peer[best])} {best} ({other} {seconds_text(peer[other])})", "—",
                      ratio_text(peer[best] / ours, 2.0 if g == 512 else None)])
    return table


HEADER = ["item", "FieldLab", "JAX", "PyTorch / SciPy·NumPy", "FieldLab ÷ JAX", "FieldLab ÷ PyTorch / SciPy·NumPy"]


def plain_table(table):
    widths = [max(len(row[c]) for row in [HEADER] + table) for c in range(len(HEADER))]
    line = lambda row: "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
    return "\n".join([line(HEADER), line(["-" * w for w in widths])] + [line(row) for row in table])


def markdown_table(table):
    line = lambda row: "| " + " | ".join(row) + " |"
    return "\n".join([line(HEADER), line(["---"] * len(HEADER))] + [line(row) for row in table])


def write_atomically(path, text):
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "w") as f:
        f.write(text)
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fieldlab_json", help="output of `fieldlab bench --json`")
    parser.add_argument("--quick", action="store_true", help="short measurements (smoke test)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the table as Markdown")
    parser.add_argument("--json", metavar="PATH", help="also write all raw figures as JSON")
    parser.add_argument("--worker", choices=["jax", "torch", "field"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    with open(args.fieldlab_json) as f:
        fieldlab = json.load(f)
    if args.worker:
        print(json.dumps(worker(args.worker, fieldlab, args.quick)))
        return

    info = machine()
    peers = {peer: measure(peer, args.fieldlab_json, args.quick) for peer in ("jax", "torch", "field")}
    table = rows(fieldlab, peers)
    preamble = [
        f"machine: {info['cpu']}, {info['cpuCount']} cores ({info['usableCores']} usable), {platform.machine()}",
        f"versions: python {info['python']}, jax {info['jax']} (jaxlib {info['jaxlib']}), torch {info['torch']}, "
        f"numpy {info['numpy']}, scipy {info['scipy']}",
        f"threads: FieldLab {fieldlab.get('threads')}, torch set_num_threads 2 and 1 (faster shown, (Nt)), "
        f"XLA_FLAGS {info['XLA_FLAGS']}, scipy.fft workers {SCIPY_WORKERS}, numpy.fft 1",
    ]
    peak = fieldlab.get("peakGFLOPS") or 0
    if peak > 0:
        shares = ", ".join(f"batch {t['batchSize']}: {t['gflops']:.0f} GFLOP/s = {100 * t['gflops'] / peak:.0f} % of peak, "
                           f"{100 * t['gflops'] / fieldlab['matmulGFLOPS']:.0f} % of the plain product"
                           for t in fieldlab.get("training") or [])
        preamble.append(f"FieldLab: machine peak {peak:.0f} GFLOP/s (FMA loop, measured in the same run), plain "
                        f"1024x128x128 product {fieldlab['matmulGFLOPS']:.0f} GFLOP/s; training {shares}")
    if fieldlab.get("allocationsPerTrainingStep") is not None:
        preamble.append(f"FieldLab heap allocations per step (counting allocator): training "
                        f"{fieldlab['allocationsPerTrainingStep']:g}, sampling {fieldlab.get('allocationsPerSamplingStep', 0):g}")
    notes = ("Ratios: rates FieldLab ÷ peer, field seconds peer ÷ FieldLab (faster of SciPy/NumPy); "
             "> 1 means FieldLab is faster. steps/s = samples/s ÷ batch. Each peer runs in its own process."
             + (" QUICK MODE: noisy figures." if args.quick else ""))
    print("\n".join(preamble))
    print(plain_table(table))
    print(notes)
    if args.markdown:
        write_atomically(args.markdown, "\n".join(p + "  " for p in preamble) + "\n\n"
                         + markdown_table(table) + "\n\n" + notes + "\n")
    if args.json:
        raw = {"machine": info, "quick": args.quick, "fieldlab": fieldlab, **peers}
        write_atomically(args.json, json.dumps(raw, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
