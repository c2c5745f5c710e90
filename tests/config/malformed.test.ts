/**
 * Generated faults: every valid configuration must parse, and every configuration with a
 * fault must throw a ConfigError with an issue at the fault's path, whatever else is wrong.
 *
 * Configurations come from tests/config/arbitraries.ts; fast-check's seed is the suite seed
 * (properties/setup.ts), and a failure prints it with the shrunk configuration, which replays
 * with SGD_ORACLE_SEED=<seed>. Each property also counts what it saw and asserts the counts
 * afterwards, so that a generator that stopped producing some kind of fault would fail.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../src/model/parseConfig.ts';
import {
  FAMILIES,
  type Mutation,
  multipleMutationArb,
  singleMutationArb,
  validCaseArb,
} from './arbitraries.ts';
import { configErrorOf, show } from './support.ts';

/** Checks that the error lists `mutation` at its path, with a complete issue record. */
function expectReported(config: unknown, mutations: Mutation[]): void {
  const error = configErrorOf(() => parseConfig(config));
  const context = `config ${show(config)}\nissues ${show(error.issues)}`;
  for (const mutation of mutations) {
    const matches = error.issues.filter((issue) => issue.path === mutation.path);
    expect(matches.length, `no issue at ${mutation.path}\n${context}`).toBeGreaterThan(0);
    if (mutation.mentions !== undefined) {
      const mentioned = matches.some((issue) => issue.message.includes(mutation.mentions!));
      expect(mentioned, `issue at ${mutation.path} lacks "${mutation.mentions}"\n${context}`).toBe(
        true,
      );
    }
  }
  for (const issue of error.issues) {
    expect(issue.received, context).not.toBe('');
    expect(issue.allowed, context).not.toBe('');
    expect(issue.message, context).toContain(`received ${issue.received}; allowed: `);
    expect(error.message, context).toContain(`${issue.path || '(configuration)'}: `);
  }
}

describe('generated configurations', () => {
  test('every valid configuration parses, with κ in [1, n] and the seed recorded', () => {
    fc.assert(
      fc.property(validCaseArb, ({ config, facts }) => {
        const parsed = parseConfig(config);
        expect(parsed.n).toBe(facts.n);
        expect(parsed.algorithm.kappa).toBeGreaterThanOrEqual(1);
        expect(parsed.algorithm.kappa).toBeLessThanOrEqual(facts.n);
        expect(parsed.teacher.readout).toHaveLength(facts.kStar);
        expect(parsed.init.overlap).toHaveLength(facts.k);
        expect(parsed.seedDefaulted).toBe(!('seed' in config));
      }),
      { numRuns: 200 },
    );
  });

  test('a single fault is reported at its path', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(singleMutationArb, ({ config, mutations }) => {
        expectReported(config, mutations);
        seen.add(mutations[0].family);
      }),
      { numRuns: 600 },
    );
    // fc.oneof picks each of the 20 families with probability 1/20 per draw, so a given
    // family is absent from 600 draws with probability (19/20)^600 ≈ 4e-14, and some family
    // with probability below 20 × 4e-14 ≈ 1e-12: a missing family means a broken generator.
    expect([...seen].sort()).toEqual([...FAMILIES].sort());
  });

  test('several faults in different sections are all reported together', () => {
    let total = 0;
    fc.assert(
      fc.property(multipleMutationArb, ({ config, mutations }) => {
        expectReported(config, mutations);
        total += mutations.length;
      }),
      { numRuns: 300 },
    );
    expect(total).toBeGreaterThanOrEqual(2 * 300);
  });
});
