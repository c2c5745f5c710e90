/**
 * Each implemented statement passes on its default config, and fails when fed a
 * deliberately wrong input through the solver hook (power). Tolerances are those of the
 * verdicts themselves (docs/limits.md): each verdict budgets a false-failure probability of
 * 1e-4 over its assertions (Bonferroni), so this file's false-failure rate is below 3e-4.
 */
import { describe, expect, it } from 'vitest';
import { checkL1 } from '../../src/limits/checkL1.ts';
import { checkL2 } from '../../src/limits/checkL2.ts';
import { checkL3 } from '../../src/limits/checkL3.ts';
import { defaultLimitConfig } from '../../src/limits/defaultLimitConfig.ts';
import { withAlgorithm } from '../../src/limits/withAlgorithm.ts';
import { runLimit } from '../../src/solvers/runLimit.ts';
import { runFinite } from '../../src/solvers/runSolver.ts';
import { reproduce } from '../helpers/configs.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { verdictFailures as failures } from '../helpers/verdictFailures.ts';

const seed = suiteSeed();
const FILE = 'tests/limits/verdicts.test.ts';

describe(`limit statements (suite seed ${seed})`, () => {
  it('L1 passes on its default config', () => {
    const v = checkL1(defaultLimitConfig('L1'), { seed });
    expect(v.pass, failures(v) + reproduce(seed, v.config, FILE, 'L1 passes')).toBe(true);
    expect(v.rates).toHaveLength(3);
  });

  it('L1 rejects GF fed where finite SGD is expected', () => {
    const v = checkL1(defaultLimitConfig('L1'), {
      seed,
      dims: [100, 200],
      replicates: 8,
      solve: ({ role, config }) =>
        role === 'finite:sgd'
          ? runFinite(withAlgorithm(config, { name: 'gf' }), 'gf', 8)
          : undefined,
    });
    const sgd = v.comparisons.filter((c) => c.label.startsWith('sgd') && !c.pass);
    expect(sgd.length, reproduce(seed, v.config, FILE, 'L1 rejects')).toBeGreaterThan(0);
    expect(v.status).toBe('fail');
  });

  it('L2 passes on its default config', () => {
    const v = checkL2(defaultLimitConfig('L2'), { seed });
    expect(v.pass, failures(v) + reproduce(seed, v.config, FILE, 'L2 passes')).toBe(true);
  });

  it('L2 rejects GD (κ = n) fed where κ = ⌈n^½⌉ is expected', () => {
    const config = defaultLimitConfig('L2');
    const n = withAlgorithm(config, { d: 500 }).n;
    const kappa = Math.ceil(n ** 0.5);
    const v = checkL2(config, {
      seed,
      solve: ({ role, config: c, run }) =>
        role === `kappa:${kappa}` ? run(withAlgorithm(c, { kappa: c.n })) : undefined,
    });
    expect(v.status, reproduce(seed, v.config, FILE, 'L2 rejects')).toBe('fail');
  });

  it('L3 passes on its default config', () => {
    const v = checkL3(defaultLimitConfig('L3'), { seed });
    expect(v.pass, failures(v) + reproduce(seed, v.config, FILE, 'L3 passes')).toBe(true);
    for (const r of v.rates) expect(r.fitted).toBeGreaterThan(0);
  });

  it('L3 rejects an SGD limit at γ = 0.8 fed where the GF limit is expected', () => {
    const v = checkL3(defaultLimitConfig('L3'), {
      seed,
      solve: ({ role, config }) =>
        role === 'limit:gf'
          ? runLimit(withAlgorithm(config, { name: 'sgd', gamma: 0.8 }), 'exact')
          : undefined,
    });
    expect(v.status, reproduce(seed, v.config, FILE, 'L3 rejects')).toBe('fail');
  });

  it('options are validated with the field, the value and the allowed range', () => {
    expect(() => checkL1(defaultLimitConfig('L1'), { replicates: 1 })).toThrow(
      /options\.replicates must be an integer ≥ 2; received 1/,
    );
    expect(() => checkL3(defaultLimitConfig('L3'), { gammas: [-1] })).toThrow(/options\.gammas/);
  });
});
