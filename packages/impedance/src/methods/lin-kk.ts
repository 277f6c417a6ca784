/**
 * Lin-KK validation (M. Schönleber, D. Klotz, E. Ivers-Tiffée, "A Method for Improving the
 * Robustness of linear Kramers-Kronig Validity Tests", Electrochim. Acta 131, 20–27, 2014):
 * the spectrum is fitted by a Kramers–Kronig-compliant model, an ohmic resistance, M Voigt
 * elements R_k/(1 + jωτ_k) with fixed time constants log-spaced from 1/ω_max to 1/ω_min, a series
 * inductance and optionally a series capacitance. The model is linear in R_0, R_k, L and 1/C, so it
 * is solved by linear least squares with every point weighted by 1/|Z| (Eq. 14, complex fit).
 * M grows from 1 until the under/over-fitting measure μ = 1 − Σ|R_k<0| / Σ|R_k≥0| drops to the
 * cut-off c (Eq. 21); the relative residuals (Z − Ẑ)/|Z| then show whether the data are valid
 * (noise-like, within about ±1 %) or drift (non-stationary, non-linear, non-causal).
 * The time-constant grid and μ follow impedance.py's implementation, so M and μ agree with it.
 */
import { choleskyInPlace, choleskySolveInPlace } from '@ionscope/numerics';

export interface LinKKOptions {
  /** μ cut-off (Schönleber: 0.85; smaller values allow more elements). */
  c?: number;
  maxM?: number;
  /** Add a series capacitance (spectra without a low-frequency real-axis intercept). */
  addCapacitance?: boolean;
  /** Use this M instead of the μ criterion. */
  M?: number;
}

export interface LinKKResult {
  M: number;
  mu: number;
  tau: Float64Array;
  /** R_k of the Voigt elements (Ω). */
  resistances: Float64Array;
  R0: number;
  L: number;
  /** Series capacitance (F), when added. */
  C?: number;
  ZrealFit: Float64Array;
  ZimagFit: Float64Array;
  /** (Z − Ẑ)/|Z|, real and imaginary parts. */
  residualReal: Float64Array;
  residualImag: Float64Array;
  /** μ at every M tried (index M − 1). */
  muHistory: number[];
}

/** Time constants: τ_1 = 1/ω_max … τ_M = 1/ω_min, log-spaced (τ = 1/ω_min alone for M = 1, as impedance.py). */
export function linKKTimeConstants(fMin: number, fMax: number, M: number): Float64Array {
  const tMax = 1 / (2 * Math.PI * fMin);
  const tMin = 1 / (2 * Math.PI * fMax);
  const ts = new Float64Array(M);
  ts[0] = tMin;
  ts[M - 1] = tMax;
  for (let k = 2; k < M; k++) ts[k - 1] = 10 ** (Math.log10(tMin) + ((k - 1) / (M - 1)) * Math.log10(tMax / tMin));
  return ts;
}

interface Solved {
  x: Float64Array;
  mu: number;
  tau: Float64Array;
}

function solve(
  f: ArrayLike<number>,
  re: ArrayLike<number>,
  im: ArrayLike<number>,
  mod: Float64Array,
  M: number,
  addCap: boolean,
  fMin: number,
  fMax: number,
): Solved {
  const n = f.length;
  const tau = linKKTimeConstants(fMin, fMax, M);
  const cols = M + 2 + (addCap ? 1 : 0);
  // Column order: R0, R_1..R_M, [1/C], L. Rows: real parts then imaginary parts, all divided by |Z|.
  const A = new Float64Array(2 * n * cols);
  const b = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const w = 2 * Math.PI * (f[i] as number);
    const s = 1 / (mod[i] as number);
    const rowRe = i * cols;
    const rowIm = (n + i) * cols;
    A[rowRe] = s;
    for (let k = 0; k < M; k++) {
      const wt = w * (tau[k] as number);
      const d = 1 + wt * wt;
      A[rowRe + 1 + k] = s / d;
      A[rowIm + 1 + k] = (-s * wt) / d;
    }
    if (addCap) A[rowIm + M + 1] = -s / w;
    A[rowIm + cols - 1] = s * w;
    b[i] = (re[i] as number) * s;
    b[n + i] = (im[i] as number) * s;
  }
  const x = solveNormalEquations(A, 2 * n, cols, b);
  let neg = 0;
  let pos = 0;
  for (let k = 1; k <= M; k++) {
    const r = x[k] as number;
    if (r < 0) neg -= r;
    else pos += r;
  }
  return { x, mu: 1 - neg / pos, tau };
}

/**
 * Linear least squares by the normal equations AᵀA x = Aᵀb (Cholesky) with two steps of iterative
 * refinement on the true residual b − Ax (corrected semi-normal equations, Björck 1987), which
 * brings the accuracy back to that of QR while the system stays small: (M + 3)² instead of a QR and
 * SVD per M, as the μ loop solves up to a hundred of them.
 */
function solveNormalEquations(A: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const G = new Float64Array(n * n);
  const h = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const bi = b[i] as number;
    for (let j = 0; j < n; j++) {
      const aij = A[row + j] as number;
      if (aij === 0) continue;
      h[j] = (h[j] as number) + aij * bi;
      for (let k = j; k < n; k++) G[j * n + k] = (G[j * n + k] as number) + aij * (A[row + k] as number);
    }
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < j; k++) G[j * n + k] = G[k * n + j] as number;
  // Column scaling (Jacobi) keeps the factorisation well-conditioned when columns differ in size.
  const d = new Float64Array(n);
  for (let j = 0; j < n; j++) d[j] = 1 / Math.sqrt((G[j * n + j] as number) || 1);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) G[j * n + k] = (G[j * n + k] as number) * (d[j] as number) * (d[k] as number);
  if (choleskyInPlace(G, n) > 0) {
    throw new RangeError('Lin-KK normal equations are singular');
  }
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const rhs = new Float64Array(n);
  for (let pass = 0; pass < 3; pass++) {
    rhs.fill(0);
    for (let i = 0; i < m; i++) {
      const ri = r[i] as number;
      if (ri === 0) continue;
      for (let j = 0; j < n; j++) rhs[j] = (rhs[j] as number) + (A[i * n + j] as number) * ri;
    }
    for (let j = 0; j < n; j++) rhs[j] = (rhs[j] as number) * (d[j] as number);
    choleskySolveInPlace(G, n, rhs);
    for (let j = 0; j < n; j++) x[j] = (x[j] as number) + (rhs[j] as number) * (d[j] as number);
    for (let i = 0; i < m; i++) {
      let v = b[i] as number;
      for (let j = 0; j < n; j++) v -= (A[i * n + j] as number) * (x[j] as number);
      r[i] = v;
    }
  }
  return x;
}

export function linKK(f: ArrayLike<number>, re: ArrayLike<number>, im: ArrayLike<number>, options: LinKKOptions = {}): LinKKResult {
  const n = f.length;
  if (n < 3) throw new RangeError(`Lin-KK needs at least 3 points, got ${n}`);
  const addCap = options.addCapacitance ?? false;
  const c = options.c ?? 0.85;
  // More unknowns (M + 3) than the 2n real equations would make the fit exact and μ meaningless.
  const maxM = Math.max(1, Math.min(options.maxM ?? 100, 2 * n - 3));
  let fMin = Number.POSITIVE_INFINITY;
  let fMax = 0;
  const mod = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    fMin = Math.min(fMin, f[i] as number);
    fMax = Math.max(fMax, f[i] as number);
    mod[i] = Math.hypot(re[i] as number, im[i] as number);
  }
  const muHistory: number[] = [];
  let solved: Solved;
  let M: number;
  if (options.M !== undefined) {
    M = options.M;
    solved = solve(f, re, im, mod, M, addCap, fMin, fMax);
    muHistory.push(solved.mu);
  } else {
    M = 0;
    do {
      M++;
      solved = solve(f, re, im, mod, M, addCap, fMin, fMax);
      muHistory.push(solved.mu);
    } while (solved.mu > c && M < maxM);
  }
  const { x, tau, mu } = solved;
  const cols = x.length;
  const L = x[cols - 1] as number;
  const invC = addCap ? (x[M + 1] as number) : 0;
  const ZrealFit = new Float64Array(n);
  const ZimagFit = new Float64Array(n);
  const residualReal = new Float64Array(n);
  const residualImag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = 2 * Math.PI * (f[i] as number);
    let zr = x[0] as number;
    let zi = w * L - invC / w;
    for (let k = 0; k < M; k++) {
      const wt = w * (tau[k] as number);
      const d = 1 + wt * wt;
      zr += (x[k + 1] as number) / d;
      zi -= ((x[k + 1] as number) * wt) / d;
    }
    ZrealFit[i] = zr;
    ZimagFit[i] = zi;
    residualReal[i] = ((re[i] as number) - zr) / (mod[i] as number);
    residualImag[i] = ((im[i] as number) - zi) / (mod[i] as number);
  }
  return {
    M,
    mu,
    tau,
    resistances: x.slice(1, M + 1),
    R0: x[0] as number,
    L,
    ...(addCap ? { C: 1 / invC } : {}),
    ZrealFit,
    ZimagFit,
    residualReal,
    residualImag,
    muHistory,
  };
}
