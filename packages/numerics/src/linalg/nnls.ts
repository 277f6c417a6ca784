/**
 * Non-negative least squares min ‖A x − b‖₂ subject to x ≥ 0: the active-set algorithm of
 * C. L. Lawson & R. J. Hanson, "Solving Least Squares Problems" (Prentice-Hall 1974), ch. 23, run on
 * the cross-products AᵀA and Aᵀb as proposed by R. Bro & S. De Jong, "A fast non-negativity-
 * constrained least squares algorithm", J. Chemometrics 11, 393–401 (1997). Working on the n×n Gram
 * matrix makes each subproblem O(p³) in the passive-set size p, independent of m, and lets
 * Tikhonov-regularised problems (AᵀA + λ²LᵀL) reuse the same products for every λ.
 */
import { choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { UpdatableCholesky } from './cholesky-update';

/** Result of {@link nnls}. */
export interface NnlsResult {
  /** solution, x ≥ 0 */
  x: Float64Array;
  /** ‖A x − b‖₂ */
  residualNorm: number;
  /** outer iterations (variables moved into the passive set) */
  iterations: number;
}

/** Options of {@link nnls}. */
export interface NnlsOptions {
  /** cap on outer iterations; default 3n */
  maxIterations?: number;
  /** stop when no gradient component Aᵀ(b − Ax) exceeds this; default {@link gradientTolerance} */
  tolerance?: number;
}

/**
 * The original least-squares data behind G and h. When given to {@link nnlsGram}, gradients are
 * computed from A itself, g = Aᵀ(b − A x) − λ²·LᵀL·x, and every passive-set solve gets one step of
 * the corrected semi-normal equations (Å. Björck, Linear Algebra Appl. 88/89, 31–48, 1987): forming
 * AᵀA squares the condition number, and this correction restores QR-level accuracy while κ²ε ≪ 1.
 */
export interface NnlsSource {
  /** row-major m×n */
  A: ArrayLike<number>;
  m: number;
  b: ArrayLike<number>;
  /** LᵀL (row-major n×n) for Tikhonov problems, else null */
  LtL: Float64Array | null;
  /** λ² multiplying LᵀL */
  lambda2: number;
}

/** Reusable work arrays for {@link nnlsGram}. */
export class NnlsWorkspace {
  readonly n: number;
  readonly passive: Uint8Array;
  readonly index: Int32Array;
  readonly w: Float64Array;
  readonly s: Float64Array;
  readonly sub: Float64Array;
  readonly rhs: Float64Array;
  readonly correction: Float64Array;
  /** Factor of G_PP updated as variables enter and leave the passive set. */
  readonly factor: UpdatableCholesky;
  private residual: Float64Array | null = null;
  constructor(n: number) {
    this.n = n;
    this.passive = new Uint8Array(n);
    this.index = new Int32Array(n);
    this.w = new Float64Array(n);
    this.s = new Float64Array(n);
    this.sub = new Float64Array(n * n);
    this.rhs = new Float64Array(n);
    this.correction = new Float64Array(n);
    this.factor = new UpdatableCholesky(n);
  }
  /** residual buffer of length m (allocated once) */
  residualBuffer(m: number): Float64Array {
    if (this.residual === null || this.residual.length < m) this.residual = new Float64Array(m);
    return this.residual;
  }
}

/**
 * Exact negative gradient w = Aᵀ(b − A x) − λ²LᵀL x from the source data (all n components).
 */
function exactGradient(src: NnlsSource, n: number, x: Float64Array, w: Float64Array, ws: NnlsWorkspace): void {
  const { A, m, b, LtL, lambda2 } = src;
  const r = ws.residualBuffer(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      if (xj !== 0) s -= A[row + j] * xj;
    }
    r[i] = s;
  }
  w.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const ri = r[i];
    const row = i * n;
    for (let j = 0; j < n; j++) w[j] += A[row + j] * ri;
  }
  if (LtL !== null && lambda2 !== 0) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      const row = j * n;
      for (let k = 0; k < n; k++) {
        const xk = x[k];
        if (xk !== 0) s += LtL[row + k] * xk;
      }
      w[j] -= lambda2 * s;
    }
  }
}

/** Relative floor on Cholesky pivots, as in {@link choleskyInPlace}. */
const PIVOT_FLOOR = 1e-14;

/**
 * Brings the updatable factor to the passive set: variables that left are removed, new ones
 * appended. Returns false when a new variable is numerically dependent on the others (its pivot
 * under the floor): the caller then factors G_PP afresh with the pivot raised.
 */
function updateFactor(G: Float64Array, n: number, ws: NnlsWorkspace): boolean {
  const { passive, factor } = ws;
  let maxDiag = 0;
  for (let j = 0; j < n; j++) if (passive[j] && G[j * n + j] > maxDiag) maxDiag = G[j * n + j];
  const floor = PIVOT_FLOOR * (maxDiag > 0 ? maxDiag : 1);
  for (let a = factor.size - 1; a >= 0; a--) {
    const j = factor.order[a];
    if (!passive[j]) factor.remove(j);
  }
  for (let j = 0; j < n; j++) {
    if (passive[j] && !factor.has(j) && !factor.add(j, floor)) return false;
  }
  return true;
}

/**
 * Least squares on the passive set: s_P = (G_PP)⁻¹ h_P, s_R = 0, on the updated factor (O(p²) per
 * change of the passive set); a fresh factorisation with raised pivots when P is rank-deficient.
 * Returns the passive count.
 */
function solvePassive(G: Float64Array, h: Float64Array, n: number, ws: NnlsWorkspace, src: NnlsSource | null): number {
  const { passive, index, s, sub, rhs, correction, factor } = ws;
  const updated = updateFactor(G, n, ws);
  let p = 0;
  if (updated) {
    p = factor.size;
    index.set(factor.order.subarray(0, p));
  } else {
    factor.reset(G); // rebuilt at the next solve
    for (let j = 0; j < n; j++) if (passive[j]) index[p++] = j;
    for (let b = 0; b < p; b++) {
      const jb = index[b];
      for (let a = 0; a < p; a++) sub[a + b * p] = G[index[a] * n + jb];
    }
    choleskyInPlace(sub, p, PIVOT_FLOOR);
  }
  const solve = (v: Float64Array) => (updated ? factor.solveInPlace(v) : choleskySolveInPlace(sub, p, v));
  for (let a = 0; a < p; a++) rhs[a] = h[index[a]];
  solve(rhs);
  s.fill(0);
  for (let a = 0; a < p; a++) s[index[a]] = rhs[a];
  if (src !== null && p > 0) {
    // one corrected semi-normal step: s_P += (G_PP)⁻¹ (exact gradient at s)_P
    exactGradient(src, n, s, correction, ws);
    for (let a = 0; a < p; a++) rhs[a] = correction[index[a]];
    solve(rhs);
    for (let a = 0; a < p; a++) s[index[a]] += rhs[a];
  }
  return p;
}

/**
 * NNLS on precomputed cross-products: minimise ½xᵀG x − hᵀx over x ≥ 0 with G = AᵀA (+ λ²LᵀL),
 * h = Aᵀb (row-major n×n G). `x` holds a feasible warm start on entry (zeros for a cold start) and
 * the solution on return. Allocation-free given a workspace.
 * @returns outer iterations
 */
export function nnlsGram(
  G: Float64Array,
  h: Float64Array,
  n: number,
  x: Float64Array,
  tolerance: number,
  maxIterations: number,
  ws: NnlsWorkspace = new NnlsWorkspace(n),
  source: NnlsSource | null = null,
): number {
  const { passive, w, s } = ws;
  ws.factor.reset(G); // G may hold other numbers than at the last call (a new λ)
  // warm start: passive = support of x; re-solve there and step back to feasibility if needed
  let anyPassive = false;
  for (let j = 0; j < n; j++) {
    passive[j] = x[j] > 0 ? 1 : 0;
    if (x[j] > 0) anyPassive = true;
    else x[j] = 0;
  }
  if (anyPassive) innerLoop(G, h, n, x, ws, false, source);
  let iterations = 0;
  for (;;) {
    // gradient of the negative objective: w = h − G x (or exactly from A)
    if (source !== null) exactGradient(source, n, x, w, ws);
    else {
      for (let j = 0; j < n; j++) {
        const row = j * n;
        let sum = h[j];
        for (let k = 0; k < n; k++) sum -= G[row + k] * x[k];
        w[j] = sum;
      }
    }
    let best = -1;
    let bestW = tolerance;
    for (let j = 0; j < n; j++) {
      if (!passive[j] && w[j] > bestW) {
        bestW = w[j];
        best = j;
      }
    }
    if (best < 0 || iterations >= maxIterations) break;
    iterations++;
    passive[best] = 1;
    // a candidate whose unconstrained value comes out ≤ 0 cannot enter (its gradient is rounding
    // noise): the current x is optimal to working precision; stopping avoids cycling on it
    solvePassive(G, h, n, ws, source);
    if (s[best] <= 0) {
      passive[best] = 0;
      break;
    }
    innerLoop(G, h, n, x, ws, true, source);
  }
  return iterations;
}

/** Lawson–Hanson inner loop: from feasible x, solve on the passive set, stepping back while infeasible. */
function innerLoop(G: Float64Array, h: Float64Array, n: number, x: Float64Array, ws: NnlsWorkspace, solved: boolean, src: NnlsSource | null): void {
  const { passive, s } = ws;
  for (let guard = 0; guard <= n; guard++) {
    if (guard > 0 || !solved) solvePassive(G, h, n, ws, src);
    let alpha = 1;
    let feasible = true;
    for (let j = 0; j < n; j++) {
      if (passive[j] && s[j] <= 0) {
        feasible = false;
        const a = x[j] / (x[j] - s[j]);
        if (a < alpha) alpha = a;
      }
    }
    if (feasible) {
      for (let j = 0; j < n; j++) x[j] = passive[j] ? s[j] : 0;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (!passive[j]) continue;
      x[j] += alpha * (s[j] - x[j]);
      // variables that reached zero leave the passive set
      if (x[j] <= 1e-300 || (s[j] <= 0 && Math.abs(x[j]) <= 1e-15 * Math.abs(s[j]))) {
        x[j] = 0;
        passive[j] = 0;
      }
    }
  }
}

/** AᵀA (row-major n×n) and Aᵀb of a row-major m×n matrix. */
export function crossProducts(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>): { AtA: Float64Array; Atb: Float64Array } {
  const AtA = new Float64Array(n * n);
  const Atb = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const bi = b[i];
    for (let j = 0; j < n; j++) {
      const aij = A[row + j];
      if (aij === 0) continue;
      Atb[j] += aij * bi;
      const out = j * n;
      for (let k = j; k < n; k++) AtA[out + k] += aij * A[row + k];
    }
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < j; k++) AtA[j * n + k] = AtA[k * n + j];
  return { AtA, Atb };
}

/**
 * Default stopping tolerance on the gradient when it is computed from A: a rounding bound for
 * Aᵀ(b − A x), 10·ε·max_j Σ_i |A_ij|·|b_i| (Matlab's lsqnonneg uses the looser 10·ε·‖A‖₁·n).
 */
export function gradientTolerance(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>): number {
  const colSum = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const bi = Math.abs(b[i]);
    const row = i * n;
    for (let j = 0; j < n; j++) colSum[j] += Math.abs(A[row + j]) * bi;
  }
  let max = 0;
  for (let j = 0; j < n; j++) max = Math.max(max, colSum[j]);
  return 10 * 2.220446049250313e-16 * max;
}

/** ‖A x − b‖₂ for row-major A. */
export function residualNorm(A: ArrayLike<number>, m: number, n: number, x: ArrayLike<number>, b: ArrayLike<number>): number {
  let ss = 0;
  for (let i = 0; i < m; i++) {
    let s = -b[i];
    const row = i * n;
    for (let j = 0; j < n; j++) s += A[row + j] * x[j];
    ss += s * s;
  }
  return Math.sqrt(ss);
}

/**
 * Solve min ‖A x − b‖₂ subject to x ≥ 0 (Lawson–Hanson via Bro–De Jong cross-products).
 * @param A row-major m×n
 */
export function nnls(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, options: NnlsOptions = {}): NnlsResult {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) throw new RangeError(`nnls: m and n must be positive integers, got ${m}×${n}`);
  if (A.length !== m * n) throw new RangeError(`nnls: A has ${A.length} entries, expected m·n = ${m * n}`);
  if (b.length !== m) throw new RangeError(`nnls: b has ${b.length} entries, expected m = ${m}`);
  const { AtA, Atb } = crossProducts(A, m, n, b);
  const tolerance = options.tolerance ?? gradientTolerance(A, m, n, b);
  const x = new Float64Array(n);
  const source: NnlsSource = { A, m, b, LtL: null, lambda2: 0 };
  const iterations = nnlsGram(AtA, Atb, n, x, tolerance, options.maxIterations ?? 3 * n, new NnlsWorkspace(n), source);
  return { x, residualNorm: residualNorm(A, m, n, x, b), iterations };
}
