/**
 * Bluestein's chirp-z algorithm: a DFT of any length n as a cyclic convolution of length m ≥ 2n−1,
 * computed with the fast mixed-radix kernel.
 *
 * References: L. I. Bluestein, "A linear filtering approach to the computation of the discrete
 * Fourier transform", Northeast Electronics Research and Engineering Meeting Record 10, 218–219
 * (1968; IEEE Trans. Audio Electroacoust. AU-18, 451–455, 1970); L. R. Rabiner, R. W. Schafer,
 * C. M. Rader, "The chirp z-transform algorithm", IEEE Trans. Audio Electroacoust. 17, 86–92 (1969).
 *
 * With w_t = e^{−iπ t²/n}, kn = (k² + n² − (k−n)²)/2 gives X_k = w_k · Σ_j (x_j w_j) · conj(w_{k−j}).
 * The chirp phase uses t² mod 2n computed exactly in integers, so the error does not grow with n².
 */
import { MixedRadixFFT } from './mixed-radix';
import type { ComplexTransform } from './plan';

/** Relative cost of one pass of each radix per point (measured roughly on V8). */
const PASS_COST: Record<number, number> = { 2: 1.0, 3: 1.5, 4: 1.35, 5: 2.0, 8: 2.1 };

/** Estimated cost of a mixed-radix transform of length m (all factors 2, 3, 5). */
function estimatedCost(m: number): number {
  let cost = 0;
  let r = m;
  while (r % 8 === 0 && r / 8 !== 2) {
    cost += PASS_COST[8];
    r /= 8;
  }
  while (r % 4 === 0) {
    cost += PASS_COST[4];
    r /= 4;
  }
  for (const p of [2, 3, 5]) {
    while (r % p === 0) {
      cost += PASS_COST[p];
      r /= p;
    }
  }
  return m * (cost + 1);
}

/** The cheapest convolution length m ≥ minLength of the form 2^a·3^b·5^c (a ≥ 2). */
export function bluesteinLength(minLength: number): number {
  let best = 4;
  while (best < minLength) best *= 2;
  let bestCost = estimatedCost(best);
  for (let p5 = 1; p5 <= best; p5 *= 5) {
    for (let p35 = p5; p35 <= best; p35 *= 3) {
      let m = p35 * 4;
      while (m < minLength) m *= 2;
      const cost = estimatedCost(m);
      if (cost < bestCost) {
        best = m;
        bestCost = cost;
      }
    }
  }
  return best;
}

/**
 * Forward DFT of any length via Bluestein; reusable, allocation-free per call.
 *
 * The convolution length m is even and m/2 ≥ n, so the zero-padded chirped input occupies only the
 * first half: the length-m transform then splits exactly into two length-m/2 transforms (even and
 * odd bins, the odd ones after a twiddle e^{−2πij/m}), and only the first n ≤ m/2 outputs of the
 * inverse are needed, which splits the same way. Four half-length transforms instead of two full
 * ones save one pass each and keep the working set half as large.
 */
export class BluesteinFFT implements ComplexTransform {
  readonly n: number;
  /** convolution length (even, ≥ 2n − 1) */
  readonly m: number;
  private readonly half: MixedRadixFFT;
  /** w_j = e^{−iπ j²/n} */
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  /** w_j · e^{−2πi j/m} (input of the odd half) */
  private readonly wtRe: Float64Array;
  private readonly wtIm: Float64Array;
  /** w_j · e^{+2πi j/m} (output of the odd half) */
  private readonly wcRe: Float64Array;
  private readonly wcIm: Float64Array;
  /** FFT of the conjugate chirp divided by m: even bins and odd bins */
  private readonly kERe: Float64Array;
  private readonly kEIm: Float64Array;
  private readonly kORe: Float64Array;
  private readonly kOIm: Float64Array;
  private readonly aERe: Float64Array;
  private readonly aEIm: Float64Array;
  private readonly aORe: Float64Array;
  private readonly aOIm: Float64Array;
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;
  private readonly gERe: Float64Array;
  private readonly gEIm: Float64Array;
  private readonly gORe: Float64Array;
  private readonly gOIm: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    const m = bluesteinLength(2 * n - 1);
    const h = m / 2;
    this.m = m;
    this.half = new MixedRadixFFT(h);
    this.wRe = new Float64Array(n);
    this.wIm = new Float64Array(n);
    this.wtRe = new Float64Array(n);
    this.wtIm = new Float64Array(n);
    this.wcRe = new Float64Array(n);
    this.wcIm = new Float64Array(n);
    const twoN = 2 * n;
    let q = 0; // t² mod 2n, updated exactly: (t+1)² = t² + 2t + 1
    for (let t = 0; t < n; t++) {
      const chirp = (-Math.PI * q) / n;
      const tw = (-2 * Math.PI * t) / m;
      this.wRe[t] = Math.cos(chirp);
      this.wIm[t] = Math.sin(chirp);
      this.wtRe[t] = Math.cos(chirp + tw);
      this.wtIm[t] = Math.sin(chirp + tw);
      this.wcRe[t] = Math.cos(chirp - tw);
      this.wcIm[t] = Math.sin(chirp - tw);
      q = (q + 2 * t + 1) % twoN;
    }
    // kernel b_t = conj(w_|t|) on the cyclic index range (−n, n), transformed at full length once
    const full = new MixedRadixFFT(m);
    const bRe = new Float64Array(m);
    const bIm = new Float64Array(m);
    bRe[0] = 1;
    for (let t = 1; t < n; t++) {
      bRe[t] = this.wRe[t];
      bIm[t] = -this.wIm[t];
      bRe[m - t] = this.wRe[t];
      bIm[m - t] = -this.wIm[t];
    }
    const kRe = new Float64Array(m);
    const kIm = new Float64Array(m);
    full.forward(bRe, bIm, kRe, kIm);
    this.kERe = new Float64Array(h);
    this.kEIm = new Float64Array(h);
    this.kORe = new Float64Array(h);
    this.kOIm = new Float64Array(h);
    const inv = 1 / m;
    for (let k = 0; k < h; k++) {
      this.kERe[k] = kRe[2 * k] * inv;
      this.kEIm[k] = kIm[2 * k] * inv;
      this.kORe[k] = kRe[2 * k + 1] * inv;
      this.kOIm[k] = kIm[2 * k + 1] * inv;
    }
    this.aERe = new Float64Array(h);
    this.aEIm = new Float64Array(h);
    this.aORe = new Float64Array(h);
    this.aOIm = new Float64Array(h);
    this.fRe = new Float64Array(h);
    this.fIm = new Float64Array(h);
    this.gERe = new Float64Array(h);
    this.gEIm = new Float64Array(h);
    this.gORe = new Float64Array(h);
    this.gOIm = new Float64Array(h);
  }

  forward(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const h = this.m / 2;
    const { wRe, wIm, wtRe, wtIm, wcRe, wcIm, aERe, aEIm, aORe, aOIm, fRe, fIm } = this;
    // chirped input for the even and odd halves (tails [n, h) stay zero)
    for (let t = 0; t < n; t++) {
      const xr = re[t];
      const xi = im[t];
      aERe[t] = xr * wRe[t] - xi * wIm[t];
      aEIm[t] = xr * wIm[t] + xi * wRe[t];
      aORe[t] = xr * wtRe[t] - xi * wtIm[t];
      aOIm[t] = xr * wtIm[t] + xi * wtRe[t];
    }
    this.convolveHalf(aERe, aEIm, this.kERe, this.kEIm, this.gERe, this.gEIm, fRe, fIm, h);
    this.convolveHalf(aORe, aOIm, this.kORe, this.kOIm, this.gORe, this.gOIm, fRe, fIm, h);
    const { gERe, gEIm, gORe, gOIm } = this;
    for (let k = 0; k < n; k++) {
      const er = gERe[k];
      const ei = gEIm[k];
      const or = gORe[k];
      const oi = gOIm[k];
      outRe[k] = er * wRe[k] - ei * wIm[k] + or * wcRe[k] - oi * wcIm[k];
      outIm[k] = er * wIm[k] + ei * wRe[k] + or * wcIm[k] + oi * wcRe[k];
    }
  }

  /** g = unnormalised inverse FFT of (FFT(a) · kernel), all of length h. */
  private convolveHalf(
    aRe: Float64Array,
    aIm: Float64Array,
    kRe: Float64Array,
    kIm: Float64Array,
    gRe: Float64Array,
    gIm: Float64Array,
    fRe: Float64Array,
    fIm: Float64Array,
    h: number,
  ): void {
    this.half.forward(aRe, aIm, fRe, fIm);
    for (let k = 0; k < h; k++) {
      const fr = fRe[k];
      const fi = fIm[k];
      fRe[k] = fr * kRe[k] - fi * kIm[k];
      fIm[k] = fr * kIm[k] + fi * kRe[k];
    }
    this.half.forward(fIm, fRe, gIm, gRe);
  }
}
