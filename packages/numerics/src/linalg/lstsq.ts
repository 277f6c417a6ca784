/**
 * Linear least squares min ‖A x − b‖₂ for dense A, by Householder QR with column pivoting followed
 * by a one-sided Jacobi SVD of the small triangular factor R (the "QR-preconditioned Jacobi SVD"
 * of Drmač & Veselić, SIAM J. Matrix Anal. Appl. 29, 1322–1362, 2008). Rank-deficient systems get
 * the minimum-norm solution: singular values ≤ rcond·σ_max are dropped (NumPy's `lstsq` rule with
 * rcond = ε·max(m, n) by default).
 */
import { applyQt, qrFactor } from '../optimize/qr';
import { svdJacobi } from './svd-jacobi';

/** Result of {@link lstsq}. */
export interface LstsqResult {
  /** solution (length n) */
  x: Float64Array;
  /** ‖A x − b‖₂ */
  residualNorm: number;
  /** numerical rank: singular values above rcond·σ_max */
  rank: number;
  /** singular values of A, descending (length min(m, n)) */
  singularValues: Float64Array;
}

/**
 * Solve min ‖A x − b‖₂.
 * @param A row-major m×n matrix (A[i*n + j])
 * @param b right-hand side (length m)
 * @param options.rcond relative cut-off for small singular values (default ε·max(m, n))
 */
export function lstsq(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, options: { rcond?: number } = {}): LstsqResult {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) throw new RangeError(`lstsq: m and n must be positive integers, got ${m}×${n}`);
  if (A.length !== m * n) throw new RangeError(`lstsq: A has ${A.length} entries, expected m·n = ${m * n}`);
  if (b.length !== m) throw new RangeError(`lstsq: b has ${b.length} entries, expected m = ${m}`);
  const rcond = options.rcond ?? 2.220446049250313e-16 * Math.max(m, n);
  const x = new Float64Array(n);
  let singularValues: Float64Array;
  let rank = 0;
  if (m >= n) {
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = A[i * n + j];
    const ipvt = new Int32Array(n);
    const rdiag = new Float64Array(n);
    qrFactor(m, n, a, m, ipvt, rdiag, new Float64Array(n), new Float64Array(n));
    const qtb = Float64Array.from(b);
    applyQt(m, n, a, m, qtb);
    // R (n×n, upper) column-major
    const r = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) r[i + j * n] = a[i + j * m];
      r[j + j * n] = rdiag[j];
    }
    const svd = svdJacobi(r, n, n);
    singularValues = svd.s;
    const cut = rcond * svd.s[0];
    const z = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      if (!(svd.s[k] > cut)) continue;
      rank++;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += svd.u[k * n + i] * qtb[i];
      const coef = dot / svd.s[k];
      for (let i = 0; i < n; i++) z[i] += coef * svd.v[k * n + i];
    }
    for (let j = 0; j < n; j++) x[ipvt[j]] = z[j];
  } else {
    // underdetermined: Jacobi SVD of A directly (n columns of length m)
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = A[i * n + j];
    const svd = svdJacobi(a, m, n);
    singularValues = svd.s.slice(0, m);
    const cut = rcond * svd.s[0];
    for (let k = 0; k < n; k++) {
      if (!(svd.s[k] > cut)) continue;
      rank++;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += svd.u[k * m + i] * b[i];
      const coef = dot / svd.s[k];
      for (let j = 0; j < n; j++) x[j] += coef * svd.v[k * n + j];
    }
  }
  let ss = 0;
  for (let i = 0; i < m; i++) {
    let s = -b[i];
    for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
    ss += s * s;
  }
  return { x, residualNorm: Math.sqrt(ss), rank, singularValues };
}
