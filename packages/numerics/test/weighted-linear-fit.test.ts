import { describe, expect, it } from 'vitest';
import { weightedLinearFit } from '../src/index';

describe('weightedLinearFit', () => {
  it('fits a weighted straight line with the textbook covariance', () => {
    // y = a + b·x with σᵢ known: cov = (AᵀWA)⁻¹ = [[Σw x², −Σw x], [−Σw x, Σw]] / Δ, Δ = Σw·Σw x² − (Σw x)²
    const x = [0, 1, 2, 3, 4, 5];
    const sigma = [0.1, 0.2, 0.1, 0.3, 0.2, 0.1];
    const noise = [0.05, -0.1, 0.02, 0.2, -0.15, 0.04];
    const y = x.map((xi, i) => 2 + 3 * xi + (noise[i] as number));
    const w = sigma.map((s) => 1 / (s * s));
    const A = new Float64Array(x.flatMap((xi) => [1, xi]));
    const fit = weightedLinearFit(A, x.length, 2, y, w, true);
    let S = 0;
    let Sx = 0;
    let Sxx = 0;
    let Sy = 0;
    let Sxy = 0;
    x.forEach((xi, i) => {
      const wi = w[i] as number;
      S += wi;
      Sx += wi * xi;
      Sxx += wi * xi * xi;
      Sy += wi * (y[i] as number);
      Sxy += wi * xi * (y[i] as number);
    });
    const delta = S * Sxx - Sx * Sx;
    expect(fit.params[0]).toBeCloseTo((Sxx * Sy - Sx * Sxy) / delta, 12);
    expect(fit.params[1]).toBeCloseTo((S * Sxy - Sx * Sy) / delta, 12);
    expect(fit.covariance[0]).toBeCloseTo(Sxx / delta, 12);
    expect(fit.covariance[1]).toBeCloseTo(-Sx / delta, 12);
    expect(fit.covariance[3]).toBeCloseTo(S / delta, 12);
    expect(fit.dof).toBe(4);
    // relative weights: the same covariance scaled by χ²ᵣ
    const relative = weightedLinearFit(A, x.length, 2, y, w);
    expect(relative.covariance[3]).toBeCloseTo((S / delta) * fit.reducedChiSquare, 12);
  });

  it('refuses a design that cannot determine every parameter', () => {
    const A = new Float64Array([1, 2, 2, 4, 3, 6]);
    expect(() => weightedLinearFit(A, 3, 2, [1, 2, 3])).toThrow(/singular normal equations/);
    expect(() => weightedLinearFit(new Float64Array([1, 2]), 1, 2, [1])).toThrow(/cannot determine/);
  });
});
