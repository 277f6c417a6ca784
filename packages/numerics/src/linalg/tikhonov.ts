/**
 * Tikhonov-regularised non-negative least squares
 *   min ‖A x − b‖² + λ²‖L x‖²  subject to x ≥ 0,
 * the usual formulation for distributions of relaxation times and other Fredholm inversions, solved
 * as NNLS on the cross-products AᵀA + λ²LᵀL and Aᵀb (see {@link nnlsGram}), warm-started along the
 * λ grid. λ is chosen by
 * - generalised cross-validation (G. H. Golub, M. Heath & G. Wahba, Technometrics 21, 215–223,
 *   1979): minimise GCV(λ) = m‖A x_λ − b‖² / (m − τ)², with τ = trace of the influence matrix of the
 *   unconstrained problem restricted to the non-zero (passive) variables, the standard
 *   approximation for constrained problems;
 * - the L-curve (P. C. Hansen, SIAM Review 34, 561–580, 1992; Hansen & O'Leary, SIAM J. Sci.
 *   Comput. 14, 1487–1503, 1993): the point of maximum curvature of (log‖A x − b‖, log‖L x‖)
 *   as a function of log λ.
 */
import { choleskyInPlace, choleskySolveInPlace } from './cholesky';
import { crossProducts, gradientTolerance, NnlsWorkspace, nnlsGram, residualNorm } from './nnls';

/** Options of {@link tikhonovNNLS}: a fixed λ, or a rule and grid to select it. */
export interface TikhonovOptions {
  /** fixed λ (no selection) */
  lambda?: number;
  /** selection rule when lambda is not given; default 'gcv' */
  select?: 'gcv' | 'lcurve';
  /** regularisation operator, row-major p×n (default identity) */
  L?: Float64Array;
  /** rows of L (required with L) */
  p?: number;
  /** λ grid for the selection; default 50 values log-spaced over 10⁻⁷…10¹ × ‖A‖_F/√n */
  lambdas?: Float64Array;
  /** refine the GCV minimum between grid points by golden-section search in log λ; default true */
  refine?: boolean;
}

/** One λ of the scanned grid: norms, GCV value and L-curve curvature. */
export interface TikhonovPoint {
  lambda: number;
  residualNorm: number;
  solutionNorm: number;
  gcv: number;
  /** L-curve curvature at this λ (NaN at the ends of the grid) */
  curvature: number;
}

/** Result of {@link tikhonovNNLS}. */
export interface TikhonovResult {
  /** solution at the chosen λ */
  x: Float64Array;
  lambda: number;
  /** ‖A x − b‖₂ */
  residualNorm: number;
  /** ‖L x‖₂ */
  solutionNorm: number;
  /** effective number of parameters τ at the chosen λ */
  effectiveParameters: number;
  /** the scanned grid (when λ was selected) */
  curve?: TikhonovPoint[];
}

/** Default operator L = identity (‖x‖). Use {@link differenceOperator} for smoothness priors. */
export function differenceOperator(n: number, order: 1 | 2): { L: Float64Array; p: number } {
  const p = n - order;
  if (p < 1) throw new RangeError(`differenceOperator: need n > order (n = ${n}, order = ${order})`);
  const L = new Float64Array(p * n);
  for (let i = 0; i < p; i++) {
    if (order === 1) {
      L[i * n + i] = -1;
      L[i * n + i + 1] = 1;
    } else {
      L[i * n + i] = 1;
      L[i * n + i + 1] = -2;
      L[i * n + i + 2] = 1;
    }
  }
  return { L, p };
}

class TikhonovSolver {
  readonly AtA: Float64Array;
  readonly Atb: Float64Array;
  readonly LtL: Float64Array;
  readonly G: Float64Array;
  readonly ws: NnlsWorkspace;
  readonly x: Float64Array;
  readonly tolerance: number;
  readonly sub: Float64Array;
  readonly rhs: Float64Array;

  constructor(
    readonly A: ArrayLike<number>,
    readonly m: number,
    readonly n: number,
    readonly b: ArrayLike<number>,
    readonly L: Float64Array | null,
    readonly p: number,
  ) {
    const cp = crossProducts(A, m, n, b);
    this.AtA = cp.AtA;
    this.Atb = cp.Atb;
    this.LtL = new Float64Array(n * n);
    if (L === null) {
      for (let j = 0; j < n; j++) this.LtL[j * n + j] = 1;
    } else {
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < n; j++) {
          const lij = L[i * n + j];
          if (lij === 0) continue;
          for (let k = 0; k < n; k++) this.LtL[j * n + k] += lij * L[i * n + k];
        }
      }
    }
    this.G = new Float64Array(n * n);
    this.ws = new NnlsWorkspace(n);
    this.x = new Float64Array(n);
    this.tolerance = gradientTolerance(A, m, n, b);
    this.sub = new Float64Array(n * n);
    this.rhs = new Float64Array(n);
  }

  /** Solve at λ (warm-started from the previous solution) and return its diagnostics. */
  solve(lambda: number): TikhonovPoint & { x: Float64Array; tau: number } {
    const { n, G, AtA, LtL } = this;
    const l2 = lambda * lambda;
    for (let k = 0; k < n * n; k++) G[k] = AtA[k] + l2 * LtL[k];
    nnlsGram(G, this.Atb, n, this.x, this.tolerance, 3 * n + 10, this.ws, { A: this.A, m: this.m, b: this.b, LtL: this.LtL, lambda2: l2 });
    const x = Float64Array.from(this.x);
    const residual = residualNorm(this.A, this.m, n, x, this.b);
    const solutionNorm = this.lNorm(x);
    const tau = this.influenceTrace(x);
    const denom = this.m - tau;
    const gcv = denom > 0 ? (this.m * residual * residual) / (denom * denom) : Number.POSITIVE_INFINITY;
    return { lambda, residualNorm: residual, solutionNorm, gcv, curvature: Number.NaN, x, tau };
  }

  private lNorm(x: Float64Array): number {
    const { n, L, p } = this;
    if (L === null) {
      let s = 0;
      for (let j = 0; j < n; j++) s += x[j] * x[j];
      return Math.sqrt(s);
    }
    let s = 0;
    for (let i = 0; i < p; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += L[i * n + j] * x[j];
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** τ = trace((G_PP)⁻¹ (AᵀA)_PP) over the passive (non-zero) variables. */
  private influenceTrace(x: Float64Array): number {
    const { n, G, AtA, sub, rhs } = this;
    const idx: number[] = [];
    for (let j = 0; j < n; j++) if (x[j] > 0) idx.push(j);
    const q = idx.length;
    if (q === 0) return 0;
    for (let b = 0; b < q; b++) for (let a = 0; a < q; a++) sub[a + b * q] = G[idx[a] * n + idx[b]];
    choleskyInPlace(sub, q);
    let trace = 0;
    for (let c = 0; c < q; c++) {
      for (let a = 0; a < q; a++) rhs[a] = AtA[idx[a] * n + idx[c]];
      choleskySolveInPlace(sub, q, rhs);
      trace += rhs[c];
    }
    return trace;
  }
}

/** L-curve curvature at interior grid points, from finite differences in t = log λ. */
function lcurveCurvature(curve: TikhonovPoint[]): void {
  const k = curve.length;
  for (let i = 1; i < k - 1; i++) {
    const t0 = Math.log(curve[i - 1].lambda);
    const t1 = Math.log(curve[i].lambda);
    const t2 = Math.log(curve[i + 1].lambda);
    const r = [curve[i - 1], curve[i], curve[i + 1]].map((c) => Math.log(c.residualNorm));
    const e = [curve[i - 1], curve[i], curve[i + 1]].map((c) => Math.log(c.solutionNorm));
    const h1 = t1 - t0;
    const h2 = t2 - t1;
    // non-uniform three-point first and second derivatives
    const d1 = (f: number[]) => (-h2 / (h1 * (h1 + h2))) * f[0] + ((h2 - h1) / (h1 * h2)) * f[1] + (h1 / (h2 * (h1 + h2))) * f[2];
    const d2 = (f: number[]) => (2 * (h2 * f[0] - (h1 + h2) * f[1] + h1 * f[2])) / (h1 * h2 * (h1 + h2));
    const rp = d1(r);
    const rpp = d2(r);
    const ep = d1(e);
    const epp = d2(e);
    const denom = (rp * rp + ep * ep) ** 1.5;
    curve[i].curvature = denom > 0 ? (rp * epp - rpp * ep) / denom : Number.NaN;
  }
}

/**
 * Solve min ‖A x − b‖² + λ²‖L x‖² with x ≥ 0, at a given λ or with λ selected by GCV or the L-curve.
 * @param A row-major m×n
 * @returns the solution, λ, norms, and the scanned curve when λ was selected
 */
export function tikhonovNNLS(A: ArrayLike<number>, m: number, n: number, b: ArrayLike<number>, options: TikhonovOptions = {}): TikhonovResult {
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) throw new RangeError(`tikhonovNNLS: m and n must be positive integers, got ${m}×${n}`);
  if (A.length !== m * n) throw new RangeError(`tikhonovNNLS: A has ${A.length} entries, expected m·n = ${m * n}`);
  if (b.length !== m) throw new RangeError(`tikhonovNNLS: b has ${b.length} entries, expected m = ${m}`);
  let L: Float64Array | null = null;
  let p = n;
  if (options.L !== undefined) {
    if (options.p === undefined || !Number.isInteger(options.p) || options.p < 1) throw new RangeError('tikhonovNNLS: p (rows of L) is required with L');
    p = options.p;
    if (options.L.length !== p * n) throw new RangeError(`tikhonovNNLS: L has ${options.L.length} entries, expected p·n = ${p * n}`);
    L = options.L;
  }
  const solver = new TikhonovSolver(A, m, n, b, L, p);
  const finish = (pt: TikhonovPoint & { x: Float64Array; tau: number }, curve?: TikhonovPoint[]): TikhonovResult => {
    const res: TikhonovResult = { x: pt.x, lambda: pt.lambda, residualNorm: pt.residualNorm, solutionNorm: pt.solutionNorm, effectiveParameters: pt.tau };
    if (curve) res.curve = curve;
    return res;
  };
  if (options.lambda !== undefined) {
    if (!(options.lambda >= 0) || !Number.isFinite(options.lambda)) throw new RangeError(`tikhonovNNLS: lambda must be finite and ≥ 0, got ${options.lambda}`);
    return finish(solver.solve(options.lambda));
  }
  let lambdas = options.lambdas;
  if (lambdas === undefined) {
    let fro = 0;
    for (let j = 0; j < n; j++) fro += solver.AtA[j * n + j];
    const scale = Math.sqrt(fro / n) || 1;
    lambdas = Float64Array.from({ length: 50 }, (_, i) => scale * 10 ** (-7 + (8 * i) / 49));
  }
  if (lambdas.length < 3) throw new RangeError('tikhonovNNLS: need at least 3 λ values to select one');
  const sorted = Float64Array.from(lambdas).sort();
  // scan from large λ (sparse, fast) to small, warm-starting each solve from the previous one
  const points: (TikhonovPoint & { x: Float64Array; tau: number })[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) points.unshift(solver.solve(sorted[i]));
  const curve: TikhonovPoint[] = points.map(({ lambda, residualNorm, solutionNorm, gcv }) => ({
    lambda,
    residualNorm,
    solutionNorm,
    gcv,
    curvature: Number.NaN,
  }));
  lcurveCurvature(curve);
  const select = options.select ?? 'gcv';
  if (select === 'lcurve') {
    let best = 1;
    for (let i = 1; i < curve.length - 1; i++) if (curve[i].curvature > curve[best].curvature) best = i;
    return finish(points[best], curve);
  }
  let best = 0;
  for (let i = 1; i < curve.length; i++) if (curve[i].gcv < curve[best].gcv) best = i;
  if ((options.refine ?? true) && best > 0 && best < curve.length - 1) {
    // golden-section search on log λ between the neighbours of the grid minimum
    let lo = Math.log(sorted[best - 1]);
    let hi = Math.log(sorted[best + 1]);
    const phi = (Math.sqrt(5) - 1) / 2;
    let c = hi - phi * (hi - lo);
    let d = lo + phi * (hi - lo);
    let fc = solver.solve(Math.exp(c));
    let fd = solver.solve(Math.exp(d));
    for (let it = 0; it < 20; it++) {
      if (fc.gcv < fd.gcv) {
        hi = d;
        d = c;
        fd = fc;
        c = hi - phi * (hi - lo);
        fc = solver.solve(Math.exp(c));
      } else {
        lo = c;
        c = d;
        fc = fd;
        d = lo + phi * (hi - lo);
        fd = solver.solve(Math.exp(d));
      }
    }
    const refined = fc.gcv < fd.gcv ? fc : fd;
    if (refined.gcv < points[best].gcv) return finish(refined, curve);
  }
  return finish(points[best], curve);
}
