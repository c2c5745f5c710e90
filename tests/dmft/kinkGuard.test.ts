/**
 * The DMFT handles a relu or abs student only where the jump part of its responses is
 * implemented (src/solvers/dmft/kinkJumpResponses.ts, docs/dmft.md): any k with a
 * single-multiplier measure ('gf', 'sme', 'bernoulli-sgd'). It refuses 'sgd' (a crossing can
 * fall between the sub-jumps of a Poisson cell), naming what is allowed, for k = 1 and k > 1.
 * Accuracy of the supported case: tests/dmft/kinkJump.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import { testConfig } from '../helpers/configs.ts';

describe('DMFT with a kinked student link', () => {
  it("refuses a relu student with measure 'sgd', naming the allowed measures", () => {
    const config = testConfig({ teacher: { link: 'relu' }, student: { link: 'relu' } });
    expect(() => solveDMFT(config, { measure: 'sgd', dt: 0.1, paths: 200, seed: 1 })).toThrow(
      /student\.link "relu" with options\.measure "sgd".*'gf', 'sme', 'em-sme' or 'bernoulli-sgd'/,
    );
  });

  it("refuses an abs committee (k = 2) with measure 'sgd' too", () => {
    const config = testConfig({ teacher: { k: 2 }, student: { k: 2, link: 'abs' } });
    expect(() => solveDMFT(config, { measure: 'sgd', dt: 0.1, paths: 200, seed: 1 })).toThrow(
      /student\.link "abs" with options\.measure "sgd"/,
    );
  });

  it('runs an abs committee (k = 2) with the jump part, single-multiplier measures', () => {
    const config = testConfig({
      teacher: { k: 2 },
      student: { k: 2, link: 'abs' },
      init: { scale: 0.5 },
      times: [0, 0.5],
    });
    for (const measure of ['gf', 'sme', 'bernoulli-sgd'] as const) {
      const result = solveDMFT(config, { measure, dt: 0.1, paths: 400, seed: 1 });
      expect(result.status).toBe('ok');
      expect(result.info.kinkJumpResponses).toBe(true);
      expect(result.info.kinkPivotsSkipped).toBe(0);
      expect(result.Q[1][0][0]).toBeGreaterThan(0);
    }
  });

  it('runs a relu student and teacher with k = 1, with the jump part and the Stein ν', () => {
    const config = testConfig({
      teacher: { link: 'relu' },
      student: { link: 'relu' },
      init: { scale: 0.5 },
      times: [0, 0.5],
    });
    for (const measure of ['gf', 'sme', 'bernoulli-sgd'] as const) {
      const result = solveDMFT(config, { measure, dt: 0.1, paths: 400, seed: 1 });
      expect(result.status).toBe('ok');
      expect(result.info.kinkJumpResponses).toBe(true);
      expect(result.info.nuForm).toBe('stein');
      expect(result.Q[1][0][0]).toBeGreaterThan(0);
    }
  });
});
