/**
 * Reproducibility: the same seed and config give bit-identical output, and asking for more
 * output times does not change the path (the extra times are extra observations only).
 */
import { describe, expect, it } from 'vitest';
import { runFinite } from '../../src/solvers/runSolver.ts';
import type { FiniteSolver } from '../../src/solvers/runSolver.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { testConfig } from '../helpers/configs.ts';

const seed = suiteSeed();
const solvers: FiniteSolver[] = ['sgd', 'gd', 'sme', 'gf', 'online'];
const batchRules = ['fixed', 'bernoulli', 'reshuffle'] as const;

describe(`determinism (suite seed ${seed})`, () => {
  for (const solver of solvers) {
    it(`${solver}: same seed, same bits; more output times, same path`, () => {
      const config = testConfig({
        d: 60,
        loss: 'logistic',
        teacher: { labels: 'sign', noise: 0.2 },
        algorithm: { name: solver === 'gd' ? 'sgd' : solver, gamma: 0.5, alpha: 0.5 },
        times: [0, 0.5, 1],
        seed,
      });
      const a = runFinite(config, solver);
      const b = runFinite(config, solver);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));

      // GD observes every η = γ = 0.5, so its denser request stays on that grid.
      const denser = solver === 'gd' ? [0, 0.5, 1, 1.5] : [0, 0.1, 0.25, 0.5, 0.75, 1];
      const dense = runFinite({ ...config, times: denser }, solver);
      for (const [i, t] of config.times.entries()) {
        const j = dense.times.indexOf(t);
        expect(dense.Q[j], `Q at t = ${t}, seed ${seed}`).toEqual(a.Q[i]);
        expect(dense.testRisk?.[j]).toBe(a.testRisk?.[i]);
      }
    });
  }

  for (const batch of batchRules) {
    it(`sgd with batch rule ${batch}: the data do not depend on the rule`, () => {
      const config = testConfig({ d: 50, algorithm: { batch, kappa: 7 }, times: [0], seed });
      const fixed = runFinite(
        { ...config, algorithm: { ...config.algorithm, batch: 'fixed' } },
        'sgd',
      );
      const other = runFinite(config, 'sgd');
      expect(other.trainRisk).toEqual(fixed.trainRisk);
      expect(other.M).toEqual(fixed.M);
    });
  }

  it('refuses two output times that fall on one step, naming both and the step', () => {
    const config = testConfig({ d: 50, algorithm: { gamma: 0.8, kappa: 100 }, times: [0, 0.5, 1] });
    expect(() => runFinite(config, 'gd')).toThrow(/times 0.5 and 1 fall on the same step of η/);
  });

  it('a different seed gives a different path', () => {
    const config = testConfig({ d: 50, times: [0, 1], seed });
    const a = runFinite(config, 'sgd');
    const b = runFinite({ ...config, seed: seed + 1 }, 'sgd');
    expect(b.Q[1][0][0]).not.toBe(a.Q[1][0][0]);
  });
});
