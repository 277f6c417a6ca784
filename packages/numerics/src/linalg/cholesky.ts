/**
 * Dense Cholesky factorisation and solves on column-major (or symmetric row-major) n×n arrays, for
 * the small symmetric positive definite systems of normal equations and Newton steps. A caller that
 * needs strict positive definiteness treats a non-zero return of {@link choleskyInPlace} (pivots
 * raised to the floor) as failure.
 */

/**
 * In-place Cholesky G = Lᵀ·L... stored as the lower factor: after the call g[i + j·n] (i ≥ j)
 * holds L with G = L·Lᵀ. Pivots below `floor` (relative to the largest diagonal) are raised to it,
 * which amounts to a tiny ridge on (near-)dependent columns instead of failing.
 * @returns number of pivots that had to be raised
 */
export function choleskyInPlace(g: Float64Array, n: number, relativeFloor = 1e-14): number {
  let maxDiag = 0;
  for (let j = 0; j < n; j++) maxDiag = Math.max(maxDiag, g[j + j * n]);
  const floor = relativeFloor * (maxDiag > 0 ? maxDiag : 1);
  let raised = 0;
  for (let j = 0; j < n; j++) {
    const cj = j * n;
    let d = g[j + cj];
    for (let k = 0; k < j; k++) {
      const l = g[j + k * n];
      d -= l * l;
    }
    if (!(d > floor)) {
      d = floor;
      raised++;
    }
    const ljj = Math.sqrt(d);
    g[j + cj] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = g[i + cj];
      for (let k = 0; k < j; k++) s -= g[i + k * n] * g[j + k * n];
      g[i + cj] = s / ljj;
    }
  }
  return raised;
}

/** Solve (L·Lᵀ) x = b in place in b, with L from {@link choleskyInPlace}. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i + k * n] * b[k];
    b[i] = s / l[i + i * n];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    const ci = i * n;
    for (let k = i + 1; k < n; k++) s -= l[k + ci] * b[k];
    b[i] = s / l[i + ci];
  }
}
