/**
 * Dense Cholesky factorisation and solve for the small symmetric positive definite systems of the
 * Newton refinement (n ≤ ~20) and the Lin-KK normal equations (n ≤ ~100), allocation-free.
 */

/** In-place Cholesky factorisation H = LLᵀ (lower triangle of H, n×n row-major); false when H is not SPD. */
export function choleskyFactor(H: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = H[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (H[j * n + k] as number) ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    H[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = H[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (H[i * n + k] as number) * (H[j * n + k] as number);
      H[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves LLᵀx = b in place with the factor from {@link choleskyFactor}. */
export function choleskySolve(L: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (b[k] as number);
    b[i] = s / (L[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (b[k] as number);
    b[i] = s / (L[i * n + i] as number);
  }
}
