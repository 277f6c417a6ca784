import { describe, expect, it } from 'vitest';
import {
  areaFromHeight,
  digamma,
  evaluatePeak,
  gaussian,
  levenbergMarquardt,
  logGamma,
  lorentzian,
  PEAK_PARAMETERS,
  type PeakShape,
  peakArea,
  peakFwhm,
  peakHeight,
  pearsonVII,
  pseudoVoigt,
  splitPseudoVoigt,
  trapezoid,
} from '../src/index';

const CASES: [PeakShape, number[]][] = [
  ['gaussian', [1.5, 0.8, 2.5]],
  ['lorentzian', [1.5, 0.8, 2.5]],
  ['pseudoVoigt', [1.5, 0.8, 0.35, 2.5]],
  ['pearsonVII', [1.5, 0.8, 1.7, 2.5]],
  ['splitPseudoVoigt', [1.5, 0.6, 1.1, 0.2, 0.7, 2.5]],
];

/** ∫ over a very wide grid (Lorentzian tails decay as 1/x², so add the analytic tail) */
function integrate(shape: PeakShape, params: number[]): number {
  const n = 400001;
  const lo = -2000;
  const hi = 2000;
  const x = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  const out = new Float64Array(n);
  evaluatePeak(shape, params, x, out);
  return trapezoid(out, x);
}

describe('peak shapes', () => {
  for (const [shape, params] of CASES) {
    it(`${shape}: area, FWHM, height and centre`, () => {
      const area = peakArea(shape, params);
      expect(area).toBe(2.5);
      // tails beyond ±2000 of a Lorentzian-like profile hold ~ 2·A·w/(π·2000·…) ≈ 2e-4 relative
      expect(Math.abs(integrate(shape, params) / area - 1)).toBeLessThan(shape === 'gaussian' ? 1e-9 : 5e-4);
      const height = peakHeight(shape, params);
      const c = params[0];
      const out = new Float64Array(2);
      if (shape === 'splitPseudoVoigt') {
        evaluatePeak(shape, params, [c - params[1] / 2, c + params[2] / 2], out);
        expect(peakFwhm(shape, params)).toBeCloseTo((params[1] + params[2]) / 2, 14);
      } else {
        const w = peakFwhm(shape, params);
        evaluatePeak(shape, params, [c - w / 2, c + w / 2], out);
      }
      expect(out[0] / height).toBeCloseTo(0.5, 12);
      expect(out[1] / height).toBeCloseTo(0.5, 12);
      // maximum at the centre
      const probe = new Float64Array(3);
      evaluatePeak(shape, params, [c - 1e-3, c, c + 1e-3], probe);
      expect(probe[1]).toBeGreaterThan(probe[0]);
      expect(probe[1]).toBeGreaterThan(probe[2]);
      expect(areaFromHeight(shape, params, height)).toBeCloseTo(2.5, 12);
    });

    it(`${shape}: analytic parameter derivatives match central differences`, () => {
      // the grid avoids x = c exactly, where the split profile has a kink in its centre derivative
      const x = Float64Array.from({ length: 41 }, (_, i) => -1.013 + (i * 5) / 40);
      const np = params.length;
      const value = new Float64Array(x.length);
      const grad = new Float64Array(x.length * np);
      evaluatePeak(shape, params, x, value, grad);
      const plus = new Float64Array(x.length);
      const minus = new Float64Array(x.length);
      for (let k = 0; k < np; k++) {
        const h = 1e-6 * Math.max(1, Math.abs(params[k]));
        const pp = params.slice();
        const pm = params.slice();
        pp[k] += h;
        pm[k] -= h;
        evaluatePeak(shape, pp, x, plus);
        evaluatePeak(shape, pm, x, minus);
        for (let i = 0; i < x.length; i++) {
          const fd = (plus[i] - minus[i]) / (2 * h);
          expect(Math.abs(grad[i * np + k] - fd), `${PEAK_PARAMETERS[shape][k]} at x = ${x[i]}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
        }
      }
    });
  }

  it('scalar functions agree with evaluatePeak and with each other in the limits', () => {
    const xs = [-1, 0.3, 1.5, 2.2, 4];
    for (const t of xs) {
      expect(pseudoVoigt(t, 1.5, 0.8, 0, 2)).toBeCloseTo(gaussian(t, 1.5, 0.8, 2), 14);
      expect(pseudoVoigt(t, 1.5, 0.8, 1, 2)).toBeCloseTo(lorentzian(t, 1.5, 0.8, 2), 14);
      // Pearson VII: m = 1 is a Lorentzian, large m tends to a Gaussian
      expect(pearsonVII(t, 1.5, 0.8, 1, 2)).toBeCloseTo(lorentzian(t, 1.5, 0.8, 2), 12);
      expect(Math.abs(pearsonVII(t, 1.5, 0.8, 2000, 2) - gaussian(t, 1.5, 0.8, 2))).toBeLessThan(2e-3);
      expect(splitPseudoVoigt(t, 1.5, 0.8, 0.8, 0.3, 0.3, 2)).toBeCloseTo(pseudoVoigt(t, 1.5, 0.8, 0.3, 2), 13);
    }
    const out = new Float64Array(1);
    evaluatePeak('pearsonVII', [1.5, 0.8, 1.7, 2.5], [2.2], out);
    expect(out[0]).toBeCloseTo(pearsonVII(2.2, 1.5, 0.8, 1.7, 2.5), 15);
  });

  it('gamma and digamma special values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 13);
  });

  it('validates parameters', () => {
    expect(() => evaluatePeak('gaussian', [1, 2], [0], new Float64Array(1))).toThrow(/3 parameters/);
    expect(() => evaluatePeak('pearsonVII', [0, 1, 0.4, 1], [0], new Float64Array(1))).toThrow(/m must be > 0.5/);
  });

  it('fits a pseudo-Voigt with the analytic gradient through levenbergMarquardt', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i * 0.05);
    const truth = [4.2, 0.9, 0.4, 3];
    const y = new Float64Array(200);
    evaluatePeak('pseudoVoigt', truth, x, y);
    const model = new Float64Array(200);
    const grad = new Float64Array(200 * 4);
    const fit = levenbergMarquardt(
      {
        m: 200,
        residuals(p, out) {
          evaluatePeak('pseudoVoigt', p, x, model);
          for (let i = 0; i < 200; i++) out[i] = model[i] - y[i];
        },
        jacobian(p, J) {
          evaluatePeak('pseudoVoigt', p, x, model, grad);
          J.set(grad);
        },
      },
      { initial: [4, 1.2, 0.5, 2], lower: [0, 0.01, 0, 0], upper: [10, 5, 1, 100] },
    );
    expect(fit.converged).toBe(true);
    for (let k = 0; k < 4; k++) expect(fit.params[k]).toBeCloseTo(truth[k], 10);
  });
});
