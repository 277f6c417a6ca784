/** Complex-valued least squares as real least squares on stacked real and imaginary parts. */
import type { LeastSquaresProblem } from './types';

/** Input of {@link complexResidualProblem}. */
export interface ComplexResidualSpec {
  /** number of complex data points */
  m: number;
  /** fill outRe/outIm[0..m) with the model at parameters p */
  model(p: Float64Array, outRe: Float64Array, outIm: Float64Array): void;
  /** measured real parts */
  dataRe: ArrayLike<number>;
  /** measured imaginary parts */
  dataIm: ArrayLike<number>;
  /**
   * optional weights, applied to both parts of point i (e.g. 1/|Z_i| for modulus weighting, or
   * 1/σ_i); length m, or 2m for separate real (first m) and imaginary (last m) weights
   */
  weights?: ArrayLike<number>;
  /**
   * optional analytic derivatives of the model: dRe/dIm are row-major m×n, d[i*n+j] = ∂model_i/∂p_j
   * (n = parameter count, given at construction through `n`)
   */
  jacobian?(p: Float64Array, dRe: Float64Array, dIm: Float64Array): void;
  /** number of parameters (required with `jacobian`) */
  n?: number;
}

/**
 * A {@link LeastSquaresProblem} with 2m residuals: r_i = w_i (model_i − data_i) real parts for
 * i < m, then the imaginary parts (the usual complex nonlinear least squares of impedance
 * spectroscopy, e.g. Macdonald & Garber 1977, treating Re and Im as independent observations).
 */
export function complexResidualProblem(spec: ComplexResidualSpec): LeastSquaresProblem {
  const m = spec.m;
  if (spec.dataRe.length !== m || spec.dataIm.length !== m) {
    throw new RangeError(`complexResidualProblem: dataRe/dataIm must have m = ${m} values (got ${spec.dataRe.length}, ${spec.dataIm.length})`);
  }
  const w = spec.weights;
  if (w !== undefined && w.length !== m && w.length !== 2 * m) {
    throw new RangeError(`complexResidualProblem: weights must have m = ${m} or 2m = ${2 * m} values, got ${w.length}`);
  }
  const weightRe = new Float64Array(m).fill(1);
  const weightIm = new Float64Array(m).fill(1);
  if (w !== undefined) {
    for (let i = 0; i < m; i++) {
      weightRe[i] = w[i];
      weightIm[i] = w.length === 2 * m ? w[m + i] : w[i];
    }
  }
  const dataRe = Float64Array.from(spec.dataRe);
  const dataIm = Float64Array.from(spec.dataIm);
  const modelRe = new Float64Array(m);
  const modelIm = new Float64Array(m);
  const problem: LeastSquaresProblem = {
    m: 2 * m,
    residuals(p, out) {
      spec.model(p, modelRe, modelIm);
      for (let i = 0; i < m; i++) {
        out[i] = weightRe[i] * (modelRe[i] - dataRe[i]);
        out[m + i] = weightIm[i] * (modelIm[i] - dataIm[i]);
      }
    },
  };
  if (spec.jacobian !== undefined) {
    const n = spec.n;
    if (n === undefined || !Number.isInteger(n) || n < 1) throw new RangeError('complexResidualProblem: n (parameter count) is required with jacobian');
    const dRe = new Float64Array(m * n);
    const dIm = new Float64Array(m * n);
    const jac = spec.jacobian;
    problem.jacobian = (p, J) => {
      jac(p, dRe, dIm);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          J[i * n + j] = weightRe[i] * dRe[i * n + j];
          J[(m + i) * n + j] = weightIm[i] * dIm[i * n + j];
        }
      }
    };
  }
  return problem;
}
