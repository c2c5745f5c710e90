/**
 * L4 (docs/limits.md): SGD = SME for an affine loss gradient, an O(γ²) gap otherwise, GF
 * distinct from both. Passes on its default (tanh student) and on the square-loss default;
 * fails when fed an SME with the wrong noise scale, or SME where SGD is expected.
 * False failures: the two passing checks budget 1e-4 each (Bonferroni inside the verdict);
 * the square-loss one is deterministic (the closure is exact), so this file's false-failure
 * probability is below 1e-4. The power cases fail deterministically (common random numbers
 * make an SME-vs-SME gap exactly 0; the wrong noise scale is a deterministic closure).
 */
import { describe, expect, it } from 'vitest';
import { checkL4 } from '../../src/limits/checkL4.ts';
import { checkStatement } from '../../src/limits/checkStatement.ts';
import { defaultLimitConfig } from '../../src/limits/defaultLimitConfig.ts';
import { withAlgorithm } from '../../src/limits/withAlgorithm.ts';
import { runLimit } from '../../src/solvers/runLimit.ts';
import { reproduce } from '../helpers/configs.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { verdictFailures as failures } from '../helpers/verdictFailures.ts';

const seed = suiteSeed();
const FILE = 'tests/limits/l4.test.ts';

describe(`limit statement L4 (suite seed ${seed})`, () => {
  it('L4 passes on its default config: O(γ²) gap, significant at γ = 1, GF distinct', () => {
    const v = checkStatement('L4', defaultLimitConfig('L4'), { seed });
    expect(v.pass, failures(v) + reproduce(seed, v.config, FILE, 'L4 passes')).toBe(true);
    expect(v.rates).toHaveLength(1);
    expect(v.rates[0].expected).toBe(2);
    expect(v.comparisons.filter((c) => c.kind === 'exceeds').length).toBe(v.comparisons.length);
  });

  it('L4 on square loss: SGD and SME agree to rounding, GF is distinct', () => {
    const v = checkL4(defaultLimitConfig('L3'), { seed });
    expect(v.pass, failures(v) + reproduce(seed, v.config, FILE, 'square loss')).toBe(true);
    const equal = v.comparisons.filter((c) => c.kind === 'within');
    expect(equal).toHaveLength(4 * 3 * 2);
    for (const c of equal) expect(c.distance).toBeLessThanOrEqual(1e-9 * Math.max(1, c.value));
  });

  it('L4 rejects an SME whose noise scale is 1.5γ instead of γ (square loss)', () => {
    const v = checkL4(defaultLimitConfig('L3'), {
      seed,
      solve: ({ role, config, run }) =>
        role.startsWith('limit:sme:')
          ? run(withAlgorithm(config, { gamma: 1.5 * config.algorithm.gamma }))
          : undefined,
    });
    expect(v.status, reproduce(seed, v.config, FILE, 'noise scale')).toBe('fail');
    expect(v.comparisons.some((c) => c.kind === 'within' && !c.pass)).toBe(true);
  });

  it('L4 rejects SME fed where SGD is expected (the claimed gap vanishes)', () => {
    const v = checkL4(defaultLimitConfig('L4'), {
      seed,
      replicates: 3,
      paths: 6000,
      solve: ({ role, config }) => {
        if (!role.startsWith('limit:bernoulli-sgd:')) return undefined;
        const dt = Number(role.split('dt=')[1]);
        const gamma = config.algorithm.gamma - dt;
        return runLimit(withAlgorithm(config, { name: 'sme', gamma }), 'dmft-sme', {
          dt,
          paths: 2000,
          batches: 2,
        });
      },
    });
    expect(v.status, reproduce(seed, v.config, FILE, 'SME fed')).toBe('fail');
    expect(v.comparisons.some((c) => c.label.includes('gap is signal') && !c.pass)).toBe(true);
  });

  it('L4 refuses options.dt and configs without a positive time', () => {
    expect(() => checkL4(defaultLimitConfig('L4'), { dt: 0.1 })).toThrow(
      /dt = γ\/4.*options\.dt is not allowed; received 0\.1/,
    );
    const noTime = withAlgorithm(defaultLimitConfig('L4'), { times: [0] });
    expect(() => checkL4(noTime)).toThrow(/positive times.*\[0\]/);
    expect(() => checkL4(defaultLimitConfig('L4'), { gammas: [1] })).toThrow(
      /at least 2 values.*options\.gammas = \[1\]/,
    );
  });
});
