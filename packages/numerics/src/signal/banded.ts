/**
 * Symmetric positive definite pentadiagonal solves (banded Cholesky, O(n)), the kernel of the
 * Whittaker-smoother baselines: (W + λ DᵀD) z = W y with D the second-difference operator.
 */

/** DᵀD for the second-difference operator D ((n−2)×n): main, first and second diagonals. */
export function secondDifferenceGram(n: number): { d0: Float64Array; d1: Float64Array; d2: Float64Array } {
  const d0 = new Float64Array(n);
  const d1 = new Float64Array(Math.max(n - 1, 0));
  const d2 = new Float64Array(Math.max(n - 2, 0));
  for (let r = 0; r + 2 < n; r++) {
    // row r of D is (1, −2, 1) at columns r, r+1, r+2
    d0[r] += 1;
    d0[r + 1] += 4;
    d0[r + 2] += 1;
    d1[r] += -2;
    d1[r + 1] += -2;
    d2[r] += 1;
  }
  return { d0, d1, d2 };
}

/**
 * Solve A z = b for the SPD pentadiagonal A with diagonals a0 (main), a1 (first off), a2 (second
 * off), by an LDLᵀ factorisation. Work arrays are overwritten; z may alias b.
 */
export function solvePentadiagonal(
  a0: Float64Array,
  a1: Float64Array,
  a2: Float64Array,
  b: Float64Array,
  z: Float64Array,
  work: { d: Float64Array; l1: Float64Array; l2: Float64Array },
): void {
  const n = a0.length;
  const { d, l1, l2 } = work;
  for (let i = 0; i < n; i++) {
    let di = a0[i];
    if (i >= 1) di -= l1[i - 1] * l1[i - 1] * d[i - 1];
    if (i >= 2) di -= l2[i - 2] * l2[i - 2] * d[i - 2];
    d[i] = di;
    if (i + 1 < n) {
      let e = a1[i];
      if (i >= 1) e -= l1[i - 1] * l2[i - 1] * d[i - 1];
      l1[i] = e / di;
    }
    if (i + 2 < n) l2[i] = a2[i] / di;
  }
  // forward (unit lower), diagonal, backward
  for (let i = 0; i < n; i++) {
    let s = b[i];
    if (i >= 1) s -= l1[i - 1] * z[i - 1];
    if (i >= 2) s -= l2[i - 2] * z[i - 2];
    z[i] = s;
  }
  for (let i = 0; i < n; i++) z[i] /= d[i];
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    if (i + 1 < n) s -= l1[i] * z[i + 1];
    if (i + 2 < n) s -= l2[i] * z[i + 2];
    z[i] = s;
  }
}
