/**
 * The mutant switch (./mutants.ts). Set only programmatically, by the mutant tests and
 * scripts/mutants.ts, never from the environment: a normal run has no mutant. Module state
 * does not reach worker threads, so solveDMFTAsync marches in the calling thread while a
 * mutant is active.
 */
import { MUTANT_NAMES, type MutantName } from './mutants.ts';

let active: MutantName | null = null;

/** The active mutant, or null (always null outside the mutant tests). */
export function activeMutant(): MutantName | null {
  return active;
}

/** True when `name` is the active mutant: the one-line branch at each mutant's site. */
export function isMutant(name: MutantName): boolean {
  return active === name;
}

/** Activates a mutant (or none, with null); throws on an unknown name, listing the known. */
export function setActiveMutant(name: string | null): void {
  if (name !== null && !(MUTANT_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`unknown mutant "${name}"; known: ${MUTANT_NAMES.join(', ')}`);
  }
  active = name as MutantName | null;
}
