/**
 * Distribution of relaxation times by Tikhonov-regularised non-negative least squares on Gaussian
 * radial basis functions (T. H. Wan, M. Saccoccio, C. Chen, F. Ciucci, "Influence of the
 * Discretization Methods on the Distribution of Relaxation Times Deconvolution: Implementing Radial
 * Basis Functions with DRTtools", Electrochim. Acta 184, 483–499, 2015):
 *
 *   Z(ω) = R∞ + jωL + ∫ γ(ln τ)/(1 + jωτ) d ln τ,   γ(y) = Σ_m x_m exp(−(ε(y − y_m))²),
 *
 * with centres y_m = ln τ_m log-spaced over τ = 1/f_max … 1/f_min (pyDRTtools' collocation,
 * τ = 1/f) and ε from the "FWHM coefficient" rule ε = c·2√(ln 2)/Δy. The real and imaginary parts
 * are fitted together, the penalty is the first derivative of γ (λ‖dγ/dy‖², sampled on a grid twice
 * as fine as the centres), and x ≥ 0. The impedance is divided by max|Z| before solving, so that
 * the λ scan and the solver tolerances see numbers of order one whatever the cell (mΩ batteries,
 * kΩ coatings) — the cause of pyDRTtools' λ selection failing on mΩ data. λ is chosen by
 * generalised cross-validation or the L-curve (`@ionscope/numerics` tikhonovNNLS).
 * Peaks: local maxima of γ with τ, f = 1/(2πτ) and the resistance ∫γ d ln τ between the minima on
 * either side.
 */
import { crossProducts, NnlsWorkspace, nnlsGram, tikhonovNNLS } from '@ionscope/numerics';

export interface DrtOptions {
  /** Regularisation weight λ on ‖dγ/d ln τ‖² (pyDRTtools' convention); selected when omitted. */
  lambda?: number;
  /** λ rule when λ is not given: 'lcurve' (default, triangle corner) or 'gcv'. */
  select?: 'gcv' | 'lcurve';
  /** Fit a series inductance (default: when any Z″ > 0). */
  inductance?: boolean;
  /** FWHM coefficient of the Gaussian basis (pyDRTtools default 0.5). */
  shapeFactor?: number;
  /** Decades by which the τ grid extends beyond 1/f_max … 1/f_min on each side (default 0). */
  extendDecades?: number;
  /** Minimum peak prominence as a fraction of max γ (default 0.02). */
  peakThreshold?: number;
}

export interface DrtPeak {
  tau: number;
  frequency: number;
  gamma: number;
  /** ∫ γ d ln τ over the peak (Ω). */
  resistance: number;
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
  Rinf: number;
  L: number;
  /** ∫ γ d ln τ over the whole grid (Ω). */
  Rpol: number;
  peaks: DrtPeak[];
  epsilon: number;
  ZrealFit: Float64Array;
  ZimagFit: Float64Array;
  /** Scanned λ curve (when λ was selected). */
  curve?: { lambda: number; residualNorm: number; solutionNorm: number; gcv: number; curvature: number }[];
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
  const du = QUAD_STEP / Math.abs(epsilon);
  const weights = new Float64Array(2 * QUAD_HALF + 1);
  for (let k = -QUAD_HALF; k <= QUAD_HALF; k++) weights[k + QUAD_HALF] = Math.exp(-((k * QUAD_STEP) ** 2)) * du;
  for (let i = 0; i < n; i++) {
    const lw = Math.log(omega[i] as number);
    for (let j = 0; j < m; j++) {
      const s = lw + (y[j] as number);
      let ar = 0;
      let ai = 0;
      for (let k = -QUAD_HALF; k <= QUAD_HALF; k++) {
        const x = Math.exp(s + k * du); // ωτ
        const d = 1 + x * x;
        const w = weights[k + QUAD_HALF] as number;
        ar += w / d;
        ai -= (w * x) / d;
      }
      re[i * m + j] = ar;
      im[i * m + j] = ai;
    }
  }
  return { re, im };
}

export function computeDrt(frequency: ArrayLike<number>, Zreal: ArrayLike<number>, Zimag: ArrayLike<number>, options: DrtOptions = {}): DrtResult {
  const n = frequency.length;
  if (n < 5) throw new RangeError(`the DRT needs at least 5 points, got ${n}`);
  let fMin = Number.POSITIVE_INFINITY;
  let fMax = 0;
  let scale = 0;
  let anyInductive = false;
  for (let i = 0; i < n; i++) {
    fMin = Math.min(fMin, frequency[i] as number);
    fMax = Math.max(fMax, frequency[i] as number);
    scale = Math.max(scale, Math.hypot(Zreal[i] as number, Zimag[i] as number));
    if ((Zimag[i] as number) > 0) anyInductive = true;
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
  const epsilon = ((options.shapeFactor ?? 0.5) * 2 * Math.sqrt(Math.LN2)) / dy;
  const omega = Float64Array.from(frequency, (f) => 2 * Math.PI * f);
  const K = basisIntegrals(omega, y, epsilon);
  // Unknowns: R∞, [L], x_1..x_M (all ≥ 0). Rows: real parts, then imaginary parts, of Z/scale.
  const off = inductance ? 2 : 1;
  const cols = M + off;
  const A = new Float64Array(2 * n * cols);
  const b = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    A[i * cols] = 1;
    if (inductance) A[(n + i) * cols + 1] = omega[i] as number;
    for (let j = 0; j < M; j++) {
      A[i * cols + off + j] = K.re[i * M + j] as number;
      A[(n + i) * cols + off + j] = K.im[i * M + j] as number;
    }
    b[i] = (Zreal[i] as number) / scale;
    b[n + i] = (Zimag[i] as number) / scale;
  }
  // The inductance column is in Ω/(rad/s): rescale it to order one for the solver.
  const lScale = inductance ? 1 / (omega.reduce((a, w) => Math.max(a, w), 0) || 1) : 1;
  if (inductance) for (let i = 0; i < n; i++) A[(n + i) * cols + 1] = (A[(n + i) * cols + 1] as number) * lScale;
  // First-derivative penalty λ·xᵀMx with M_ij = ∫ φ_i′ φ_j′ dy, exact for Gaussians (Wan et al. Eq. 38):
  // M_ij = ε√(π/2)(1 − a²)e^{−a²/2}, a = ε(y_i − y_j). Passed to the solver as L with LᵀL = M
  // (Cholesky, with a relative jitter of 1e-12 on the diagonal: M is only semi-definite in floating point).
  const Mg = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const a = epsilon * ((y[i] as number) - (y[j] as number));
      Mg[i * M + j] = Math.abs(epsilon) * Math.sqrt(Math.PI / 2) * (1 - a * a) * Math.exp(-0.5 * a * a);
    }
  }
  const P = M;
  const Lm = new Float64Array(P * cols);
  const Lc = choleskyUpper(Mg, M, 1e-12);
  for (let k = 0; k < M; k++) for (let j = k; j < M; j++) Lm[k * cols + off + j] = Lc[k * M + j] as number;
  const select = options.select ?? 'lcurve';
  let solved: { x: Float64Array; lambda: number; curve?: { lambda: number; residualNorm: number; solutionNorm: number; gcv: number; curvature: number }[] };
  const grid = Float64Array.from({ length: LAMBDA_POINTS }, (_, i) => 10 ** (LOG_LAMBDA_MIN + ((LOG_LAMBDA_MAX - LOG_LAMBDA_MIN) * i) / (LAMBDA_POINTS - 1)));
  if (options.lambda !== undefined) {
    solved = { x: new RegularisedNnls(A, 2 * n, cols, b, Mg, off).solve(options.lambda), lambda: options.lambda };
  } else if (select === 'gcv') {
    // GCV needs the influence-matrix trace at every λ: numerics' tikhonovNNLS computes it.
    const scan = tikhonovNNLS(A, 2 * n, cols, b, { L: Lm, p: P, lambdas: grid.map(Math.sqrt), select: 'gcv' });
    solved = { x: scan.x, lambda: scan.lambda * scan.lambda, ...(scan.curve ? { curve: scan.curve.map((c) => ({ ...c, lambda: c.lambda * c.lambda })) } : {}) };
  } else {
    // L-curve: scan λ from large to small with warm-started NNLS, take the triangle corner.
    const solver = new RegularisedNnls(A, 2 * n, cols, b, Mg, off);
    const curve: { lambda: number; residualNorm: number; solutionNorm: number; gcv: number; curvature: number }[] = [];
    const xs: Float64Array[] = [];
    for (let i = grid.length - 1; i >= 0; i--) {
      const lam = grid[i] as number;
      const x = solver.solve(lam, false);
      xs.unshift(x);
      curve.unshift({ lambda: lam, residualNorm: solver.residualNorm(x), solutionNorm: Math.sqrt(solver.penalty(x)), gcv: Number.NaN, curvature: Number.NaN });
    }
    const corner = lCurveCorner(curve);
    const k = curve.findIndex((c) => c.lambda === corner);
    solver.start(xs[k] as Float64Array);
    solved = { x: solver.solve(corner, true), lambda: corner, curve };
  }
  const x = solved.x;
  const Rinf = (x[0] as number) * scale;
  const L = inductance ? (x[1] as number) * scale * lScale : 0;
  const coefficients = Float64Array.from({ length: M }, (_, j) => (x[off + j] as number) * scale);
  // γ on a fine grid reaching half a decade beyond the centres (as pyDRTtools plots it), so a
  // peak whose maximum sits just outside the measured range is still seen as a peak.
  const e2 = epsilon * epsilon;
  const margin = 0.5 * Math.LN10;
  const nf = 10 * n + 1;
  const tau = new Float64Array(nf);
  const gamma = new Float64Array(nf);
  const hf = (yMax - yMin + 2 * margin) / (nf - 1);
  for (let k = 0; k < nf; k++) {
    const yk = yMin - margin + k * hf;
    tau[k] = Math.exp(yk);
    let g = 0;
    for (let j = 0; j < M; j++) {
      const d = yk - (y[j] as number);
      g += (coefficients[j] as number) * Math.exp(-e2 * d * d);
    }
    gamma[k] = g;
  }
  // Model impedance.
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
  for (let j = 0; j < M; j++) Rpol += ((coefficients[j] as number) * Math.sqrt(Math.PI)) / Math.abs(epsilon);
  const result: DrtResult = {
    tau,
    gamma,
    tauCenters: y.map(Math.exp),
    coefficients,
    lambda: solved.lambda,
    Rinf,
    L,
    Rpol,
    peaks: findDrtPeaks(tau, gamma, options.peakThreshold ?? 0.02),
    epsilon,
    ZrealFit,
    ZimagFit,
    scale,
  };
  if (solved.curve) result.curve = solved.curve;
  return result;
}

/**
 * min ‖Ax − b‖² + λ·xᵀMx over x ≥ 0 for a sequence of λ, reusing AᵀA, Aᵀb and the previous
 * solution (warm start) with numerics' Gram-matrix NNLS (Lawson–Hanson / Bro–De Jong).
 */
class RegularisedNnls {
  private readonly AtA: Float64Array;
  private readonly Atb: Float64Array;
  private readonly LtL: Float64Array;
  private readonly G: Float64Array;
  private readonly ws: NnlsWorkspace;
  private readonly x: Float64Array;
  private readonly tolerance: number;
  constructor(
    private readonly A: Float64Array,
    private readonly m: number,
    private readonly n: number,
    private readonly b: Float64Array,
    Mg: Float64Array,
    off: number,
  ) {
    const cp = crossProducts(A, m, n, b);
    this.AtA = cp.AtA;
    this.Atb = cp.Atb;
    const k = n - off;
    this.LtL = new Float64Array(n * n);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) this.LtL[(off + i) * n + off + j] = Mg[i * k + j] as number;
    this.G = new Float64Array(n * n);
    this.ws = new NnlsWorkspace(n);
    this.x = new Float64Array(n);
    // Rounding bound on the gradient Aᵀ(b − Ax): 10·ε·max_j Σ_i |A_ij||b_i|.
    let max = 0;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += Math.abs(A[i * n + j] as number) * Math.abs(b[i] as number);
      max = Math.max(max, s);
    }
    this.tolerance = 10 * 2.220446049250313e-16 * max;
  }
  /**
   * Solves at λ, warm-started from the previous solution. `exact` adds numerics' corrected
   * semi-normal-equation steps (gradients from A itself): needed for the answer, not for the
   * L-curve scan, where the regularised Gram matrix is well enough conditioned and speed matters.
   */
  solve(lambda: number, exact = true): Float64Array {
    const { n, G, AtA, LtL } = this;
    for (let k = 0; k < n * n; k++) G[k] = (AtA[k] as number) + lambda * (LtL[k] as number);
    nnlsGram(G, this.Atb, n, this.x, this.tolerance, 3 * n + 10, this.ws, exact ? { A: this.A, m: this.m, b: this.b, LtL: this.LtL, lambda2: lambda } : null);
    return Float64Array.from(this.x);
  }
  /** Sets the warm start. */
  start(x: Float64Array): void {
    this.x.set(x);
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

/** The λ scan (pyDRTtools convention, weight on ‖dγ/dy‖² of the normalised problem). */
const LOG_LAMBDA_MIN = -10;
const LOG_LAMBDA_MAX = 1;
const LAMBDA_POINTS = 45;

/**
 * Corner of the L-curve (log‖Ax − b‖, log‖Lx‖) by the triangle method (Castellanos, Gómez &
 * Guerra, Appl. Numer. Math. 43, 359, 2002): the point farthest below the chord joining the ends.
 * Robust where the curvature formula fails: NNLS solutions stop changing at small λ (the constraint
 * already regularises), which leaves a flat stretch whose numerical curvature is noise.
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

/** Upper Cholesky factor U (UᵀU = S + jitter·max(diag)·I) of a symmetric positive semi-definite n×n matrix. */
function choleskyUpper(S: Float64Array, n: number, jitter: number): Float64Array {
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, S[i * n + i] as number);
  const U = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = (S[j * n + j] as number) + jitter * dmax;
    for (let k = 0; k < j; k++) d -= (U[k * n + j] as number) ** 2;
    const ujj = Math.sqrt(Math.max(d, jitter * dmax));
    U[j * n + j] = ujj;
    for (let i = j + 1; i < n; i++) {
      let v = S[j * n + i] as number;
      for (let k = 0; k < j; k++) v -= (U[k * n + j] as number) * (U[k * n + i] as number);
      U[j * n + i] = v / ujj;
    }
  }
  return U;
}

/**
 * Local maxima of γ(ln τ) with prominence above `threshold`·max γ; each peak's resistance is the
 * trapezoid integral of γ d ln τ between the minima on either side.
 */
export function findDrtPeaks(tau: Float64Array, gamma: Float64Array, threshold: number): DrtPeak[] {
  const n = gamma.length;
  let gmax = 0;
  for (let i = 0; i < n; i++) gmax = Math.max(gmax, gamma[i] as number);
  if (!(gmax > 0)) return [];
  const peaks: DrtPeak[] = [];
  for (let i = 1; i < n - 1; i++) {
    const g = gamma[i] as number;
    if (!(g > (gamma[i - 1] as number) && g >= (gamma[i + 1] as number))) continue;
    let left = i;
    while (left > 0 && (gamma[left - 1] as number) <= (gamma[left] as number)) left--;
    let right = i;
    while (right < n - 1 && (gamma[right + 1] as number) <= (gamma[right] as number)) right++;
    const prominence = g - Math.max(gamma[left] as number, gamma[right] as number);
    if (prominence < threshold * gmax) continue;
    let area = 0;
    for (let k = left; k < right; k++) {
      const dl = Math.log((tau[k + 1] as number) / (tau[k] as number));
      area += 0.5 * ((gamma[k] as number) + (gamma[k + 1] as number)) * dl;
    }
    // Refine the position with a parabola through the three samples around the maximum (in ln τ).
    const ga = gamma[i - 1] as number;
    const gc = gamma[i + 1] as number;
    const denom = ga - 2 * g + gc;
    const shift = denom < 0 ? (0.5 * (ga - gc)) / denom : 0;
    const lt = Math.log(tau[i] as number) + shift * Math.log((tau[i + 1] as number) / (tau[i] as number));
    const t = Math.exp(lt);
    peaks.push({ tau: t, frequency: 1 / (2 * Math.PI * t), gamma: g, resistance: area });
  }
  return peaks;
}
