import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BluesteinFFT,
  FFT,
  FFT2D,
  fft,
  fft2d,
  fftFrequencies,
  fftShift,
  ifft,
  ifftShift,
  irfft,
  MixedRadixFFT,
  nextPowerOfTwo,
  RealFFT,
  rfft,
  rfftFrequencies,
  zeroPad,
} from '../src/index';
import { fixture, maxAbs, maxAbsDiff, signalIm, signalRe } from './helpers';

const fx = fixture('fft.json');

function naiveDft(re: Float64Array, im: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const oRe = new Float64Array(n);
  const oIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
    oRe[k] = sr;
    oIm[k] = si;
  }
  return { re: oRe, im: oIm };
}

describe('FFT against NumPy (fixtures/fft.json)', () => {
  for (const c of fx.cases as { n: number; fftRe: number[]; fftIm: number[]; rfftRe: number[]; rfftIm: number[] }[]) {
    it(`n = ${c.n}: fft, ifft, rfft, irfft`, () => {
      const re = signalRe(c.n);
      const im = signalIm(c.n);
      const scale = Math.max(1, maxAbs(c.fftRe), maxAbs(c.fftIm));
      const X = fft(re, im);
      expect(maxAbsDiff(X.re, c.fftRe) / scale).toBeLessThan(1e-13);
      expect(maxAbsDiff(X.im, c.fftIm) / scale).toBeLessThan(1e-13);
      const back = ifft(X.re, X.im);
      expect(maxAbsDiff(back.re, re)).toBeLessThan(1e-13);
      expect(maxAbsDiff(back.im, im)).toBeLessThan(1e-13);
      const R = rfft(re);
      expect(R.re.length).toBe(Math.floor(c.n / 2) + 1);
      expect(maxAbsDiff(R.re, c.rfftRe) / scale).toBeLessThan(1e-13);
      expect(maxAbsDiff(R.im, c.rfftIm) / scale).toBeLessThan(1e-13);
      expect(maxAbsDiff(irfft(R.re, R.im, c.n), re)).toBeLessThan(1e-13);
    });
  }

  it('fft2d matches numpy.fft.fft2 and inverts', () => {
    const { rows, cols } = fx.fft2;
    const re = signalRe(rows * cols);
    const im = signalIm(rows * cols);
    const X = fft2d(re, im, rows, cols);
    expect(maxAbsDiff(X.re, fx.fft2.re)).toBeLessThan(1e-12);
    expect(maxAbsDiff(X.im, fx.fft2.im)).toBeLessThan(1e-12);
    const back = fft2d(X.re, X.im, rows, cols, true);
    expect(maxAbsDiff(back.re, re)).toBeLessThan(1e-14);
    expect(maxAbsDiff(back.im, im)).toBeLessThan(1e-14);
  });

  it('frequency helpers match fftfreq, rfftfreq, fftshift', () => {
    for (const n of [8, 9]) {
      expect(maxAbsDiff(fftFrequencies(n, 0.1), fx.fftfreq[n])).toBeLessThan(1e-12);
      expect(maxAbsDiff(rfftFrequencies(n, 0.1), fx.rfftfreq[n])).toBeLessThan(1e-12);
      const idx = Float64Array.from({ length: n }, (_, i) => i);
      expect(Array.from(fftShift(idx))).toEqual(fx.fftshift[n]);
      expect(Array.from(ifftShift(fftShift(idx)))).toEqual(Array.from(idx));
    }
    expect(nextPowerOfTwo(1000)).toBe(1024);
    expect(nextPowerOfTwo(1024)).toBe(1024);
    expect(Array.from(zeroPad([1, 2], 4))).toEqual([1, 2, 0, 0]);
  });
});

describe('FFT kernels against a direct DFT', () => {
  const lengths = [1, 2, 3, 4, 6, 9, 11, 13, 16, 25, 26, 49, 64, 77, 121, 143, 169, 243, 256, 289, 343, 512, 625, 1024, 1031, 2310];
  for (const n of lengths) {
    it(`n = ${n}`, () => {
      const re = signalRe(n);
      const im = signalIm(n);
      const ref = naiveDft(re, im);
      const plan = new FFT(n);
      const oRe = new Float64Array(n);
      const oIm = new Float64Array(n);
      plan.forward(re, im, oRe, oIm);
      const tol = 1e-13 * n;
      expect(maxAbsDiff(oRe, ref.re)).toBeLessThan(tol);
      expect(maxAbsDiff(oIm, ref.im)).toBeLessThan(tol);
      // Bluestein must agree for every length, too
      const blue = new BluesteinFFT(n);
      blue.forward(re, im, oRe, oIm);
      expect(maxAbsDiff(oRe, ref.re)).toBeLessThan(tol);
      expect(maxAbsDiff(oIm, ref.im)).toBeLessThan(tol);
    });
  }

  it('in-place transforms give the same result', () => {
    for (const n of [8, 12, 97]) {
      const re = signalRe(n);
      const im = signalIm(n);
      const ref = naiveDft(re, im);
      const plan = new FFT(n);
      plan.forward(re, im, re, im);
      expect(maxAbsDiff(re, ref.re)).toBeLessThan(1e-12);
      expect(maxAbsDiff(im, ref.im)).toBeLessThan(1e-12);
    }
  });

  it('a pure tone lands in one bin (sign convention e^{−2πikn/N})', () => {
    const n = 64;
    const k0 = 5;
    const re = Float64Array.from({ length: n }, (_, j) => Math.cos((2 * Math.PI * k0 * j) / n));
    const im = Float64Array.from({ length: n }, (_, j) => Math.sin((2 * Math.PI * k0 * j) / n));
    const X = fft(re, im);
    expect(X.re[k0]).toBeCloseTo(n, 10);
    for (let k = 0; k < n; k++) if (k !== k0) expect(Math.hypot(X.re[k], X.im[k])).toBeLessThan(1e-11);
  });

  it('large prime length (100003) is accurate against a few directly computed bins', () => {
    const n = 100003;
    const re = signalRe(n);
    const im = signalIm(n);
    const X = fft(re, im);
    for (const k of [0, 1, 777, 50001, 99999]) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * ((j * k) % n)) / n;
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      expect(Math.abs(X.re[k] - sr)).toBeLessThan(1e-8);
      expect(Math.abs(X.im[k] - si)).toBeLessThan(1e-8);
    }
  });

  it('plans reject arrays that are too short instead of producing NaN', () => {
    expect(() => new FFT(8).forward(new Float64Array(4), new Float64Array(8), new Float64Array(8), new Float64Array(8))).toThrow(/too short/);
    expect(() => new RealFFT(8).forward(new Float64Array(8), new Float64Array(4), new Float64Array(5))).toThrow(/RealFFT/);
    expect(() => new FFT2D(2, 3).transform(new Float64Array(5), new Float64Array(6), new Float64Array(6), new Float64Array(6))).toThrow(/2×3/);
  });

  it('MixedRadixFFT rejects bad lengths', () => {
    expect(() => new MixedRadixFFT(0)).toThrow(RangeError);
    expect(() => new FFT(2.5)).toThrow(RangeError);
    expect(() => new RealFFT(-1)).toThrow(RangeError);
  });

  it('FFT2D plan equals the convenience function', () => {
    const rows = 5;
    const cols = 8;
    const re = signalRe(rows * cols);
    const im = signalIm(rows * cols);
    const ref = fft2d(re, im, rows, cols);
    const plan = new FFT2D(rows, cols);
    const oRe = new Float64Array(rows * cols);
    const oIm = new Float64Array(rows * cols);
    plan.transform(re, im, oRe, oIm);
    expect(maxAbsDiff(oRe, ref.re)).toBe(0);
    expect(maxAbsDiff(oIm, ref.im)).toBe(0);
  });
});

describe('FFT properties (fast-check)', () => {
  const complexSignal = fc
    .integer({ min: 1, max: 300 })
    .chain((n) =>
      fc.tuple(
        fc.float64Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }),
        fc.float64Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }),
      ),
    );

  it('ifft(fft(x)) = x', () => {
    fc.assert(
      fc.property(complexSignal, ([re, im]) => {
        const X = fft(re, im);
        const back = ifft(X.re, X.im);
        const scale = Math.max(1, maxAbs(re), maxAbs(im));
        return maxAbsDiff(back.re, re) <= 1e-12 * scale && maxAbsDiff(back.im, im) <= 1e-12 * scale;
      }),
      { numRuns: 150 },
    );
  });

  it('Parseval: Σ|x|² = Σ|X|²/N', () => {
    fc.assert(
      fc.property(complexSignal, ([re, im]) => {
        const n = re.length;
        const X = fft(re, im);
        let ex = 0;
        let eX = 0;
        for (let i = 0; i < n; i++) {
          ex += re[i] * re[i] + im[i] * im[i];
          eX += X.re[i] * X.re[i] + X.im[i] * X.im[i];
        }
        return Math.abs(ex - eX / n) <= 1e-11 * Math.max(1, ex);
      }),
      { numRuns: 150 },
    );
  });

  it('irfft(rfft(x), n) = x for real x of any length', () => {
    fc.assert(
      fc.property(fc.float64Array({ minLength: 1, maxLength: 300, noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), (x) => {
        const R = rfft(x);
        const back = irfft(R.re, R.im, x.length);
        return maxAbsDiff(back, x) <= 1e-12 * Math.max(1, maxAbs(x));
      }),
      { numRuns: 150 },
    );
  });

  it('linearity: fft(a·x + y) = a·fft(x) + fft(y)', () => {
    fc.assert(
      fc.property(complexSignal, fc.double({ min: -10, max: 10, noNaN: true }), ([re, im], a) => {
        const X = fft(re, im);
        const Y = fft(im, re);
        const Z = fft(
          re.map((v, i) => a * v + im[i]),
          im.map((v, i) => a * v + re[i]),
        );
        const scale = re.length * Math.max(1, maxAbs(re), maxAbs(im)) * Math.max(1, Math.abs(a));
        for (let k = 0; k < re.length; k++) {
          if (Math.abs(Z.re[k] - (a * X.re[k] + Y.re[k])) > 1e-12 * scale) return false;
          if (Math.abs(Z.im[k] - (a * X.im[k] + Y.im[k])) > 1e-12 * scale) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });
});
