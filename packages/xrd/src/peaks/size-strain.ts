/**
 * Crystallite size and microstrain from peak breadths.
 * - Instrumental broadening from a standard (e.g. NIST LaB6 SRM 660) fitted with the Caglioti
 *   relation FWHM² = U·tan²θ + V·tanθ + W (Caglioti, Paoletti & Ricci, Nucl. Instrum. 3 (1958) 223).
 * - Correction of an observed breadth: quadratic β² = β_obs² − β_inst² (Gaussian-like profiles) or
 *   linear β = β_obs − β_inst (Lorentzian-like).
 * - Scherrer: D = K·λ / (β·cos θ), β in radians, K = 0.9 by default (Scherrer 1918; Langford &
 *   Wilson, J. Appl. Cryst. 11 (1978) 102).
 * - Williamson–Hall: β·cos θ = K·λ/D + 4·ε·sin θ, a straight-line fit whose intercept gives D and
 *   slope the microstrain ε (Williamson & Hall, Acta Metall. 1 (1953) 22).
 */
import { weightedLinearFit } from '@ionscope/numerics';

const DEG = Math.PI / 180;

export interface BreadthPeak {
  twoTheta: number;
  /** Observed FWHM (or integral breadth) in degrees 2θ. */
  fwhm: number;
  fwhmStderr?: number;
}

export interface Caglioti {
  U: number;
  V: number;
  W: number;
}

export function fitCaglioti(peaks: BreadthPeak[]): Caglioti & { stderr: Caglioti } {
  const m = peaks.length;
  const A = new Float64Array(m * 3);
  const b = new Float64Array(m);
  peaks.forEach((p, i) => {
    const t = Math.tan((p.twoTheta * DEG) / 2);
    A.set([t * t, t, 1], i * 3);
    b[i] = p.fwhm * p.fwhm;
  });
  const fit = weightedLinearFit(A, m, 3, b);
  return {
    U: fit.params[0] as number,
    V: fit.params[1] as number,
    W: fit.params[2] as number,
    stderr: { U: fit.stderr[0] as number, V: fit.stderr[1] as number, W: fit.stderr[2] as number },
  };
}

export function cagliotiFwhm(c: Caglioti, twoTheta: number): number {
  const t = Math.tan((twoTheta * DEG) / 2);
  return Math.sqrt(Math.max(0, c.U * t * t + c.V * t + c.W));
}

export type BroadeningCorrection = 'quadratic' | 'linear' | 'none';

export function correctedBreadth(observed: number, instrumental: number, mode: BroadeningCorrection): number {
  if (mode === 'none' || !(instrumental > 0)) return observed;
  if (mode === 'linear') return observed - instrumental;
  return Math.sqrt(Math.max(0, observed * observed - instrumental * instrumental));
}

export interface ScherrerResult {
  twoTheta: number;
  breadth: number;
  /** Crystallite size in Å. */
  size: number;
  sizeStderr: number;
}

export function scherrer(
  peaks: BreadthPeak[],
  wavelength: number,
  options: { k?: number; instrument?: Caglioti; correction?: BroadeningCorrection } = {},
): ScherrerResult[] {
  const k = options.k ?? 0.9;
  return peaks.map((p) => {
    const inst = options.instrument ? cagliotiFwhm(options.instrument, p.twoTheta) : 0;
    const beta = correctedBreadth(p.fwhm, inst, options.correction ?? 'quadratic');
    const cos = Math.cos((p.twoTheta * DEG) / 2);
    const size = (k * wavelength) / (beta * DEG * cos);
    const dBeta = p.fwhmStderr !== undefined && beta > 0 ? (p.fwhmStderr * p.fwhm) / beta : 0;
    return { twoTheta: p.twoTheta, breadth: beta, size, sizeStderr: beta > 0 ? (size * dBeta) / beta : Number.POSITIVE_INFINITY };
  });
}

export interface WilliamsonHallResult {
  /** Size in Å (∞ when the intercept is ≤ 0). */
  size: { value: number; stderr: number };
  /** Microstrain ε (dimensionless). */
  strain: { value: number; stderr: number };
  intercept: number;
  slope: number;
  points: { x: number; y: number; twoTheta: number }[];
  reducedChiSquare: number;
}

export function williamsonHall(
  peaks: BreadthPeak[],
  wavelength: number,
  options: { k?: number; instrument?: Caglioti; correction?: BroadeningCorrection } = {},
): WilliamsonHallResult {
  const k = options.k ?? 0.9;
  const m = peaks.length;
  if (m < 2) throw new RangeError('Williamson–Hall needs at least two peaks');
  const A = new Float64Array(m * 2);
  const y = new Float64Array(m);
  const w = new Float64Array(m);
  const points = peaks.map((p, i) => {
    const theta = (p.twoTheta * DEG) / 2;
    const inst = options.instrument ? cagliotiFwhm(options.instrument, p.twoTheta) : 0;
    const beta = correctedBreadth(p.fwhm, inst, options.correction ?? 'quadratic') * DEG;
    const xi = 4 * Math.sin(theta);
    const yi = beta * Math.cos(theta);
    A.set([1, xi], i * 2);
    y[i] = yi;
    const s = (p.fwhmStderr ?? 0) * DEG * Math.cos(theta);
    w[i] = s > 0 ? 1 / (s * s) : 1;
    return { x: xi, y: yi, twoTheta: p.twoTheta };
  });
  const fit = weightedLinearFit(A, m, 2, y, w);
  const intercept = fit.params[0] as number;
  const slope = fit.params[1] as number;
  const size = intercept > 0 ? (k * wavelength) / intercept : Number.POSITIVE_INFINITY;
  const sizeErr = intercept > 0 ? (size * (fit.stderr[0] as number)) / intercept : Number.POSITIVE_INFINITY;
  return {
    size: { value: size, stderr: sizeErr },
    strain: { value: slope, stderr: fit.stderr[1] as number },
    intercept,
    slope,
    points,
    reducedChiSquare: fit.reducedChiSquare,
  };
}
