/**
 * Least-squares profile fitting of one or more overlapping powder peaks with a polynomial
 * background, optionally as Kα1/Kα2 doublets: each peak is A·[φ(x; c, w) + R·φ(x; c₂, w)] with
 * c₂ from sin θ₂ = (λ₂/λ₁)·sin θ₁, the same width and shape, and R = I(Kα2)/I(Kα1) (0.5 for Cu).
 * Minimised with @ionscope/numerics' Levenberg–Marquardt (bounded, analytic Jacobian for
 * Gaussian/Lorentzian/pseudo-Voigt), weighted by 1/σ (Poisson σ = √counts by default).
 * Parameter errors are the square roots of the covariance diagonal (scaled by the reduced χ²).
 */
import { levenbergMarquardt } from '@ionscope/numerics';
import {
  kAlpha2Position,
  kAlpha2Slope,
  type ProfileShape,
  profileHeight,
  profileValue,
  profileWithDerivatives,
  shapeParameterCount,
  shapeParameterNames,
} from '../models/profiles';

export interface PeakStart {
  center: number;
  fwhm?: number;
  area?: number;
  /** Shape parameters: η for pV (default 0.5), m for Pearson VII (default 2), [w_R, η_L, η_R] for split pV. */
  shape?: number[];
  /** Bounds on the centre (default: the fit window). */
  centerRange?: [number, number];
  /** Upper bound on the FWHM (default: the window span). */
  maxFwhm?: number;
}

export interface Doublet {
  /** λ(Kα2)/λ(Kα1). */
  lambdaRatio: number;
  /** I(Kα2)/I(Kα1). */
  intensityRatio: number;
}

export interface ProfileFitOptions {
  shape: ProfileShape;
  peaks: PeakStart[];
  /** Fit window in x units; default the whole range. */
  range?: [number, number];
  /** σ per point; default √max(y, 1). */
  sigma?: Float64Array;
  /** Background polynomial order (0 constant, 1 linear...); default 1. */
  backgroundOrder?: number;
  doublet?: Doublet;
  /** Full parameter vector to start from (warm start from a previous fit of the same layout). */
  initialParams?: ArrayLike<number>;
  maxIterations?: number;
  signal?: AbortSignal;
}

export interface FittedValue {
  value: number;
  stderr: number;
}

export interface FittedPeak {
  center: FittedValue;
  fwhm: FittedValue;
  area: FittedValue;
  height: number;
  /** Shape parameters by name (eta, m, fwhmRight, etaLeft, etaRight). */
  shape: Record<string, FittedValue>;
  /** Kα2 position when fitted as a doublet. */
  centerKAlpha2?: number;
}

export interface ProfileFitResult {
  peaks: FittedPeak[];
  /** Background polynomial Σ bₖ (x − x0)ᵏ. */
  background: { x0: number; coefficients: FittedValue[] };
  params: Float64Array;
  stderr: Float64Array;
  chiSquare: number;
  reducedChiSquare: number;
  dof: number;
  iterations: number;
  converged: boolean;
  reason: string;
  unidentifiable: string[];
  /** The window's x, y, model, background and weighted residuals. */
  x: Float64Array;
  y: Float64Array;
  model: Float64Array;
  backgroundCurve: Float64Array;
  residuals: Float64Array;
  parameterNames: string[];
}

function windowIndices(x: Float64Array, range?: [number, number]): [number, number] {
  if (!range) return [0, x.length];
  const lo = Math.min(range[0], range[1]);
  const hi = Math.max(range[0], range[1]);
  let i0 = 0;
  while (i0 < x.length && (x[i0] as number) < lo) i0++;
  let i1 = i0;
  while (i1 < x.length && (x[i1] as number) <= hi) i1++;
  return [i0, i1];
}

/** Evaluates the model (background + peaks) for a parameter vector at xs into out. */
export function evaluateProfileModel(
  shape: ProfileShape,
  nPeaks: number,
  bgOrder: number,
  x0: number,
  doublet: Doublet | undefined,
  p: ArrayLike<number>,
  xs: ArrayLike<number>,
  out: Float64Array,
  backgroundOut?: Float64Array,
): void {
  const nb = bgOrder + 1;
  const ns = shapeParameterCount(shape);
  const stride = 3 + ns;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - x0;
    let bg = 0;
    let pw = 1;
    for (let k = 0; k < nb; k++) {
      bg += (p[k] as number) * pw;
      pw *= dx;
    }
    let v = bg;
    for (let j = 0; j < nPeaks; j++) {
      const o = nb + j * stride;
      const c = p[o] as number;
      const w = p[o + 1] as number;
      const a = p[o + 2] as number;
      v += a * profileValue(shape, (xs[i] as number) - c, w, p, o + 3);
      if (doublet) {
        const c2 = kAlpha2Position(c, doublet.lambdaRatio);
        v += a * doublet.intensityRatio * profileValue(shape, (xs[i] as number) - c2, w, p, o + 3);
      }
    }
    out[i] = v;
    if (backgroundOut) backgroundOut[i] = bg;
  }
}

export function fitProfile(xAll: Float64Array, yAll: Float64Array, options: ProfileFitOptions): ProfileFitResult {
  const shape = options.shape;
  const [i0, i1] = windowIndices(xAll, options.range);
  const x = xAll.subarray(i0, i1);
  const y = yAll.subarray(i0, i1);
  const m = x.length;
  const nPeaks = options.peaks.length;
  const bgOrder = options.backgroundOrder ?? 1;
  const nb = bgOrder + 1;
  const ns = shapeParameterCount(shape);
  const stride = 3 + ns;
  const n = nb + nPeaks * stride;
  if (m <= n) throw new RangeError(`the fit window has ${m} points for ${n} parameters`);
  const x0 = ((x[0] as number) + (x[m - 1] as number)) / 2;
  const sigma = options.sigma?.subarray(i0, i1);
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) weights[i] = 1 / (sigma ? Math.max(sigma[i] as number, 1e-12) : Math.sqrt(Math.max(y[i] as number, 1)));

  // Starting values: background through the window ends; peaks from the guesses.
  const initial = new Float64Array(n);
  const lower = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const span = (x[m - 1] as number) - (x[0] as number);
  const step = span / Math.max(1, m - 1);
  const edge = Math.max(1, Math.floor(m / 20));
  let yl = 0;
  let yr = 0;
  for (let i = 0; i < edge; i++) {
    yl += (y[i] as number) / edge;
    yr += (y[m - 1 - i] as number) / edge;
  }
  initial[0] = (yl + yr) / 2;
  if (nb > 1) initial[1] = (yr - yl) / span;
  options.peaks.forEach((pk, j) => {
    const o = nb + j * stride;
    let idx = 0;
    for (let i = 1; i < m; i++) if (Math.abs((x[i] as number) - pk.center) < Math.abs((x[idx] as number) - pk.center)) idx = i;
    const bgAt = initial[0] as number;
    const height = Math.max((y[idx] as number) - bgAt, 1e-9);
    const w = pk.fwhm ?? Math.max(3 * step, span / 20);
    const defaults = shape === 'pseudo-voigt' ? [0.5] : shape === 'pearson7' ? [2] : shape === 'split-pseudo-voigt' ? [w, 0.5, 0.5] : [];
    const sp = pk.shape ?? defaults;
    initial[o] = pk.center;
    initial[o + 1] = w;
    initial[o + 2] = pk.area ?? height / profileValue(shape, 0, w, sp) / (options.doublet ? 1 + options.doublet.intensityRatio : 1);
    for (let s = 0; s < ns; s++) initial[o + 3 + s] = sp[s] as number;
    lower[o] = Math.max(x[0] as number, pk.centerRange?.[0] ?? Number.NEGATIVE_INFINITY);
    upper[o] = Math.min(x[m - 1] as number, pk.centerRange?.[1] ?? Number.POSITIVE_INFINITY);
    lower[o + 1] = step / 4;
    upper[o + 1] = Math.max(step / 2, Math.min(span, pk.maxFwhm ?? span));
    lower[o + 2] = 0;
    if (shape === 'pseudo-voigt') {
      lower[o + 3] = 0;
      upper[o + 3] = 1;
    } else if (shape === 'pearson7') {
      lower[o + 3] = 0.6;
      upper[o + 3] = 50;
    } else if (shape === 'split-pseudo-voigt') {
      lower[o + 3] = step / 4;
      upper[o + 3] = span;
      lower[o + 4] = 0;
      upper[o + 4] = 1;
      lower[o + 5] = 0;
      upper[o + 5] = 1;
    }
  });
  if (options.initialParams && options.initialParams.length === n)
    for (let j = 0; j < n; j++) initial[j] = Math.min(upper[j] as number, Math.max(lower[j] as number, options.initialParams[j] as number));

  const doublet = options.doublet;
  const analytic = shape === 'gaussian' || shape === 'lorentzian' || shape === 'pseudo-voigt';
  const d = new Float64Array(4);
  const problem = {
    m,
    residuals(p: Float64Array, out: Float64Array) {
      evaluateProfileModel(shape, nPeaks, bgOrder, x0, doublet, p, x, out);
      for (let i = 0; i < m; i++) out[i] = (out[i] as number) - (y[i] as number);
    },
    ...(analytic
      ? {
          jacobian(p: Float64Array, J: Float64Array) {
            J.fill(0);
            for (let i = 0; i < m; i++) {
              const xi = x[i] as number;
              const row = i * n;
              let pw = 1;
              for (let k = 0; k < nb; k++) {
                J[row + k] = pw;
                pw *= xi - x0;
              }
              for (let j = 0; j < nPeaks; j++) {
                const o = nb + j * stride;
                const c = p[o] as number;
                const w = p[o + 1] as number;
                const a = p[o + 2] as number;
                const eta = ns ? (p[o + 3] as number) : 0;
                profileWithDerivatives(shape, xi - c, w, eta, d);
                let val = d[0] as number;
                // profileWithDerivatives gives ∂φ/∂c, ∂φ/∂w, ∂φ/∂η directly.
                let dc = d[1] as number;
                let dw = d[2] as number;
                let de = d[3] as number;
                if (doublet) {
                  const c2 = kAlpha2Position(c, doublet.lambdaRatio);
                  const slope = kAlpha2Slope(c, doublet.lambdaRatio);
                  profileWithDerivatives(shape, xi - c2, w, eta, d);
                  const r = doublet.intensityRatio;
                  val += r * (d[0] as number);
                  dc += r * (d[1] as number) * slope;
                  dw += r * (d[2] as number);
                  de += r * (d[3] as number);
                }
                J[row + o] = a * dc;
                J[row + o + 1] = a * dw;
                J[row + o + 2] = val;
                if (ns) J[row + o + 3] = a * de;
              }
            }
          },
        }
      : {}),
  };
  const fit = levenbergMarquardt(problem, {
    initial,
    lower,
    upper,
    weights,
    maxIterations: options.maxIterations ?? 200,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const p = fit.params;
  const se = fit.stderr;
  const names: string[] = [];
  for (let k = 0; k < nb; k++) names.push(`background.b${k}`);
  const spNames = shapeParameterNames(shape);
  for (let j = 0; j < nPeaks; j++) names.push(`peak${j + 1}.center`, `peak${j + 1}.fwhm`, `peak${j + 1}.area`, ...spNames.map((s) => `peak${j + 1}.${s}`));
  const fv = (j: number): FittedValue => ({ value: p[j] as number, stderr: se[j] as number });
  const peaks: FittedPeak[] = [];
  for (let j = 0; j < nPeaks; j++) {
    const o = nb + j * stride;
    const shapeValues: Record<string, FittedValue> = {};
    spNames.forEach((s, k) => {
      shapeValues[s] = fv(o + 3 + k);
    });
    peaks.push({
      center: fv(o),
      fwhm: fv(o + 1),
      area: fv(o + 2),
      height: (p[o + 2] as number) * profileHeight(shape, p[o + 1] as number, p, o + 3),
      shape: shapeValues,
      ...(doublet ? { centerKAlpha2: kAlpha2Position(p[o] as number, doublet.lambdaRatio) } : {}),
    });
  }
  const model = new Float64Array(m);
  const backgroundCurve = new Float64Array(m);
  evaluateProfileModel(shape, nPeaks, bgOrder, x0, doublet, p, x, model, backgroundCurve);
  return {
    peaks,
    background: { x0, coefficients: Array.from({ length: nb }, (_, k) => fv(k)) },
    params: p,
    stderr: se,
    chiSquare: fit.chiSquare,
    reducedChiSquare: fit.reducedChiSquare,
    dof: fit.dof,
    iterations: fit.iterations,
    converged: fit.converged,
    reason: fit.reason,
    // A background coefficient near zero is harmless; a peak parameter whose stderr exceeds it is not.
    unidentifiable: [...fit.unidentifiable, ...fit.indeterminate.filter((j) => j >= nb)].sort((a, b) => a - b).map((j) => names[j] as string),
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    model,
    backgroundCurve,
    residuals: fit.residuals,
    parameterNames: names,
  };
}
