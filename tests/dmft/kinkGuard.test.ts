/**
 * The DMFT with a relu or abs student (src/solvers/dmft/kinkJumpResponses.ts, docs/dmft.md):
 * every measure runs with the jump part of the responses, for k = 1 and k > 1, and reports how
 * its kink terms were estimated; a student that starts on its kink (init.scale = 0, so w_0 ≡ 0)
 * is counted and warned about, and a bad kernel bandwidth is refused naming what is allowed.
 * Accuracy: tests/dmft/kinkJump.test.ts (matched finite runs) and kinkPoisson.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/model/types.ts';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import type { DmftResult } from '../../src/solvers/dmft/types.ts';
import { runLimit } from '../../src/solvers/runLimit.ts';
import { testConfig } from '../helpers/configs.ts';

const MEASURES = ['gf', 'sgd', 'sme', 'bernoulli-sgd'] as const;

/** The config solved under each measure at dt = 0.1 with 400 paths. */
function underEveryMeasure(config: Config): [string, DmftResult][] {
  return MEASURES.map((measure) => [
    measure,
    solveDMFT(config, { measure, dt: 0.1, paths: 400, seed: 1 }),
  ]);
}

describe('DMFT with a kinked student link', () => {
  it('runs an abs committee (k = 2) under every measure, with the jump part', () => {
    const config = testConfig({
      teacher: { k: 2 },
      student: { k: 2, link: 'abs' },
      init: { scale: 0.5 },
      times: [0, 0.5],
    });
    for (const [measure, result] of underEveryMeasure(config)) {
      expect(result.status, measure).toBe('ok');
      expect(result.info.kinkJumpResponses, measure).toBe(true);
      expect(result.info.kinkTermsDegenerate, measure).toBe(0);
      const opened = Number(result.info.kinkTermsConditioned) + Number(result.info.kinkTermsKernel);
      expect(opened, measure).toBeGreaterThan(0);
      expect(result.Q[1][0][0], measure).toBeGreaterThan(0);
    }
  });

  it('runs a relu student and teacher with k = 1 under every measure, with the Stein ν', () => {
    const config = testConfig({
      teacher: { link: 'relu' },
      student: { link: 'relu' },
      init: { scale: 0.5 },
      times: [0, 0.5],
    });
    for (const [measure, result] of underEveryMeasure(config)) {
      expect(result.status, measure).toBe('ok');
      expect(result.info.nuForm, measure).toBe('stein');
      expect(result.info.kinkBandwidth, measure).toBe(0.02);
    }
  });

  it('counts and warns about a student that starts exactly on its kink', () => {
    const config = testConfig({
      teacher: { link: 'relu' },
      student: { link: 'relu' },
      init: { scale: 0 },
      times: [0, 0.5],
    });
    const result = runLimit(config, 'dmft-sme', { paths: 400, dt: 0.1 });
    // θ0 = 0 is a stationary point of a relu student (relu'(0) = 0, λ = 0): w stays ≡ 0, so
    // every path sits on the kink in each of the 5 active cells before t = 0.5.
    expect(Number(result.info.kinkTermsDegenerate)).toBe(5 * 400);
    expect(result.info.warning).toMatch(/sat exactly on the kink.*init\.scale = 0/);
  });

  it('refuses a kernel bandwidth outside (0, 1], naming the allowed range', () => {
    const config = testConfig({ teacher: { link: 'relu' }, student: { link: 'relu' } });
    for (const kinkBandwidth of [0, -0.1, 1.5, Number.NaN]) {
      expect(() =>
        solveDMFT(config, { measure: 'sme', dt: 0.1, paths: 200, seed: 1, kinkBandwidth }),
      ).toThrow(/options\.kinkBandwidth must be a number in \(0, 1\]/);
    }
  });

  it('refuses --kink-bandwidth for a student without a kink', () => {
    const config = testConfig({});
    expect(() => runLimit(config, 'dmft-sme', { paths: 400, kinkBandwidth: 0.1 })).toThrow(
      /--kink-bandwidth applies to a relu or abs student/,
    );
  });
});
