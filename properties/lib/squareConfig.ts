/**
 * The model family of the statement properties: square loss on a linear teacher with
 * Gaussian label noise and a linear student (k = k* = 1 unless drawn), zero initialisation,
 * κ = ⌈√n⌉.
 * Conventions as in docs/conventions.md; the fields drawn are those of a `SquareDraw`.
 */
import { parseConfig } from '../../src/model/parseConfig.ts';
import type { Config } from '../../src/model/types.ts';

export interface SquareDraw {
  delta: number;
  noise: number;
  lambda: number;
  gamma: number;
  seed: number;
  /** Student and teacher width k = k* (default 1), readouts 1/k each. */
  k?: number;
}

export function squareConfig(draw: SquareDraw, times: number[], d = 200): Config {
  return parseConfig(
    {
      d,
      delta: draw.delta,
      teacher: { k: draw.k ?? 1, link: 'linear', noise: draw.noise },
      student: { k: draw.k ?? 1, link: 'linear' },
      loss: 'square',
      lambda: draw.lambda,
      init: { scale: 0 },
      algorithm: { name: 'sgd', gamma: draw.gamma, alpha: 0.5 },
      times,
      seed: draw.seed,
    },
    'property draw',
  );
}
