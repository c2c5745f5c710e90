/**
 * biasBounds: the stated bounds on the systematic (non-Monte-Carlo) differences between a
 * finite-(n, d) mean and its n, d → ∞ limit, for the models of the cross-validation
 * (docs/crossval.md, "Bias bounds", has the measurement tables and the command that
 * regenerates them: `node bin/run-ts.mjs scripts/deep/crossval.ts --bias`).
 *
 * 1. Finite-d bias, |E O_d − O_∞| ≤ C/d (MATH §3, L1: the mean error is O(1/d) while the
 *    replicate spread is O(d^{-1/2})). C was measured where the bias is resolvable, at
 *    d ∈ {50, 100} with 300–400 replicates against a 32 000–64 000-path DMFT, for every
 *    observable (Q, M, train, test risk) at t ∈ {0.5, 1, 2} of the six matched cases: the
 *    largest |d·(E O_d − O_∞)| was 1.18 ± 0.50 (logistic GD, Q at t = 2, d = 100) and
 *    0.85 ± 0.29 at d = 50. C_MULTIPASS = 3 is that largest value plus about 3.5 of its
 *    standard errors, so it also covers an O(1/d²) part at d = 50 of the same size.
 *    Online SGD (erf committee, d ∈ {25, 50, 100}, 400–1600 replicates): the largest
 *    |d·bias| was 0.33 ± 0.30 (M at τ = 4, d = 100), 0.25 ± 0.13 at d = 50; C_ONLINE = 1.
 * 2. Batch bias of finite SGD with κ = ⌈√n⌉ against the continuous-time DMFT: O(κ/n + η)
 *    (MATH §3, L2), and η = γκ/n, so |bias| ≤ C_BATCH·η. Measured with the DMFT alone: at a
 *    fixed per-sample inclusion probability p, fixed-size and Bernoulli batches share their
 *    limit (the per-sample clocks are the same i.i.d. Bernoulli(p) sequence; only the O(1/n)
 *    within-step correlation differs), and that limit is 'bernoulli-sgd' with dt = η. Its
 *    slope in dt against the Poisson scheme's continuum, for the logistic model, was at most
 *    0.26 ± 0.08 per unit of dt (Q at t = 2; M 0.11, risks 0.04), from dt = 1/16, 1/32, 1/64
 *    with 128 000 paths each. C_BATCH = 0.6 is that slope plus four of its standard errors.
 *    (Check: finite fixed-batch SGD at d = 512 and 2048, κ = 32 and 64, agreed with
 *    'bernoulli-sgd' at dt = η within 1σ.)
 */

/** Multi-pass GD/SGD/SME: |E O_d − O_∞| ≤ C_MULTIPASS/d for the matched cases. */
export const C_MULTIPASS = 3;

/** Online SGD: |E O_d − O_∞| ≤ C_ONLINE/d (time τ = steps/d). */
export const C_ONLINE = 1;

/** Finite SGD with batch κ at η = γκ/n against the continuous DMFT: ≤ C_BATCH·η. */
export const C_BATCH = 0.6;
