#!/usr/bin/env python3
"""An independent numpy implementation of the sgd-oracle algorithms, gated by `sgd-oracle check`.

Method. It reads one sgd-oracle config (schema/config.schema.json) and runs the algorithm named
in algorithm.name on R independent replicates, following docs/conventions.md of sgd-oracle:
inputs x ~ N(0, I/d), n = round(delta*d), teacher entries N(0, 1), labels
y = out(sum_c a_c sigma*(r*_c) + noise*eps), the summed objective, and
  SGD:    Theta <- (1 - eta*lambda) Theta - gamma * sum_{i in B} x_i l_i^T,  eta = gamma*kappa/n,
  SME:    Theta <- Theta - h*lambda*Theta - sum_i x_i l_i^T (h + sqrt(gamma*h) xi_i),
  GF:     dTheta/dt = -lambda*Theta - X^T l(X Theta)   (classical RK4, step 0.1/||X||^2),
  online: Theta <- Theta - gamma x l^T - (lambda/d) Theta,  time tau = steps/d,
with the critical scaling of arXiv 2601.21093. It prints the mean over replicates of Q, M and
the risks in the `run --format json` layout, with config.d and info.replicates, on stdout.

The test risk is computed from (Q, M, P) without sampling: pair moments in closed form for the
square loss with linear, relu and erf(u/sqrt 2) links, and a two-dimensional Gauss-Hermite rule
for the logistic loss on probit-noisy sign labels. Other combinations raise NotImplementedError.

Usage: python3 sgd_oracle_client.py [--replicates R] [--seed S] CONFIG.json
"""
import argparse
import json
import math
import sys

import numpy as np

# How the SGD batch gradient is reduced over the batch: "sum" is the convention (the objective
# is a sum over samples). The planted-bug variant sets "mean".
BATCH_GRADIENT = "sum"

SQRT2 = math.sqrt(2.0)


def resolve(raw):
    """Fill the defaults of an sgd-oracle config (docs: README, config reference)."""
    c = json.loads(json.dumps(raw))
    d = int(c["d"])
    n = max(1, int(math.floor(c.get("delta", 1) * d + 0.5)))
    teacher = {"k": 1, "link": "linear", "noise": 0.0, "labels": "real", **c.get("teacher", {})}
    teacher.setdefault("readout", [1.0 / teacher["k"]] * teacher["k"])
    student = {"k": 1, "link": "linear", **c.get("student", {})}
    student.setdefault("readout", [1.0 / student["k"]] * student["k"])
    init = {"scale": 0.0, "overlap": 0.0, **c.get("init", {})}
    overlap = init["overlap"]
    if not isinstance(overlap, list):
        overlap = [[overlap if a == b else 0.0 for b in range(teacher["k"])]
                   for a in range(student["k"])]
    init["overlap"] = overlap
    alg = {"name": "sgd", "batch": "fixed", "smeNoise": "per-sample", **c["algorithm"]}
    if "kappa" not in alg:
        alpha = alg.get("alpha", 0.5)
        power = n ** alpha
        nearest = round(power)
        kappa = nearest if abs(power - nearest) <= 1e-12 * power else math.ceil(power)
        alg["kappa"] = min(max(int(kappa), 1), n)
        alg["alpha"] = alpha
    alg.setdefault("gamma", 1.0)
    c.update(d=d, n=n, teacher=teacher, student=student, init=init, algorithm=alg,
             loss=c.get("loss", "square"), **{"lambda": c.get("lambda", 0.0)})
    return c


def link(name):
    """sigma and sigma' of a link; erf means erf(u/sqrt 2)."""
    if name == "linear":
        return (lambda u: u), (lambda u: np.ones_like(u))
    if name == "relu":
        return (lambda u: np.maximum(u, 0.0)), (lambda u: (u > 0).astype(float))
    if name == "erf":
        from math import erf
        verf = np.vectorize(erf)
        return (lambda u: verf(u / SQRT2)), (lambda u: math.sqrt(2 / math.pi) * np.exp(-u * u / 2))
    if name == "tanh":
        return np.tanh, (lambda u: 1.0 - np.tanh(u) ** 2)
    if name == "abs":
        return np.abs, np.sign
    if name == "sign":
        return (lambda u: np.where(u >= 0, 1.0, -1.0)), (lambda u: np.zeros_like(u))
    raise NotImplementedError(f"link {name}")


class Model:
    def __init__(self, c):
        self.c = c
        self.s, self.ds = link(c["student"]["link"])
        self.t, _ = link(c["teacher"]["link"])
        self.b = np.array(c["student"]["readout"], float)
        self.a = np.array(c["teacher"]["readout"], float)

    def labels(self, r_star, rng):
        teacher = self.c["teacher"]
        z = self.t(r_star) @ self.a + teacher["noise"] * rng.standard_normal(r_star.shape[0])
        return np.where(z >= 0, 1.0, -1.0) if teacher["labels"] == "sign" else z

    def loss_and_grad(self, r, y):
        """Per-sample loss (m,) and l = dL/dr (m, k) at preactivations r (m, k)."""
        f = self.s(r) @ self.b
        if self.c["loss"] == "square":
            loss, dloss = 0.5 * (f - y) ** 2, f - y
        else:
            margin = y * f
            loss = np.logaddexp(0.0, -margin)
            dloss = -y / (1.0 + np.exp(margin))
        return loss, dloss[:, None] * self.ds(r) * self.b[None, :]


def pair_moment(l1, l2, c11, c12, c22):
    """E[s1(u) s2(v)] for (u, v) ~ N(0, [[c11, c12], [c12, c22]])."""
    if l1 > l2:
        l1, l2, c11, c22 = l2, l1, c22, c11
    if (l1, l2) == ("linear", "linear"):
        return c12
    if (l1, l2) == ("erf", "erf"):
        return 2 / math.pi * math.asin(c12 / math.sqrt((1 + c11) * (1 + c22)))
    if (l1, l2) == ("relu", "relu"):
        if c11 <= 0 or c22 <= 0:
            return 0.0
        cos = max(-1.0, min(1.0, c12 / math.sqrt(c11 * c22)))
        phi = math.acos(cos)
        return math.sqrt(c11 * c22) / (2 * math.pi) * (math.sin(phi) + (math.pi - phi) * cos)
    if (l1, l2) == ("linear", "relu"):
        return c12 / 2
    if (l1, l2) == ("erf", "linear"):
        return c12 * math.sqrt(2 / math.pi) / math.sqrt(1 + c11)
    if (l1, l2) == ("erf", "relu"):
        return 0.5 * c12 * math.sqrt(2 / math.pi) / math.sqrt(1 + c11)
    raise NotImplementedError(f"pair moment {l1}-{l2}")


def test_risk(model, Q, M, P):
    c = model.c
    teacher, student = c["teacher"], c["student"]
    if c["loss"] == "square" and teacher["labels"] == "real":
        ls, lt, a, b = student["link"], teacher["link"], model.a, model.b
        ss = sum(b[i] * b[j] * pair_moment(ls, ls, Q[i, i], Q[i, j], Q[j, j])
                 for i in range(len(b)) for j in range(len(b)))
        st = sum(b[i] * a[j] * pair_moment(ls, lt, Q[i, i], M[i, j], P[j, j])
                 for i in range(len(b)) for j in range(len(a)))
        tt = sum(a[i] * a[j] * pair_moment(lt, lt, P[i, i], P[i, j], P[j, j])
                 for i in range(len(a)) for j in range(len(a)))
        return 0.5 * (ss - 2 * st + tt) + 0.5 * teacher["noise"] ** 2
    simple = (len(model.a) == 1 and len(model.b) == 1 and student["link"] == "linear"
              and teacher["link"] == "linear" and teacher["labels"] == "sign"
              and c["loss"] == "logistic" and teacher["noise"] > 0)
    if not simple:
        raise NotImplementedError("test risk for this loss, link and label combination")
    x, w = np.polynomial.hermite_e.hermegauss(96)
    w = w / w.sum()
    p, q, m = P[0, 0], Q[0, 0], M[0, 0]
    rho_star = math.sqrt(p) * x[:, None] + 0 * x[None, :]
    cond = math.sqrt(max(q - m * m / p, 0.0))
    rho = (m / math.sqrt(p)) * x[:, None] + cond * x[None, :]
    from math import erf
    prob = 0.5 * (1 + np.vectorize(erf)(model.a[0] * rho_star / (teacher["noise"] * SQRT2)))
    f = model.b[0] * rho
    loss = prob * np.logaddexp(0, -f) + (1 - prob) * np.logaddexp(0, f)
    return float(w @ loss @ w)


def run_once(c, seed):
    model = Model(c)
    d, n, k, ks = c["d"], c["n"], c["student"]["k"], c["teacher"]["k"]
    alg, lam, times = c["algorithm"], c["lambda"], c["times"]
    rng = np.random.default_rng(seed)
    theta_star = rng.standard_normal((d, ks))
    theta = theta_star @ np.array(c["init"]["overlap"], float).T \
        + c["init"]["scale"] * rng.standard_normal((d, k))
    P = theta_star.T @ theta_star / d
    online = alg["name"] == "online"
    if not online:
        X = rng.standard_normal((n, d)) / math.sqrt(d)
        y = model.labels(X @ theta_star, rng)

    out = {"Q": [], "M": [], "trainRisk": [], "testRisk": []}

    def record():
        Q = theta.T @ theta / d
        M = theta.T @ theta_star / d
        out["Q"].append(Q.tolist())
        out["M"].append(M.tolist())
        out["testRisk"].append(test_risk(model, Q, M, P))
        train = None if online else float(model.loss_and_grad(X @ theta, y)[0].mean())
        out["trainRisk"].append(train)

    def full_grad(th):
        return X.T @ model.loss_and_grad(X @ th, y)[1] + lam * th

    gamma, name = alg["gamma"], alg["name"]
    if name in ("sgd", "gd"):
        kappa = n if name == "gd" else alg["kappa"]
        eta = gamma * kappa / n
        step = 0
        for t in times:
            for _ in range(int(round(t / eta)) - step):
                if alg["batch"] == "bernoulli":
                    batch = np.flatnonzero(rng.random(n) < kappa / n)
                else:
                    batch = rng.choice(n, size=kappa, replace=False)
                g = X[batch].T @ model.loss_and_grad(X[batch] @ theta, y[batch])[1]
                if BATCH_GRADIENT == "mean":
                    g = g / max(len(batch), 1)
                theta = (1 - eta * lam) * theta - gamma * g
            step = int(round(t / eta))
            record()
    elif name == "sme":
        h = alg["h"]
        step = 0
        for t in times:
            for _ in range(int(round(t / h)) - step):
                ell = model.loss_and_grad(X @ theta, y)[1]
                mult = h + math.sqrt(gamma * h) * rng.standard_normal(n)
                theta = theta - h * lam * theta - X.T @ (ell * mult[:, None])
            step = int(round(t / h))
            record()
    elif name == "gf":
        top = np.linalg.norm(X, 2) ** 2
        now = 0.0
        for t in times:
            steps = int(math.ceil((t - now) * top / 0.1 - 1e-9))
            if steps > 0:
                dt = (t - now) / steps
                for _ in range(steps):
                    k1 = -full_grad(theta)
                    k2 = -full_grad(theta + dt / 2 * k1)
                    k3 = -full_grad(theta + dt / 2 * k2)
                    k4 = -full_grad(theta + dt * k3)
                    theta = theta + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            now = t
            record()
    elif name == "online":
        step = 0
        for t in times:
            for _ in range(int(round(t * d)) - step):
                x = rng.standard_normal((1, d)) / math.sqrt(d)
                yy = model.labels(x @ theta_star, rng)
                ell = model.loss_and_grad(x @ theta, yy)[1]
                theta = theta - gamma * x.T @ ell - (lam / d) * theta
            step = int(round(t * d))
            record()
    else:
        raise NotImplementedError(f"algorithm {name}")
    return out


def mean_and_se(runs, key):
    if runs[0][key][0] is None:
        return None, None
    values = np.array([r[key] for r in runs], float)
    se = values.std(axis=0, ddof=1) / math.sqrt(len(runs)) if len(runs) > 1 else 0 * values[0]
    return values.mean(axis=0).tolist(), se.tolist()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config")
    parser.add_argument("--replicates", type=int, default=10)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    with open(args.config) as f:
        c = resolve(json.load(f))
    base = c.get("seed", 0) if args.seed is None else args.seed
    seeds = np.random.SeedSequence([base, 0x5EED]).spawn(args.replicates)
    runs = [run_once(c, s) for s in seeds]
    result = {"solver": c["algorithm"]["name"], "times": c["times"], "status": "ok"}
    errors = {}
    for key in ("Q", "M", "trainRisk", "testRisk"):
        result[key], errors[key] = mean_and_se(runs, key)
    result["stdErr"] = errors
    result["info"] = {"replicates": args.replicates, "implementation": "numpy client"}
    result["config"] = c
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
