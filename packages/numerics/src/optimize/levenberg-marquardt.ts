/**
 * Levenberg–Marquardt nonlinear least squares with a trust region, scaling and box bounds.
 *
 * The step follows J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory",
 * Numerical Analysis (Dundee 1977), Lecture Notes in Mathematics 630, 105–116, Springer 1978:
 * pivoted QR of J, the λ that puts the scaled step ‖D p‖ on the trust radius Δ ({@link lmParameter}),
 * the diagonal scaling D_j = max over iterations of ‖J_j‖, and Δ updated from the ratio of actual to
 * predicted reduction. Bounds use an active set with projection (in the spirit of C. Kanzow,
 * N. Yamashita & M. Fukushima, J. Comput. Appl. Math. 172, 375–397, 2004): parameters sitting on a
 * bound whose gradient pushes outwards are frozen for the step, the others step and are clamped;
 * the predicted reduction is computed for the clamped step.
 */
import { seededUniform } from '../random';
import { applyQt, enorm, qrFactor } from './qr';
import { CENTRAL_STEP, FORWARD_STEP, finiteDifferenceJacobian } from './jacobian';
import { lmParameter } from './lm-parameter';
import { fitStatistics } from './covariance';
import type { FitResult, LeastSquaresProblem, LMOptions } from './types';

const EPS = 2.220446049250313e-16;

/** Validated problem data shared by the runs of a (multi-start) fit. */
interface Setup {
  problem: LeastSquaresProblem;
  m: number;
  n: number;
  free: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  weights: Float64Array | null;
  maxIterations: number;
  maxEvaluations: number;
  ftol: number;
  xtol: number;
  gtol: number;
  central: boolean;
  fdStep: number;
  typical: Float64Array;
  factor: number;
  signal: AbortSignal | undefined;
}

/** The state at the end of one run. */
interface RunResult {
  x: Float64Array;
  residuals: Float64Array;
  chiSquare: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: string;
}

function toArray(name: string, values: ArrayLike<number> | undefined, n: number, fill: number): Float64Array {
  const out = new Float64Array(n).fill(fill);
  if (values === undefined) return out;
  if (values.length !== n) throw new RangeError(`levenbergMarquardt: ${name} has ${values.length} entries, expected ${n}`);
  for (let i = 0; i < n; i++) out[i] = values[i];
  return out;
}

function makeSetup(problem: LeastSquaresProblem, options: LMOptions): Setup {
  const n = options.initial.length;
  const m = problem.m;
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`levenbergMarquardt: problem.m must be a positive integer, got ${m}`);
  if (n < 1) throw new RangeError('levenbergMarquardt: initial must hold at least one parameter');
  const lower = toArray('lower', options.lower, n, Number.NEGATIVE_INFINITY);
  const upper = toArray('upper', options.upper, n, Number.POSITIVE_INFINITY);
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(options.initial[j])) throw new RangeError(`levenbergMarquardt: initial[${j}] is not finite (${options.initial[j]})`);
    if (Number.isNaN(lower[j]) || Number.isNaN(upper[j]) || lower[j] > upper[j]) {
      throw new RangeError(`levenbergMarquardt: bounds of parameter ${j} are invalid ([${lower[j]}, ${upper[j]}])`);
    }
  }
  if (options.fixed !== undefined && options.fixed.length !== n) {
    throw new RangeError(`levenbergMarquardt: fixed has ${options.fixed.length} entries, expected ${n}`);
  }
  const freeList: number[] = [];
  for (let j = 0; j < n; j++) if (!(options.fixed?.[j] ?? false) && lower[j] < upper[j]) freeList.push(j);
  if (freeList.length > m) {
    throw new RangeError(`levenbergMarquardt: ${freeList.length} free parameters but only ${m} residuals (need m ≥ free parameters)`);
  }
  let weights: Float64Array | null = null;
  if (options.weights !== undefined) {
    weights = toArray('weights', options.weights, m, 1);
    for (let i = 0; i < m; i++) {
      if (!Number.isFinite(weights[i]) || weights[i] < 0) throw new RangeError(`levenbergMarquardt: weights[${i}] must be finite and ≥ 0, got ${weights[i]}`);
    }
  }
  const central = (options.finiteDifference ?? 'central') === 'central';
  const maxIterations = options.maxIterations ?? 1000;
  return {
    problem,
    m,
    n,
    free: Int32Array.from(freeList),
    lower,
    upper,
    weights,
    maxIterations,
    maxEvaluations: options.maxEvaluations ?? 100 * maxIterations,
    ftol: options.ftol ?? 1e-15,
    xtol: options.xtol ?? 1e-13,
    gtol: options.gtol ?? 1e-15,
    central,
    fdStep: options.finiteDifferenceStep ?? (central ? CENTRAL_STEP : FORWARD_STEP),
    typical: typicalScales(options, n),
    factor: options.initialStepBound ?? 1,
    signal: options.signal,
  };
}

/** Magnitudes below which finite-difference steps stop shrinking: options.typicalScale, else 1e-3·|p₀| (1 when p₀ = 0). */
function typicalScales(options: LMOptions, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const given = options.typicalScale?.[j];
    if (given !== undefined) {
      if (!(given > 0) || !Number.isFinite(given)) throw new RangeError(`levenbergMarquardt: typicalScale[${j}] must be finite and > 0, got ${given}`);
      out[j] = given;
    } else {
      const x0 = Math.abs(options.initial[j]);
      out[j] = x0 > 0 ? 1e-3 * x0 : 1;
    }
  }
  return out;
}

function allFinite(r: Float64Array, m: number): boolean {
  for (let i = 0; i < m; i++) if (!Number.isFinite(r[i])) return false;
  return true;
}

/** Workspace sized once per fit. */
class Workspace {
  readonly rowJ: Float64Array | null;
  /** Jacobian of all free parameters, column-major m × nf */
  readonly jac: Float64Array;
  /** reduced (inactive) Jacobian, then its QR */
  readonly a: Float64Array;
  readonly colNorm: Float64Array;
  readonly ipvt: Int32Array;
  readonly rdiag: Float64Array;
  readonly acnorm: Float64Array;
  readonly qrWa: Float64Array;
  readonly qtf: Float64Array;
  readonly rWork: Float64Array;
  readonly step: Float64Array;
  readonly projected: Float64Array;
  readonly diagR: Float64Array;
  readonly wa3: Float64Array;
  readonly cols: Int32Array;
  readonly lmWork: { wa1: Float64Array; wa2: Float64Array; sdiag: Float64Array; qrWork: Float64Array };
  readonly fPlus: Float64Array;
  readonly fMinus: Float64Array;
  readonly trialX: Float64Array;
  readonly trialR: Float64Array;

  constructor(m: number, n: number, nf: number, analytic: boolean) {
    this.rowJ = analytic ? new Float64Array(m * n) : null;
    this.jac = new Float64Array(m * nf);
    this.a = new Float64Array(m * nf);
    this.colNorm = new Float64Array(nf);
    this.ipvt = new Int32Array(nf);
    this.rdiag = new Float64Array(nf);
    this.acnorm = new Float64Array(nf);
    this.qrWa = new Float64Array(nf);
    this.qtf = new Float64Array(nf);
    this.rWork = new Float64Array(m);
    this.step = new Float64Array(nf);
    this.projected = new Float64Array(nf);
    this.diagR = new Float64Array(nf);
    this.wa3 = new Float64Array(nf);
    this.cols = new Int32Array(nf);
    this.lmWork = { wa1: new Float64Array(nf), wa2: new Float64Array(nf), sdiag: new Float64Array(nf), qrWork: new Float64Array(nf) };
    this.fPlus = new Float64Array(m);
    this.fMinus = new Float64Array(m);
    this.trialX = new Float64Array(n);
    this.trialR = new Float64Array(m);
  }
}

/** Fit state and evaluation helpers. */
class Evaluator {
  evaluations = 0;
  constructor(
    private readonly s: Setup,
    readonly ws: Workspace,
  ) {}

  residuals = (x: Float64Array, out: Float64Array): void => {
    this.s.problem.residuals(x, out);
    const w = this.s.weights;
    if (w !== null) for (let i = 0; i < this.s.m; i++) out[i] *= w[i];
    this.evaluations++;
  };

  /** Jacobian of the weighted residuals w.r.t. the free parameters into ws.jac (column-major). */
  jacobian(x: Float64Array, r: Float64Array): void {
    const { m, n, free, weights, problem } = this.s;
    const jac = this.ws.jac;
    if (problem.jacobian !== undefined) {
      const rowJ = this.ws.rowJ!;
      problem.jacobian(x, rowJ);
      for (let k = 0; k < free.length; k++) {
        const j = free[k];
        const off = k * m;
        if (weights === null) for (let i = 0; i < m; i++) jac[off + i] = rowJ[i * n + j];
        else for (let i = 0; i < m; i++) jac[off + i] = rowJ[i * n + j] * weights[i];
      }
    } else {
      finiteDifferenceJacobian(
        this.residuals,
        x,
        r,
        m,
        free,
        this.s.lower,
        this.s.upper,
        this.s.central,
        this.s.fdStep,
        this.s.typical,
        jac,
        this.ws.fPlus,
        this.ws.fMinus,
      );
    }
  }
}

function runOnce(s: Setup, ev: Evaluator, x0: ArrayLike<number>): RunResult {
  const { m, n, free, lower, upper } = s;
  const nf = free.length;
  const ws = ev.ws;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = Math.min(upper[j], Math.max(lower[j], x0[j]));
  const r = new Float64Array(m);
  const startEvaluations = ev.evaluations;
  ev.residuals(x, r);
  const done = (reason: string, converged: boolean, iterations: number): RunResult => {
    if (converged && nf > 0 && fnormRef.value > 0) polish(s, ev, x, r, fnormRef);
    let chi = 0;
    for (let i = 0; i < m; i++) chi += r[i] * r[i];
    return { x, residuals: r, chiSquare: chi, iterations, evaluations: ev.evaluations - startEvaluations, converged, reason };
  };
  const fnormRef = { value: 0 };
  if (!allFinite(r, m)) return done('non-finite residuals at the initial parameters', false, 0);
  let fnorm = enorm(r, m);
  fnormRef.value = fnorm;
  if (nf === 0) return done('no free parameters', true, 0);

  const { a, jac, colNorm, ipvt, rdiag, acnorm, qrWa, qtf, rWork, step, projected, diagR, wa3, cols, trialX, trialR } = ws;
  const diag = new Float64Array(nf);
  let delta = 0;
  let xnorm = 0;
  let par = 0;
  let iter = 0;
  for (;;) {
    if (fnorm === 0) return done('exact fit (zero residuals)', true, iter);
    if (s.signal?.aborted) return done('aborted', false, iter);
    if (iter >= s.maxIterations) return done('maximum number of iterations reached', false, iter);
    ev.jacobian(x, r);
    iter++;
    // column norms and the gradient g = Jᵀr of the free parameters
    let nr = 0;
    for (let k = 0; k < nf; k++) {
      const off = k * m;
      let g = 0;
      let ss = 0;
      for (let i = 0; i < m; i++) {
        g += jac[off + i] * r[i];
        ss += jac[off + i] * jac[off + i];
      }
      colNorm[k] = Math.sqrt(ss);
      const j = free[k];
      // active bound: on the bound with the descent direction −g pointing out of the box
      const active = (x[j] <= lower[j] && g > 0) || (x[j] >= upper[j] && g < 0);
      if (!active) cols[nr++] = k;
    }
    if (!Number.isFinite(colNorm.reduce((p, v) => p + v, 0))) return done('non-finite Jacobian', false, iter);
    if (iter === 1) {
      for (let k = 0; k < nf; k++) diag[k] = colNorm[k] === 0 ? 1 : colNorm[k];
      xnorm = scaledNorm(diag, x, free);
      delta = s.factor * xnorm;
      if (delta === 0) delta = s.factor;
    }
    if (nr === 0) return done('projected gradient is zero (all free parameters held at bounds)', true, iter);
    for (let c = 0; c < nr; c++) a.set(jac.subarray(cols[c] * m, cols[c] * m + m), c * m);
    qrFactor(m, nr, a, m, ipvt, rdiag, acnorm, qrWa);
    rWork.set(r);
    applyQt(m, nr, a, m, rWork);
    for (let j = 0; j < nr; j++) {
      qtf[j] = rWork[j];
      a[j + j * m] = rdiag[j];
    }
    // scaled gradient test: max cosine between r and the columns of J
    let gnorm = 0;
    for (let j = 0; j < nr; j++) {
      const l = ipvt[j];
      if (acnorm[l] !== 0) {
        let sum = 0;
        for (let i = 0; i <= j; i++) sum += a[i + j * m] * (qtf[i] / fnorm);
        gnorm = Math.max(gnorm, Math.abs(sum / acnorm[l]));
      }
    }
    if (gnorm <= s.gtol) {
      const dead: number[] = [];
      for (let k = 0; k < nf; k++) if (colNorm[k] === 0) dead.push(free[k]);
      if (dead.length > 0) {
        return done(`stalled on a plateau: parameter(s) ${dead.join(', ')} have no effect on the residuals (zero Jacobian column)`, false, iter);
      }
      return done('gtol: residuals orthogonal to the Jacobian columns', true, iter);
    }
    for (let k = 0; k < nf; k++) diag[k] = Math.max(diag[k], colNorm[k]);
    for (let c = 0; c < nr; c++) diagR[c] = diag[cols[c]];

    // inner loop: shrink the trust region until a step reduces χ²
    for (;;) {
      par = lmParameter(nr, a, m, ipvt, diagR, qtf, delta, par, step, ws.lmWork);
      trialX.set(x);
      for (let c = 0; c < nr; c++) {
        const j = free[cols[c]];
        const xt = Math.min(upper[j], Math.max(lower[j], x[j] - step[c]));
        trialX[j] = xt;
        projected[c] = xt - x[j];
      }
      let pnorm = 0;
      for (let c = 0; c < nr; c++) wa3[c] = diagR[c] * projected[c];
      pnorm = enorm(wa3, nr);
      if (iter === 1) delta = Math.min(delta, pnorm);
      if (ev.evaluations - startEvaluations >= s.maxEvaluations) return done('maximum number of evaluations reached', false, iter);
      ev.residuals(trialX, trialR);
      const fnorm1 = allFinite(trialR, m) ? enorm(trialR, m) : Number.POSITIVE_INFINITY;
      const actred = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1;
      // predicted reduction of the linear model for the (clamped) step: −2 rᵀJp − ‖Jp‖², relative to ‖r‖²
      for (let i = 0; i < nr; i++) {
        let sum = 0;
        for (let j = i; j < nr; j++) sum += a[i + j * m] * projected[ipvt[j]];
        wa3[i] = sum;
      }
      const jpNorm = enorm(wa3, nr) / fnorm;
      let dot = 0;
      for (let i = 0; i < nr; i++) dot += (qtf[i] / fnorm) * (wa3[i] / fnorm);
      const prered = -2 * dot - jpNorm * jpNorm;
      const dirder = dot;
      const ratio = prered !== 0 ? actred / prered : 0;
      if (ratio <= 0.25) {
        let temp = actred >= 0 ? 0.5 : (0.5 * dirder) / (dirder + 0.5 * actred);
        if (0.1 * fnorm1 >= fnorm || !(temp >= 0.1)) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }
      const accepted = ratio >= 1e-4;
      if (accepted) {
        x.set(trialX);
        r.set(trialR);
        fnorm = fnorm1;
        fnormRef.value = fnorm;
        xnorm = scaledNorm(diag, x, free);
      }
      const fConverged = Math.abs(actred) <= s.ftol && prered <= s.ftol && 0.5 * ratio <= 1;
      const xConverged = delta <= s.xtol * xnorm;
      if (fConverged && xConverged) return done('ftol and xtol: relative reduction and step both below tolerance', true, iter);
      if (fConverged) return done('ftol: relative reduction of χ² below tolerance', true, iter);
      if (xConverged) return done('xtol: relative step below tolerance', true, iter);
      if (Math.abs(actred) <= EPS && prered <= EPS && 0.5 * ratio <= 1) return done('ftol at machine precision: χ² cannot be reduced further', true, iter);
      if (delta <= EPS * xnorm) return done('xtol at machine precision: no further improvement in the parameters', true, iter);
      if (fnorm === 0) return done('exact fit (zero residuals)', true, iter);
      if (accepted) break;
      if (s.signal?.aborted) return done('aborted', false, iter);
    }
  }
}

/** Largest relative size of a polishing step: polishing only refines, it never travels. */
const POLISH_MAX_STEP = 1e-6;
/**
 * A polishing step may raise χ² by this relative amount: χ² at the minimum carries rounding noise
 * (residuals y − f with f ≈ y lose digits), and the Gauss–Newton step is more accurate than χ²
 * differences. A step ≤ 1e-6 relative cannot change a genuine χ² by more than this in a way that
 * matters for the fit.
 */
const POLISH_CHI2_SLACK = 1e-10;
/** At most this many polishing passes (each one Jacobian and one residual evaluation). */
const POLISH_MAX_PASSES = 50;
/** Relative corrections below this are not worth another pass. */
const POLISH_DONE = 1e-14;

/**
 * After convergence, up to three Gauss–Newton steps (λ = 0) computed from the gradient, accepted
 * when χ² does not rise above rounding level. Near the minimum χ² is flat, so the trust-region
 * tests stop once χ² changes fall to rounding noise, while the Gauss–Newton correction is still
 * computed accurately from Jᵀr: this recovers the last digits of ill-conditioned fits.
 */
function polish(s: Setup, ev: Evaluator, x: Float64Array, r: Float64Array, fnormRef: { value: number }): void {
  const { m, free, lower, upper } = s;
  const nf = free.length;
  const ws = ev.ws;
  const { a, jac, ipvt, rdiag, acnorm, qrWa, qtf, rWork, step, trialX, trialR, diagR } = ws;
  for (let k = 0; k < nf; k++) diagR[k] = 1;
  let previousStep = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < POLISH_MAX_PASSES; pass++) {
    ev.jacobian(x, r);
    a.set(jac.subarray(0, m * nf));
    qrFactor(m, nf, a, m, ipvt, rdiag, acnorm, qrWa);
    rWork.set(r);
    applyQt(m, nf, a, m, rWork);
    for (let j = 0; j < nf; j++) {
      qtf[j] = rWork[j];
      a[j + j * m] = rdiag[j];
    }
    // λ = 0 because the radius is infinite: the (least-squares) Gauss–Newton step
    lmParameter(nf, a, m, ipvt, diagR, qtf, Number.POSITIVE_INFINITY, 0, step, ws.lmWork);
    let big = false;
    let moved = false;
    let largest = 0;
    trialX.set(x);
    for (let k = 0; k < nf; k++) {
      const j = free[k];
      const relative = Math.abs(step[k]) / Math.max(Math.abs(x[j]), 1e-300);
      largest = Math.max(largest, relative);
      if (!Number.isFinite(step[k]) || relative > POLISH_MAX_STEP) big = true;
      const xt = Math.min(upper[j], Math.max(lower[j], x[j] - step[k]));
      if (xt !== x[j]) moved = true;
      trialX[j] = xt;
    }
    // stop when the corrections no longer shrink (rounding level reached) or would travel; Gauss–Newton
    // converges only linearly on large-residual problems, hence several passes
    if (big || !moved || !(largest < 0.9 * previousStep)) return;
    previousStep = largest;
    ev.residuals(trialX, trialR);
    if (!allFinite(trialR, m)) return;
    const fnorm1 = enorm(trialR, m);
    if (!(fnorm1 * fnorm1 <= fnormRef.value * fnormRef.value * (1 + POLISH_CHI2_SLACK))) return;
    x.set(trialX);
    r.set(trialR);
    fnormRef.value = fnorm1;
    if (largest < POLISH_DONE) return;
  }
}

function scaledNorm(diag: Float64Array, x: Float64Array, free: Int32Array): number {
  let sum = 0;
  let scale = 0;
  for (let k = 0; k < free.length; k++) scale = Math.max(scale, Math.abs(diag[k] * x[free[k]]));
  if (scale === 0) return 0;
  for (let k = 0; k < free.length; k++) {
    const v = (diag[k] * x[free[k]]) / scale;
    sum += v * v;
  }
  return scale * Math.sqrt(sum);
}

/** A random start: uniform (log-uniform for wide positive ranges) within finite bounds, else a log-spread around the initial value. */
function randomStart(s: Setup, initial: ArrayLike<number>, rand: () => number, spread: number): Float64Array {
  const x = Float64Array.from(initial);
  for (const j of s.free) {
    const lo = s.lower[j];
    const hi = s.upper[j];
    if (Number.isFinite(lo) && Number.isFinite(hi)) {
      if (lo > 0 && hi / lo > 100) x[j] = Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo)));
      else x[j] = lo + rand() * (hi - lo);
    } else {
      const x0 = initial[j];
      x[j] = x0 !== 0 ? x0 * 10 ** (spread * (2 * rand() - 1)) : spread * (2 * rand() - 1);
      x[j] = Math.min(hi, Math.max(lo, x[j]));
    }
  }
  return x;
}

/**
 * Minimise Σ_i (w_i r_i(p))² by Levenberg–Marquardt (Moré 1978) with box bounds, fixed parameters,
 * weights, analytic or finite-difference Jacobians and optional multi-start.
 *
 * Returns the parameters with covariance (JᵀJ)⁺·χ²_ν from an SVD of the column-scaled Jacobian
 * (pseudo-inverse with a relative singular-value cut-off `rcond`), standard errors, correlations,
 * χ², reduced χ², AIC/BIC, the stop reason and the indices of unidentifiable parameters.
 * Tolerances default to tight values (ftol 1e-15, xtol 1e-13, gtol 1e-15), which reach the NIST
 * StRD certified values; loosen them for speed when 6 digits are not needed.
 *
 * @throws RangeError on inconsistent input (lengths, bounds, more free parameters than residuals)
 */
export function levenbergMarquardt(problem: LeastSquaresProblem, options: LMOptions): FitResult {
  const s = makeSetup(problem, options);
  const ws = new Workspace(s.m, s.n, s.free.length, problem.jacobian !== undefined);
  const ev = new Evaluator(s, ws);
  let best = runOnce(s, ev, options.initial);
  let starts: FitResult['starts'];
  const multi = options.multiStart;
  if (multi !== undefined && multi.starts > 1) {
    starts = [{ chiSquare: best.chiSquare, converged: best.converged, iterations: best.iterations }];
    const rand = seededUniform(multi.seed ?? 1); // reproducible multi-start
    const spread = multi.spread ?? 1;
    let iterations = best.iterations;
    for (let k = 1; k < multi.starts; k++) {
      if (s.signal?.aborted) break;
      const run = runOnce(s, ev, randomStart(s, options.initial, rand, spread));
      iterations += run.iterations;
      starts.push({ chiSquare: run.chiSquare, converged: run.converged, iterations: run.iterations });
      const better =
        Number.isFinite(run.chiSquare) &&
        (!Number.isFinite(best.chiSquare) || (run.converged && !best.converged) || (run.converged === best.converged && run.chiSquare < best.chiSquare));
      if (better) best = run;
    }
    best = { ...best, iterations };
  }
  // Jacobian at the solution for the covariance
  if (s.free.length > 0 && allFinite(best.residuals, s.m)) ev.jacobian(best.x, best.residuals);
  return fitStatistics({
    x: best.x,
    residuals: best.residuals,
    jac: ws.jac,
    m: s.m,
    n: s.n,
    free: s.free,
    lower: s.lower,
    upper: s.upper,
    absoluteSigma: options.absoluteSigma ?? false,
    rcond: options.rcond ?? 1e-12,
    iterations: best.iterations,
    evaluations: ev.evaluations,
    converged: best.converged,
    reason: best.reason,
    starts,
  });
}
