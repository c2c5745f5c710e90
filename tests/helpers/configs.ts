/** Small configs for tests, validated by the real parser. */
import { parseConfig } from '../../src/model/parseConfig.ts';
import type { Config } from '../../src/model/types.ts';

type Raw = Record<string, unknown>;

/** A config from a raw object merged one level deep over a small square-loss default. */
export function testConfig(overrides: Raw = {}): Config {
  const base: Raw = {
    d: 200,
    delta: 2,
    teacher: { link: 'linear', noise: 0.3 },
    student: { k: 1 },
    loss: 'square',
    lambda: 0,
    init: { scale: 0 },
    algorithm: { name: 'sgd', gamma: 0.5, alpha: 0.5 },
    times: [0, 0.5, 1, 2],
    seed: 1,
  };
  const merged: Raw = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const old = base[key];
    merged[key] = isObject(old) && isObject(value) ? { ...(old as Raw), ...(value as Raw) } : value;
  }
  const algorithm = merged.algorithm as Raw;
  const given = (overrides.algorithm ?? {}) as Raw;
  if ('kappa' in given && !('alpha' in given)) delete algorithm.alpha;
  return parseConfig(merged, 'test config');
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The line a failing statistical test prints: seed, config and the command to replay it.
 * `vitestConfig` names a config other than the default one (e.g. vitest.deep.config.ts for
 * the files under deep/, which the default config does not include).
 */
export function reproduce(
  seed: number,
  config: unknown,
  file: string,
  name: string,
  vitestConfig?: string,
): string {
  const configFlag = vitestConfig === undefined ? '' : ` --config ${vitestConfig}`;
  return (
    `\n  seed: ${seed}\n  config: ${JSON.stringify(config)}\n` +
    `  reproduce: SGD_ORACLE_SEED=${seed} npx vitest run${configFlag} ${file} -t "${name}"`
  );
}
