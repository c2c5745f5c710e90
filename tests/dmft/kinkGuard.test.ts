/**
 * The DMFT refuses a relu or abs student where ℓ's jump at the kink matters (it would give a
 * wrong answer: DMFT Q(1) = 0.29 against 0.42 for finite-d SGD, relu student and teacher),
 * and runs the safe case: k = 1 with an odd teacher link, where E[y | r = 0] = 0.
 */
import { describe, expect, it } from 'vitest';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import { testConfig } from '../helpers/configs.ts';

describe('DMFT with a kinked student link', () => {
  it('refuses relu student with a relu teacher, naming student.link and what is supported', () => {
    const config = testConfig({ teacher: { link: 'relu' }, student: { link: 'relu' } });
    expect(() => solveDMFT(config, { measure: 'gf', dt: 0.1, paths: 200, seed: 1 })).toThrow(
      /student\.link "relu".*teacher\.link "relu".*k = 1 and an odd teacher link/,
    );
  });

  it('refuses an abs committee (k = 2) even with a linear teacher', () => {
    const config = testConfig({ teacher: { k: 2 }, student: { k: 2, link: 'abs' } });
    expect(() => solveDMFT(config, { measure: 'gf', dt: 0.1, paths: 200, seed: 1 })).toThrow(
      /student\.k = 2/,
    );
  });

  it('runs a relu student with k = 1 and a linear teacher', () => {
    const config = testConfig({ student: { link: 'relu' }, init: { scale: 0.5 }, times: [0, 0.5] });
    const result = solveDMFT(config, { measure: 'gf', dt: 0.1, paths: 400, seed: 1 });
    expect(result.status).toBe('ok');
    expect(result.Q[1][0][0]).toBeGreaterThan(0);
  });
});
