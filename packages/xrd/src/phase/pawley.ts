/**
 * Pawley whole-pattern fitting (G. S. Pawley, J. Appl. Cryst. 14 (1981) 357): the pattern is modelled
 * as a polynomial background plus one pseudo-Voigt (with its Kα2 twin) per reflection group of the
 * reference structure, at positions given by the refined cell. Refined together by Levenberg–Marquardt:
 * the cell (the reciprocal-metric parameters allowed by the crystal system), a 2θ zero shift, the
 * Caglioti width parameters U, V, W (FWHM² = U tan²θ + V tanθ + W), a constant η, the background and
 * a free, non-negative intensity per reflection group (no structure model, so lattice parameters
 * come out without knowing atom positions). Agreement factors Rp, Rwp (Young, The Rietveld Method,
 * 1993, ch. 1). Reflections that coincide at the reference cell stay one group.
 */
import { levenbergMarquardt } from '@ionscope/numerics';
import { kAlpha2Position, profileValue } from '../models/profiles';
import type { Doublet } from '../peaks/fit';
import { type CrystalSystem, cellFromReciprocalMetric, guessCrystalSystem, reciprocalFromParams } from '../peaks/lattice';
import { type Cell, cellVolume, reciprocalMetric } from '../structure/cell';
import { simulatePattern } from '../structure/simulate';
import type { Structure } from '../structure/structure';

export interface PawleyOptions {
  wavelength: number;
  doublet?: Doublet;
  system?: CrystalSystem;
  backgroundOrder?: number;
  /** Starting FWHM (°) when U, V, W are not given (W = fwhm², U = V = 0). */
  fwhm?: number;
  eta?: number;
  refineZero?: boolean;
  maxIterations?: number;
  signal?: AbortSignal;
}

export interface PawleyResult {
  system: CrystalSystem;
  cell: Cell;
  cellStderr: Cell;
  volume: { value: number; stderr: number };
  zero: { value: number; stderr: number };
  caglioti: { U: number; V: number; W: number };
  eta: number;
  rp: number;
  rwp: number;
  reducedChiSquare: number;
  reflections: { hkl: number[]; twoTheta: number; intensity: number; stderr: number }[];
  model: Float64Array;
  background: Float64Array;
  converged: boolean;
  iterations: number;
}

const DEG = Math.PI / 180;

export function pawleyFit(x: Float64Array, y: Float64Array, sigma: Float64Array, structure: Structure, options: PawleyOptions): PawleyResult {
  const system = options.system ?? guessCrystalSystem(structure.cell);
  const lambda = options.wavelength;
  const m = x.length;
  const xmin = x[0] as number;
  const xmax = x[m - 1] as number;
  const step = (xmax - xmin) / Math.max(1, m - 1);
  const groups = simulatePattern(structure, {
    wavelength: lambda,
    twoThetaRange: [Math.max(0.5, xmin - 0.5), Math.min(179, xmax + 0.5)],
    minRelativeIntensity: 1e-4,
  });
  const hkls = groups.map((g) => {
    const h = g.families[0]?.hkl ?? [0, 0, 0];
    return h.length === 4 ? [h[0] as number, h[1] as number, h[3] as number] : [h[0] as number, h[1] as number, h[2] as number];
  });
  const nr = groups.length;
  if (nr < 2) throw new RangeError('fewer than two reflections in range');
  // Parameter layout.
  const gs0 = reciprocalMetric(structure.cell);
  const cellStart = cellParamsFromMetric(system, gs0);
  const nc = cellStart.length;
  const nbg = (options.backgroundOrder ?? 4) + 1;
  const iZero = nc;
  const iU = nc + 1;
  const iEta = nc + 4;
  const iBg = nc + 5;
  const iI = iBg + nbg;
  const n = iI + nr;
  const initial = new Float64Array(n);
  const lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  initial.set(cellStart, 0);
  initial[iZero] = 0;
  const w0 = options.fwhm ?? 0.1;
  initial[iU] = 0;
  initial[iU + 1] = 0;
  initial[iU + 2] = w0 * w0;
  initial[iEta] = options.eta ?? 0.5;
  lower[iEta] = 0;
  upper[iEta] = 1;
  lower[iU + 2] = 1e-8;
  lower[iZero] = -0.5;
  upper[iZero] = 0.5;
  // Background: a low quantile of the data as constant; polynomial in t ∈ [−1, 1].
  const sorted = Float64Array.from(y).sort();
  initial[iBg] = sorted[Math.floor(sorted.length * 0.2)] as number;
  const tOf = (xi: number) => (2 * (xi - xmin)) / (xmax - xmin) - 1;
  const twoThetaOf = (p: ArrayLike<number>, out: Float64Array) => {
    const gs = reciprocalFromParams(system, p);
    for (let j = 0; j < nr; j++) {
      const [h, k, l] = hkls[j] as number[];
      const q2 =
        (gs[0] as number) * (h as number) ** 2 +
        (gs[4] as number) * (k as number) ** 2 +
        (gs[8] as number) * (l as number) ** 2 +
        2 *
          ((gs[1] as number) * (h as number) * (k as number) +
            (gs[2] as number) * (h as number) * (l as number) +
            (gs[5] as number) * (k as number) * (l as number));
      out[j] = (2 * Math.asin(Math.min(1, (lambda * Math.sqrt(Math.max(q2, 0))) / 2))) / DEG + (p[iZero] as number);
    }
  };
  const tth = new Float64Array(nr);
  twoThetaOf(initial, tth);
  for (let j = 0; j < nr; j++) {
    let idx = 0;
    while (idx < m - 1 && (x[idx] as number) < (tth[j] as number)) idx++;
    initial[iI + j] =
      Math.max(0, ((y[idx] as number) - (initial[iBg] as number)) * w0 * 1.2) /
      (options.doublet ? 1 + options.doublet.intensityRatio : 1) /
      Math.max(1, groups.filter((g) => Math.abs(g.twoTheta - (groups[j] as { twoTheta: number }).twoTheta) < w0).length);
    lower[iI + j] = 0;
  }
  const fixed = new Array<boolean>(n).fill(false);
  if (options.refineZero === false) fixed[iZero] = true;
  const sp = [0.5];
  const evaluate = (p: ArrayLike<number>, out: Float64Array, bgOut?: Float64Array) => {
    twoThetaOf(p, tth);
    for (let i = 0; i < m; i++) {
      const t = tOf(x[i] as number);
      let bg = 0;
      let pw = 1;
      for (let k = 0; k < nbg; k++) {
        bg += (p[iBg + k] as number) * pw;
        pw *= t;
      }
      out[i] = bg;
      if (bgOut) bgOut[i] = bg;
    }
    sp[0] = p[iEta] as number;
    const U = p[iU] as number;
    const V = p[iU + 1] as number;
    const W = p[iU + 2] as number;
    for (let j = 0; j < nr; j++) {
      const c = tth[j] as number;
      const tan = Math.tan((c * DEG) / 2);
      const w = Math.sqrt(Math.max(U * tan * tan + V * tan + W, 1e-8));
      const area = p[iI + j] as number;
      if (!(area > 0)) continue;
      addPeak(out, c, w, area);
      if (options.doublet) addPeak(out, kAlpha2Position(c, options.doublet.lambdaRatio), w, area * options.doublet.intensityRatio);
    }
  };
  const addPeak = (out: Float64Array, c: number, w: number, area: number) => {
    if (!Number.isFinite(c)) return;
    const lo = Math.max(0, Math.floor((c - 15 * w - xmin) / step));
    const hi = Math.min(m - 1, Math.ceil((c + 15 * w - xmin) / step));
    for (let i = lo; i <= hi; i++) out[i] = (out[i] as number) + area * profileValue('pseudo-voigt', (x[i] as number) - c, w, sp);
  };
  const weights = sigma.map((s) => 1 / Math.max(s, 1e-9));
  // Jacobian: intensities enter linearly (their columns are the peak profiles); the ~10 other
  // parameters by forward differences, so an iteration costs ~12 model evaluations, not n.
  const f0 = new Float64Array(m);
  const f1 = new Float64Array(m);
  const column = new Float64Array(m);
  const jacobian = (p: Float64Array, J: Float64Array) => {
    J.fill(0);
    evaluate(p, f0);
    const q = Float64Array.from(p);
    for (let k = 0; k < iI; k++) {
      const h = 1e-6 * Math.max(Math.abs(p[k] as number), k < nc ? 1e-3 : k === iZero ? 1e-2 : 1e-4);
      q[k] = (p[k] as number) + h;
      evaluate(q, f1);
      q[k] = p[k] as number;
      for (let i = 0; i < m; i++) J[i * n + k] = ((f1[i] as number) - (f0[i] as number)) / h;
    }
    twoThetaOf(p, tth);
    sp[0] = p[iEta] as number;
    for (let j = 0; j < nr; j++) {
      const c = tth[j] as number;
      const tan = Math.tan((c * DEG) / 2);
      const w = Math.sqrt(Math.max((p[iU] as number) * tan * tan + (p[iU + 1] as number) * tan + (p[iU + 2] as number), 1e-8));
      column.fill(0);
      addPeak(column, c, w, 1);
      if (options.doublet) addPeak(column, kAlpha2Position(c, options.doublet.lambdaRatio), w, options.doublet.intensityRatio);
      for (let i = 0; i < m; i++) if (column[i] !== 0) J[i * n + iI + j] = column[i] as number;
    }
  };
  const fit = levenbergMarquardt(
    {
      m,
      residuals(p, out) {
        evaluate(p, out);
        for (let i = 0; i < m; i++) out[i] = (out[i] as number) - (y[i] as number);
      },
      jacobian,
    },
    { initial, lower, upper, fixed, weights, maxIterations: options.maxIterations ?? 60, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const p = fit.params;
  const model = new Float64Array(m);
  const background = new Float64Array(m);
  evaluate(p, model, background);
  // Agreement factors.
  let num = 0;
  let den = 0;
  let wnum = 0;
  let wden = 0;
  for (let i = 0; i < m; i++) {
    const d = (y[i] as number) - (model[i] as number);
    num += Math.abs(d);
    den += Math.abs(y[i] as number);
    const w = (weights[i] as number) ** 2;
    wnum += w * d * d;
    wden += w * (y[i] as number) ** 2;
  }
  // Cell and its errors from the covariance of the cell parameters.
  const gs = reciprocalFromParams(system, p);
  const cell = cellFromReciprocalMetric(gs);
  const keys: (keyof Cell)[] = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'];
  const base = [...keys.map((k) => cell[k]), cellVolume(cell)];
  const J: number[][] = [];
  for (let j = 0; j < nc; j++) {
    const dp = Float64Array.from(p.subarray(0, nc));
    const h = Math.abs(dp[j] as number) * 1e-6 || 1e-12;
    dp[j] = (dp[j] as number) + h;
    const c2 = cellFromReciprocalMetric(reciprocalFromParams(system, dp));
    J.push([...keys.map((k) => c2[k]), cellVolume(c2)].map((v, i) => (v - (base[i] as number)) / h));
  }
  const err = base.map((_, i) => {
    let v = 0;
    for (let a = 0; a < nc; a++) for (let b = 0; b < nc; b++) v += (J[a]?.[i] as number) * (J[b]?.[i] as number) * (fit.covariance[a * n + b] as number);
    return Math.sqrt(Math.max(0, v));
  });
  twoThetaOf(p, tth);
  return {
    system,
    cell,
    cellStderr: { a: err[0] as number, b: err[1] as number, c: err[2] as number, alpha: err[3] as number, beta: err[4] as number, gamma: err[5] as number },
    volume: { value: base[6] as number, stderr: err[6] as number },
    zero: { value: p[iZero] as number, stderr: fit.stderr[iZero] as number },
    caglioti: { U: p[iU] as number, V: p[iU + 1] as number, W: p[iU + 2] as number },
    eta: p[iEta] as number,
    rp: num / den,
    rwp: Math.sqrt(wnum / wden),
    reducedChiSquare: fit.reducedChiSquare,
    reflections: groups.map((g, j) => ({
      hkl: g.families[0]?.hkl ?? [],
      twoTheta: tth[j] as number,
      intensity: p[iI + j] as number,
      stderr: fit.stderr[iI + j] as number,
    })),
    model,
    background,
    converged: fit.converged,
    iterations: fit.iterations,
  };
}

/** Reciprocal-metric parameters of a system from a full G* (inverse of reciprocalFromParams). */
export function cellParamsFromMetric(system: CrystalSystem, gs: Float64Array): number[] {
  const A = gs[0] as number;
  const B = gs[4] as number;
  const C = gs[8] as number;
  const D = 2 * (gs[5] as number);
  const E = 2 * (gs[2] as number);
  const F = 2 * (gs[1] as number);
  switch (system) {
    case 'cubic':
      return [(A + B + C) / 3];
    case 'tetragonal':
      return [(A + B) / 2, C];
    case 'hexagonal':
    case 'trigonal':
      return [(A + B) / 2, C];
    case 'rhombohedral':
      return [(A + B + C) / 3, (D + E + F) / 3];
    case 'orthorhombic':
      return [A, B, C];
    case 'monoclinic':
      return [A, B, C, E];
    case 'triclinic':
      return [A, B, C, D, E, F];
  }
}
