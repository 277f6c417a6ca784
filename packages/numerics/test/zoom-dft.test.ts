import { describe, expect, it } from 'vitest';
import { rfft } from '../src/fft/real';
import { ZoomDFT } from '../src/zoom-dft';
import { maxAbs, maxAbsDiff, signalIm, signalRe } from './helpers';

/** Direct O(nm) evaluation of Σ x_j e^{−2πi(f0 + kδ)j}. */
function direct(re: Float64Array, im: Float64Array | undefined, m: number, f0: number, step: number) {
  const outRe = new Float64Array(m);
  const outIm = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < re.length; j++) {
      const ph = -2 * Math.PI * (f0 + k * step) * j;
      const c = Math.cos(ph);
      const s = Math.sin(ph);
      const xi = im ? (im[j] as number) : 0;
      sr += (re[j] as number) * c - xi * s;
      si += (re[j] as number) * s + xi * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}

describe('ZoomDFT (chirp z-transform on the unit circle)', () => {
  it.each([
    [1, 1, 0, 0.1],
    [17, 5, 0.013, 0.0021],
    [256, 300, -0.2, 0.001],
    [1791, 1400, 0.0001, 1.5e-5],
  ])('matches the direct DFT (n = %i, m = %i, f0 = %f, δ = %f)', (n, m, f0, step) => {
    const re = signalRe(n);
    const im = signalIm(n);
    const plan = new ZoomDFT(n, m, f0, step);
    const outRe = new Float64Array(m);
    const outIm = new Float64Array(m);
    plan.forward(re, im, outRe, outIm);
    const ref = direct(re, im, m, f0, step);
    const scale = Math.max(1, maxAbs(ref.re), maxAbs(ref.im));
    expect(maxAbsDiff(outRe, ref.re) / scale).toBeLessThan(1e-11);
    expect(maxAbsDiff(outIm, ref.im) / scale).toBeLessThan(1e-11);
  });
  it('equals the zero-padded real FFT on its bins (real input)', () => {
    const n = 1000;
    const N = 16384;
    const x = signalRe(n);
    const padded = new Float64Array(N);
    padded.set(x);
    const full = rfft(padded);
    const m = 700;
    const plan = new ZoomDFT(n, m, 0, 1 / N);
    const outRe = new Float64Array(m);
    const outIm = new Float64Array(m);
    plan.forward(x, undefined, outRe, outIm);
    expect(maxAbsDiff(outRe, full.re.subarray(0, m))).toBeLessThan(1e-9);
    expect(maxAbsDiff(outIm, full.im.subarray(0, m))).toBeLessThan(1e-9);
  });
  it('rejects bad sizes', () => {
    expect(() => new ZoomDFT(0, 4, 0, 0.1)).toThrow(RangeError);
    expect(() => new ZoomDFT(4, 4, Number.NaN, 0.1)).toThrow(RangeError);
  });
});
