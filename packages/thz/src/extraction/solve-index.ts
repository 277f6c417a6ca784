/**
 * Per-frequency solution of ln H_model(ñ) = ln|H_meas| + iφ_meas for the unknown complex index by
 * Newton's method in one complex variable (ln H is holomorphic in ñ, so the complex derivative is
 * the whole Jacobian: two real unknowns, two real equations, quadratic convergence). This replaces
 * the per-frequency Nelder–Mead search of Pupeza et al. (2007)/phoeniks with ~3–6 model evaluations
 * per frequency. Steps are damped to |Δñ| ≤ 0.5; a frequency that fails from its own start retries
 * from its converged neighbour (continuation).
 */
import { Complex } from '../util/complex';
import type { TransferModel } from './transfer-model';

export interface SolveResult {
  nRe: Float64Array;
  nIm: Float64Array;
  /** d ln H/dñ at the solution (for error propagation). */
  gRe: Float64Array;
  gIm: Float64Array;
  /** |residual| at the solution. */
  residual: Float64Array;
  converged: Uint8Array;
  iterations: number;
}

export interface SolveOptions {
  maxIterations?: number;
  tolerance?: number;
  signal?: AbortSignal;
}

export function solveIndex(
  model: TransferModel,
  omega: Float64Array,
  lnHRe: Float64Array,
  lnHIm: Float64Array,
  initialRe: Float64Array,
  initialIm: Float64Array,
  options: SolveOptions = {},
): SolveResult {
  const m = omega.length;
  const maxIt = options.maxIterations ?? 40;
  const tol = options.tolerance ?? 1e-11;
  const out = {
    nRe: new Float64Array(m),
    nIm: new Float64Array(m),
    gRe: new Float64Array(m),
    gIm: new Float64Array(m),
    residual: new Float64Array(m),
    converged: new Uint8Array(m),
    iterations: 0,
  };
  const refLog = new Complex();
  const refPath = new Complex();
  const f = new Complex();
  const g = new Complex();
  const attempt = (i: number, startRe: number, startIm: number): boolean => {
    const w = omega[i] as number;
    let uRe = startRe;
    let uIm = startIm;
    model.referenceTerms(w, refLog, refPath);
    for (let it = 0; it < maxIt; it++) {
      model.logHWithDerivative(w, uRe, uIm, refLog, refPath, f, g);
      out.iterations++;
      const rRe = f.re - (lnHRe[i] as number);
      const rIm = f.im - (lnHIm[i] as number);
      // Δ = r / g
      const den = g.re * g.re + g.im * g.im;
      if (!(den > 0)) break;
      let dRe = (rRe * g.re + rIm * g.im) / den;
      let dIm = (rIm * g.re - rRe * g.im) / den;
      const size = Math.hypot(dRe, dIm);
      if (size > 0.5) {
        dRe *= 0.5 / size;
        dIm *= 0.5 / size;
      }
      uRe -= dRe;
      uIm -= dIm;
      if (size < tol * Math.max(1, Math.hypot(uRe, uIm))) {
        model.logHWithDerivative(w, uRe, uIm, refLog, refPath, f, g);
        out.nRe[i] = uRe;
        out.nIm[i] = uIm;
        out.gRe[i] = g.re;
        out.gIm[i] = g.im;
        out.residual[i] = Math.hypot(f.re - (lnHRe[i] as number), f.im - (lnHIm[i] as number));
        return Number.isFinite(uRe) && Number.isFinite(uIm) && out.residual[i]! < 1e-6;
      }
    }
    return false;
  };
  for (let i = 0; i < m; i++) {
    if (options.signal?.aborted) break;
    if (attempt(i, initialRe[i] as number, initialIm[i] as number)) {
      out.converged[i] = 1;
      continue;
    }
    if (i > 0 && out.converged[i - 1] && attempt(i, out.nRe[i - 1] as number, out.nIm[i - 1] as number)) {
      out.converged[i] = 1;
      continue;
    }
    out.nRe[i] = Number.NaN;
    out.nIm[i] = Number.NaN;
  }
  return out;
}
