/**
 * Fitting positive circuit parameters in log space: p = exp(q). Resistances, capacitances and
 * time constants span many decades and must stay positive; in q they are unbounded and a step of
 * 0.1 means 10 % whatever the magnitude, so Levenberg–Marquardt neither stalls on a zero bound
 * (where a Warburg element's formula is 0/0) nor needs a good scale. Exponents bounded to [0, 1]
 * stay linear. The minimum is the same point; statistics are computed in p afterwards.
 */
import type { LeastSquaresProblem } from '@ionscope/numerics';

/** Which parameters to fit as logarithms: positive lower bound (or 0) and a span of more than a decade. */
export function logScaled(lower: ArrayLike<number>, upper: ArrayLike<number>): boolean[] {
  return Array.from({ length: lower.length }, (_, k) => {
    const lo = lower[k] as number;
    const hi = upper[k] as number;
    return lo >= 0 && (hi === Number.POSITIVE_INFINITY || (lo > 0 && hi / lo > 10));
  });
}

export function toLog(p: ArrayLike<number>, log: boolean[]): Float64Array {
  return Float64Array.from({ length: p.length }, (_, k) => (log[k] ? Math.log(Math.max(p[k] as number, Number.MIN_VALUE)) : (p[k] as number)));
}

export function fromLog(q: ArrayLike<number>, log: boolean[], out = new Float64Array(q.length)): Float64Array {
  for (let k = 0; k < q.length; k++) out[k] = log[k] ? Math.exp(q[k] as number) : (q[k] as number);
  return out;
}

/**
 * |q| limit for log parameters: 1e±30 in SI units is beyond any circuit parameter, and keeps every
 * intermediate (1/(ωC), Z²) finite, so a run-away parameter ends on a bound instead of overflowing.
 */
const Q_LIMIT = 69;

/** Bounds in q: log of the bounds for log parameters, limited to ±69 (1e±30). */
export function logBounds(lower: ArrayLike<number>, upper: ArrayLike<number>, log: boolean[]): { lower: Float64Array; upper: Float64Array } {
  const lo = Float64Array.from({ length: lower.length }, (_, k) =>
    log[k] ? Math.max(-Q_LIMIT, (lower[k] as number) > 0 ? Math.log(lower[k] as number) : -Q_LIMIT) : (lower[k] as number),
  );
  const hi = Float64Array.from({ length: upper.length }, (_, k) => (log[k] ? Math.min(Q_LIMIT, Math.log(upper[k] as number)) : (upper[k] as number)));
  return { lower: lo, upper: hi };
}

/** The problem as a function of q (∂r/∂q = ∂r/∂p · p for log parameters). */
export function logProblem(
  problem: LeastSquaresProblem & { residualsAndJacobian?(p: Float64Array, r: Float64Array, J: Float64Array): void },
  n: number,
  log: boolean[],
): LeastSquaresProblem & { residualsAndJacobian?(q: Float64Array, r: Float64Array, J: Float64Array): void } {
  const p = new Float64Array(n);
  const jacobian = problem.jacobian;
  const both = problem.residualsAndJacobian;
  const scaleColumns = (J: Float64Array) => {
    const m = problem.m;
    for (let k = 0; k < n; k++) {
      if (!log[k]) continue;
      const s = p[k] as number;
      for (let i = 0; i < m; i++) J[i * n + k] = (J[i * n + k] as number) * s;
    }
  };
  return {
    ...(both
      ? {
          residualsAndJacobian(q: Float64Array, r: Float64Array, J: Float64Array) {
            both.call(problem, fromLog(q, log, p), r, J);
            scaleColumns(J);
          },
        }
      : {}),
    m: problem.m,
    residuals(q, out) {
      problem.residuals(fromLog(q, log, p), out);
    },
    ...(jacobian
      ? {
          jacobian(q: Float64Array, J: Float64Array) {
            fromLog(q, log, p);
            jacobian(p, J);
            const m = problem.m;
            for (let k = 0; k < n; k++) {
              if (!log[k]) continue;
              const s = p[k] as number;
              for (let i = 0; i < m; i++) J[i * n + k] = (J[i * n + k] as number) * s;
            }
          },
        }
      : {}),
  };
}
