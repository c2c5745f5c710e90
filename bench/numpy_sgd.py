"""SGD throughput in numpy, the comparison point for bench/kernels.ts.

Measures the same quantities as bench/kernels.ts, in the same units:
- SGD with batch kappa on n = 4000 samples in d = 2000 (k = 1), square and logistic loss, in
  sample-coordinate updates per second (samples processed * d / seconds). kappa = 1 loops over
  samples in Python; kappa = 64 is vectorised (gather the batch, one matrix-vector product
  each way).
- the full-gradient rate of GF/SME: X^T l(X theta) evaluations per second.

One step (arXiv 2601.21093, multi-pass mini-batch SGD, eta = gamma * kappa / n):
    theta <- (1 - eta * lambda) theta - gamma * sum_{i in B} x_i l(x_i . theta; y_i).
Batches are fixed-size and drawn without replacement. They are drawn before the clock
starts, so the numpy timings exclude index sampling (bench/kernels.ts includes it): this
favours numpy. Medians of several repetitions, each of two epochs (2n samples).

Usage: python3 bench/numpy_sgd.py [--reps R] [--json]
"""

import argparse
import json
import math
import statistics
import time

import numpy as np

N = 4000
D = 2000
GAMMA = 0.5
LAMBDA = 0.01
SEED = 1


def make_problem(rng):
    """X with N(0, 1/d) entries, a N(0, I) teacher, real and sign labels."""
    x = rng.standard_normal((N, D)) / math.sqrt(D)
    teacher = rng.standard_normal(D)
    clean = x @ teacher
    y_square = clean + 0.1 * rng.standard_normal(N)
    y_logistic = np.where(clean >= 0, 1.0, -1.0)
    return x, {"square": y_square, "logistic": y_logistic}


def grad_scalar(loss, r, y):
    """l(r; y) = dL/dr for one sample, in Python floats (the kappa = 1 loop)."""
    if loss == "square":
        return r - y
    return -y / (1.0 + math.exp(y * r))


def grad_vector(loss, r, y):
    """l(r; y) for a batch, vectorised."""
    if loss == "square":
        return r - y
    return -y / (1.0 + np.exp(y * r))


def draw_batches(rng, steps, kappa):
    """steps fixed-size batches, each kappa distinct rows (the kappa smallest random keys)."""
    if kappa == 1:
        return rng.integers(0, N, size=(steps, 1))
    keys = rng.random((steps, N))
    return np.argpartition(keys, kappa, axis=1)[:, :kappa]


def sgd_rate(x, y, loss, kappa, batches):
    """Runs the batches once; returns sample-coordinate updates per second."""
    decay = 1.0 - GAMMA * kappa / N * LAMBDA
    theta = np.zeros(D)
    start = time.perf_counter()
    if kappa == 1:
        for i in batches[:, 0].tolist():
            row = x[i]
            c = GAMMA * grad_scalar(loss, float(row @ theta), float(y[i]))
            theta *= decay
            theta -= c * row
    else:
        for batch in batches:
            xb = x[batch]
            c = GAMMA * grad_vector(loss, xb @ theta, y[batch])
            theta *= decay
            theta -= c @ xb
    elapsed = time.perf_counter() - start
    if not np.all(np.isfinite(theta)):
        raise RuntimeError(f"numpy SGD diverged ({loss}, kappa={kappa})")
    return batches.size * D / elapsed


def gradient_rate(x, y, loss, evaluations):
    """Full gradients X^T l(X theta) per second."""
    theta = np.full(D, 0.01)
    start = time.perf_counter()
    for _ in range(evaluations):
        g = grad_vector(loss, x @ theta, y) @ x
    elapsed = time.perf_counter() - start
    if not np.all(np.isfinite(g)):
        raise RuntimeError("numpy gradient is not finite")
    return evaluations / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    x, labels = make_problem(rng)
    results = []
    for kappa in (1, 64):
        steps = (2 * N) // kappa
        for loss in ("square", "logistic"):
            y = labels[loss]
            sgd_rate(x, y, loss, kappa, draw_batches(rng, steps, kappa))
            rates = [
                sgd_rate(x, y, loss, kappa, draw_batches(rng, steps, kappa))
                for _ in range(args.reps)
            ]
            results.append({"case": f"sgd kappa={kappa} {loss}", "unit": "coord/s",
                            "median": statistics.median(rates), "reps": args.reps})
    for loss in ("square", "logistic"):
        gradient_rate(x, labels[loss], loss, 2)
        rates = [gradient_rate(x, labels[loss], loss, 10) for _ in range(args.reps)]
        results.append({"case": f"gradient {loss}", "unit": "eval/s",
                        "median": statistics.median(rates), "reps": args.reps})

    for result in results:
        if args.json:
            print(json.dumps(result))
        else:
            print(f"{result['case']:<24} {result['median']:.3e} {result['unit']}")


if __name__ == "__main__":
    main()
