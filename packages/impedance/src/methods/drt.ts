/**
 * Distribution of relaxation times by Tikhonov-regularised non-negative least squares on Gaussian
 * radial basis functions (T. H. Wan, M. Saccoccio, C. Chen, F. Ciucci, "Influence of the
 * Discretization Methods on the Distribution of Relaxation Times Deconvolution: Implementing Radial
 * Basis Functions with DRTtools", Electrochim. Acta 184, 483–499, 2015):
 *
 *   Z(ω) = R∞ + jωL + ∫ γ(ln τ)/(1 + jωτ) d ln τ,   γ(y) = Σ_m x_m exp(−(ε(y − y_m))²),
 *
 * with centres y_m = ln τ_m log-spaced over τ = 1/f_max … 1/f_min (pyDRTtools' collocation,
 * τ = 1/f) and ε = c·2√(ln 2)/|Δy| from the "FWHM coefficient" c (the FWHM of each Gaussian is
 * |Δy|/c). The real and imaginary parts are fitted together, the penalty is λ‖dγ/d ln τ‖² = λ·xᵀMx
 * with the exact Gram matrix of the RBF derivatives (Wan et al. Eq. 38), and x ≥ 0.
 *
 * Z is divided by max|Z| before solving. Tikhonov's λ is unchanged by that (both terms scale with
 * |Z|²); what changes is that the solver tolerances, the GCV/CV values and the λ grid see numbers of
 * order one for a 20 mΩ battery and a 20 kΩ coating alike. λ is chosen by 5-fold cross-validation
 * with the one-standard-error rule (default), GCV, or the L-curve corner; see `select` below.
 *
 * Peaks: local maxima of γ whose prominence exceeds a fraction of the largest γ inside the measured
 * band (so a diffusion tail rising beyond the lowest frequency does not hide the arcs), with τ,
 * f = 1/(2πτ) and the resistance ∫γ d ln τ between the minima on either side.
 */
import { choleskyInPlace, crossProducts, NnlsWorkspace, nnlsGram, tikhonovNNLS } from '@ionscope/numerics';

/** λ rules. */
export type DrtLambdaRule = 'kfold' | 'gcv' | 'lcurve';

export interface DrtOptions {
  /** Regularisation weight λ on ‖dγ/d ln τ‖² (pyDRTtools' convention); selected when omitted. */
  lambda?: number;
  /**
   * λ rule when λ is not given:
   * - 'kfold' (default): 5-fold cross-validation over interleaved frequencies, then the largest λ
   *   whose CV error is within one standard error of the minimum (the "one-standard-error rule",
   *   L. Breiman, J. Friedman, R. Olshen, C. Stone, Classification and Regression Trees, 1984, §3.4.3;
   *   T. Hastie, R. Tibshirani, J. Friedman, The Elements of Statistical Learning, 2nd ed., §7.10).
   *   k-fold CV for the DRT: A. Maradesa, B. Py, T. H. Wan, M. B. Effat, F. Ciucci, J. Electrochem.
   *   Soc. 170, 030502 (2023).
   * - 'gcv': generalised cross-validation (Golub, Heath & Wahba 1979) with the influence matrix
   *   restricted to the non-zero NNLS variables (numerics' tikhonovNNLS).
   * - 'lcurve': the corner of the L-curve by the triangle method (Castellanos et al. 2002).
   */
  select?: DrtLambdaRule;
  /** Fit a series inductance (default: when any Z″ > 0). */
  inductance?: boolean;
  /** FWHM coefficient c of the Gaussian basis, 0 < c ≤ 0.8 (pyDRTtools default 0.5); FWHM = |Δ ln τ|/c. */
  shapeFactor?: number;
  /** Decades by which the τ grid extends beyond 1/f_max … 1/f_min on each side (default 0). */
  extendDecades?: number;
  /** Minimum peak prominence as a fraction of the largest γ inside the measured band (default 0.02). */
  peakThreshold?: number;
}

export interface DrtPeak {
  tau: number;
  frequency: number;
  gamma: number;
  /** ∫ γ d ln τ over the peak (Ω). */
  resistance: number;
  /** Whether f = 1/(2πτ) lies inside the measured frequency band (else the peak is extrapolated). */
  withinData: boolean;
}

/** One λ of the selection scan. */
export interface DrtScanPoint {
  lambda: number;
  /** The rule's score: mean held-out squared error (kfold), GCV (gcv), or NaN (lcurve). */
  score: number;
  /** Standard error of the CV score over the folds (kfold only). */
  stderr?: number;
  /** ‖Ax − b‖ and √(xᵀMx) on the normalised problem (gcv, lcurve). */
  residualNorm?: number;
  solutionNorm?: number;
}

export interface DrtResult {
  /** Fine τ grid (s) and γ on it (Ω). */
  tau: Float64Array;
  gamma: Float64Array;
  /** Basis centres (s) and coefficients (Ω). */
  tauCenters: Float64Array;
  coefficients: Float64Array;
  /** λ in pyDRTtools' convention (weight on the squared derivative norm). */
  lambda: number;
  /** How λ was obtained. */
  lambdaRule: DrtLambdaRule | 'given';
  Rinf: number;
  L: number;
  /** ∫ γ d ln τ over the whole grid (Ω). */
  Rpol: number;
  peaks: DrtPeak[];
  epsilon: number;
  ZrealFit: Float64Array;
  ZimagFit: Float64Array;
  /** The scanned λ values with the rule's score (when λ was selected). */
  scan?: DrtScanPoint[];
  /** The factor Z was divided by before solving (Ω). */
  scale: number;
}

/**
 * Trapezoid nodes for the Gaussian-weighted integrals: ±5.5 widths in steps of 0.5. The integrand
 * (a Gaussian times a sigmoid that varies on a scale ε ≈ 3.6 times wider) is analytic, so the
 * trapezoid error is of order exp(−π²/h²) ≈ 1e-17: 23 nodes give the same matrix as 61.
 */
const QUAD_HALF = 11;
const QUAD_STEP = 0.5;

function basisIntegrals(omega: Float64Array, y: Float64Array, epsilon: number): { re: Float64Array; im: Float64Array } {
  const n = omega.length;
  const m = y.length;
  const re = new Float64Array(n * m);
  const im = new Float64Array(n * m);
  const du = QUAD_STEP / epsilon;
  const weights = new Float64Array(2 * QUAD_HALF + 1);
  for (let k = -QUAD_HALF; k <= QUAD_HALF; k++) weights[k + QUAD_HALF] = Math.exp(-((k * QUAD_STEP) ** 2)) * du;
  // ωτ at the nodes is exp(s)·exp(k·du): one exponential per entry, not one per node
  const steps = new Float64Array(2 * QUAD_HALF + 1);
  for (let k = -QUAD_HALF; k <= QUAD_HALF; k++) steps[k + QUAD_HALF] = Math.exp(k * du);
  for (let i = 0; i < n; i++) {
    const lw = Math.log(omega[i] as number);
    for (let j = 0; j < m; j++) {
      const es = Math.exp(lw + (y[j] as number));
      let ar = 0;
      let ai = 0;
      for (let k = 0; k <= 2 * QUAD_HALF; k++) {
        const x = es * (steps[k] as number); // ωτ
        const d = 1 + x * x;
        const w = weights[k] as number;
        ar += w / d;
        ai -= (w * x) / d;
      }
      re[i * m + j] = ar;
      im[i * m + j] = ai;
    }
  }
  return { re, im };
}

/**
 * Gram matrix of the first derivatives of the Gaussians, M_ij = ∫ φ_i′ φ_j′ dy =
 * ε√(π/2)(1 − a²)e^{−a²/2}, a = ε(y_i − y_j) (Wan et al. Eq. 38), with ε > 0. pyDRTtools computes ε
 * from the mean of diff(ln(1/f)), which is negative when the file lists frequencies in ascending
 * order; its M (linear in ε) then has a negative diagonal and its "λ" penalises smoothness instead of
 * roughness. Here ε is always |ε|, so M is positive semi-definite whatever the row order.
 */
export function derivativeGram(y: ArrayLike<number>, epsilon: number): Float64Array {
  const m = y.length;
  const e = Math.abs(epsilon);
  const M = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const a = e * ((y[i] as number) - (y[j] as number));
      M[i * m + j] = e * Math.sqrt(Math.PI / 2) * (1 - a * a) * Math.exp(-0.5 * a * a);
    }
  }
  return M;
}

export function computeDrt(frequency: ArrayLike<number>, Zreal: ArrayLike<number>, Zimag: ArrayLike<number>, options: DrtOptions = {}): DrtResult {
  const n = frequency.length;
  if (n < 5) throw new RangeError(`the DRT needs at least 5 points, got ${n}`);
  if (Zreal.length !== n || Zimag.length !== n) throw new RangeError(`frequency, Z′ and Z″ must have the same length (${n}, ${Zreal.length}, ${Zimag.length})`);
  const shapeFactor = options.shapeFactor ?? 0.5;
  // Narrow Gaussians leave γ rippling between the centres (basisRipple: 0.8 % at c = 0.8, 5.7 % at
  // c = 1): above c = 0.8 the ripple can exceed the default 2 % peak threshold and one arc splits
  // into several "peaks" (exampleData at λ = 3.16e-4, c = 1: 788 and 638 Hz, 126 and 101 Hz).
  if (!(shapeFactor > 0 && shapeFactor <= MAX_SHAPE_FACTOR)) {
    const why = shapeFactor > MAX_SHAPE_FACTOR ? ` (γ would ripple by ${(100 * basisRipple(shapeFactor)).toFixed(1)} % between the Gaussians)` : '';
    throw new RangeError(`shapeFactor (FWHM coefficient) must be in (0, ${MAX_SHAPE_FACTOR}], got ${shapeFactor}${why}`);
  }
  let fMin = Number.POSITIVE_INFINITY;
  let fMax = 0;
  let scale = 0;
  let anyInductive = false;
  for (let i = 0; i < n; i++) {
    const f = frequency[i] as number;
    const zr = Zreal[i] as number;
    const zi = Zimag[i] as number;
    if (!(f > 0) || !Number.isFinite(f)) throw new RangeError(`frequency[${i}] must be a positive finite number, got ${f}`);
    if (!Number.isFinite(zr) || !Number.isFinite(zi)) throw new RangeError(`Z[${i}] must be finite, got ${zr} + ${zi}i`);
    fMin = Math.min(fMin, f);
    fMax = Math.max(fMax, f);
    scale = Math.max(scale, Math.hypot(zr, zi));
    if (zi > 0) anyInductive = true;
  }
  if (!(scale > 0) || !(fMax > fMin)) throw new RangeError('the DRT needs a spectrum over more than one frequency with non-zero impedance');
  const inductance = options.inductance ?? anyInductive;
  const ext = (options.extendDecades ?? 0) * Math.LN10;
  const dy0 = Math.log(fMax / fMin) / (n - 1);
  const extra = Math.round(ext / dy0);
  const M = n + 2 * extra;
  const yMin = Math.log(1 / fMax) - extra * dy0;
  const yMax = Math.log(1 / fMin) + extra * dy0;
  const dy = (yMax - yMin) / (M - 1);
  const y = Float64Array.from({ length: M }, (_, j) => yMin + j * dy);
  const epsilon = (shapeFactor * 2 * Math.sqrt(Math.LN2)) / dy;
  const omega = Float64Array.from(frequency, (f) => 2 * Math.PI * f);
  const K = basisIntegrals(omega, y, epsilon);
  // Unknowns: R∞, [L], x_1..x_M (all ≥ 0). Rows: real parts, then imaginary parts, of Z/scale.
  const off = inductance ? 2 : 1;
  const cols = M + off;
  const A = new Float64Array(2 * n * cols);
  const b = new Float64Array(2 * n);
  // The inductance column ωL is in Ω/(rad/s): scale it to order one (ω/ω_max) for the solver; it is
  // not penalised, so this changes the conditioning only.
  const lScale = 1 / (2 * Math.PI * fMax);
  for (let i = 0; i < n; i++) {
    A[i * cols] = 1;
    if (inductance) A[(n + i) * cols + 1] = (omega[i] as number) * lScale;
    for (let j = 0; j < M; j++) {
      A[i * cols + off + j] = K.re[i * M + j] as number;
      A[(n + i) * cols + off + j] = K.im[i * M + j] as number;
    }
    b[i] = (Zreal[i] as number) / scale;
    b[n + i] = (Zimag[i] as number) / scale;
  }
  const Mg = derivativeGram(y, epsilon);
  const select: DrtLambdaRule = options.select ?? 'kfold';
  const problem: Problem = { A, b, m: 2 * n, cols, off, Mg, nFreq: n, frequency };
  let lambda: number;
  let x: Float64Array;
  let scan: DrtScanPoint[] | undefined;
  if (options.lambda !== undefined) {
    if (!(options.lambda >= 0) || !Number.isFinite(options.lambda)) throw new RangeError(`lambda must be finite and ≥ 0, got ${options.lambda}`);
    lambda = options.lambda;
    x = new RegularisedNnls(problem, null).solve(lambda, true);
  } else {
    const chosen = select === 'kfold' ? selectByKFold(problem) : select === 'gcv' ? selectByGcv(problem) : selectByLCurve(problem);
    lambda = chosen.lambda;
    scan = chosen.scan;
    x = chosen.x;
  }
  const Rinf = (x[0] as number) * scale;
  const L = inductance ? (x[1] as number) * scale * lScale : 0;
  const coefficients = Float64Array.from({ length: M }, (_, j) => (x[off + j] as number) * scale);
  // γ on a grid ten times finer than the centres, reaching half a decade beyond them (as pyDRTtools
  // plots it) so that a peak whose maximum sits just outside the measured range is still seen. On
  // this grid the Gaussians take only the values exp(−(ε·t·Δy/10)²) for integer t: tabulate them.
  const FINE = 10;
  const hf = dy / FINE;
  const pad = Math.ceil((0.5 * Math.LN10) / hf);
  const nf = FINE * (M - 1) + 1 + 2 * pad;
  const reach = Math.min(nf, Math.ceil(6 / (epsilon * hf))); // exp(−36): beyond it a Gaussian is 0
  const kernel = Float64Array.from({ length: reach + 1 }, (_, t) => Math.exp(-((epsilon * t * hf) ** 2)));
  const tau = new Float64Array(nf);
  const gamma = new Float64Array(nf);
  for (let k = 0; k < nf; k++) tau[k] = Math.exp(yMin + (k - pad) * hf);
  for (let j = 0; j < M; j++) {
    const c = coefficients[j] as number;
    if (c === 0) continue;
    const centre = pad + FINE * j;
    for (let k = Math.max(0, centre - reach); k <= Math.min(nf - 1, centre + reach); k++)
      gamma[k] = (gamma[k] as number) + c * (kernel[Math.abs(k - centre)] as number);
  }
  const ZrealFit = new Float64Array(n);
  const ZimagFit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let zr = Rinf;
    let zi = L * (omega[i] as number);
    for (let j = 0; j < M; j++) {
      zr += (K.re[i * M + j] as number) * (coefficients[j] as number);
      zi += (K.im[i * M + j] as number) * (coefficients[j] as number);
    }
    ZrealFit[i] = zr;
    ZimagFit[i] = zi;
  }
  // Polarisation resistance: the Gaussians integrate to √π/ε each.
  let Rpol = 0;
  for (let j = 0; j < M; j++) Rpol += ((coefficients[j] as number) * Math.sqrt(Math.PI)) / epsilon;
  const result: DrtResult = {
    tau,
    gamma,
    tauCenters: y.map(Math.exp),
    coefficients,
    lambda,
    lambdaRule: options.lambda !== undefined ? 'given' : select,
    Rinf,
    L,
    Rpol,
    peaks: findDrtPeaks(tau, gamma, options.peakThreshold ?? 0.02, [1 / (2 * Math.PI * fMax), 1 / (2 * Math.PI * fMin)]),
    epsilon,
    ZrealFit,
    ZimagFit,
    scale,
  };
  if (scan) result.scan = scan;
  return result;
}

/** Largest FWHM coefficient: the basis ripple stays below 1 %, half the default peak threshold. */
export const MAX_SHAPE_FACTOR = 0.8;

/**
 * Relative ripple of a comb of equal Gaussians exp(−(ε(y − kΔy))²): by Poisson summation the sum is
 * flat to within 2·exp(−π²/(εΔy)²), with εΔy = c·2√(ln 2). 1e-6 at c = 0.5, 0.4 % at c = 0.75,
 * 0.8 % at c = 0.8, 5.7 % at c = 1: deep enough a dip for the peak finder to split one arc in two.
 */
export function basisRipple(shapeFactor: number): number {
  const eh = shapeFactor * 2 * Math.sqrt(Math.LN2);
  return 2 * Math.exp(-(Math.PI * Math.PI) / (eh * eh));
}

/** The normalised least-squares problem: rows 0..n−1 real parts, n..2n−1 imaginary parts. */
interface Problem {
  A: Float64Array;
  b: Float64Array;
  m: number;
  cols: number;
  /** number of unpenalised leading columns (R∞ and, when fitted, L) */
  off: number;
  /** derivative Gram matrix of the RBF block */
  Mg: Float64Array;
  nFreq: number;
  frequency: ArrayLike<number>;
}

/** λ grid of the selection scans: 10⁻⁹…10 in steps of a third of a decade (31 values). */
const LOG_LAMBDA_MIN = -9;
const LOG_LAMBDA_MAX = 1;
const LAMBDA_PER_DECADE = 3;
function lambdaGrid(): Float64Array {
  const count = (LOG_LAMBDA_MAX - LOG_LAMBDA_MIN) * LAMBDA_PER_DECADE + 1;
  return Float64Array.from({ length: count }, (_, i) => 10 ** (LOG_LAMBDA_MIN + i / LAMBDA_PER_DECADE));
}

/**
 * min ‖Ax − b‖² + λ·xᵀMx over x ≥ 0 for a sequence of λ, reusing AᵀA, Aᵀb and the previous
 * solution (warm start) with numerics' Gram-matrix NNLS (Lawson–Hanson / Bro–De Jong). `rows`
 * restricts the data to a subset of the rows (a cross-validation training set).
 */
class RegularisedNnls {
  readonly A: Float64Array;
  readonly b: Float64Array;
  readonly m: number;
  readonly n: number;
  readonly AtA: Float64Array;
  private readonly Atb: Float64Array;
  private readonly LtL: Float64Array;
  readonly G: Float64Array;
  private readonly ws: NnlsWorkspace;
  private readonly x: Float64Array;
  private readonly tolerance: number;
  constructor(p: Problem, rows: Int32Array | null) {
    const n = p.cols;
    this.n = n;
    if (rows === null) {
      this.A = p.A;
      this.b = p.b;
      this.m = p.m;
    } else {
      this.m = rows.length;
      this.A = new Float64Array(this.m * n);
      this.b = new Float64Array(this.m);
      for (let r = 0; r < this.m; r++) {
        const i = rows[r] as number;
        this.A.set(p.A.subarray(i * n, (i + 1) * n), r * n);
        this.b[r] = p.b[i] as number;
      }
    }
    const cp = crossProducts(this.A, this.m, n, this.b);
    this.AtA = cp.AtA;
    this.Atb = cp.Atb;
    const k = n - p.off;
    this.LtL = new Float64Array(n * n);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) this.LtL[(p.off + i) * n + p.off + j] = p.Mg[i * k + j] as number;
    this.G = new Float64Array(n * n);
    this.ws = new NnlsWorkspace(n);
    this.x = new Float64Array(n);
    // Rounding bound on the gradient Aᵀ(b − Ax): 10·ε·max_j Σ_i |A_ij||b_i|.
    let max = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < this.m; i++) s += Math.abs(this.A[i * n + j] as number) * Math.abs(this.b[i] as number);
      max = Math.max(max, s);
    }
    this.tolerance = 10 * 2.220446049250313e-16 * max;
  }
  /**
   * Solves at λ, warm-started from the previous solution. `exact` adds numerics' corrected
   * semi-normal-equation steps (gradients from A itself): needed for the answer, not for the
   * selection scans, where the regularised Gram matrix is well enough conditioned and speed matters.
   */
  solve(lambda: number, exact: boolean): Float64Array {
    const { n, G, AtA, LtL } = this;
    for (let k = 0; k < n * n; k++) G[k] = (AtA[k] as number) + lambda * (LtL[k] as number);
    nnlsGram(G, this.Atb, n, this.x, this.tolerance, 3 * n + 10, this.ws, exact ? { A: this.A, m: this.m, b: this.b, LtL: this.LtL, lambda2: lambda } : null);
    return Float64Array.from(this.x);
  }
  /** Sets the warm start (a feasible point, x ≥ 0). */
  start(x: ArrayLike<number>): void {
    for (let j = 0; j < this.n; j++) this.x[j] = Math.max(0, x[j] as number);
  }
  residualNorm(x: Float64Array): number {
    let ss = 0;
    for (let i = 0; i < this.m; i++) {
      let v = -(this.b[i] as number);
      for (let j = 0; j < this.n; j++) v += (this.A[i * this.n + j] as number) * (x[j] as number);
      ss += v * v;
    }
    return Math.sqrt(ss);
  }
  penalty(x: Float64Array): number {
    let s = 0;
    for (let i = 0; i < this.n; i++) {
      const xi = x[i] as number;
      if (xi === 0) continue;
      for (let j = 0; j < this.n; j++) s += xi * (this.LtL[i * this.n + j] as number) * (x[j] as number);
    }
    return Math.max(s, 0);
  }
}

/** Same support and every entry equal to 1e-6 of the largest: the NNLS solution has stopped moving with λ. */
function sameSolution(a: Float64Array, c: Float64Array): boolean {
  let max = 0;
  for (let j = 0; j < a.length; j++) max = Math.max(max, Math.abs(a[j] as number));
  for (let j = 0; j < a.length; j++) {
    const u = a[j] as number;
    const v = c[j] as number;
    if (u > 0 !== v > 0 || Math.abs(u - v) > 1e-6 * max) return false;
  }
  return true;
}

/** Number of cross-validation folds. */
const FOLDS = 5;

/**
 * k-fold cross-validation with the one-standard-error rule. Folds take every FOLDS-th frequency
 * (in frequency order, Re and Im of a frequency together), so each training set still spans the
 * whole band and the held-out points test interpolation of the DRT, not extrapolation. For each
 * fold the λ grid is scanned from large to small with warm starts. CV(λ) is the mean held-out
 * squared error over the folds and SE(λ) its standard error; the answer is the largest λ, going up
 * from the minimiser λ₀, with CV(λ) ≤ CV(λ₀) + SE(λ₀): the smoothest DRT statistically
 * indistinguishable from the best predictor. On battery spectra the misfit at small λ is systematic
 * (model error, not white noise), CV and GCV curves are flat there, and their minimum alone falls
 * wherever the non-negativity constraint takes over from λ; the rule moves off that flat floor.
 */
function selectByKFold(p: Problem): { lambda: number; scan: DrtScanPoint[]; x: Float64Array } {
  const n = p.nFreq;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, c) => (p.frequency[a] as number) - (p.frequency[c] as number));
  const grid = lambdaGrid();
  const errors = Array.from(grid, () => new Float64Array(FOLDS));
  const ones = new Float64Array(p.cols).fill(1);
  // the first fold's solutions, to warm-start the final solve on all the data
  const firstFold: Float64Array[] = new Array(grid.length);
  for (let k = 0; k < FOLDS; k++) {
    const test: number[] = [];
    const train: number[] = [];
    order.forEach((i, rank) => (rank % FOLDS === k ? test : train).push(i));
    const trainRows = Int32Array.from([...train, ...train.map((i) => i + n)]);
    const testRows = Int32Array.from([...test, ...test.map((i) => i + n)]);
    const solver = new RegularisedNnls(p, trainRows);
    // At the largest λ the solution is smooth and strictly positive: starting with every variable
    // free, the active-set method needs one factorisation instead of one per variable.
    solver.start(ones);
    let saturated = false;
    let previous: Float64Array | null = null;
    for (let g = grid.length - 1; g >= 0; g--) {
      // Below some λ the non-negativity constraint alone fixes the solution (it stops changing):
      // the held-out error is then the same for every smaller λ.
      if (previous !== null && g + 1 < grid.length && saturated) {
        (errors[g] as Float64Array)[k] = (errors[g + 1] as Float64Array)[k] as number;
        if (k === 0) firstFold[g] = firstFold[g + 1] as Float64Array;
        continue;
      }
      const x = solver.solve(grid[g] as number, false);
      let ss = 0;
      for (const i of testRows) {
        let v = -(p.b[i] as number);
        for (let j = 0; j < p.cols; j++) v += (p.A[i * p.cols + j] as number) * (x[j] as number);
        ss += v * v;
      }
      (errors[g] as Float64Array)[k] = ss / testRows.length;
      if (k === 0) firstFold[g] = x;
      if (previous !== null) saturated = sameSolution(previous, x);
      previous = x;
    }
  }
  const scan: DrtScanPoint[] = Array.from(grid, (lambda, g) => {
    const e = errors[g] as Float64Array;
    let mean = 0;
    for (const v of e) mean += v / FOLDS;
    let v2 = 0;
    for (const v of e) v2 += (v - mean) ** 2;
    return { lambda, score: mean, stderr: Math.sqrt(v2 / (FOLDS - 1) / FOLDS) };
  });
  let best = 0;
  for (let g = 1; g < scan.length; g++) if ((scan[g] as DrtScanPoint).score < (scan[best] as DrtScanPoint).score) best = g;
  const limit = (scan[best] as DrtScanPoint).score + ((scan[best] as DrtScanPoint).stderr ?? 0);
  let chosen = best;
  while (chosen + 1 < scan.length && (scan[chosen + 1] as DrtScanPoint).score <= limit) chosen++;
  const lambda = (scan[chosen] as DrtScanPoint).lambda;
  const final = new RegularisedNnls(p, null);
  final.start(firstFold[chosen] as Float64Array);
  return { lambda, scan, x: final.solve(lambda, true) };
}

/**
 * Generalised cross-validation, GCV(λ) = m‖Ax_λ − b‖²/(m − τ)², τ the trace of the influence
 * matrix over the non-zero NNLS variables (G. H. Golub, M. Heath, G. Wahba, Technometrics 21, 215,
 * 1979), by numerics' tikhonovNNLS (its λ is the square root of ours; its operator L is a Cholesky
 * factor of the derivative Gram matrix, LᵀL = M), refined between grid points by golden section.
 */
function selectByGcv(p: Problem): { lambda: number; scan: DrtScanPoint[]; x: Float64Array } {
  const k = p.cols - p.off;
  // M is only semi-definite in floating point: factor it with a relative floor on the pivots.
  const lower = Float64Array.from(p.Mg);
  choleskyInPlace(lower, k, 1e-12);
  const L = new Float64Array(k * p.cols);
  for (let r = 0; r < k; r++) for (let j = r; j < k; j++) L[r * p.cols + p.off + j] = lower[j + r * k] as number;
  const grid = lambdaGrid();
  const scan = tikhonovNNLS(p.A, p.m, p.cols, p.b, { L, p: k, lambdas: grid.map(Math.sqrt), select: 'gcv' });
  return {
    lambda: scan.lambda * scan.lambda,
    scan: (scan.curve ?? []).map((c) => ({ lambda: c.lambda * c.lambda, score: c.gcv, residualNorm: c.residualNorm, solutionNorm: c.solutionNorm })),
    x: scan.x,
  };
}

/** L-curve corner by the triangle method over the same grid (see {@link lCurveCorner}). */
function selectByLCurve(p: Problem): { lambda: number; scan: DrtScanPoint[]; x: Float64Array } {
  const solver = new RegularisedNnls(p, null);
  const grid = lambdaGrid();
  const scan: DrtScanPoint[] = new Array(grid.length);
  for (let g = grid.length - 1; g >= 0; g--) {
    const lambda = grid[g] as number;
    const x = solver.solve(lambda, false);
    scan[g] = { lambda, score: Number.NaN, residualNorm: solver.residualNorm(x), solutionNorm: Math.sqrt(solver.penalty(x)) };
  }
  const corner = lCurveCorner(scan.map((s) => ({ lambda: s.lambda, residualNorm: s.residualNorm as number, solutionNorm: s.solutionNorm as number })));
  return { lambda: corner, scan, x: new RegularisedNnls(p, null).solve(corner, true) };
}

/**
 * Corner of the L-curve (log‖Ax − b‖, log‖Lx‖) by the triangle method (Castellanos, Gómez &
 * Guerra, Appl. Numer. Math. 43, 359, 2002): the point farthest below the chord joining the ends.
 * Robust where the curvature formula fails (NNLS solutions stop changing at small λ, which leaves a
 * flat stretch whose numerical curvature is noise), but the answer moves with the ends of the grid.
 */
export function lCurveCorner(curve: { lambda: number; residualNorm: number; solutionNorm: number }[]): number {
  const chord = lCurveChord(curve);
  let best = curve[Math.floor(curve.length / 2)]?.lambda ?? 1;
  let bestD = Number.NEGATIVE_INFINITY;
  for (const c of curve.slice(1, -1)) {
    if (!(c.residualNorm > 0 && c.solutionNorm > 0)) continue;
    const d = chord(Math.log(c.residualNorm), Math.log(c.solutionNorm));
    if (d > bestD) {
      bestD = d;
      best = c.lambda;
    }
  }
  return best;
}

/** Distance below the chord joining the ends of the L-curve (positive towards the corner). */
export function lCurveChord(curve: { residualNorm: number; solutionNorm: number }[]): (logR: number, logS: number) => number {
  const ok = curve.filter((c) => c.residualNorm > 0 && c.solutionNorm > 0);
  const a = ok[0];
  const z = ok[ok.length - 1];
  if (!a || !z) return () => 0;
  const ax = Math.log(a.residualNorm);
  const ay = Math.log(a.solutionNorm);
  const dx = Math.log(z.residualNorm) - ax;
  const dy = Math.log(z.solutionNorm) - ay;
  const norm = Math.hypot(dx, dy) || 1;
  return (x, y) => -(dx * (y - ay) - dy * (x - ax)) / norm;
}

/**
 * Peaks of γ(ln τ): local maxima whose topographic prominence (height above the higher of the two
 * lowest points met before reaching higher ground on either side, as scipy.signal.peak_prominences
 * defines it) exceeds `threshold` times the largest γ inside `band` (τ range of the measured
 * frequencies; the whole grid when omitted). Measuring against the in-band maximum keeps a diffusion
 * tail that keeps rising below the lowest frequency (γ ten times the arcs' on battery spectra) from
 * hiding the arcs; topographic prominence keeps a shallow ripple on one arc from splitting it.
 * The accepted peaks partition the grid at the lowest γ between neighbours; each peak's resistance
 * is ∫γ d ln τ over its part (trapezoid), so the resistances add up to R_pol.
 */
export function findDrtPeaks(tau: Float64Array, gamma: Float64Array, threshold: number, band?: [number, number]): DrtPeak[] {
  const n = gamma.length;
  const g = (i: number) => gamma[i] as number;
  let gmax = 0;
  for (let i = 0; i < n; i++) {
    const t = tau[i] as number;
    if (band && (t < band[0] || t > band[1])) continue;
    gmax = Math.max(gmax, g(i));
  }
  if (!(gmax > 0)) for (let i = 0; i < n; i++) gmax = Math.max(gmax, g(i));
  if (!(gmax > 0)) return [];
  const accepted: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    const h = g(i);
    if (!(h > g(i - 1) && h >= g(i + 1))) continue;
    let leftMin = h;
    for (let j = i - 1; j >= 0 && g(j) <= h; j--) leftMin = Math.min(leftMin, g(j));
    let rightMin = h;
    for (let j = i + 1; j < n && g(j) <= h; j++) rightMin = Math.min(rightMin, g(j));
    if (h - Math.max(leftMin, rightMin) >= threshold * gmax) accepted.push(i);
  }
  // boundaries: the grid ends and the lowest point between consecutive accepted peaks
  const bounds = [0];
  for (let k = 0; k + 1 < accepted.length; k++) {
    let low = accepted[k] as number;
    for (let j = low; j <= (accepted[k + 1] as number); j++) if (g(j) < g(low)) low = j;
    bounds.push(low);
  }
  bounds.push(n - 1);
  return accepted.map((i, k) => {
    let area = 0;
    for (let j = bounds[k] as number; j < (bounds[k + 1] as number); j++)
      area += 0.5 * (g(j) + g(j + 1)) * Math.log((tau[j + 1] as number) / (tau[j] as number));
    // Refine the position with a parabola through the three samples around the maximum (in ln τ).
    const ga = g(i - 1);
    const gc = g(i + 1);
    const denom = ga - 2 * g(i) + gc;
    const shift = denom < 0 ? (0.5 * (ga - gc)) / denom : 0;
    const t = Math.exp(Math.log(tau[i] as number) + shift * Math.log((tau[i + 1] as number) / (tau[i] as number)));
    return { tau: t, frequency: 1 / (2 * Math.PI * t), gamma: g(i), resistance: area, withinData: band ? t >= band[0] && t <= band[1] : true };
  });
}
