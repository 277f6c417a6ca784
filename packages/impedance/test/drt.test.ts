import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDrt, type DrtResult, derivativeGram, MAX_SHAPE_FACTOR } from '../src/methods/drt';
import { simulateCircuit } from '../src/index';
import { DATA_DIR, exampleData, PEERS_DIR } from './data';

/** Deterministic Gaussian noise (Box–Muller on a Park–Miller generator). */
function noise(seed: number) {
  let s = seed;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** √(Σ|Z − Ẑ|²/N): the RMS residual as the pyDRTtools peer files report it. */
function rmsResidual(r: DrtResult, re: ArrayLike<number>, im: ArrayLike<number>): number {
  let ss = 0;
  for (let i = 0; i < re.length; i++) ss += ((re[i] as number) - (r.ZrealFit[i] as number)) ** 2 + ((im[i] as number) - (r.ZimagFit[i] as number)) ** 2;
  return Math.sqrt(ss / re.length);
}

const near = (r: DrtResult, f: number) => r.peaks.reduce((a, b) => (Math.abs(Math.log(b.frequency / f)) < Math.abs(Math.log(a.frequency / f)) ? b : a));
const inBand = (r: DrtResult, lo: number, hi: number) => r.peaks.filter((p) => p.frequency >= lo && p.frequency <= hi);

describe('DRT (Gaussian RBF, Tikhonov NNLS, Wan et al. 2015)', () => {
  it('exampleData.csv (66 points): the three stable arcs, λ by 5-fold CV and the one-standard-error rule', () => {
    const { f, re, im } = exampleData();
    const r = computeDrt(f, re, im);
    expect(r.lambdaRule).toBe('kfold');
    // Issue windows 110–160 Hz and 5–6 Hz hold. The 0.7–1.3 kHz for the first arc came from
    // pyDRTtools' λ = 1e-3 run (1322 Hz), whose penalty had the wrong sign (see the peer tests
    // below); with a positive penalty this arc sits at 0.62–0.73 kHz for every λ from 1e-8 to 3e-3
    // (next test) and above 0.7 kHz only for 1.5e-4 ≲ λ ≲ 6e-4, where the middle arc drops below
    // 110 Hz. No data-driven rule picks that band: CV, GCV, GML and the L-curve curvature all pick
    // λ ≤ 3e-5 here, so the test asserts the arc where it is stable.
    expect(inBand(r, 600, 800)).toHaveLength(1);
    expect(inBand(r, 110, 160)).toHaveLength(1);
    expect(inBand(r, 5, 6)).toHaveLength(1);
    // R∞ and L as pyDRTtools gives them where its sign error does not matter (λ = 3.16e-7 run).
    expect(Math.abs(r.Rinf / 0.0151636 - 1)).toBeLessThan(0.005);
    expect(Math.abs(r.L / 1.64478e-7 - 1)).toBeLessThan(0.005);
    // The one-standard-error rule moves off the flat floor where GCV (and the bare CV minimum) sit.
    const gcv = computeDrt(f, re, im, { select: 'gcv' });
    expect(r.lambda).toBeGreaterThan(3 * gcv.lambda);
    expect(r.lambda).toBeLessThan(1e-4);
    // The peaks partition γ: their resistances add up to R_pol.
    expect(r.peaks.reduce((s, p) => s + p.resistance, 0) / r.Rpol).toBeCloseTo(1, 2);
    // The diffusion tail below the lowest frequency is reported but flagged as extrapolated.
    expect(r.peaks.some((p) => !p.withinData && p.frequency < 3.16e-3)).toBe(true);
  });

  it('exampleData.csv: the three arcs stay put over five decades of λ', () => {
    const { f, re, im } = exampleData();
    for (const lambda of [1e-7, 1e-6, 1e-5, 1e-4, 1e-3]) {
      const r = computeDrt(f, re, im, { lambda });
      expect(inBand(r, 600, 750), `λ ${lambda}: first arc`).toHaveLength(1);
      expect(inBand(r, 95, 160), `λ ${lambda}: middle arc`).toHaveLength(1);
      expect(inBand(r, 5.3, 6.1), `λ ${lambda}: third arc`).toHaveLength(1);
    }
  });

  it('the same λ is chosen whatever the unit of Z (the problem is normalised)', () => {
    const { f, re, im } = exampleData();
    const a = computeDrt(f, re, im);
    const b = computeDrt(
      f,
      re.map((v) => v * 1e6),
      im.map((v) => v * 1e6),
    );
    expect(b.lambda).toBe(a.lambda);
    expect(b.Rpol / a.Rpol).toBeCloseTo(1e6, 0);
  });

  for (const [name, circuit, params, truth, level] of [
    [
      'two RC elements, 0.1 % noise',
      'R0-K1-K2',
      [0.5, 1, 1e-3, 2, 1e-1],
      [
        [1e-3, 1],
        [1e-1, 2],
      ],
      0.001,
    ],
    [
      'three RC elements in a 20 mΩ battery-like cell, 0.2 % noise',
      'R0-K1-K2-K3',
      [0.015, 0.004, 2e-4, 0.006, 5e-3, 0.01, 0.5],
      [
        [2e-4, 0.004],
        [5e-3, 0.006],
        [0.5, 0.01],
      ],
      0.002,
    ],
  ] as [string, string, number[], [number, number][], number][]) {
    it(`recovers τ and R within 5 %: ${name}`, () => {
      const f = Array.from({ length: 71 }, (_, i) => 10 ** (5 - i * 0.1));
      const z = simulateCircuit(circuit, params, f);
      const g = noise(17);
      const re = f.map((_, i) => z.Zreal[i]! + level * Math.hypot(z.Zreal[i]!, z.Zimag[i]!) * g());
      const im = f.map((_, i) => z.Zimag[i]! + level * Math.hypot(z.Zreal[i]!, z.Zimag[i]!) * g());
      for (const select of ['kfold', 'gcv'] as const) {
        const r = computeDrt(f, re, im, { select });
        for (const [tau, R] of truth) {
          const peak = r.peaks.reduce((best, p) => (Math.abs(Math.log(p.tau / tau)) < Math.abs(Math.log(best.tau / tau)) ? p : best));
          expect(Math.abs(peak.tau / tau - 1), `${select} τ ${tau}`).toBeLessThan(0.05);
          expect(Math.abs(peak.resistance / R - 1), `${select} R ${R}`).toBeLessThan(0.05);
        }
        expect(Math.abs(r.Rinf / params[0]! - 1)).toBeLessThan(0.05);
      }
    });
  }

  it('recovers a ZARC (distributed arc) within 5 % in τ₀ and R, 0.1 % noise', () => {
    // R∞ = 10 Ω, R = 50 Ω, τ₀ = 0.1 s, φ = 0.8 (the pyDRTtools tutorial's Cole–Cole arc), 81 points
    // 10 mHz…1 MHz, σ = 0.05 Ω on Z′ and Z″. The exact DRT is symmetric about τ₀ and integrates to R.
    const f = Array.from({ length: 81 }, (_, i) => 10 ** (-2 + i * 0.1));
    const g = noise(42);
    const re: number[] = [];
    const im: number[] = [];
    for (const fi of f) {
      const a = (2 * Math.PI * fi * 0.1) ** 0.8;
      const th = 0.4 * Math.PI;
      const dr = 1 + a * Math.cos(th);
      const di = a * Math.sin(th);
      re.push(10 + (50 * dr) / (dr * dr + di * di) + 0.05 * g());
      im.push((-50 * di) / (dr * dr + di * di) + 0.05 * g());
    }
    const r = computeDrt(f, re, im);
    const main = r.peaks.reduce((a, b) => (b.resistance > a.resistance ? b : a));
    expect(Math.abs(main.tau / 0.1 - 1)).toBeLessThan(0.05);
    expect(Math.abs(main.resistance / 50 - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.Rpol / 50 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.Rinf / 10 - 1)).toBeLessThan(0.01);
  });

  it('shapeFactor: accepted up to 0.8, where one arc still gives one peak; rejected above (basis ripple)', () => {
    const { f, re, im } = exampleData();
    const r = computeDrt(f, re, im, { shapeFactor: 0.8, lambda: 3.16e-4 });
    expect(r.peaks.filter((p) => p.frequency > 1 && p.withinData)).toHaveLength(3);
    expect(MAX_SHAPE_FACTOR).toBe(0.8);
    // c = 1 makes γ ripple by 5.7 % between the Gaussians and splits each arc (788 and 638 Hz, …).
    expect(() => computeDrt(f, re, im, { shapeFactor: 1 })).toThrow(/ripple by 5\.7 %/);
    expect(() => computeDrt(f, re, im, { shapeFactor: 0 })).toThrow(RangeError);
  });

  it('rejects spectra too short or not finite', () => {
    expect(() => computeDrt([1, 2, 3], [1, 1, 1], [0, 0, 0])).toThrow(RangeError);
    expect(() => computeDrt([1, 2, 3, 4, 5], [1, 1, Number.NaN, 1, 1], [0, 0, 0, 0, 0])).toThrow(/Z\[2\]/);
    expect(() => computeDrt([1, 2, 0, 4, 5], [1, 1, 1, 1, 1], [0, 0, 0, 0, 0])).toThrow(/frequency\[2\]/);
  });
});

const drtPeer = (name: string) => `${PEERS_DIR}impedance/${name}`;
const hasDrtPeers = existsSync(drtPeer('drt_cvxopt.json')) && existsSync(drtPeer('drt_cvxopt_lam3e-7.json'));
if (!hasDrtPeers) console.warn('[skip] ../shared/peers/impedance/drt_cvxopt*.json absent: pyDRTtools comparisons skipped');

/**
 * pyDRTtools (runs.simple_run: Gaussian RBF, combined Re–Im, inductance, 1st-order penalty, FWHM
 * coefficient 0.5, τ = 1/f, cvxopt) on exampleData.csv. pyDRTtools takes ε = c·2√ln2 / mean(diff(ln 1/f)),
 * negative for this file (frequencies ascending), and its penalty matrix is linear in ε: the shared
 * peer runs minimise ‖Ax − b‖² − λ|xᵀMx|. At λ = 1e-3 that QP is not convex (cvxopt ends with status
 * "unknown") and its 1322/158/5.39 Hz peaks are artefacts. Re-running pyDRTtools' formulas with
 * cvxopt 1.3.3 reproduces the shared file to all printed digits on the ascending rows, and on the same
 * rows in descending order (ε > 0, the correct sign) gives the reference below.
 */
const PYDRTTOOLS_DESCENDING_LAMBDA_1E3 = { peaks: [669.1026, 98.7845, 5.9832], Rinf: 0.0151542339, L: 1.646273e-7 };

describe.skipIf(!hasDrtPeers)('DRT vs pyDRTtools (../shared/peers/impedance/drt_cvxopt*.json)', () => {
  const { f, re, im } = exampleData();
  const peer1e3 = JSON.parse(readFileSync(drtPeer('drt_cvxopt.json'), 'utf8')).runs.GCV;
  const peer3e7 = JSON.parse(readFileSync(drtPeer('drt_cvxopt_lam3e-7.json'), 'utf8')).runs.custom;

  it('same basis: |ε| is pyDRTtools’, whose sign is negative for this file, which flips its penalty', () => {
    const r = computeDrt(f, re, im, { lambda: 1e-3 });
    expect(peer1e3.epsilon).toBeLessThan(0);
    expect(r.epsilon / Math.abs(peer1e3.epsilon)).toBeCloseTo(1, 12);
    // M_ii = ε√(π/2) in pyDRTtools' formula: negative with its ε. Ours uses |ε| whatever the row order.
    expect(peer1e3.epsilon * Math.sqrt(Math.PI / 2)).toBeLessThan(0);
    const y = Float64Array.from(r.tauCenters, Math.log);
    const mine = derivativeGram(y, r.epsilon);
    const theirs = derivativeGram(y, peer1e3.epsilon);
    expect(mine.every((v, k) => Math.abs(v - (theirs[k] as number)) <= 1e-12 * (mine[0] as number))).toBe(true);
    expect(derivativeGram(y, r.epsilon)[0]).toBeCloseTo(r.epsilon * Math.sqrt(Math.PI / 2), 12);
  });

  it('λ = 1e-3: reproduces pyDRTtools run with the correct penalty sign (peaks 1 %, R∞ and L 0.2 %)', () => {
    const r = computeDrt(f, re, im, { lambda: peer1e3.lambda });
    const ref = PYDRTTOOLS_DESCENDING_LAMBDA_1E3;
    for (const fp of ref.peaks) expect(Math.abs(near(r, fp).frequency / fp - 1), `${fp} Hz`).toBeLessThan(0.01);
    expect(Math.abs(r.Rinf / ref.Rinf - 1)).toBeLessThan(0.002);
    expect(Math.abs(r.L / ref.L - 1)).toBeLessThan(0.002);
    // Against the shared (sign-flipped) run: R∞ and L within 3 %, and a 3× smaller residual, as the
    // peer's non-convex QP did not converge.
    expect(Math.abs(r.Rinf / peer1e3.R_inf_ohm - 1)).toBeLessThan(0.03);
    expect(Math.abs(r.L / peer1e3.L_H - 1)).toBeLessThan(0.03);
    expect(rmsResidual(r, re, im)).toBeLessThan(peer1e3.rms_fit_residual_ohm / 3);
  });

  it('λ = 3.16e-7: R∞ and L within 0.1 %, a smaller residual, the arcs in the same windows', () => {
    const r = computeDrt(f, re, im, { lambda: peer3e7.lambda });
    expect(Math.abs(r.Rinf / peer3e7.R_inf_ohm - 1)).toBeLessThan(0.001);
    expect(Math.abs(r.L / peer3e7.L_H - 1)).toBeLessThan(0.001);
    // The peer's objective rewards roughness (−λ|xᵀMx|), so its optimum must fit at least as well
    // as ours; its larger residual shows cvxopt stopped early (default tolerances). At this λ the
    // problem is so ill-conditioned that such a stop moves the peaks by up to 10 %: our exact
    // minimiser gives 641/138/5.47 Hz, cvxopt 669/125/5.98 Hz (with either sign of the penalty).
    expect(rmsResidual(r, re, im)).toBeLessThan(peer3e7.rms_fit_residual_ohm);
    const peerPeaks: number[] = peer3e7.peaks.map((p: { f_hz_1_over_2pi_tau: number }) => p.f_hz_1_over_2pi_tau);
    expect(Math.abs(near(r, 669.1).frequency / (peerPeaks.find((v) => v > 600 && v < 800) as number) - 1)).toBeLessThan(0.05);
    for (const [lo, hi] of [
      [110, 160],
      [5, 6],
    ] as const) {
      expect(peerPeaks.filter((v) => v >= lo && v <= hi)).toHaveLength(1);
      expect(inBand(r, lo, hi)).toHaveLength(1);
    }
  });
});

const zarcFile = `${DATA_DIR}impedance/pyDRTtools/1ZARC.csv`;
const lib = `${DATA_DIR}impedance/pyDRTtools/LIB_data.txt`;
const hasDrtData = existsSync(zarcFile) && existsSync(lib);
if (!hasDrtData) console.warn('[skip] ../shared/data/impedance/pyDRTtools absent: 1ZARC and LIB_data DRT tests skipped');

describe.skipIf(!hasDrtData)('DRT on pyDRTtools’ files', () => {
  it('1ZARC.csv: one ZARC (R∞ 10 Ω, R 50 Ω, τ₀ 0.1 s, φ 0.8, pyDRTtools tutorial) with 0.5 Ω noise', () => {
    const rows = readFileSync(zarcFile, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const r = computeDrt(
      rows.map((c) => c[1]!),
      rows.map((c) => c[2]!),
      rows.map((c) => c[3]!),
    );
    const main = r.peaks.reduce((a, b) => (b.resistance > a.resistance ? b : a));
    // The noise (1–5 % of |Z|) limits τ to ≈ 10 %; R and R∞ are better determined.
    expect(Math.abs(main.tau / 0.1 - 1)).toBeLessThan(0.1);
    expect(Math.abs(main.resistance / 50 - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.Rpol / 50 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.Rinf / 10 - 1)).toBeLessThan(0.01);
    expect(main.resistance / r.Rpol).toBeGreaterThan(0.9);
  });

  it('LIB_data.txt (107 points, 0.11 Ω cell): the 159 Hz arc whatever the rule, R∞ from the high-frequency intercept', () => {
    const rows = readFileSync(lib, 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l) => l.trim().split(/\s+/).map(Number));
    const [f, re, im] = [0, 1, 2].map((k) => rows.map((c) => c[k]!)) as [number[], number[], number[]];
    for (const select of ['kfold', 'gcv', 'lcurve'] as const) {
      const r = computeDrt(f, re, im, { select });
      expect(inBand(r, 140, 180), select).toHaveLength(1);
      expect(r.peaks.filter((p) => p.withinData).length, select).toBeGreaterThanOrEqual(3);
      expect(Math.abs(r.Rinf / 0.1128 - 1), select).toBeLessThan(0.005);
      expect(rmsResidual(r, re, im) / 0.11, select).toBeLessThan(0.003);
    }
  });
});
