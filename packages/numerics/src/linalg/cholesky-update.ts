/**
 * A Cholesky factor of a principal submatrix G_PP of a fixed symmetric positive (semi-)definite n×n
 * matrix G, kept up to date as indices enter and leave P: adding one is a forward substitution and
 * removing one a sweep of Givens rotations, O(p²) each instead of the O(p³) of a new factorisation
 * (G. H. Golub & C. F. Van Loan, Matrix Computations, 4th ed., §6.5.4 and §12.5; the same updates
 * make active-set NNLS fast in Lawson & Hanson ch. 24). Allocation-free after construction.
 */
export class UpdatableCholesky {
  readonly n: number;
  /** Variables in factor order (the first `size` entries). */
  readonly order: Int32Array;
  /** Position of each variable in `order`, −1 when not in P. */
  private readonly position: Int32Array;
  /** Lower factor, column-major with leading dimension n: L[i + k·n], i ≥ k. */
  private readonly L: Float64Array;
  private G: Float64Array = new Float64Array(0);
  size = 0;

  constructor(n: number) {
    this.n = n;
    this.order = new Int32Array(n);
    this.position = new Int32Array(n).fill(-1);
    this.L = new Float64Array(n * n);
  }

  /** Starts over (empty P) for the row-major symmetric matrix G. */
  reset(G: Float64Array): void {
    this.G = G;
    for (let a = 0; a < this.size; a++) this.position[this.order[a] as number] = -1;
    this.size = 0;
  }

  has(j: number): boolean {
    return (this.position[j] as number) >= 0;
  }

  /**
   * Appends variable j to P. Returns false, leaving the factor unchanged, when its pivot
   * G_jj − ‖l‖² is not above `floor` (j is numerically dependent on P): the caller decides.
   */
  add(j: number, floor: number): boolean {
    const { n, L, G, order } = this;
    const p = this.size;
    const row = j * n;
    // l = L⁻¹ G_Pj, written straight into row p of L
    let d = G[row + j] as number;
    for (let a = 0; a < p; a++) {
      let s = G[row + (order[a] as number)] as number;
      for (let k = 0; k < a; k++) s -= (L[a + k * n] as number) * (L[p + k * n] as number);
      const l = s / (L[a + a * n] as number);
      L[p + a * n] = l;
      d -= l * l;
    }
    if (!(d > floor)) return false;
    L[p + p * n] = Math.sqrt(d);
    order[p] = j;
    this.position[j] = p;
    this.size = p + 1;
    return true;
  }

  /** Removes variable j from P (a no-op when it is not there). */
  remove(j: number): void {
    const q = this.position[j] as number;
    if (q < 0) return;
    const { n, L, order, position } = this;
    const p = this.size;
    // Delete row q: rows below shift up, which leaves one entry above the diagonal in each of
    // columns q+1..p−1; a Givens rotation of columns (k, k+1) clears it, keeping L·Lᵀ.
    for (let i = q; i < p - 1; i++) {
      for (let k = 0; k <= i + 1; k++) L[i + k * n] = L[i + 1 + k * n] as number;
      const v = order[i + 1] as number;
      order[i] = v;
      position[v] = i;
    }
    for (let k = q; k < p - 1; k++) {
      const a = L[k + k * n] as number;
      const b = L[k + (k + 1) * n] as number;
      const r = Math.hypot(a, b);
      const c = a / r;
      const s = b / r;
      L[k + k * n] = r;
      L[k + (k + 1) * n] = 0;
      for (let i = k + 1; i < p - 1; i++) {
        const x = L[i + k * n] as number;
        const y = L[i + (k + 1) * n] as number;
        L[i + k * n] = c * x + s * y;
        L[i + (k + 1) * n] = c * y - s * x;
      }
    }
    position[j] = -1;
    this.size = p - 1;
  }

  /**
   * Solves G_PP·z = rhs in place: rhs[a] is the entry of variable order[a] (factor order).
   */
  solveInPlace(rhs: Float64Array): void {
    const { n, L } = this;
    const p = this.size;
    for (let i = 0; i < p; i++) {
      let s = rhs[i] as number;
      for (let k = 0; k < i; k++) s -= (L[i + k * n] as number) * (rhs[k] as number);
      rhs[i] = s / (L[i + i * n] as number);
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = rhs[i] as number;
      for (let k = i + 1; k < p; k++) s -= (L[k + i * n] as number) * (rhs[k] as number);
      rhs[i] = s / (L[i + i * n] as number);
    }
  }
}
