/**
 * Real-input FFT returning the n/2+1 non-negative-frequency bins (NumPy `rfft`/`irfft`).
 *
 * For even n the n real samples are packed as n/2 complex values z_j = x_{2j} + i·x_{2j+1}, one
 * complex FFT of length n/2 is taken and the spectrum is untangled with
 * X_k = E_k + e^{−2πik/n} O_k, E_k = (Z_k + Z*_{n/2−k})/2, O_k = (Z_k − Z*_{n/2−k})/(2i)
 * (Cooley, Lewis & Welch, J. Sound Vib. 12, 315–337, 1970). Odd n use a full complex transform.
 */
import { FFT } from './fft';
import { MixedRadixFFT } from './mixed-radix';

/** A reusable real FFT plan of fixed length n ≥ 1. */
export class RealFFT {
  /** number of real samples */
  readonly size: number;
  /** number of output bins, ⌊n/2⌋ + 1 */
  readonly bins: number;
  private readonly complex: FFT;
  /** the half-length kernel when it is mixed-radix (reads the packed samples directly) */
  private readonly packed: MixedRadixFFT | null;
  private readonly even: boolean;
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly tRe: Float64Array;
  private readonly tIm: Float64Array;

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`RealFFT length must be a positive integer, got ${n}`);
    this.size = n;
    this.bins = Math.floor(n / 2) + 1;
    this.even = n % 2 === 0 && n >= 2;
    const inner = this.even ? n / 2 : n;
    this.complex = new FFT(inner);
    this.packed = this.even && this.complex.kernel instanceof MixedRadixFFT ? this.complex.kernel : null;
    this.zRe = new Float64Array(inner);
    this.zIm = new Float64Array(inner);
    this.tRe = new Float64Array(inner);
    this.tIm = new Float64Array(inner);
    const quarter = this.even ? Math.floor(n / 4) + 1 : 0;
    this.twRe = new Float64Array(quarter);
    this.twIm = new Float64Array(quarter);
    for (let k = 0; k < quarter; k++) {
      this.twRe[k] = Math.cos((-2 * Math.PI * k) / n);
      this.twIm[k] = Math.sin((-2 * Math.PI * k) / n);
    }
  }

  /** Forward transform of x[0..n) into outRe/outIm[0..n/2] (length ≥ {@link RealFFT.bins}). */
  forward(x: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    if (x.length < n || outRe.length < this.bins || outIm.length < this.bins) {
      throw new RangeError(`RealFFT of length ${n}: need x ≥ ${n} and outputs ≥ ${this.bins} values (got ${x.length}, ${outRe.length}, ${outIm.length})`);
    }
    if (!this.even) {
      this.zRe.set(x.subarray(0, n));
      this.zIm.fill(0);
      this.complex.forward(this.zRe, this.zIm, this.tRe, this.tIm);
      const bins = this.bins;
      for (let k = 0; k < bins; k++) {
        outRe[k] = this.tRe[k];
        outIm[k] = this.tIm[k];
      }
      return;
    }
    const h = n / 2;
    // complex FFT of z_j = x_{2j} + i·x_{2j+1} into the first h output bins, then untangle pairs
    // (k, h−k) in place
    if (this.packed !== null && x !== outRe && x !== outIm) this.packed.forwardInterleaved(x, outRe, outIm);
    else {
      const zRe = this.zRe;
      const zIm = this.zIm;
      for (let j = 0; j < h; j++) {
        zRe[j] = x[2 * j];
        zIm[j] = x[2 * j + 1];
      }
      this.complex.forward(zRe, zIm, outRe, outIm);
    }
    const z0r = outRe[0];
    const z0i = outIm[0];
    outRe[0] = z0r + z0i;
    outIm[0] = 0;
    outRe[h] = z0r - z0i;
    outIm[h] = 0;
    const twRe = this.twRe;
    const twIm = this.twIm;
    const last = h >> 1;
    for (let k = 1; k <= last; k++) {
      const j = h - k;
      const zkr = outRe[k];
      const zki = outIm[k];
      const zjr = outRe[j];
      const zji = outIm[j];
      const er = 0.5 * (zkr + zjr);
      const ei = 0.5 * (zki - zji);
      // O = (Z_k − conj Z_j)/(2i)
      const or = 0.5 * (zki + zji);
      const oi = -0.5 * (zkr - zjr);
      const wr = twRe[k];
      const wi = twIm[k];
      const tr = wr * or - wi * oi;
      const ti = wr * oi + wi * or;
      outRe[k] = er + tr;
      outIm[k] = ei + ti;
      // X_{h−k} = conj(E − W^k O)
      outRe[j] = er - tr;
      outIm[j] = ti - ei;
    }
  }

  /**
   * Inverse of {@link RealFFT.forward}: bins re/im[0..n/2] → x[0..n) with the 1/n scaling
   * (NumPy `irfft`). The imaginary parts of the DC and (even n) Nyquist bins are ignored.
   */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const n = this.size;
    if (re.length < this.bins || im.length < this.bins || out.length < n) {
      throw new RangeError(`RealFFT of length ${n}: need ${this.bins} bins and an output of ${n} (got ${re.length}, ${im.length}, ${out.length})`);
    }
    const zRe = this.zRe;
    const zIm = this.zIm;
    if (!this.even) {
      // rebuild the Hermitian spectrum
      zRe[0] = re[0];
      zIm[0] = 0;
      for (let k = 1; k < this.bins; k++) {
        zRe[k] = re[k];
        zIm[k] = im[k];
        zRe[n - k] = re[k];
        zIm[n - k] = -im[k];
      }
      this.complex.inverse(zRe, zIm, this.tRe, this.tIm);
      out.set(this.tRe.subarray(0, n));
      return;
    }
    const h = n / 2;
    const twRe = this.twRe;
    const twIm = this.twIm;
    // Z_0 = E_0 + i O_0 with E_0 = (X_0 + X_h)/2, O_0 = (X_0 − X_h)/2
    zRe[0] = 0.5 * (re[0] + re[h]);
    zIm[0] = 0.5 * (re[0] - re[h]);
    const last = h >> 1;
    for (let k = 1; k <= last; k++) {
      const j = h - k;
      const xkr = re[k];
      const xki = im[k];
      const xjr = re[j];
      const xji = im[j];
      // E = (X_k + conj X_j)/2, W^k O = (X_k − conj X_j)/2
      const er = 0.5 * (xkr + xjr);
      const ei = 0.5 * (xki - xji);
      const dr = 0.5 * (xkr - xjr);
      const di = 0.5 * (xki + xji);
      // O = conj(W^k)·(W^k O)
      const wr = twRe[k];
      const wi = twIm[k];
      const or = wr * dr + wi * di;
      const oi = wr * di - wi * dr;
      // Z_k = E + iO ; Z_j = conj(E) + i·conj(O)
      zRe[k] = er - oi;
      zIm[k] = ei + or;
      zRe[j] = er + oi;
      zIm[j] = or - ei;
    }
    this.complex.inverse(zRe, zIm, this.tRe, this.tIm);
    const tRe = this.tRe;
    const tIm = this.tIm;
    for (let j = 0; j < h; j++) {
      out[2 * j] = tRe[j];
      out[2 * j + 1] = tIm[j];
    }
  }
}

const realCache = new Map<number, RealFFT>();

function realPlan(n: number): RealFFT {
  let plan = realCache.get(n);
  if (plan === undefined) {
    if (realCache.size >= 16) realCache.delete(realCache.keys().next().value as number);
    plan = new RealFFT(n);
    realCache.set(n, plan);
  }
  return plan;
}

/** Real FFT (NumPy `rfft`): ⌊n/2⌋+1 bins of the forward transform of real x. */
export function rfft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  if (n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const plan = realPlan(n);
  const re = new Float64Array(plan.bins);
  const im = new Float64Array(plan.bins);
  plan.forward(x instanceof Float64Array ? x : Float64Array.from(x), re, im);
  return { re, im };
}

/**
 * Inverse real FFT (NumPy `irfft`): n real samples from the first ⌊n/2⌋+1 bins (missing bins are
 * zero, extra ones ignored). n defaults to 2·(bins − 1).
 */
export function irfft(re: ArrayLike<number>, im: ArrayLike<number>, n: number = 2 * (re.length - 1)): Float64Array {
  if (re.length !== im.length) throw new RangeError(`irfft: re has ${re.length} values but im has ${im.length}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`irfft: output length must be a positive integer, got ${n}`);
  const plan = realPlan(n);
  const bRe = new Float64Array(plan.bins);
  const bIm = new Float64Array(plan.bins);
  const count = Math.min(plan.bins, re.length);
  for (let k = 0; k < count; k++) {
    bRe[k] = re[k];
    bIm[k] = im[k];
  }
  const out = new Float64Array(n);
  plan.inverse(bRe, bIm, out);
  return out;
}
