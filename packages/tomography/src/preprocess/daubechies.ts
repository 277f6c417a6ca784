/**
 * Daubechies orthogonal wavelet filters dbN (N vanishing moments, 2N taps), computed rather than
 * tabulated: I. Daubechies, "Orthonormal bases of compactly supported wavelets", Commun. Pure
 * Appl. Math. 41, 909–996 (1988); "Ten Lectures on Wavelets" (SIAM 1992), §6.1.
 *
 * The low-pass filter is H(z) = ((1 + z)/2)^N · Q(z) with |Q(e^{iω})|² = P(sin²(ω/2)) and
 * P(y) = Σ_{k<N} C(N−1+k, k) y^k. Each root y_j of P gives a reciprocal pair of roots of Q through
 * z + 1/z = 2 − 4y_j; keeping the one inside the unit circle gives the minimum-phase ("extremal
 * phase") solution, the filters PyWavelets and MATLAB call dbN. Coefficients are returned in
 * PyWavelets' `rec_lo` order (the largest taps first; db2 = (1+√3, 3+√3, 3−√3, 1−√3)/(4√2)).
 * Spectral factorisation in double precision stays at ~1e-14 up to N ≈ 10; beyond that the roots
 * of P lose digits, so the family is limited to db1 (Haar) … db10.
 */

export const DAUBECHIES_ORDERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type WaveletName = `db${(typeof DAUBECHIES_ORDERS)[number]}`;
export const WAVELET_NAMES = DAUBECHIES_ORDERS.map((n) => `db${n}` as WaveletName) as [WaveletName, ...WaveletName[]];

/** The four filters of an orthogonal two-channel filter bank (PyWavelets' conventions). */
export interface WaveletFilters {
  name: string;
  /** filter length F = 2N */
  length: number;
  decLo: Float64Array;
  decHi: Float64Array;
  recLo: Float64Array;
  recHi: Float64Array;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * All complex roots of the real polynomial Σ c[k] y^k (ascending powers) by the Durand–Kerner
 * iteration, each polished by Newton steps on the undeflated polynomial.
 */
function polynomialRoots(c: Float64Array): { re: Float64Array; im: Float64Array } {
  const deg = c.length - 1;
  const re = new Float64Array(deg);
  const im = new Float64Array(deg);
  if (deg < 1) return { re, im };
  const lead = c[deg] as number;
  // monic coefficients, ascending
  const a = Float64Array.from(c, (v) => v / lead);
  const evalAt = (xr: number, xi: number): [number, number, number, number] => {
    // Horner for p and p′
    let pr = 1;
    let pi = 0;
    let dr = 0;
    let di = 0;
    for (let k = deg - 1; k >= 0; k--) {
      const ndr = dr * xr - di * xi + pr;
      const ndi = dr * xi + di * xr + pi;
      dr = ndr;
      di = ndi;
      const npr = pr * xr - pi * xi + (a[k] as number);
      const npi = pr * xi + pi * xr;
      pr = npr;
      pi = npi;
    }
    return [pr, pi, dr, di];
  };
  // starting points on a circle of the Cauchy bound's radius, rotated off the real axis
  let bound = 0;
  for (let k = 0; k < deg; k++) bound = Math.max(bound, Math.abs(a[k] as number));
  const radius = 1 + bound;
  for (let j = 0; j < deg; j++) {
    const t = (2 * Math.PI * j) / deg + 0.4;
    re[j] = radius * 0.5 * Math.cos(t);
    im[j] = radius * 0.5 * Math.sin(t);
  }
  for (let iter = 0; iter < 2000; iter++) {
    let change = 0;
    for (let j = 0; j < deg; j++) {
      const xr = re[j] as number;
      const xi = im[j] as number;
      const [pr, pi] = evalAt(xr, xi);
      // denominator Π_{k≠j} (x_j − x_k)
      let qr = 1;
      let qi = 0;
      for (let k = 0; k < deg; k++) {
        if (k === j) continue;
        const ur = xr - (re[k] as number);
        const ui = xi - (im[k] as number);
        const nr = qr * ur - qi * ui;
        qi = qr * ui + qi * ur;
        qr = nr;
      }
      const den = qr * qr + qi * qi || Number.MIN_VALUE;
      const sr = (pr * qr + pi * qi) / den;
      const si = (pi * qr - pr * qi) / den;
      re[j] = xr - sr;
      im[j] = xi - si;
      change = Math.max(change, Math.hypot(sr, si) / Math.max(1, Math.hypot(xr, xi)));
    }
    if (change < 1e-15) break;
  }
  for (let j = 0; j < deg; j++) {
    for (let s = 0; s < 3; s++) {
      const [pr, pi, dr, di] = evalAt(re[j] as number, im[j] as number);
      const den = dr * dr + di * di;
      if (den === 0) break;
      re[j] = (re[j] as number) - (pr * dr + pi * di) / den;
      im[j] = (im[j] as number) - (pi * dr - pr * di) / den;
    }
  }
  return { re, im };
}

const cache = new Map<string, WaveletFilters>();

/** The filters of `dbN` (N = 1 … 10). */
export function daubechies(name: WaveletName | string): WaveletFilters {
  const hit = cache.get(name);
  if (hit) return hit;
  const m = /^db(\d+)$/.exec(name);
  const order = m ? Number(m[1]) : Number.NaN;
  if (!(order >= 1 && order <= 10)) throw new RangeError(`unknown wavelet ${name}: expected db1 … db10`);
  // P(y), ascending powers
  const p = new Float64Array(order);
  for (let k = 0; k < order; k++) p[k] = binomial(order - 1 + k, k);
  const yRoots = polynomialRoots(p);
  // polynomial in z, coefficients ascending: start with (1 + z)^N
  let poly: { re: Float64Array; im: Float64Array } = { re: new Float64Array([1]), im: new Float64Array([0]) };
  const multiply = (br: number, bi: number) => {
    // poly · (z − b)
    const n = poly.re.length;
    const re = new Float64Array(n + 1);
    const im = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      const cr = poly.re[k] as number;
      const ci = poly.im[k] as number;
      re[k + 1] = (re[k + 1] as number) + cr;
      im[k + 1] = (im[k + 1] as number) + ci;
      re[k] = (re[k] as number) - (cr * br - ci * bi);
      im[k] = (im[k] as number) - (cr * bi + ci * br);
    }
    poly = { re, im };
  };
  for (let k = 0; k < order; k++) multiply(-1, 0);
  for (let j = 0; j < order - 1; j++) {
    // z² − (2 − 4y)z + 1 = 0: z = w ± √(w² − 1) with w = 1 − 2y
    const wr = 1 - 2 * (yRoots.re[j] as number);
    const wi = -2 * (yRoots.im[j] as number);
    // complex sqrt of w² − 1
    const dr = wr * wr - wi * wi - 1;
    const di = 2 * wr * wi;
    const mod = Math.hypot(dr, di);
    const sr = Math.sqrt(Math.max(0, (mod + dr) / 2));
    let si = Math.sqrt(Math.max(0, (mod - dr) / 2));
    if (di < 0) si = -si;
    let zr = wr + sr;
    let zi = wi + si;
    if (Math.hypot(zr, zi) > 1) {
      zr = wr - sr;
      zi = wi - si;
    }
    multiply(zr, zi);
  }
  // real coefficients (imaginary parts cancel between conjugate roots); rec_lo = descending powers
  const length = 2 * order;
  const recLo = new Float64Array(length);
  let sum = 0;
  for (let k = 0; k < length; k++) {
    recLo[k] = poly.re[length - 1 - k] as number;
    sum += recLo[k] as number;
  }
  for (let k = 0; k < length; k++) recLo[k] = ((recLo[k] as number) * Math.SQRT2) / sum;
  const decLo = new Float64Array(length);
  const decHi = new Float64Array(length);
  const recHi = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    decLo[k] = recLo[length - 1 - k] as number;
    // quadrature mirror: dec_hi[k] = (−1)^(k+1) rec_lo[k], rec_hi = reversed dec_hi
    decHi[k] = (k % 2 ? 1 : -1) * (recLo[k] as number);
  }
  for (let k = 0; k < length; k++) recHi[k] = decHi[length - 1 - k] as number;
  const filters = { name: `db${order}`, length, decLo, decHi, recLo, recHi };
  cache.set(name, filters);
  return filters;
}
