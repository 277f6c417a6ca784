/**
 * Householder QR with column pivoting and the damped least-squares solve used by the
 * Levenberg–Marquardt step, after J. J. Moré, "The Levenberg–Marquardt algorithm: implementation
 * and theory", Numerical Analysis, Lecture Notes in Mathematics 630, 105–116 (Springer, 1978) and
 * the MINPACK design (Moré, Garbow & Hillstrom, ANL-80-74, 1980). Matrices are column-major with
 * leading dimension lda: element (i, j) is a[i + j·lda].
 */

const EPS = 2.220446049250313e-16;

function columnNorm(a: Float64Array, lda: number, col: number, from: number, to: number): number {
  // scaled 2-norm to avoid overflow/underflow (like LAPACK dnrm2)
  let scale = 0;
  let ssq = 1;
  const off = col * lda;
  for (let i = from; i < to; i++) {
    const v = a[off + i];
    if (v !== 0) {
      const absv = Math.abs(v);
      if (scale < absv) {
        ssq = 1 + ssq * (scale / absv) * (scale / absv);
        scale = absv;
      } else {
        ssq += (absv / scale) * (absv / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** Euclidean norm of x[0..n) with overflow-safe scaling. */
export function enorm(x: Float64Array, n: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== 0) {
      const absv = Math.abs(v);
      if (scale < absv) {
        ssq = 1 + ssq * (scale / absv) * (scale / absv);
        scale = absv;
      } else {
        ssq += (absv / scale) * (absv / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * In-place Householder QR with column pivoting of the m×n matrix a (m ≥ n).
 * On return the strict upper triangle of a holds R (the diagonal is in rdiag), the lower part holds
 * the Householder vectors, ipvt the pivot order (column j of A·P is column ipvt[j] of A) and acnorm
 * the norms of the original columns. wa is scratch of length n.
 */
export function qrFactor(
  m: number,
  n: number,
  a: Float64Array,
  lda: number,
  ipvt: Int32Array,
  rdiag: Float64Array,
  acnorm: Float64Array,
  wa: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    acnorm[j] = columnNorm(a, lda, j, 0, m);
    rdiag[j] = acnorm[j];
    wa[j] = rdiag[j];
    ipvt[j] = j;
  }
  const steps = Math.min(m, n);
  for (let j = 0; j < steps; j++) {
    // bring the column of largest remaining norm into the pivot position
    let kmax = j;
    for (let k = j + 1; k < n; k++) if (rdiag[k] > rdiag[kmax]) kmax = k;
    if (kmax !== j) {
      const oj = j * lda;
      const ok = kmax * lda;
      for (let i = 0; i < m; i++) {
        const t = a[oj + i];
        a[oj + i] = a[ok + i];
        a[ok + i] = t;
      }
      rdiag[kmax] = rdiag[j];
      wa[kmax] = wa[j];
      const t = ipvt[j];
      ipvt[j] = ipvt[kmax];
      ipvt[kmax] = t;
    }
    const oj = j * lda;
    let ajnorm = columnNorm(a, lda, j, j, m);
    if (ajnorm !== 0) {
      if (a[oj + j] < 0) ajnorm = -ajnorm;
      for (let i = j; i < m; i++) a[oj + i] /= ajnorm;
      a[oj + j] += 1;
      // apply the reflection to the remaining columns and downdate their norms
      for (let k = j + 1; k < n; k++) {
        const ok = k * lda;
        let sum = 0;
        for (let i = j; i < m; i++) sum += a[oj + i] * a[ok + i];
        const temp = sum / a[oj + j];
        for (let i = j; i < m; i++) a[ok + i] -= temp * a[oj + i];
        if (rdiag[k] !== 0) {
          const t = a[ok + j] / rdiag[k];
          rdiag[k] *= Math.sqrt(Math.max(0, 1 - t * t));
          const ratio = rdiag[k] / wa[k];
          if (0.05 * ratio * ratio <= EPS) {
            rdiag[k] = columnNorm(a, lda, k, j + 1, m);
            wa[k] = rdiag[k];
          }
        }
      }
    }
    rdiag[j] = -ajnorm;
  }
}

/** Overwrite b[0..m) with Qᵀb using the Householder vectors left in a by {@link qrFactor}. */
export function applyQt(m: number, n: number, a: Float64Array, lda: number, b: Float64Array): void {
  const steps = Math.min(m, n);
  for (let j = 0; j < steps; j++) {
    const oj = j * lda;
    const ajj = a[oj + j];
    if (ajj !== 0) {
      let sum = 0;
      for (let i = j; i < m; i++) sum += a[oj + i] * b[i];
      const temp = -sum / ajj;
      for (let i = j; i < m; i++) b[i] += temp * a[oj + i];
    }
  }
}

/**
 * Solve min ‖A x − b‖² + ‖D x‖² given the pivoted QR of A (R in the upper triangle of r, diagonal
 * included), diag D (in original column order), qtb = (Qᵀb)[0..n). Givens rotations eliminate D
 * (Moré 1978, §3). The lower triangle of r receives the factor S, sdiag its diagonal; the upper
 * triangle of r is preserved. A singular S gives the minimum-norm-in-the-range solution with the
 * trailing components set to zero.
 */
export function qrSolve(
  n: number,
  r: Float64Array,
  ldr: number,
  ipvt: Int32Array,
  diag: Float64Array,
  qtb: Float64Array,
  x: Float64Array,
  sdiag: Float64Array,
  wa: Float64Array,
): void {
  // copy R to the lower triangle (as Rᵀ), save R's diagonal in x
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) r[i + j * ldr] = r[j + i * ldr];
    x[j] = r[j + j * ldr];
    wa[j] = qtb[j];
  }
  for (let j = 0; j < n; j++) {
    const l = ipvt[j];
    if (diag[l] !== 0) {
      for (let k = j; k < n; k++) sdiag[k] = 0;
      sdiag[j] = diag[l];
      let qtbpj = 0;
      for (let k = j; k < n; k++) {
        if (sdiag[k] === 0) continue;
        const rkk = r[k + k * ldr];
        let cos: number;
        let sin: number;
        if (Math.abs(rkk) < Math.abs(sdiag[k])) {
          const cotan = rkk / sdiag[k];
          sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
          cos = sin * cotan;
        } else {
          const tan = sdiag[k] / rkk;
          cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
          sin = cos * tan;
        }
        r[k + k * ldr] = cos * rkk + sin * sdiag[k];
        const temp = cos * wa[k] + sin * qtbpj;
        qtbpj = -sin * wa[k] + cos * qtbpj;
        wa[k] = temp;
        for (let i = k + 1; i < n; i++) {
          const rik = r[i + k * ldr];
          const t = cos * rik + sin * sdiag[i];
          sdiag[i] = -sin * rik + cos * sdiag[i];
          r[i + k * ldr] = t;
        }
      }
    }
    sdiag[j] = r[j + j * ldr];
    r[j + j * ldr] = x[j];
  }
  let nsing = n;
  for (let j = 0; j < n; j++) {
    if (sdiag[j] === 0 && nsing === n) nsing = j;
    if (nsing < n) wa[j] = 0;
  }
  for (let j = nsing - 1; j >= 0; j--) {
    let sum = 0;
    for (let i = j + 1; i < nsing; i++) sum += r[i + j * ldr] * wa[i];
    wa[j] = (wa[j] - sum) / sdiag[j];
  }
  for (let j = 0; j < n; j++) x[ipvt[j]] = wa[j];
}
