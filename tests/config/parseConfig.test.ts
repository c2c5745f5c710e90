/**
 * parseConfig on hand-written configurations: the issue's example as written, the examples
 * directory, every default, resolution rules (n, κ, overlap, data files) and the wording of
 * errors. Exact equalities throughout: resolution involves no floating-point arithmetic
 * beyond 1/k, n/d and n^alpha, whose expected values are computed the same IEEE way here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/model/configError.ts';
import { parseConfig } from '../../src/model/parseConfig.ts';
import { configErrorOf, makeTempDir, removeTempDir } from './support.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const examples = join(root, 'examples/configs');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ISSUE_EXAMPLE = {
  d: 1000,
  delta: 2,
  teacher: { link: 'linear', noise: 0.5 },
  student: { k: 1 },
  loss: 'square',
  lambda: 0,
  init: { scale: 0 },
  algorithm: { name: 'sgd', gamma: 0.8, alpha: 0.5 },
  times: [0, 0.5, 1, 2, 4],
  seed: 7,
};

const MINIMAL = { d: 100, delta: 1.5, algorithm: { gamma: 0.3 }, times: [1] };

const tempDir = makeTempDir();
afterAll(() => removeTempDir(tempDir));

describe('the issue example', () => {
  test('parses as written and resolves every field', () => {
    const config = parseConfig(ISSUE_EXAMPLE);

    expect(config).toEqual({
      d: 1000,
      delta: 2,
      n: 2000,
      teacher: { k: 1, link: 'linear', readout: [1], noise: 0.5, labels: 'real' },
      student: { k: 1, link: 'linear', readout: [1] },
      loss: 'square',
      lambda: 0,
      init: { scale: 0, overlap: [[0]] },
      // κ = ⌈2000^0.5⌉ = ⌈44.72…⌉ = 45.
      algorithm: {
        name: 'sgd',
        gamma: 0.8,
        kappa: 45,
        alpha: 0.5,
        batch: 'fixed',
        smeNoise: 'per-sample',
      },
      times: [0, 0.5, 1, 2, 4],
      seed: 7,
      seedDefaulted: false,
    });
  });

  test('examples/configs/linear-sgd.json is that example', () => {
    const path = join(examples, 'linear-sgd.json');
    expect(readJson(path)).toEqual(ISSUE_EXAMPLE);
    expect(parseConfig(readJson(path), path)).toEqual(parseConfig(ISSUE_EXAMPLE));
  });
});

describe('the examples directory', () => {
  test('logistic-default.json: logistic loss on sign labels', () => {
    const path = join(examples, 'logistic-default.json');
    const config = parseConfig(readJson(path), path);
    expect(config.loss).toBe('logistic');
    expect(config.teacher).toMatchObject({ link: 'linear', labels: 'sign', noise: 0.3 });
    expect(config.algorithm).toMatchObject({ name: 'sgd', gamma: 0.5, alpha: 0.5, kappa: 45 });
    expect(config.times[0]).toBe(0);
    expect(config.times[config.times.length - 1]).toBe(4);
    // The example is the built-in default case, seed included (tests/cli/run.test.ts).
    expect(config.seed).toBe(1);
    expect(config.seedDefaulted).toBe(false);
  });

  test('committee-relu.json: two ReLU indices on both sides', () => {
    const path = join(examples, 'committee-relu.json');
    const config = parseConfig(readJson(path), path);
    expect(config.teacher).toMatchObject({ k: 2, link: 'relu' });
    expect(config.student).toMatchObject({ k: 2, link: 'relu' });
    expect(config.init.overlap).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // A ReLU student at Θ0 = 0 has zero gradient; the example must start away from it.
    expect(config.init.scale).toBeGreaterThan(0);
  });

  test('data-files.json: sizes and k* come from the files, paths from the file location', () => {
    const path = join(examples, 'data-files.json');
    const config = parseConfig(readJson(path), path);
    expect(config.d).toBe(8);
    expect(config.n).toBe(16);
    expect(config.delta).toBe(16 / 8);
    expect(config.teacher.k).toBe(1);
    expect(config.data).toEqual({
      X: join(examples, 'data/X.csv'),
      y: join(examples, 'data/y.csv'),
      teacher: join(examples, 'data/teacher.csv'),
    });
    expect(config.algorithm.kappa).toBe(2);
    expect(config.algorithm.alpha).toBeUndefined();
  });
});

describe('defaults', () => {
  test('a minimal configuration gets every stated default', () => {
    const config = parseConfig(MINIMAL);

    // n = round(1.5·100) = 150; κ = ⌈150^0.5⌉ = ⌈12.25⌉ = 13.
    expect(config).toEqual({
      d: 100,
      delta: 1.5,
      n: 150,
      teacher: { k: 1, link: 'linear', readout: [1], noise: 0, labels: 'real' },
      student: { k: 1, link: 'linear', readout: [1] },
      loss: 'square',
      lambda: 0,
      init: { scale: 0, overlap: [[0]] },
      algorithm: {
        name: 'sgd',
        gamma: 0.3,
        kappa: 13,
        alpha: 0.5,
        batch: 'fixed',
        smeNoise: 'per-sample',
      },
      times: [1],
      seed: 0,
      seedDefaulted: true,
    });
  });

  test('readouts default to 1/k and a scalar overlap fills the diagonal of k×k*', () => {
    const config = parseConfig({
      ...MINIMAL,
      teacher: { k: 3 },
      student: { k: 2 },
      init: { overlap: 0.7 },
    });
    expect(config.teacher.readout).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(config.student.readout).toEqual([1 / 2, 1 / 2]);
    expect(config.init.overlap).toEqual([
      [0.7, 0, 0],
      [0, 0.7, 0],
    ]);
  });

  test('gf needs no gamma (default 1); gd always takes the full batch', () => {
    const gf = parseConfig({ ...MINIMAL, algorithm: { name: 'gf' } });
    expect(gf.algorithm.gamma).toBe(1);

    const gd = parseConfig({ ...MINIMAL, algorithm: { name: 'gd', gamma: 0.5 } });
    expect(gd.algorithm.kappa).toBe(150);
    expect(gd.algorithm.alpha).toBeUndefined();
    expect(
      parseConfig({ ...MINIMAL, algorithm: { name: 'gd', gamma: 1, kappa: 150 } }).algorithm.kappa,
    ).toBe(150);
    expect(
      parseConfig({ ...MINIMAL, algorithm: { name: 'gd', gamma: 1, alpha: 1 } }).algorithm.kappa,
    ).toBe(150);
  });

  test('explicit kappa and the optional SME fields are kept', () => {
    const config = parseConfig({
      ...MINIMAL,
      algorithm: {
        name: 'sme',
        gamma: 0.2,
        kappa: 7,
        batch: 'bernoulli',
        h: 0.01,
        smeNoise: 'centred',
      },
    });
    expect(config.algorithm).toEqual({
      name: 'sme',
      gamma: 0.2,
      kappa: 7,
      batch: 'bernoulli',
      h: 0.01,
      smeNoise: 'centred',
    });
  });

  test('logistic loss with real labels is accepted', () => {
    expect(parseConfig({ ...MINIMAL, loss: 'logistic' }).teacher.labels).toBe('real');
  });
});

describe('resolution of n and κ', () => {
  test('n = round(delta·d) rounds halves up', () => {
    // 0.5·5 = 2.5 exactly in binary, so Math.round gives 3.
    expect(parseConfig({ ...MINIMAL, d: 5, delta: 0.5 }).n).toBe(3);
  });

  test('κ = ⌈n^alpha⌉ at the ends and at exact powers', () => {
    const kappa = (d: number, delta: number, alpha: number): number =>
      parseConfig({ ...MINIMAL, d, delta, algorithm: { gamma: 1, alpha } }).algorithm.kappa;
    expect(kappa(100, 1.5, 0)).toBe(1);
    expect(kappa(100, 1.5, 1)).toBe(150);
    // n = 10^6: 10^6^0.5 is 1000 up to pow's rounding; ⌈·⌉ must not turn it into 1001.
    expect(kappa(1_000_000, 1, 0.5)).toBe(1000);
    // n = 1000: 1000^(1/3) evaluates to 9.999999999999998; it is recognised as 10.
    expect(kappa(1000, 1, 1 / 3)).toBe(10);
    // n = 1001: 1001^(1/3) = 10.0033…, genuinely above 10.
    expect(kappa(1001, 1, 1 / 3)).toBe(11);
  });
});

describe('data files', () => {
  const write = (name: string, text: string): string => {
    const path = join(tempDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const X = '1,2,3\n4,5,6\n7,8,9\n10,11,12\n';
  const base = { algorithm: { gamma: 1, kappa: 2 }, times: [0, 1] };

  test('relative paths resolve against the source directory; k* comes from the teacher', () => {
    write('case1/X.csv', X);
    write('case1/y.json', '[1, -1, 1, -1]');
    write('case1/teacher.json', '[[1, 0], [0, 1], [1, 1]]');
    const source = join(tempDir, 'case1', 'config.json');
    const config = parseConfig(
      { ...base, data: { X: 'X.csv', y: 'y.json', teacher: 'teacher.json' } },
      source,
    );
    expect(config).toMatchObject({ d: 3, n: 4, delta: 4 / 3 });
    expect(config.teacher.k).toBe(2);
    expect(config.teacher.readout).toEqual([0.5, 0.5]);
    expect(config.data?.X).toBe(join(tempDir, 'case1', 'X.csv'));
  });

  test('a source label in angle brackets leaves paths as given', () => {
    const xPath = write('case2/X.csv', X);
    const yPath = write('case2/y.csv', 'y\n1\n2\n3\n4\n');
    const config = parseConfig({ ...base, data: { X: xPath, y: yPath } }, '<stdin>');
    expect(config.data).toEqual({ X: xPath, y: yPath });
  });

  test('sizes given beside data must agree with it', () => {
    const xPath = write('case3/X.csv', X);
    const yPath = write('case3/y.csv', '1\n2\n3\n4\n');
    const tPath = write('case3/t.csv', '1\n2\n3\n');
    const error = configErrorOf(() =>
      parseConfig({
        ...base,
        d: 4,
        delta: 2,
        teacher: { k: 2 },
        data: { X: xPath, y: yPath, teacher: tPath },
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['d', 'delta', 'teacher.k']);
    expect(error.issues.every((issue) => issue.beyondSchema === true)).toBe(true);
    expect(error.message).toContain('3 (the columns of X)');
  });

  test('a broken data file is an issue naming the data field and the file position', () => {
    const xPath = write('case4/X.csv', '1,2,3\n4,5\n');
    const error = configErrorOf(() => parseConfig({ ...base, data: { X: xPath, y: xPath } }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe('data.X');
    expect(error.issues[0].message).toContain('line 2 has 2 fields, expected 3');
    expect(error.issues[0].message).toContain(xPath);
  });

  test('y and teacher mismatches are reported at their own fields', () => {
    const xPath = write('case5/X.csv', X);
    const yPath = write('case5/y.csv', '1\n2\n3\n');
    expect(
      configErrorOf(() => parseConfig({ ...base, data: { X: xPath, y: yPath } })).issues[0].path,
    ).toBe('data.y');
    const y4 = write('case5/y4.csv', '1\n2\n3\n4\n');
    const tPath = write('case5/t.csv', '1\n2\n');
    expect(
      configErrorOf(() => parseConfig({ ...base, data: { X: xPath, y: y4, teacher: tPath } }))
        .issues[0].path,
    ).toBe('data.teacher');
  });

  test('data missing its required files', () => {
    const error = configErrorOf(() => parseConfig({ ...base, data: { teacher: 't.csv' } }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['data.X', 'data.y']);
  });
});

describe('errors', () => {
  test('all issues are collected, in field order, in one readable message', () => {
    const error = configErrorOf(() =>
      parseConfig(
        {
          d: 1.5,
          delat: 2,
          teacher: { link: 'rleu', readout: [1, 'x'] },
          algorithm: { name: 'sgd', gamma: -1, alpha: 0.5, kappa: 3 },
          times: [0, 2, 1],
          seed: -3,
        },
        'bad.json',
      ),
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'delat',
      'd',
      'delta',
      'teacher.link',
      'teacher.readout[1]',
      'algorithm.gamma',
      'algorithm.kappa',
      'times[2]',
      'seed',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration in bad.json: 9 issues');
    expect(lines).toHaveLength(10);
    expect(error.message).toMatch(/delat: is not a known field; .* \(did you mean 'delta'\?\)/);
    expect(error.message).toContain(
      "teacher.link: is not a known name; received \"rleu\"; allowed: one of 'linear', 'relu', " +
        "'tanh', 'erf', 'abs', 'sign' (did you mean 'relu'?)",
    );
    expect(error.message).toContain(
      'algorithm.gamma: is out of range; received -1; allowed: a finite number > 0',
    );
    expect(error.message).toContain('times[2]: is not greater than times[1] = 2');
  });

  test('NaN and ±Infinity from JavaScript callers are rejected with the field named', () => {
    const error = configErrorOf(() =>
      parseConfig({
        ...MINIMAL,
        delta: Number.NaN,
        lambda: Number.POSITIVE_INFINITY,
        times: [0, Number.NEGATIVE_INFINITY],
        init: { overlap: Number.NaN },
      }),
    );
    expect(error.issues.map((issue) => [issue.path, issue.received])).toEqual([
      ['delta', 'NaN'],
      ['lambda', 'Infinity'],
      ['init.overlap', 'NaN'],
      ['times[1]', '-Infinity'],
    ]);
    expect(error.issues.every((issue) => issue.beyondSchema === true)).toBe(true);
  });

  test('a JSON literal that overflows to Infinity is rejected', () => {
    const raw = JSON.parse('{"d": 10, "delta": 1e400, "algorithm": {"gamma": 1}, "times": [0]}');
    expect(configErrorOf(() => parseConfig(raw)).issues[0]).toMatchObject({
      path: 'delta',
      received: 'Infinity',
    });
  });

  test('wrong types: strings for numbers, non-integers, BigInt, non-objects', () => {
    const error = configErrorOf(() =>
      parseConfig({
        d: '1000',
        delta: 2n,
        student: { k: 1.5 },
        init: 3,
        algorithm: { gamma: 1, kappa: 2.5 },
        times: 'all',
      }),
    );
    expect(error.issues.map((issue) => [issue.path, issue.received])).toEqual([
      ['d', '"1000"'],
      ['delta', '2n (a BigInt)'],
      ['student.k', '1.5'],
      ['init', '3'],
      ['algorithm.kappa', '2.5'],
      ['times', '"all"'],
    ]);
    expect(error.issues[2].message).toContain('is not an integer');
  });

  test('misplaced fields point to their section; unknown nested fields are rejected', () => {
    const error = configErrorOf(() =>
      parseConfig({ ...MINIMAL, gamma: 1, algorithm: { gamma: 1, lambda: 0, gamma2: 3 } }),
    );
    expect(error.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining("'gamma' belongs in 'algorithm'"),
      expect.stringContaining("'lambda' belongs in the top level"),
      expect.stringContaining("did you mean 'gamma'?"),
    ]);
  });

  test('student sign link, gd with a partial batch, kappa above n, both alpha and kappa', () => {
    const issuesOf = (raw: unknown): string[] =>
      configErrorOf(() => parseConfig(raw)).issues.map(
        (issue) => `${issue.path}: ${issue.message}`,
      );
    expect(issuesOf({ ...MINIMAL, student: { link: 'sign' } })[0]).toContain(
      "student.link: is 'sign', which the student cannot use",
    );
    expect(issuesOf({ ...MINIMAL, algorithm: { name: 'gd', gamma: 1, alpha: 0.5 } })[0]).toContain(
      'algorithm.alpha: is not 1, but gd always uses the full batch',
    );
    expect(issuesOf({ ...MINIMAL, algorithm: { name: 'gd', gamma: 1, kappa: 3 } })[0]).toContain(
      'allowed: n = 150, or leave kappa out',
    );
    expect(issuesOf({ ...MINIMAL, algorithm: { gamma: 1, kappa: 151 } })[0]).toContain(
      'allowed: an integer in [1, n = 150]',
    );
    expect(issuesOf({ ...MINIMAL, algorithm: { gamma: 1, kappa: 2, alpha: 0.5 } })[0]).toContain(
      'algorithm.kappa: is given together with algorithm.alpha',
    );
  });

  test('shapes: readout length against k, overlap against k×k*', () => {
    const error = configErrorOf(() =>
      parseConfig({
        ...MINIMAL,
        teacher: { k: 2, readout: [1] },
        student: { readout: [1, 2] },
        init: {
          overlap: [
            [1, 0, 0],
            [0, 1],
          ],
        },
      }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'teacher.readout',
      'student.readout',
      'init.overlap[0]',
      'init.overlap',
    ]);
    expect(error.issues[0].allowed).toBe('exactly teacher.k = 2 finite numbers');
  });

  test('missing required fields and a non-object configuration', () => {
    expect(configErrorOf(() => parseConfig({})).issues.map((issue) => issue.path)).toEqual([
      'd',
      'delta',
      'algorithm',
      'times',
    ]);
    const noGamma = configErrorOf(() => parseConfig({ ...MINIMAL, algorithm: {} }));
    expect(noGamma.issues[0]).toMatchObject({ path: 'algorithm.gamma', received: 'nothing' });
    for (const raw of [null, 3, 'config', [MINIMAL]]) {
      const error = configErrorOf(() => parseConfig(raw));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0].path).toBe('');
      expect(error.message).toContain('(configuration): is not an object');
    }
  });

  test('n below 1 and too many output times', () => {
    expect(
      configErrorOf(() => parseConfig({ ...MINIMAL, d: 2, delta: 0.2 })).issues[0],
    ).toMatchObject({
      path: 'delta',
      allowed: 'delta ≥ 0.5/d = 0.25, so that n ≥ 1',
      beyondSchema: true,
    });
    // The stated bound is exact: 0.25·2 = 0.5 rounds up to n = 1.
    expect(parseConfig({ ...MINIMAL, d: 2, delta: 0.25 }).n).toBe(1);
    const times = Array.from({ length: 10_001 }, (_, i) => i);
    expect(configErrorOf(() => parseConfig({ ...MINIMAL, times })).issues[0]).toMatchObject({
      path: 'times',
      message: expect.stringContaining('has 10001 entries'),
    });
  });

  test('undefined fields from JavaScript callers count as absent', () => {
    expect(parseConfig({ ...MINIMAL, seed: undefined, teacher: undefined }).seedDefaulted).toBe(
      true,
    );
  });

  test('long issue lists are capped in the message but complete in issues', () => {
    const times = Array.from({ length: 60 }, () => -1);
    const error = configErrorOf(() => parseConfig({ ...MINIMAL, times }));
    expect(error.issues).toHaveLength(60);
    expect(error.message).toContain('… and 10 more');
  });

  test('a non-string source is a TypeError naming the parameter', () => {
    expect(() => parseConfig(MINIMAL, 3 as unknown as string)).toThrow(TypeError);
    expect(() => parseConfig(MINIMAL, 3 as unknown as string)).toThrow(/source/);
  });
});
