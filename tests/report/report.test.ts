/**
 * `sgd-oracle report` end to end on a small square-loss config with δ = 10 (so the online
 * ODE joins the trajectory figures): the command writes report.html and one SVG (and PNG)
 * per figure; every SVG parses as strict XML, has one line per legend entry, and the values
 * read back from its pixels equal the trajectories of the solvers, recomputed here
 * independently through the project's entry points (runFinite, runLimit) with the same
 * config and seed. report.html is self-contained, and headless Chromium renders it without a
 * console or page error and without any network request.
 *
 * Tolerance of a recovered value: valueError (svgCurves.ts: tick rounding and the axes'
 * crisp-edge offset, ≤ 1 px, plus 5e-4 px print rounding) times the axis' value per pixel;
 * the recomputed runs are deterministic given the seed, so no statistical term enters.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { withAlgorithm } from '../../src/limits/withAlgorithm.ts';
import { parseConfig } from '../../src/model/parseConfig.ts';
import type { Config } from '../../src/model/types.ts';
import { coarsestStep } from '../../src/report/coarsestStep.ts';
import { reportTimes } from '../../src/report/reportTimes.ts';
import { runFinite } from '../../src/solvers/runSolver.ts';
import { runLimit } from '../../src/solvers/runLimit.ts';
import type { Trajectory } from '../../src/solvers/trajectory.ts';
import { reproduce } from '../helpers/configs.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { parseXml } from './parseXml.ts';
import { axisMap, legendEntries, lines, valueError } from './svgCurves.ts';
import type { LegendEntry } from './svgCurves.ts';

const FILE = 'tests/report/report.test.ts';
const seed = suiteSeed();
const REPLICATES = 2;
const PATHS = 400;
const BATCHES = 4;
const raw = {
  d: 50,
  delta: 10,
  teacher: { k: 1, link: 'linear', noise: 0.3 },
  student: { k: 1, link: 'linear' },
  loss: 'square',
  lambda: 0.05,
  init: { scale: 0 },
  algorithm: { name: 'sgd', gamma: 0.5, alpha: 0.5 },
  times: [0, 1, 2],
  seed,
};
const config = parseConfig(raw, 'report test config');
const times = reportTimes(config.times, coarsestStep(config));
const runConfig: Config = { ...config, times };

let dir = '';
let out = '';
let stderr = '';
let code = -1;
const svgs: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sgd-oracle-report-'));
  out = join(dir, 'out');
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(raw));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    code = await main([
      'report',
      path,
      '--out',
      out,
      '--png',
      '--statements',
      'L3,L6',
      '--replicates',
      String(REPLICATES),
      '--paths',
      String(PATHS),
      '--batches',
      String(BATCHES),
    ]);
  } finally {
    vi.restoreAllMocks();
  }
  for (const f of readdirSync(out).filter((f) => f.endsWith('.svg'))) {
    svgs[f.replace(/\.svg$/, '')] = readFileSync(join(out, f), 'utf8');
  }
}, 600_000);

afterAll(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const why = (name: string) => `${stderr}${reproduce(seed, raw, FILE, name)}`;

interface Curve {
  entry: LegendEntry;
  t: number[];
  v: number[];
  /** Error bounds of each recovered t and value (svgCurves.ts). */
  tErr: number[];
  vErr: number[];
}

/** Maps each legend entry to its one line and returns the points in data units. */
function curves(svg: string): Curve[] {
  const root = parseXml(svg);
  const legend = legendEntries(root);
  const drawn = lines(root);
  const x = axisMap(root, 'X');
  const y = axisMap(root, 'Y');
  expect(drawn).toHaveLength(legend.length);
  return legend.map((entry) => {
    const matches = drawn.filter((l) => l.stroke === entry.stroke && l.dash === entry.dash);
    expect(matches, `legend entry ${entry.label}`).toHaveLength(1);
    const points = matches[0].points;
    return {
      entry,
      t: points.map((p) => x.a + x.b * p.x),
      v: points.map((p) => y.a + y.b * p.y),
      tErr: points.map((p) => valueError(x, p.x)),
      vErr: points.map((p) => valueError(y, p.y)),
    };
  });
}

function expectCurve(curve: Curve, expected: { t: number[]; v: number[] }, name: string) {
  const label = curve.entry.label;
  expect(curve.t.length, `${label}: points`).toBe(expected.t.length);
  curve.t.forEach((t, i) => {
    expect(Math.abs(t - expected.t[i]), `${label}: t[${i}]${why(name)}`).toBeLessThanOrEqual(
      curve.tErr[i],
    );
    expect(
      Math.abs(curve.v[i] - expected.v[i]),
      `${label}: value at t=${expected.t[i]} (bound ${curve.vErr[i]})${why(name)}`,
    ).toBeLessThanOrEqual(curve.vErr[i]);
  });
}

type Obs = 'testRisk' | 'trainRisk' | 'Q' | 'M';

function observed(run: Trajectory, obs: Obs, timeScale = 1): { t: number[]; v: number[] } {
  const values =
    obs === 'Q'
      ? run.Q.map((q) => q[0][0])
      : obs === 'M'
        ? (run.M ?? []).map((m) => m[0][0])
        : (run[obs] ?? []);
  return { t: run.times.map((t) => t * timeScale), v: values };
}

describe(`sgd-oracle report on a small config (seed ${seed})`, () => {
  it('writes report.html, an SVG and a PNG per figure, and exits 0', () => {
    expect(code, why('writes')).toBe(0);
    const files = readdirSync(out);
    expect(files).toContain('report.html');
    const stems = Object.keys(svgs).sort();
    expect(stems).toEqual(
      [
        'trajectory-testRisk',
        'trajectory-trainRisk',
        'trajectory-Q',
        'trajectory-M',
        'claim-a-alpha-collapse',
        'claim-b-gamma-to-gf',
        'claim-c-delta-to-online',
        'claim-d-sgd-sme-gf-linear',
        'claim-d-sgd-sme-gf-nonlinear',
      ].sort(),
    );
    for (const stem of stems) {
      const png = readFileSync(join(out, `${stem}.png`));
      expect(png.subarray(1, 4).toString('latin1'), stem).toBe('PNG');
    }
  });

  it('every SVG parses as strict XML and draws one line per legend entry', () => {
    for (const [stem, svg] of Object.entries(svgs)) {
      const root = parseXml(svg);
      expect(root.name, stem).toBe('svg');
      const legend = legendEntries(root);
      expect(legend.length, stem).toBeGreaterThanOrEqual(2);
      expect(new Set(legend.map((e) => e.label)).size, stem).toBe(legend.length);
      curves(svg);
    }
  });

  it('the trajectory figures plot the solvers’ own trajectories', () => {
    const name = 'the trajectory figures plot the solvers’ own trajectories';
    const gamma = config.algorithm.gamma;
    const online = runLimit(
      {
        ...runConfig,
        lambda: (config.lambda * gamma) / config.delta,
        times: times.map((t) => (config.delta * t) / gamma),
      },
      'online-ode',
    );
    const runs: [string, Trajectory, number][] = [
      ['SGD (', runFinite(runConfig, 'sgd', REPLICATES), 1],
      ['SME (', runFinite(runConfig, 'sme', REPLICATES), 1],
      ['GF (', runFinite(runConfig, 'gf', REPLICATES), 1],
      ['DMFT-SGD (', runLimit(runConfig, 'dmft-sgd', { paths: PATHS, batches: BATCHES }), 1],
      ['DMFT-SME (', runLimit(runConfig, 'dmft-sme', { paths: PATHS, batches: BATCHES }), 1],
      ['DMFT-GF (', runLimit(runConfig, 'dmft-gf', { paths: PATHS, batches: BATCHES }), 1],
      ['online ODE (', online, gamma / config.delta],
    ];
    for (const obs of ['testRisk', 'trainRisk', 'Q', 'M'] as Obs[]) {
      const svg = svgs[`trajectory-${obs}`];
      const drawn = curves(svg);
      const expectedRuns = runs.filter(([, run]) => obs !== 'trainRisk' || run.trainRisk);
      expect(
        drawn.map((c) => c.entry.label.split(' (')[0]),
        obs,
      ).toEqual(expectedRuns.map(([prefix]) => prefix.split(' (')[0]));
      for (const [prefix, run, scale] of expectedRuns) {
        const curve = drawn.find((c) => c.entry.label.startsWith(prefix));
        expect(curve, `${obs}: ${prefix}`).toBeDefined();
        expectCurve(curve as (typeof drawn)[number], observed(run, obs, scale), name);
      }
    }
  });

  it('the claim figures plot the runs they name', () => {
    const name = 'the claim figures plot the runs they name';
    // (a) κ = 1 (α = 0) and (b) γ/2, both Q, finite SGD on the report's times.
    const alphaSvg = svgs['claim-a-alpha-collapse'];
    const alpha = curves(alphaSvg);
    expect(alpha.map((c) => c.entry.label.split(' ')[0])).toEqual([
      'SGD',
      'SGD',
      'SGD',
      'SGD',
      'DMFT-SGD',
    ]);
    const kappaOne = runFinite(withAlgorithm(runConfig, { kappa: 1 }), 'sgd', REPLICATES);
    expectCurve(alpha[0], observed(kappaOne, 'Q'), name);

    const gammaSvg = svgs['claim-b-gamma-to-gf'];
    const gammas = curves(gammaSvg);
    expect(gammas.map((c) => c.entry.label.split(' (')[0])).toEqual([
      'SGD γ=0.5',
      'SGD γ=0.25',
      'SGD γ=0.125',
      'SGD γ=0.0625',
      'GF',
    ]);
    const half = runFinite(withAlgorithm(runConfig, { gamma: 0.25 }), 'sgd', REPLICATES);
    expectCurve(gammas[1], observed(half, 'Q'), name);

    // (c) the online ODE at τ = the config times plus the grid, λ̃ = λγ/δ.
    const deltaSvg = svgs['claim-c-delta-to-online'];
    const deltas = curves(deltaSvg);
    expect(deltas.map((c) => c.entry.label.split(' (')[0])).toEqual([
      'DMFT-SGD δ=10',
      'DMFT-SGD δ=20',
      'DMFT-SGD δ=40',
      'DMFT-SGD δ=80',
      'online ODE',
    ]);
    const taus = reportTimes(config.times, config.times[config.times.length - 1] / 40);
    const ode = runLimit(
      { ...config, lambda: (config.lambda * config.algorithm.gamma) / config.delta, times: taus },
      'online-ode',
    );
    expectCurve(deltas[4], observed(ode, 'Q'), name);

    // (d) linear: the config itself (square loss, linear student); SGD and SME coincide up
    // to the grid term, so only the labels and the GF line are checked against a rerun.
    const linearSvg = svgs['claim-d-sgd-sme-gf-linear'];
    const linear = curves(linearSvg);
    expect(linear.map((c) => c.entry.label.split(' (')[0])).toEqual([
      'DMFT-SGD',
      'DMFT-SME',
      'DMFT-GF',
    ]);
    const gf = runLimit(runConfig, 'dmft-gf', { paths: PATHS, batches: BATCHES });
    expectCurve(linear[2], observed(gf, 'testRisk'), name);

    const nonlinearSvg = svgs['claim-d-sgd-sme-gf-nonlinear'];
    const nonlinear = curves(nonlinearSvg);
    expect(nonlinear).toHaveLength(3);
    const logistic: Config = {
      ...runConfig,
      loss: 'logistic',
      teacher: { ...runConfig.teacher, labels: 'sign' },
    };
    const sgd = runLimit(logistic, 'dmft-sgd', { paths: PATHS, batches: BATCHES });
    expectCurve(nonlinear[0], observed(sgd, 'testRisk'), name);
  });

  it('report.html is self-contained and holds every figure and the verdict table', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)\s*=/i);
    const urls = html.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    const namespaces = new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']);
    expect(urls.filter((u) => !namespaces.has(u))).toEqual([]);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(Object.keys(svgs).length);
    for (const svg of Object.values(svgs)) expect(html).toContain(svg);
    expect(html).toMatch(/<td>L3<\/td><td class="result">PASS/);
    expect(html).toMatch(/<td>L6<\/td><td class="result">PASS/);
  });

  it('headless Chromium renders report.html without console or page errors', async () => {
    const executablePath = '/usr/bin/chromium';
    if (!existsSync(executablePath)) {
      throw new Error(
        `Chromium is missing at ${executablePath}; this test needs it. Install it with ` +
          '`sudo apt-get install -y chromium` (Debian/Ubuntu), as .ci/run does.',
      );
    }
    const profile = mkdtempSync(join(tmpdir(), 'sgd-oracle-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const url = pathToFileURL(join(out, 'report.html')).href;
      await page.goto(url, { waitUntil: 'load' });

      const drawn = await page.evaluate(() =>
        [...document.querySelectorAll('figure svg')].map((svg) => {
          const box = (svg as SVGSVGElement).getBoundingClientRect();
          return { width: box.width, height: box.height };
        }),
      );
      const parsed = await page.evaluate(
        (texts) =>
          texts.map((text) => {
            const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
            return doc.getElementsByTagName('parsererror').length === 0;
          }),
        Object.values(svgs),
      );

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(drawn).toHaveLength(Object.keys(svgs).length);
      for (const box of drawn) expect(box.width * box.height).toBeGreaterThan(0);
      expect(parsed.every(Boolean)).toBe(true);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
