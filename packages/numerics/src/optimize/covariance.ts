/**
 * Fit statistics at a least-squares solution: covariance from the pseudo-inverse of JᵀJ, standard
 * errors, correlations, χ², AIC/BIC and identifiability flags.
 *
 * The Jacobian columns are first scaled to unit norm, so the condition number and the rank
 * decision do not depend on the units of the parameters; then (JᵀJ)⁺ = S⁻¹ V Σ⁻² Vᵀ S⁻¹ from a
 * one-sided Jacobi SVD, dropping singular values ≤ rcond·σ_max.
 */
import { svdJacobi } from '../linalg/svd-jacobi';
import type { FitResult } from './types';

/** Below this σ_i/σ_max a direction is treated as near-singular for the identifiability flags. */
const NEAR_SINGULAR = 1e-8;
/** A parameter takes part in a (near-)null direction when its component there exceeds this. */
const NULL_COMPONENT = 0.1;

/** The state at a solution from which {@link fitStatistics} builds a FitResult. */
export interface FitStatisticsInput {
  x: Float64Array;
  residuals: Float64Array;
  /** Jacobian of the free parameters, column-major m × nf */
  jac: Float64Array;
  m: number;
  n: number;
  free: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  absoluteSigma: boolean;
  rcond: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: string;
  starts?: FitResult['starts'];
}

/** Assemble a {@link FitResult} (covariance, errors, criteria) from the state at the solution. */
export function fitStatistics(input: FitStatisticsInput): FitResult {
  const { x, residuals, jac, m, n, free } = input;
  const nf = free.length;
  let chiSquare = 0;
  for (let i = 0; i < m; i++) chiSquare += residuals[i] * residuals[i];
  const dof = m - nf;
  const reducedChiSquare = dof > 0 ? chiSquare / dof : Number.NaN;
  const covariance = new Float64Array(n * n);
  const stderr = new Float64Array(n);
  const correlation = new Float64Array(n * n);
  const flagged = new Set<number>();
  const indeterminate = new Set<number>();
  let conditionNumber = 1;

  if (nf > 0) {
    const scale = new Float64Array(nf);
    const js = new Float64Array(m * nf);
    for (let k = 0; k < nf; k++) {
      let ss = 0;
      for (let i = 0; i < m; i++) ss += jac[k * m + i] * jac[k * m + i];
      const norm = Math.sqrt(ss);
      scale[k] = norm > 0 && Number.isFinite(norm) ? norm : 1;
      if (!(norm > 0) || !Number.isFinite(norm)) flagged.add(free[k]);
      for (let i = 0; i < m; i++) js[k * m + i] = jac[k * m + i] / scale[k];
    }
    const { s, v } = svdJacobi(js, m, nf);
    const smax = s[0];
    const smin = s[nf - 1];
    conditionNumber = smin > 0 ? smax / smin : Number.POSITIVE_INFINITY;
    const cut = input.rcond * smax;
    const nullSpace = new Set<number>();
    for (let t = 0; t < nf; t++) {
      const singular = !(s[t] > cut);
      if (singular || s[t] < NEAR_SINGULAR * smax) {
        for (let k = 0; k < nf; k++) {
          if (Math.abs(v[t * nf + k]) > NULL_COMPONENT) {
            flagged.add(free[k]);
            if (singular) nullSpace.add(k);
          }
        }
      }
    }
    const sigma2 = input.absoluteSigma ? 1 : reducedChiSquare;
    for (let a = 0; a < nf; a++) {
      for (let b = a; b < nf; b++) {
        let sum = 0;
        for (let t = 0; t < nf; t++) {
          if (!(s[t] > cut)) continue;
          sum += (v[t * nf + a] * v[t * nf + b]) / (s[t] * s[t]);
        }
        const c = (sum / (scale[a] * scale[b])) * sigma2;
        covariance[free[a] * n + free[b]] = c;
        covariance[free[b] * n + free[a]] = c;
      }
    }
    for (let k = 0; k < nf; k++) {
      const j = free[k];
      stderr[j] = nullSpace.has(k) ? Number.NaN : Math.sqrt(Math.max(0, covariance[j * n + j]));
      if (Number.isFinite(stderr[j]) && stderr[j] > Math.abs(x[j])) indeterminate.add(j);
    }
    for (const a of free) {
      for (const b of free) {
        const d = Math.sqrt(covariance[a * n + a] * covariance[b * n + b]);
        correlation[a * n + b] = d > 0 ? covariance[a * n + b] / d : a === b ? 1 : 0;
      }
    }
  }
  const logTerm = chiSquare > 0 ? m * Math.log(chiSquare / m) : Number.NEGATIVE_INFINITY;
  const atBound: number[] = [];
  for (const j of free) if (x[j] <= input.lower[j] || x[j] >= input.upper[j]) atBound.push(j);
  const result: FitResult = {
    params: x,
    stderr,
    covariance,
    correlation,
    chiSquare,
    reducedChiSquare,
    dof,
    aic: logTerm + 2 * nf,
    bic: logTerm + Math.log(m) * nf,
    iterations: input.iterations,
    evaluations: input.evaluations,
    converged: input.converged,
    reason: input.reason,
    residuals,
    unidentifiable: [...flagged].sort((p, q) => p - q),
    indeterminate: [...indeterminate].filter((j) => !flagged.has(j)).sort((p, q) => p - q),
    conditionNumber,
    atBound,
  };
  if (input.starts !== undefined) result.starts = input.starts;
  return result;
}
