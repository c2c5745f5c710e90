/**
 * Seeded random streams.
 *
 * One master seed (a non-negative integer) derives independent named streams, so that, for
 * example, asking SGD for a different batch rule never changes the data it trains on. Each
 * stream is seedrandom's xor4096 generator keyed by the string `sgd-oracle/<seed>/<name>`;
 * xor4096 has a period of 2^4096 − 1 and distinct keys give unrelated states.
 *
 * The stream names used by the product are listed in `STREAMS`. `Math.random` is never used.
 */
import seedrandom from 'seedrandom';

/** Every named stream a `Problem` or solver draws from. */
export const STREAMS = [
  'teacher',
  'data',
  'label-noise',
  'init',
  'batches',
  'sme-noise',
  'online-data',
  'replicates',
] as const;
export type StreamName = (typeof STREAMS)[number] | `${(typeof STREAMS)[number]}/${string}`;

/** A uniform and normal sampler over one seeded stream. */
export class Rng {
  readonly seed: number;
  readonly name: string;
  private readonly next: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number, name: string) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, received ${seed}`);
    }
    this.seed = seed;
    this.name = name;
    this.next = seedrandom.xor4096(`sgd-oracle/${seed}/${name}`) as unknown as () => number;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - this.next();
  }

  /** Uniform integer on {0, …, n − 1}. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Standard normal by the Marsaglia polar method. The rejection loop excludes s = 0, so the
   * logarithm is always finite; the second variate of each accepted pair is kept for the next
   * call.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  /** Fills `out` with independent N(0, scale²) draws. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }

  /** Poisson(mean) by sequential inversion of the CDF; exact, and meant for mean ≤ 30. */
  poisson(mean: number): number {
    if (!(mean >= 0 && mean <= 30)) {
      throw new RangeError(`poisson mean must lie in [0, 30], received ${mean}`);
    }
    const u = this.next();
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    while (u >= cdf && k < 200) {
      k += 1;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }

  /** Geometric number of failures before the first success, success probability p ∈ (0, 1]. */
  geometric(p: number): number {
    if (p >= 1) return 0;
    return Math.floor(Math.log(this.uniformPositive()) / Math.log1p(-p));
  }
}

/** The stream `name` of master seed `seed`. */
export function stream(seed: number, name: StreamName): Rng {
  return new Rng(seed, name);
}

/**
 * The master seed of replicate `r` of a run with master seed `seed`. Replicate 0 is the run
 * itself, so `--replicates 1` reproduces a plain run bit for bit.
 */
export function replicateSeed(seed: number, r: number): number {
  if (r === 0) return seed;
  const rng = stream(seed, `replicates/${r}`);
  return Math.floor(rng.uniform() * 2 ** 31) + Math.floor(rng.uniform() * 2 ** 20) * 2 ** 31;
}
