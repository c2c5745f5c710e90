/**
 * The mutant zoo (src/mutants; docs/tests.md, "Power and false alarms"): every mutant must be
 * rejected by an honest check, and that check must pass on the honest code at the same seed,
 * so that each kill means something. The check per mutant is the cheapest one that reaches
 * its code path (tests/mutants/checks.ts; `npm run mutants` prints the whole matrix). No
 * tolerance is set here: each check keeps the one its own test or statement derives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setActiveMutant } from '../../src/mutants/activeMutant.ts';
import { MUTANTS, MUTANT_NAMES, type MutantName } from '../../src/mutants/mutants.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { checkNamed } from './checks.ts';

const FILE = 'tests/mutants/zoo.test.ts';
const seed = suiteSeed();

/**
 * Mutant → the check that kills it: among the checks of `npm run mutants` that kill it, a
 * cheap one that kills it by a wide margin (several tolerances at the suite seed and at
 * seeds 1–3; docs/tests.md), so that the kill does not hinge on the seed.
 */
const KILLER: Record<MutantName, string> = {
  'sgd-batch-mean': 'L2',
  'sgd-batch-reused': 'L1',
  'sgd-decay-per-epoch': 'L1@ridge',
  'sme-noise-eta': 'crossval-logistic-sme',
  'em-no-sqrt-h': 'crossval-logistic-sme',
  'test-risk-on-train': 'crossval-logistic-gf',
  'test-risk-no-noise': 'L6',
  'gauss-hermite-physicists': 'crossval-online',
  'online-ode-no-gamma-squared': 'L5',
  'online-decay-per-sample': 'crossval-online-ridge',
  'gf-exact-no-ridge-on-modes': 'L1@ridge',
  'dmft-no-self-jump': 'crossval-square',
  'dmft-sme-noise-eta': 'crossval-square',
  'volterra-kernel-rate': 'crossval-square',
};

function replay(name: string): string {
  return `\n  reproduce: SGD_ORACLE_SEED=${seed} npx vitest run ${FILE} -t "${name}"`;
}

describe(`mutant zoo (suite seed ${seed})`, () => {
  afterEach(() => setActiveMutant(null));

  it('has at least 12 mutants, each with a description and a killing check', () => {
    expect(MUTANT_NAMES.length).toBeGreaterThanOrEqual(12);
    for (const name of MUTANT_NAMES) {
      expect(MUTANTS[name].description.length).toBeGreaterThan(20);
      expect(() => checkNamed(KILLER[name])).not.toThrow();
    }
    expect(() => setActiveMutant('no-such-mutant')).toThrow(/unknown mutant "no-such-mutant"/);
  });

  for (const checkName of [...new Set(Object.values(KILLER))]) {
    const name = `${checkName} passes with no mutant`;
    it(name, () => {
      const outcome = checkNamed(checkName).run(seed);
      expect(
        outcome.pass,
        `${checkName} failed on the honest code: ${outcome.statistic}` + replay(name),
      ).toBe(true);
    });
  }

  for (const mutant of MUTANT_NAMES) {
    const name = `${mutant} is rejected by ${KILLER[mutant]}`;
    it(name, () => {
      setActiveMutant(mutant);
      const outcome = checkNamed(KILLER[mutant]).run(seed);
      setActiveMutant(null);
      process.stderr.write(
        `${mutant}: ${outcome.pass ? 'SURVIVED' : 'killed'} by ${KILLER[mutant]}: ` +
          `${outcome.statistic}\n`,
      );
      expect(
        outcome.pass,
        `${mutant} (${MUTANTS[mutant].description}) passed ${KILLER[mutant]}: ` +
          `${outcome.statistic}` +
          replay(name),
      ).toBe(false);
    });
  }
});
