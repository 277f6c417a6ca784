/**
 * Small weighted linear least squares with parameter covariance, by normal equations and Cholesky:
 * min Σ wᵢ (Σⱼ A[i,j] pⱼ − bᵢ)², covariance (AᵀWA)⁻¹, scaled by the reduced χ² unless the weights
 * are absolute (wᵢ = 1/σᵢ²). For tiny, well-scaled design matrices (a handful of parameters):
 * lattice refinement, Caglioti, Williamson–Hall. Larger or ill-conditioned problems belong to
 * {@link lstsq} (QR/SVD).
 */
import { choleskyInPlace, choleskySolveInPlace } from './cholesky';

/** Result of {@link weightedLinearFit}. */
export interface LinearFit {
  params: Float64Array;
  stderr: Float64Array;
  /** n×n row-major */
  covariance: Float64Array;
  chiSquare: number;
  reducedChiSquare: number;
  dof: number;
}

/**
 * @param A row-major m×n design matrix
 * @param b observations (length m)
 * @param w weights 1/σ² (default 1)
 * @param absoluteSigma true when w are absolute 1/σ²: the covariance is not scaled by χ²ᵣ
 */
export function weightedLinearFit(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, w?: ArrayLike<number>, absoluteSigma = false): LinearFit {
  if (m < n) throw new RangeError(`${m} observations cannot determine ${n} parameters`);
  const N = new Float64Array(n * n);
  const r = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const wi = w ? (w[i] as number) : 1;
    for (let j = 0; j < n; j++) {
      const aij = A[i * n + j] as number;
      r[j] += wi * aij * (b[i] as number);
      for (let k = 0; k <= j; k++) N[j * n + k] += wi * aij * (A[i * n + k] as number);
    }
  }
  for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) N[j * n + k] = N[k * n + j] as number;
  if (choleskyInPlace(N, n) > 0) throw new RangeError('singular normal equations: the observations do not determine every parameter');
  const params = Float64Array.from(r);
  choleskySolveInPlace(N, n, params);
  // (AᵀWA)⁻¹ column by column from the factor.
  const inverse = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    column.fill(0);
    column[c] = 1;
    choleskySolveInPlace(N, n, column);
    for (let k = 0; k < n; k++) inverse[k * n + c] = column[k] as number;
  }
  let chiSquare = 0;
  for (let i = 0; i < m; i++) {
    let predicted = 0;
    for (let j = 0; j < n; j++) predicted += (A[i * n + j] as number) * (params[j] as number);
    chiSquare += (w ? (w[i] as number) : 1) * (predicted - (b[i] as number)) ** 2;
  }
  const dof = m - n;
  const reducedChiSquare = dof > 0 ? chiSquare / dof : Number.NaN;
  const scale = absoluteSigma || !Number.isFinite(reducedChiSquare) ? 1 : reducedChiSquare;
  const covariance = inverse.map((v) => v * scale);
  const stderr = new Float64Array(n);
  for (let j = 0; j < n; j++) stderr[j] = Math.sqrt(Math.max(0, covariance[j * n + j] as number));
  return { params, stderr, covariance, chiSquare, reducedChiSquare, dof };
}
