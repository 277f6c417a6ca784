/**
 * Small weighted linear least squares (≤ 10 parameters) by normal equations with Cholesky, giving
 * the parameter covariance (AᵀWA)⁻¹ scaled by the reduced χ² when σ are relative. Used for lattice
 * refinement, Caglioti and Williamson–Hall fits, whose design matrices are tiny and well scaled.
 */
export interface LinearFit {
  params: Float64Array;
  stderr: Float64Array;
  covariance: Float64Array;
  chiSquare: number;
  reducedChiSquare: number;
  dof: number;
}

/** Solves min Σ wᵢ (Σⱼ A[i,j] pⱼ − bᵢ)²; A row-major m×n; w = 1/σ² (default 1). */
export function weightedLeastSquares(A: Float64Array, m: number, n: number, b: ArrayLike<number>, w?: ArrayLike<number>, absoluteSigma = false): LinearFit {
  if (m < n) throw new RangeError(`${m} observations cannot determine ${n} parameters`);
  const N = new Float64Array(n * n);
  const r = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const wi = w ? (w[i] as number) : 1;
    for (let j = 0; j < n; j++) {
      const aij = A[i * n + j] as number;
      r[j] = (r[j] as number) + wi * aij * (b[i] as number);
      for (let k = 0; k <= j; k++) N[j * n + k] = (N[j * n + k] as number) + wi * aij * (A[i * n + k] as number);
    }
  }
  for (let j = 0; j < n; j++) for (let k = j + 1; k < n; k++) N[j * n + k] = N[k * n + j] as number;
  const inv = invertSpd(N, n);
  const params = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) params[j] = (params[j] as number) + (inv[j * n + k] as number) * (r[k] as number);
  let chi = 0;
  for (let i = 0; i < m; i++) {
    let pred = 0;
    for (let j = 0; j < n; j++) pred += (A[i * n + j] as number) * (params[j] as number);
    chi += (w ? (w[i] as number) : 1) * (pred - (b[i] as number)) ** 2;
  }
  const dof = m - n;
  const red = dof > 0 ? chi / dof : Number.NaN;
  const scale = absoluteSigma ? 1 : Number.isFinite(red) ? red : 1;
  const covariance = inv.map((v) => v * scale);
  const stderr = new Float64Array(n);
  for (let j = 0; j < n; j++) stderr[j] = Math.sqrt(Math.max(0, covariance[j * n + j] as number));
  return { params, stderr, covariance, chiSquare: chi, reducedChiSquare: red, dof };
}

/** Inverse of a symmetric positive-definite matrix by Gauss–Jordan with partial pivoting. */
function invertSpd(M: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(M);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c] as number) > Math.abs(a[piv * n + c] as number)) piv = r;
    const p = a[piv * n + c] as number;
    if (!(Math.abs(p) > 1e-300)) throw new RangeError('singular normal equations: the observations do not determine every parameter');
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        [a[c * n + k], a[piv * n + k]] = [a[piv * n + k] as number, a[c * n + k] as number];
        [inv[c * n + k], inv[piv * n + k]] = [inv[piv * n + k] as number, inv[c * n + k] as number];
      }
    }
    for (let k = 0; k < n; k++) {
      a[c * n + k] = (a[c * n + k] as number) / p;
      inv[c * n + k] = (inv[c * n + k] as number) / p;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c] as number;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] = (a[r * n + k] as number) - f * (a[c * n + k] as number);
        inv[r * n + k] = (inv[r * n + k] as number) - f * (inv[c * n + k] as number);
      }
    }
  }
  return inv;
}
