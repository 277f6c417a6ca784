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
const PASS_COST: Record<number, number> = { 2: 1.0, 3: 1.5, 4: 1.35, 5: 2.0 };

/** Estimated cost of a mixed-radix transform of length m (all factors 2, 3, 5). */
function estimatedCost(m: number): number {
  let cost = 0;
  let r = m;
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
  /** t_j = e^{−2πi j/m}: twiddle between the even and odd halves */
  private readonly tRe: Float64Array;
  private readonly tIm: Float64Array;
  /** FFT of the conjugate chirp divided by m: even bins and odd bins */
  private readonly kERe: Float64Array;
  private readonly kEIm: Float64Array;
  private readonly kORe: Float64Array;
  private readonly kOIm: Float64Array;
  /** chirped inputs of the two halves; they also receive the inverse transforms */
  private readonly aERe: Float64Array;
  private readonly aEIm: Float64Array;
  private readonly aORe: Float64Array;
  private readonly aOIm: Float64Array;
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    const m = bluesteinLength(2 * n - 1);
    const h = m / 2;
    this.m = m;
    this.half = new MixedRadixFFT(h);
    this.wRe = new Float64Array(n);
    this.wIm = new Float64Array(n);
    this.tRe = new Float64Array(n);
    this.tIm = new Float64Array(n);
    const twoN = 2 * n;
    let q = 0; // t² mod 2n, updated exactly: (t+1)² = t² + 2t + 1
    for (let t = 0; t < n; t++) {
      const chirp = (-Math.PI * q) / n;
      this.wRe[t] = Math.cos(chirp);
      this.wIm[t] = Math.sin(chirp);
      this.tRe[t] = Math.cos((-2 * Math.PI * t) / m);
      this.tIm[t] = Math.sin((-2 * Math.PI * t) / m);
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
  }

  forward(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const h = this.m / 2;
    const { wRe, wIm, tRe, tIm, aERe, aEIm, aORe, aOIm } = this;
    // chirped input of the even half, and of the odd half (× t); the tails [n, h) must be zero
    for (let t = 0; t < n; t++) {
      const xr = re[t];
      const xi = im[t];
      const er = xr * wRe[t] - xi * wIm[t];
      const ei = xr * wIm[t] + xi * wRe[t];
      aERe[t] = er;
      aEIm[t] = ei;
      aORe[t] = er * tRe[t] - ei * tIm[t];
      aOIm[t] = er * tIm[t] + ei * tRe[t];
    }
    aERe.fill(0, n);
    aEIm.fill(0, n);
    aORe.fill(0, n);
    aOIm.fill(0, n);
    // each half: a → FFT → × kernel → inverse FFT back into a
    this.convolveHalf(aERe, aEIm, this.kERe, this.kEIm, h);
    this.convolveHalf(aORe, aOIm, this.kORe, this.kOIm, h);
    // X_k = w_k (g_even,k + conj(t_k) g_odd,k)
    for (let k = 0; k < n; k++) {
      const or = aORe[k];
      const oi = aOIm[k];
      const sr = aERe[k] + or * tRe[k] + oi * tIm[k];
      const si = aEIm[k] + oi * tRe[k] - or * tIm[k];
      outRe[k] = sr * wRe[k] - si * wIm[k];
      outIm[k] = sr * wIm[k] + si * wRe[k];
    }
  }

  /** a ← unnormalised inverse FFT of (FFT(a) · kernel), all of length h. */
  private convolveHalf(aRe: Float64Array, aIm: Float64Array, kRe: Float64Array, kIm: Float64Array, h: number): void {
    const { fRe, fIm } = this;
    this.half.forward(aRe, aIm, fRe, fIm);
    for (let k = 0; k < h; k++) {
      const fr = fRe[k];
      const fi = fIm[k];
      fRe[k] = fr * kRe[k] - fi * kIm[k];
      fIm[k] = fr * kIm[k] + fi * kRe[k];
    }
    this.half.forward(fIm, fRe, aIm, aRe);
  }
}
