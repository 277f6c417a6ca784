/**
 * Singular value decomposition by one-sided Jacobi rotations (Hestenes 1958; accuracy analysis in
 * J. Demmel & K. Veselić, "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13,
 * 1204–1245, 1992). Suited to tall, narrow matrices (a few hundred columns at most), where it gives
 * small singular values to high relative accuracy: that is what covariance matrices and rank
 * decisions need.
 */

/** Thin SVD A = U·diag(s)·Vᵀ of an m×n matrix. */
export interface JacobiSvd {
  /** singular values, descending (length n) */
  s: Float64Array;
  /** left singular vectors, column-major m×n: U[i + j·m] (zero columns for zero singular values) */
  u: Float64Array;
  /** right singular vectors, column-major n×n: V[i + j·n] is component i of vector j */
  v: Float64Array;
  /** sweeps used */
  sweeps: number;
}

/**
 * SVD of a column-major m×n matrix (a[i + j·m]); a is not modified.
 * @param maxSweeps cap on Jacobi sweeps (default 60; convergence is quadratic, typically < 15)
 */
export function svdJacobi(a: Float64Array, m: number, n: number, maxSweeps = 60): JacobiSvd {
  const w = Float64Array.from(a.subarray(0, m * n));
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j + j * n] = 1;
  const eps = 2.220446049250313e-16;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const op = p * m;
      for (let q = p + 1; q < n; q++) {
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const ap = w[op + i];
          const aq = w[oq + i];
          alpha += ap * ap;
          beta += aq * aq;
          gamma += ap * aq;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const ap = w[op + i];
          const aq = w[oq + i];
          w[op + i] = c * ap - s * aq;
          w[oq + i] = s * ap + c * aq;
        }
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const xp = v[vp + i];
          const xq = v[vq + i];
          v[vp + i] = c * xp - s * xq;
          v[vq + i] = s * xp + c * xq;
        }
      }
    }
    if (!rotated) break;
  }
  // singular values are the column norms; sort descending
  const norms = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += w[j * m + i] * w[j * m + i];
    norms[j] = Math.sqrt(sum);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const s = new Float64Array(n);
  const u = new Float64Array(m * n);
  const vs = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const j = order[k];
    s[k] = norms[j];
    if (norms[j] > 0) for (let i = 0; i < m; i++) u[k * m + i] = w[j * m + i] / norms[j];
    for (let i = 0; i < n; i++) vs[k * n + i] = v[j * n + i];
  }
  return { s, u, v: vs, sweeps };
}
