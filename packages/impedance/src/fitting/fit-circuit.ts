/**
 * Complex nonlinear least squares of an equivalent circuit to a spectrum (Macdonald & Garber 1977;
 * Boukamp, Solid State Ionics 20, 31 (1986) for the weighting schemes): residuals
 * r = w·(Z_model − Z_data) for the real parts then the imaginary parts, minimised by
 * `@ionscope/numerics`' Levenberg–Marquardt with the circuit's analytic Jacobian, box bounds and
 * fixed parameters. Standard errors are √diag((JᵀWJ)⁻¹·χ²/dof), as scipy's curve_fit (and so
 * impedance.py) reports them.
 */
import { type LeastSquaresProblem, levenbergMarquardt, seededUniform } from '@ionscope/numerics';
import { CompiledCircuit } from '../circuits/compile';
import { type ParsedCircuit, parseCircuit } from '../circuits/parser';
import { automaticInitialGuesses } from './initial-guess';
import { fromLog, logBounds, logProblem, logScaled, toLog } from './log-parameters';
import { newtonRefine } from './newton-refine';

export type Weighting = 'unit' | 'modulus' | 'proportional';

export interface CircuitFitOptions {
  circuit: string | ParsedCircuit;
  /** Starting values in parameter order; automatic when omitted. */
  initialGuess?: ArrayLike<number>;
  /** 'unit' (none), 'modulus' (1/|Z|), 'proportional' (1/|Z′| and 1/|Z″| separately). */
  weighting?: Weighting;
  /** Parameters held at a value, by name (`{R0: 0.015}`). */
  fixed?: Record<string, number>;
  /** Bounds by name; defaults are the elements' (0 to ∞, exponents 0 to 1). */
  bounds?: Record<string, [number, number]>;
  /**
   * Extra random starts: every positive parameter multiplied by 10^u, u uniform in ±`spread`
   * decades (default 1), exponents drawn within their bounds; each is solved and the lowest χ² kept.
   */
  multiStart?: number;
  spread?: number;
  seed?: number;
  maxIterations?: number;
  signal?: AbortSignal;
}

export interface CircuitFitResult {
  circuit: string;
  names: string[];
  units: string[];
  values: Float64Array;
  stderr: Float64Array;
  /** n×n row-major. */
  correlation: Float64Array;
  fixed: boolean[];
  /** Weighted χ² = Σ w²|Z_model − Z_data|² (the unweighted sum of squares for 'unit'). */
  chiSquare: number;
  reducedChiSquare: number;
  dof: number;
  /** Unweighted root-mean-square of the stacked residuals (Ω), comparable across weightings. */
  rmse: number;
  ZrealFit: Float64Array;
  ZimagFit: Float64Array;
  /** Z_data − Z_model (Ω). */
  residualReal: Float64Array;
  residualImag: Float64Array;
  /** Names of parameters the data do not determine (singular covariance or stderr > |value|). */
  unidentifiable: string[];
  /** Names of parameters that ended on a bound. */
  atBound: string[];
  initialGuess: Float64Array;
  /** True when the starting values were chosen automatically. */
  automaticInitialGuess: boolean;
  converged: boolean;
  reason: string;
  iterations: number;
  evaluations: number;
  conditionNumber: number;
  weighting: Weighting;
}

/** Weights for the 2m stacked residuals (real parts first). */
export function residualWeights(weighting: Weighting, re: ArrayLike<number>, im: ArrayLike<number>): Float64Array | undefined {
  const m = re.length;
  if (weighting === 'unit') return undefined;
  const w = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    const a = re[i] as number;
    const b = im[i] as number;
    if (weighting === 'modulus') {
      const inv = 1 / Math.hypot(a, b);
      w[i] = inv;
      w[m + i] = inv;
    } else {
      // Proportional: each part weighted by its own magnitude; a floor avoids infinite weights at zero crossings.
      const floor = 1e-3 * Math.hypot(a, b);
      w[i] = 1 / Math.max(Math.abs(a), floor);
      w[m + i] = 1 / Math.max(Math.abs(b), floor);
    }
  }
  return w;
}

/** The least-squares problem of a circuit against data (unweighted residuals; weights go to the solver). */
/** A least-squares problem that can also give residuals and Jacobian from one model evaluation. */
export interface CombinedProblem extends LeastSquaresProblem {
  residualsAndJacobian(p: Float64Array, r: Float64Array, J: Float64Array): void;
}

export function circuitProblem(compiled: CompiledCircuit, dataRe: ArrayLike<number>, dataIm: ArrayLike<number>): CombinedProblem {
  const { m, n } = compiled;
  const zr = new Float64Array(m);
  const zi = new Float64Array(m);
  const jr = new Float64Array(m * n);
  const ji = new Float64Array(m * n);
  return {
    m: 2 * m,
    residuals(p, out) {
      compiled.impedance(p, zr, zi);
      for (let i = 0; i < m; i++) {
        out[i] = (zr[i] as number) - (dataRe[i] as number);
        out[m + i] = (zi[i] as number) - (dataIm[i] as number);
      }
    },
    jacobian(p, J) {
      compiled.impedanceAndJacobian(p, zr, zi, jr, ji);
      J.set(jr, 0);
      J.set(ji, m * n);
    },
    residualsAndJacobian(p, out, J) {
      compiled.impedanceAndJacobian(p, zr, zi, jr, ji);
      J.set(jr, 0);
      J.set(ji, m * n);
      for (let i = 0; i < m; i++) {
        out[i] = (zr[i] as number) - (dataRe[i] as number);
        out[m + i] = (zi[i] as number) - (dataIm[i] as number);
      }
    },
  };
}

/** Fits a circuit to Z(f). Throws a RangeError for inconsistent inputs (caught by the analysis). */
export function fitCircuit(frequency: ArrayLike<number>, dataRe: ArrayLike<number>, dataIm: ArrayLike<number>, options: CircuitFitOptions): CircuitFitResult {
  const parsed = typeof options.circuit === 'string' ? parseCircuit(options.circuit) : options.circuit;
  const compiled = new CompiledCircuit(parsed, frequency);
  const { m, n } = compiled;
  const names = parsed.parameters.map((p) => p.name);
  const weighting = options.weighting ?? 'unit';
  const automatic = !options.initialGuess;
  const candidates = options.initialGuess ? [Float64Array.from(options.initialGuess)] : automaticInitialGuesses(parsed, frequency, dataRe, dataIm);
  const guess = candidates[0] as Float64Array;
  if (guess.length !== n)
    throw new RangeError(`the circuit ${parsed.text} has ${n} parameters (${names.join(', ')}) but ${guess.length} initial values were given`);
  const lower = Float64Array.from(parsed.parameters, (p) => p.lower);
  const upper = Float64Array.from(parsed.parameters, (p) => p.upper);
  for (const [name, [lo, hi]] of Object.entries(options.bounds ?? {})) {
    const k = names.indexOf(name);
    if (k < 0) throw new RangeError(`bounds name "${name}" is not a parameter of ${parsed.text} (${names.join(', ')})`);
    lower[k] = lo;
    upper[k] = hi;
  }
  const fixed = names.map(() => false);
  for (const [name, value] of Object.entries(options.fixed ?? {})) {
    const k = names.indexOf(name);
    if (k < 0) throw new RangeError(`fixed name "${name}" is not a parameter of ${parsed.text} (${names.join(', ')})`);
    fixed[k] = true;
    for (const c of candidates) c[k] = value;
  }
  for (const guess of candidates)
    for (let k = 0; k < n; k++) {
      if (!Number.isFinite(guess[k] as number)) throw new RangeError(`initial value of ${names[k]} is not a finite number`);
      // Start strictly inside the box so that scale-free parameters (τ, C) can move.
      if (!fixed[k] && (guess[k] as number) <= (lower[k] as number) && (upper[k] as number) > (lower[k] as number)) {
        guess[k] = Number.isFinite(upper[k] as number)
          ? 0.5 * ((lower[k] as number) + (upper[k] as number))
          : (lower[k] as number) + 1e-6 * Math.max(1, Math.abs(lower[k] as number));
      }
    }
  const weights = residualWeights(weighting, dataRe, dataIm);
  const problem = circuitProblem(compiled, dataRe, dataIm);
  const extra = { ...(weights ? { weights } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  // Levenberg–Marquardt (in log parameters) to the neighbourhood of the minimum, Newton to finish
  // (fast where Gauss–Newton creeps), then the statistics at that point in the original parameters.
  const log = logScaled(lower, upper).map((l, k) => l && !fixed[k]);
  const qProblem = logProblem(problem, n, log);
  const qBounds = logBounds(lower, upper, log);
  const qCommon = { ...qBounds, fixed, ...extra };
  const cap = Math.min(options.maxIterations ?? 100, 100);
  /** One start: capped LM (with a parameter on a bound the LM can creep), Newton, LM again if Newton failed. */
  const solveFrom = (start: Float64Array) => {
    const coarse = levenbergMarquardt(qProblem, {
      ...qCommon,
      initial: start,
      ftol: 1e-3,
      maxIterations: cap,
    });
    const refined = newtonRefine(qProblem, coarse.params, qCommon);
    const polished = refined.converged
      ? undefined
      : levenbergMarquardt(qProblem, { ...qCommon, initial: refined.params, maxIterations: options.maxIterations ?? 1000 });
    // Keep the lowest χ² of the stages (a stage that fails never makes the answer worse).
    let q = coarse.params;
    let chi = Number.isFinite(coarse.chiSquare) ? coarse.chiSquare : Number.POSITIVE_INFINITY;
    for (const stage of [refined, polished]) {
      if (stage && Number.isFinite(stage.chiSquare) && stage.chiSquare <= chi) {
        q = stage.params;
        chi = stage.chiSquare;
      }
    }
    return {
      q,
      chi,
      converged: refined.converged || (polished?.converged ?? false),
      reason: refined.converged
        ? `Levenberg–Marquardt (${coarse.reason}) then ${refined.steps} Newton step(s) to a stationary point`
        : `Levenberg–Marquardt: ${polished?.reason ?? coarse.reason}`,
      iterations: coarse.iterations + refined.steps + (polished?.iterations ?? 0),
      evaluations: coarse.evaluations + (polished?.evaluations ?? 0),
    };
  };
  // Random restarts around the first start (log-uniform for positive parameters, uniform within the
  // bounds for bounded ones such as CPE exponents), deterministic for a given seed.
  const rand = seededUniform(options.seed ?? 1);
  const spread = options.spread ?? 1;
  for (let r = 0; r < (options.multiStart ?? 0); r++) {
    const base = candidates[0] as Float64Array;
    candidates.push(
      Float64Array.from(base, (v, k) => {
        if (fixed[k]) return v;
        if (log[k]) return v * 10 ** ((2 * rand() - 1) * spread);
        const lo = lower[k] as number;
        const hi = upper[k] as number;
        return Number.isFinite(lo) && Number.isFinite(hi) ? lo + (hi - lo) * (0.05 + 0.9 * rand()) : v * (1 + 0.5 * (2 * rand() - 1));
      }),
    );
  }
  // Every candidate start (automatic guesses, random restarts) is solved; the lowest χ² wins.
  let solution = solveFrom(toLog(candidates[0] as Float64Array, log));
  for (const start of candidates.slice(1)) {
    const other = solveFrom(toLog(start, log));
    if (other.chi < solution.chi) solution = other;
  }
  const best = fromLog(solution.q, log);
  const fit = levenbergMarquardt(problem, { lower, upper, fixed, ...extra, initial: best, maxIterations: 0 });
  const converged = solution.converged;
  const ZrealFit = new Float64Array(m);
  const ZimagFit = new Float64Array(m);
  compiled.impedance(fit.params, ZrealFit, ZimagFit);
  const residualReal = new Float64Array(m);
  const residualImag = new Float64Array(m);
  let ss = 0;
  for (let i = 0; i < m; i++) {
    residualReal[i] = (dataRe[i] as number) - (ZrealFit[i] as number);
    residualImag[i] = (dataIm[i] as number) - (ZimagFit[i] as number);
    ss += (residualReal[i] as number) ** 2 + (residualImag[i] as number) ** 2;
  }
  return {
    circuit: parsed.text,
    names,
    units: parsed.parameters.map((p) => p.unit),
    values: fit.params,
    stderr: fit.stderr,
    correlation: fit.correlation,
    fixed,
    chiSquare: fit.chiSquare,
    reducedChiSquare: fit.reducedChiSquare,
    dof: fit.dof,
    rmse: Math.sqrt(ss / (2 * m)),
    ZrealFit,
    ZimagFit,
    residualReal,
    residualImag,
    // Circuit values are positive magnitudes: one whose stderr exceeds it is as undetermined as a
    // structurally unidentifiable one (the Warburg under modulus weighting), so both are flagged.
    unidentifiable: [...fit.unidentifiable, ...fit.indeterminate].sort((a, b) => a - b).map((k) => names[k] as string),
    atBound: (fit.atBound ?? []).map((k) => names[k] as string),
    initialGuess: guess,
    automaticInitialGuess: automatic,
    converged,
    reason: solution.reason,
    iterations: solution.iterations,
    evaluations: solution.evaluations + fit.evaluations,
    conditionNumber: fit.conditionNumber,
    weighting,
  };
}
