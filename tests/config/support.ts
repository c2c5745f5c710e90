/**
 * Helpers for the configuration tests: paths into JSON objects, temporary files and a small
 * .npy writer.
 *
 * Conventions: a path is written as parseConfig writes issue paths (`algorithm.gamma`,
 * `times[3]`, `init.overlap[1][0]`). Temporary files live in one directory under os.tmpdir(),
 * removed by `removeTempDir`. The .npy writer follows NEP 1 (format 1.0: magic, version,
 * little-endian u16 header length, a Python-literal header padded with spaces to a multiple
 * of 64 bytes and ending in a newline, then the raw data).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/model/configError.ts';

export type Cfg = Record<string, unknown>;

/** Splits `a.b[2][0]` into ['a', 'b', 2, 0]. */
export function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    keys.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return keys;
}

/** Sets the value at `path`, creating missing objects along the way. */
export function setAt(target: Cfg, path: string, value: unknown): void {
  const keys = pathKeys(path);
  let node = target as Record<string | number, unknown>;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]];
    if (typeof next !== 'object' || next === null) node[keys[i]] = {};
    node = node[keys[i]] as Record<string | number, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

export function getAt(target: Cfg, path: string): unknown {
  let node: unknown = target;
  for (const key of pathKeys(path)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

export function deleteAt(target: Cfg, path: string): void {
  const keys = pathKeys(path);
  const parent = getAt(target, keys.slice(0, -1).join('.'));
  const root = keys.length === 1 ? target : parent;
  if (typeof root === 'object' && root !== null) {
    delete (root as Record<string | number, unknown>)[keys[keys.length - 1]];
  }
}

/** Runs `action` and returns the ConfigError it throws; any other outcome is a failure. */
export function configErrorOf(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw new Error(`expected a ConfigError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

/** JSON text with NaN and ±Infinity spelled out, for failure messages. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `<${v}>` : v,
  );
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sgd-oracle-config-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface NpySpec {
  /** NumPy descr, such as '<f8', '>i2' or '|u1'. */
  descr: string;
  shape: number[];
  fortranOrder?: boolean;
  /** Values in storage order (already Fortran-ordered when fortranOrder is set). */
  values: number[];
  /** Bytes appended after the data (to test a mismatched length). */
  extraBytes?: number;
  /** Bytes removed from the end (to test truncation). */
  truncateBytes?: number;
}

/** Writes a .npy file (format 1.0). */
export function writeNpy(path: string, spec: NpySpec): void {
  const fortran = spec.fortranOrder === true ? 'True' : 'False';
  const shape = spec.shape.length === 1 ? `(${spec.shape[0]},)` : `(${spec.shape.join(', ')})`;
  let header = `{'descr': '${spec.descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';

  const [, order, kind, sizeText] = /^([<>|])([fiu])(\d)$/.exec(spec.descr) ?? [];
  const size = Number(sizeText);
  const little = order !== '>';
  const data = new DataView(new ArrayBuffer(spec.values.length * size));
  spec.values.forEach((value, i) => {
    const at = i * size;
    if (kind === 'f') {
      if (size === 8) data.setFloat64(at, value, little);
      else data.setFloat32(at, value, little);
    } else if (size === 8) {
      if (kind === 'i') data.setBigInt64(at, BigInt(value), little);
      else data.setBigUint64(at, BigInt(value), little);
    } else if (size === 1) {
      if (kind === 'i') data.setInt8(at, value);
      else data.setUint8(at, value);
    } else if (size === 2) {
      if (kind === 'i') data.setInt16(at, value, little);
      else data.setUint16(at, value, little);
    } else if (kind === 'i') data.setInt32(at, value, little);
    else data.setUint32(at, value, little);
  });

  const preamble = Buffer.alloc(10);
  preamble.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  preamble.writeUInt16LE(header.length, 8);
  let body = Buffer.concat([
    preamble,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer),
    Buffer.alloc(spec.extraBytes ?? 0),
  ]);
  if (spec.truncateBytes !== undefined) body = body.subarray(0, body.length - spec.truncateBytes);
  writeFileSync(path, body);
}
