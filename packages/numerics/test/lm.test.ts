import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complexResidualProblem, type LeastSquaresProblem, levenbergMarquardt, lstsq } from '../src/index';
import { fixture, gaussian, maxAbsDiff, rng } from './helpers';

const fx = fixture('lm.json');

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** y = a exp(−b x) + c on the fixture grid (see generate.py) */
function decayData() {
  const x = Float64Array.from({ length: 41 }, (_, i) => (10 * i) / 40);
  const y = x.map((v) => 3 * Math.exp(-0.7 * v) + 0.5 + 0.02 * Math.sin(13.7 * v));
  const sigma = x.map((v) => 0.02 * (1 + v / 5));
  return { x, y, sigma };
}

function decayProblem(x: Float64Array, y: Float64Array, analytic = true): LeastSquaresProblem {
  const m = x.length;
  const p: LeastSquaresProblem = {
    m,
    residuals(b, out) {
      for (let i = 0; i < m; i++) out[i] = b[0] * Math.exp(-b[1] * x[i]) + b[2] - y[i];
    },
  };
  if (analytic) {
    p.jacobian = (b, J) => {
      for (let i = 0; i < m; i++) {
        const e = Math.exp(-b[1] * x[i]);
        J[i * 3] = e;
        J[i * 3 + 1] = -b[0] * x[i] * e;
        J[i * 3 + 2] = 1;
      }
    };
  }
  return p;
}

describe('levenbergMarquardt against scipy.optimize.curve_fit (fixtures/lm.json)', () => {
  const { x, y, sigma } = decayData();
  const weights = sigma.map((s) => 1 / s);

  for (const analytic of [true, false]) {
    it(`weighted fit: parameters, χ² and covariance (${analytic ? 'analytic' : 'numeric'} J)`, () => {
      const fit = levenbergMarquardt(decayProblem(x, y, analytic), { initial: [1, 1, 0], weights });
      expect(fit.converged).toBe(true);
      expect(maxAbsDiff(fit.params, fx.weighted.params)).toBeLessThan(1e-9);
      expect(fit.chiSquare).toBeCloseTo(fx.weighted.chiSquare, 9);
      expect(fit.dof).toBe(38);
      expect(fit.reducedChiSquare).toBeCloseTo(fx.weighted.chiSquare / 38, 10);
      // scipy's covariance comes from a forward-difference Jacobian: agreement to ~1e-7 relative
      for (let k = 0; k < 9; k++) expect(relErr(fit.covariance[k], fx.weighted.covariance[k])).toBeLessThan(1e-6);
      for (let k = 0; k < 3; k++) expect(relErr(fit.stderr[k], Math.sqrt(fx.weighted.covariance[4 * k]))).toBeLessThan(1e-6);
      // correlation from covariance, symmetric with unit diagonal
      expect(fit.correlation[0]).toBe(1);
      expect(relErr(fit.correlation[1], fx.weighted.covariance[1] / Math.sqrt(fx.weighted.covariance[0] * fx.weighted.covariance[4]))).toBeLessThan(1e-6);
      expect(fit.correlation[3]).toBe(fit.correlation[1]);
      // information criteria with lmfit's convention
      expect(fit.aic).toBeCloseTo(41 * Math.log(fit.chiSquare / 41) + 6, 10);
      expect(fit.bic).toBeCloseTo(41 * Math.log(fit.chiSquare / 41) + 3 * Math.log(41), 10);
      expect(fit.unidentifiable).toEqual([]);
    });
  }

  it('absoluteSigma leaves the covariance unscaled', () => {
    const fit = levenbergMarquardt(decayProblem(x, y), { initial: [1, 1, 0], weights, absoluteSigma: true });
    for (let k = 0; k < 9; k++) expect(relErr(fit.covariance[k], fx.absoluteSigma.covariance[k])).toBeLessThan(1e-6);
  });

  it('box bounds: the active bound holds and the rest matches scipy (trf)', () => {
    const fit = levenbergMarquardt(decayProblem(x, y), { initial: [1, 1, 0.8], lower: [0, 0, 0.6], upper: [10, 10, 1] });
    expect(fit.converged).toBe(true);
    expect(fit.params[2]).toBe(0.6);
    expect(fit.atBound).toEqual([2]);
    expect(Math.abs(fit.params[0] - fx.bounded.params[0])).toBeLessThan(1e-8);
    expect(Math.abs(fit.params[1] - fx.bounded.params[1])).toBeLessThan(1e-8);
  });
});

describe('levenbergMarquardt features', () => {
  const { x, y } = decayData();

  it('fixed parameters stay put and get zero standard error', () => {
    const fit = levenbergMarquardt(decayProblem(x, y), { initial: [1, 1, 0.5], fixed: [false, false, true] });
    expect(fit.params[2]).toBe(0.5);
    expect(fit.stderr[2]).toBe(0);
    expect(fit.dof).toBe(39);
    expect(fit.covariance[2 * 3 + 2]).toBe(0);
    expect(fit.params[1]).toBeCloseTo(0.7, 2);
  });

  it('recovers known parameters from noisy synthetic data with consistent error bars', () => {
    // Gaussian peak on a slope, σ = 0.05: the estimates must fall within ~4σ of the truth
    const rand = rng(42);
    const truth = [2.5, 4.2, 0.8, 0.3, 0.1];
    const xs = Float64Array.from({ length: 200 }, (_, i) => i / 20);
    const model = (b: ArrayLike<number>, t: number) => b[0] * Math.exp(-0.5 * ((t - b[1]) / b[2]) ** 2) + b[3] + b[4] * t;
    const ys = xs.map((t) => model(truth, t) + 0.05 * gaussian(rand));
    const fit = levenbergMarquardt(
      {
        m: xs.length,
        residuals(b, out) {
          for (let i = 0; i < xs.length; i++) out[i] = model(b, xs[i]) - ys[i];
        },
      },
      { initial: [1, 5, 1, 0, 0] },
    );
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 5; k++) expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(4 * fit.stderr[k]);
    expect(fit.reducedChiSquare).toBeGreaterThan(0.05 ** 2 * 0.7);
    expect(fit.reducedChiSquare).toBeLessThan(0.05 ** 2 * 1.3);
  });

  it('flags a parameter that has no effect, and redundant parameters, as unidentifiable', () => {
    // model a·b·x + c: only the product a·b is identifiable
    const fit = levenbergMarquardt(
      {
        m: x.length,
        residuals(b, out) {
          for (let i = 0; i < x.length; i++) out[i] = b[0] * b[1] * x[i] + b[2] + b[3] * 0 - (2 * x[i] + 1);
        },
      },
      { initial: [1, 1, 0, 1] },
    );
    expect(fit.params[0] * fit.params[1]).toBeCloseTo(2, 8);
    expect(fit.params[2]).toBeCloseTo(1, 8);
    expect(fit.unidentifiable).toEqual([0, 1, 3]);
    expect(fit.conditionNumber).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(fit.stderr[3])).toBe(true);
  });

  it('separates a parameter consistent with zero (indeterminate) from an unidentifiable one', () => {
    // y = 3 exp(-t) + 0·t + noise: the slope is well determined by the data, its value is just ~0
    const t = Float64Array.from({ length: 60 }, (_, i) => i * 0.1);
    const noise = Float64Array.from(t, (_, i) => 0.01 * Math.sin(7.3 * i));
    const fit = levenbergMarquardt(
      {
        m: t.length,
        residuals(p, out) {
          for (let i = 0; i < t.length; i++) out[i] = p[0] * Math.exp(-p[1] * t[i]) + p[2] * t[i] - (3 * Math.exp(-t[i]) + noise[i]);
        },
      },
      { initial: [1, 2, 0.1] },
    );
    expect(fit.params[0]).toBeCloseTo(3, 1);
    expect(Math.abs(fit.params[2])).toBeLessThan(fit.stderr[2]);
    expect(fit.unidentifiable).toEqual([]);
    expect(fit.indeterminate).toEqual([2]);
  });

  it('multi-start escapes a local minimum', () => {
    // y = sin(ω t) sampled densely: starting at ω = 1 LM converges to a local minimum
    const t = Float64Array.from({ length: 100 }, (_, i) => i / 10);
    const problem: LeastSquaresProblem = {
      m: 100,
      residuals(b, out) {
        for (let i = 0; i < 100; i++) out[i] = Math.sin(b[0] * t[i]) - Math.sin(3.3 * t[i]);
      },
    };
    const single = levenbergMarquardt(problem, { initial: [1], lower: [0.1], upper: [10] });
    expect(Math.abs(single.params[0] - 3.3)).toBeGreaterThan(0.1);
    const multi = levenbergMarquardt(problem, { initial: [1], lower: [0.1], upper: [10], multiStart: { starts: 20, seed: 7 } });
    expect(multi.params[0]).toBeCloseTo(3.3, 10);
    expect(multi.starts?.length).toBe(20);
    expect(multi.chiSquare).toBeLessThan(1e-20);
  });

  it('stops on an aborted signal', () => {
    const controller = new AbortController();
    controller.abort();
    const fit = levenbergMarquardt(decayProblem(x, y), { initial: [1, 1, 0], signal: controller.signal });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toBe('aborted');
  });

  it('reports non-finite residuals at the start instead of returning numbers', () => {
    const fit = levenbergMarquardt({ m: 3, residuals: (_b, out) => out.fill(Number.NaN) }, { initial: [1] });
    expect(fit.converged).toBe(false);
    expect(fit.reason).toMatch(/non-finite/);
  });

  it('steps back from regions where the model is undefined', () => {
    // log model: parameters that make b0 + x negative give NaN; LM must shrink the step
    const xs = Float64Array.from({ length: 20 }, (_, i) => i + 1);
    const ys = xs.map((v) => Math.log(v + 2));
    const fit = levenbergMarquardt(
      {
        m: 20,
        residuals(b, out) {
          for (let i = 0; i < 20; i++) out[i] = Math.log(xs[i] + b[0]) - ys[i];
        },
      },
      { initial: [50], initialStepBound: 100 },
    );
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBeCloseTo(2, 10);
  });

  it('rejects inconsistent input with RangeError naming the field', () => {
    const p = decayProblem(x, y);
    expect(() => levenbergMarquardt(p, { initial: [1, 1], lower: [0, 0, 0] })).toThrow(/lower/);
    expect(() => levenbergMarquardt(p, { initial: [1, 1, 1], lower: [2, 0, 0], upper: [1, 1, 1] })).toThrow(/bounds of parameter 0/);
    expect(() => levenbergMarquardt(p, { initial: [1, Number.NaN, 1] })).toThrow(/initial\[1\]/);
    expect(() => levenbergMarquardt({ m: 2, residuals: () => {} }, { initial: [1, 2, 3] })).toThrow(/m ≥ free/);
    expect(() => levenbergMarquardt(p, { initial: [1, 1, 1], weights: [1] })).toThrow(/weights/);
  });
});

describe('levenbergMarquardt properties (fast-check)', () => {
  it('on a linear problem (numeric Jacobian, any start) it reaches the lstsq solution', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 20 }), fc.integer(), (n, extra, seed) => {
        const m = n + 1 + extra;
        const rand = rng(seed);
        const A = Float64Array.from({ length: m * n }, () => rand() - 0.5);
        const b = Float64Array.from({ length: m }, () => rand() - 0.5);
        const problem: LeastSquaresProblem = {
          m,
          residuals(p, out) {
            for (let i = 0; i < m; i++) {
              let s = -b[i];
              for (let j = 0; j < n; j++) s += A[i * n + j] * p[j];
              out[i] = s;
            }
          },
        };
        const ref = lstsq(A, m, n, b);
        if (ref.singularValues[n - 1] < 1e-3 * ref.singularValues[0]) return true; // skip near-singular draws
        const fit = levenbergMarquardt(problem, { initial: Array.from({ length: n }, () => 10 * (rand() - 0.5)) });
        if (!fit.converged) return false;
        const scale = Math.max(1, ...Array.from(ref.x, Math.abs));
        if (maxAbsDiff(fit.params, ref.x) > 1e-8 * scale) return false;
        return Math.abs(Math.sqrt(fit.chiSquare) - ref.residualNorm) <= 1e-10 * Math.max(1, ref.residualNorm);
      }),
      { numRuns: 100 },
    );
  });
});

describe('complexResidualProblem', () => {
  // series R0 + (R1 ‖ C1): Z(ω) = R0 + R1 / (1 + iωR1C1)
  const freq = Float64Array.from({ length: 40 }, (_, i) => 10 ** (-1 + (6 * i) / 39));
  const omega = freq.map((f) => 2 * Math.PI * f);
  const truth = [10, 100, 1e-5];
  function model(p: ArrayLike<number>, outRe: Float64Array, outIm: Float64Array) {
    for (let i = 0; i < omega.length; i++) {
      const wt = omega[i] * p[1] * p[2];
      const d = 1 + wt * wt;
      outRe[i] = p[0] + p[1] / d;
      outIm[i] = (-p[1] * wt) / d;
    }
  }
  const dataRe = new Float64Array(40);
  const dataIm = new Float64Array(40);
  model(truth, dataRe, dataIm);

  it('fits a complex model through stacked Re/Im residuals', () => {
    const modulus = dataRe.map((re, i) => 1 / Math.hypot(re, dataIm[i]));
    const problem = complexResidualProblem({ m: 40, model, dataRe, dataIm, weights: modulus });
    expect(problem.m).toBe(80);
    const fit = levenbergMarquardt(problem, { initial: [5, 50, 1e-4], lower: [0, 0, 0] });
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 3; k++) expect(fit.params[k] / truth[k]).toBeCloseTo(1, 9);
  });

  it('uses an analytic complex Jacobian when given', () => {
    const problem = complexResidualProblem({
      m: 40,
      n: 3,
      model,
      dataRe,
      dataIm,
      jacobian(p, dRe, dIm) {
        for (let i = 0; i < 40; i++) {
          const w = omega[i];
          const wt = w * p[1] * p[2];
          const d = 1 + wt * wt;
          // ∂/∂R0, ∂/∂R1, ∂/∂C1 of R1/(1+iωR1C1) = R1(1 − iωR1C1)/d
          dRe[i * 3] = 1;
          dIm[i * 3] = 0;
          dRe[i * 3 + 1] = (1 - wt * wt) / (d * d);
          dIm[i * 3 + 1] = (-2 * wt) / (d * d) / 1;
          dRe[i * 3 + 2] = (-2 * p[1] * wt * w * p[1]) / (d * d);
          dIm[i * 3 + 2] = (-p[1] * w * p[1] * (1 - wt * wt)) / (d * d);
        }
      },
    });
    const fit = levenbergMarquardt(problem, { initial: [5, 50, 1e-4], lower: [0, 0, 0] });
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 3; k++) expect(fit.params[k] / truth[k]).toBeCloseTo(1, 9);
  });

  it('validates lengths', () => {
    expect(() => complexResidualProblem({ m: 3, model, dataRe: [1, 2], dataIm: [1, 2, 3] })).toThrow(/dataRe/);
  });
});
