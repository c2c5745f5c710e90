/**
 * Input validation and divergence reporting of the DMFT solver: bad input throws a
 * RangeError naming the parameter and the value; an unstable run (square-loss SGD with
 * γ = 2.5 > 2, docs/limits.md L7) ends with status 'diverged', a time and a cause, and
 * no NaN anywhere in the output.
 */
import { describe, expect, it } from 'vitest';
import { solveDmftWithModel } from '../../src/solvers/dmft/solveDmftWithModel.ts';
import type { DmftOptions } from '../../src/solvers/dmft/types.ts';
import { expectReportedDivergence } from '../helpers/expectReportedDivergence.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { dmftConfig, squareModel, squareTestRisk } from './helpers/privateModels.ts';

const seed = suiteSeed();
const model = squareModel([1], [1], 0.1);
const risk = squareTestRisk([1], [1], 0.1);
const base: DmftOptions = { measure: 'sgd', dt: 0.1, paths: 64, seed, batches: 2 };

describe(`DMFT input validation and divergence (suite seed ${seed})`, () => {
  const cases: [string, Partial<DmftOptions>, RegExp][] = [
    [
      'unknown measure',
      { measure: 'langevin' as DmftOptions['measure'] },
      /options\.measure.*"langevin"/,
    ],
    ['dt = 0', { dt: 0 }, /options\.dt.*received 0/],
    ['dt = NaN', { dt: Number.NaN }, /options\.dt.*NaN/],
    ['one batch', { batches: 1 }, /options\.batches.*received 1/],
    ['fewer paths than batches', { paths: 1 }, /options\.paths.*received 1/],
    ['negative seed', { seed: -1 }, /options\.seed.*received -1/],
    ['Bernoulli with dt > γ', { measure: 'bernoulli-sgd', dt: 0.8 }, /options\.dt.*bernoulli/],
  ];
  for (const [name, patch, message] of cases) {
    it(`rejects ${name}`, () => {
      const config = dmftConfig({ delta: 2, gamma: 0.5, times: [1] });
      expect(() => solveDmftWithModel(model, config, { ...base, ...patch }, risk)).toThrow(message);
    });
  }

  it('rejects a config with the wrong overlap shape, naming the field', () => {
    const config = dmftConfig({ delta: 2, times: [1], overlap: [[0.1, 0.2]] });
    expect(() => solveDmftWithModel(model, config, base, risk)).toThrow(/config\.init\.overlap/);
  });

  it('rejects negative times and a non-positive δ', () => {
    expect(() =>
      solveDmftWithModel(model, dmftConfig({ delta: 2, times: [-1] }), base, risk),
    ).toThrow(RangeError);
    expect(() =>
      solveDmftWithModel(model, dmftConfig({ delta: 0, times: [1] }), base, risk),
    ).toThrow(/config\.delta/);
  });

  it('reports divergence of square-loss SGD at γ = 2.5 with a time and no NaN', () => {
    const config = dmftConfig({ delta: 2, gamma: 2.5, sigma: 0.1, times: [1, 5, 20, 40] });
    const result = solveDmftWithModel(model, config, { ...base, paths: 400 }, risk);
    expectReportedDivergence(result, config.times.length);
    expect(result.divergedAt).toBeLessThanOrEqual(40);
  });

  it('stays finite at γ = 1.5 and reports monotone progress ending at 1', () => {
    const config = dmftConfig({ delta: 2, gamma: 1.5, sigma: 0.1, times: [2, 4] });
    const fractions: number[] = [];
    const result = solveDmftWithModel(
      model,
      config,
      { ...base, paths: 400, onProgress: (f) => fractions.push(f) },
      risk,
    );
    expect(result.status).toBe('ok');
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
  });
});
