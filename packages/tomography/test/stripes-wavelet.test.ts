import { describe, expect, it } from 'vitest';
import { daubechies, WAVELET_NAMES } from '../src/preprocess/daubechies';
import { coefficientLength, Dwt1d, maxLevel, Wavedec2 } from '../src/preprocess/dwt';
import { removeStripesSorting } from '../src/preprocess/stripes';
import { removeStripesWaveletFourier, WaveletStripeFilter } from '../src/preprocess/stripes-wavelet';
import { fbp } from '../src/recon/fbp';
import { rng } from './helpers';
import { type Disc, discsSinogram, rmseInCircle, thetas } from './phantom';

const norm = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
};
const normOfDifference = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - (y[i] as number)) ** 2;
  return Math.sqrt(s);
};

describe('Daubechies filters by spectral factorisation', () => {
  it('db2 equals its closed form (1+√3, 3+√3, 3−√3, 1−√3)/(4√2)', () => {
    const s3 = Math.sqrt(3);
    const expected = [1 + s3, 3 + s3, 3 - s3, 1 - s3].map((v) => v / (4 * Math.SQRT2));
    daubechies('db2').recLo.forEach((v, k) => expect(Math.abs(v - (expected[k] as number))).toBeLessThan(1e-15));
    expect(Array.from(daubechies('db1').recLo)).toEqual([Math.SQRT1_2, Math.SQRT1_2]);
  });

  it('db1 … db10 are orthonormal under even shifts, sum to √2 and have N vanishing moments', () => {
    for (const name of WAVELET_NAMES) {
      const { recLo: h, decHi, length } = daubechies(name);
      const order = length / 2;
      expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.SQRT2, 13);
      for (let m = 0; m < order; m++) {
        let s = 0;
        for (let k = 0; k + 2 * m < length; k++) s += (h[k] as number) * (h[k + 2 * m] as number);
        expect(Math.abs(s - (m === 0 ? 1 : 0))).toBeLessThan(1e-13);
      }
      // the high-pass annihilates polynomials of degree < N: Σ k^p g_k = 0 (scaled by L^p)
      for (let p = 0; p < order; p++) {
        let s = 0;
        for (let k = 0; k < length; k++) s += k ** p * (decHi[k] as number);
        expect(Math.abs(s) / length ** p).toBeLessThan(1e-12);
      }
    }
  });
});

describe('2-D DWT with symmetric extension', () => {
  it('reconstructs perfectly (round trip ≤ 1e-10) for every wavelet, odd and even shapes, down to the deepest level', () => {
    const r = rng(11);
    for (const name of WAVELET_NAMES) {
      const f = daubechies(name);
      for (const [rows, cols] of [
        [181, 128],
        [64, 97],
        [7, 5],
        [1, 33],
      ] as const) {
        const levels = Math.max(1, maxLevel(Math.min(rows, cols), f.length));
        const image = Float64Array.from({ length: rows * cols }, () => r() - 0.5);
        const w = new Wavedec2(rows, cols, levels, f);
        w.decompose(image);
        const back = new Float64Array(rows * cols);
        w.reconstruct(back);
        let worst = 0;
        for (let i = 0; i < back.length; i++) worst = Math.max(worst, Math.abs((back[i] as number) - (image[i] as number)));
        expect(worst, `${name} ${rows}×${cols}, ${levels} levels`).toBeLessThan(1e-10);
      }
    }
  });

  it('keeps PyWavelets’ coefficient lengths, and a polynomial of degree < N has zero interior details', () => {
    expect(coefficientLength(8, 4)).toBe(5);
    expect(coefficientLength(181, 10)).toBe(95);
    expect(maxLevel(181, 10)).toBe(4);
    const f = daubechies('db3');
    const n = 40;
    const x = Float64Array.from({ length: n }, (_, i) => 0.3 * i * i - 2 * i + 1);
    const m = coefficientLength(n, f.length);
    const a = new Float64Array(m);
    const d = new Float64Array(m);
    new Dwt1d(f).analyse(x, 0, 1, n, a, 0, 1, d, 0, 1);
    // coefficients o whose support 2o + 1 − j, j < F, lies inside [0, n) see no boundary
    for (let o = f.length / 2; o < n / 2; o++) expect(Math.abs(d[o] as number)).toBeLessThan(1e-9);
    // a vertical stripe pattern (constant along axis 0) lands in the vertical detail band only
    const rows = 60;
    const stripes = Float64Array.from({ length: rows * n }, (_, i) => ((i % n) % 7 === 3 ? 1 : 0));
    const w = new Wavedec2(rows, n, 2, daubechies('db5'));
    w.decompose(stripes);
    for (const band of w.levels) {
      expect(norm(band.horizontal)).toBeLessThan(1e-12);
      expect(norm(band.diagonal)).toBeLessThan(1e-12);
      expect(norm(band.vertical)).toBeGreaterThan(1);
    }
  });
});

describe('wavelet–Fourier stripe removal (Münch et al. 2009)', () => {
  // 60 discs (r = 2–8 px, μ = 0.02–0.06 per px) scattered inside r = 55 px of a 128-px detector, 180 angles over 180°
  const n = 128;
  const na = 180;
  const theta = thetas(na);
  const r = rng(7);
  const discs: Disc[] = [];
  while (discs.length < 60) {
    const radius = 2 + 6 * r();
    const rho = 55 * Math.sqrt(r());
    const phi = 2 * Math.PI * r();
    discs.push({ x: rho * Math.cos(phi), y: rho * Math.sin(phi), r: radius, value: 0.02 + 0.04 * r() });
  }
  const clean = discsSinogram(discs, theta, n);
  const peak = Math.max(...clean);
  // constant-offset stripes (defective pixels) in ≈ 10 % of the columns, ± 5–10 % of the largest line integral
  const offsets = new Float64Array(n).map(() => (r() < 0.1 ? 0.1 * peak * (r() < 0.5 ? -1 : 1) * (0.5 + 0.5 * r()) : 0));
  const stripes = new Float64Array(na * n);
  for (let a = 0; a < na; a++) stripes.set(offsets, a * n);
  const striped = clean.map((v, i) => v + (stripes[i] as number));

  // the filter is linear: what it does to the stripes and to the object can be measured apart
  it('removes the stripes’ energy (≥ 4× at 2 levels, ≥ 10× at 3) and changes the stripe-free sinogram by < 1.5 % (2 levels)', () => {
    const energyLeft = (levels: number) => {
      const s = stripes.slice();
      removeStripesWaveletFourier(s, na, n, { levels, sigma: 1 });
      return (norm(s) / norm(stripes)) ** 2;
    };
    // measured 0.235 and 0.092: what is left is the stripes' part in the coarsest approximation band
    expect(energyLeft(2)).toBeLessThan(1 / 4);
    expect(energyLeft(3)).toBeLessThan(1 / 10);
    const c = clean.slice();
    removeStripesWaveletFourier(c, na, n, { levels: 2, sigma: 1 });
    // measured 1.27 % (an energy change of 1.6e-4, the paper's "energy loss")
    expect(normOfDifference(c, clean) / norm(clean)).toBeLessThan(0.015);
    // on a sinogram of stripes only, the filter keeps only what the coarsest approximation holds
    const striped2 = striped.slice();
    new WaveletStripeFilter(na, n, { levels: 2, sigma: 1 }).apply(striped2);
    expect(normOfDifference(striped2, clean)).toBeLessThan(0.55 * normOfDifference(striped, clean));
  });

  it('lowers the ring RMSE of the reconstruction ≥ 2.5× (better than sorting on these one-pixel stripes)', () => {
    const reference = fbp(clean, theta, n);
    const before = rmseInCircle(fbp(striped, theta, n), reference, n, 60);
    const filtered = striped.slice();
    removeStripesWaveletFourier(filtered, na, n, { levels: 2, sigma: 1, wavelet: 'db5' });
    const after = rmseInCircle(fbp(filtered, theta, n), reference, n, 60);
    const sorted = striped.slice();
    removeStripesSorting(sorted, na, n, 5);
    const afterSorting = rmseInCircle(fbp(sorted, theta, n), reference, n, 60);
    // measured 0.01066 → 0.00378 (2.8×); sorting 0.00529
    expect(after).toBeLessThan(before / 2.5);
    expect(after).toBeLessThan(afterSorting);
  });

  it('reuses one filter for a stack, clamps levels to the sinogram and refuses a wrong shape', () => {
    const f = new WaveletStripeFilter(na, n, { levels: 9 });
    expect(f.levels).toBe(maxLevel(n, 10)); // 128 detector pixels, db5: 3
    const a = striped.slice();
    const b = striped.slice();
    f.apply(a);
    f.apply(b);
    expect(b).toEqual(a);
    const single = striped.slice();
    removeStripesWaveletFourier(single, na, n, { levels: 9 });
    expect(single).toEqual(a);
    expect(() => f.apply(new Float64Array(10))).toThrow(RangeError);
    expect(() => new WaveletStripeFilter(na, n, { sigma: 0 })).toThrow(RangeError);
    expect(() => daubechies('db11')).toThrow(RangeError);
  });
});
