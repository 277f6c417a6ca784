/**
 * Complex FFT of any length.
 *
 * Sign convention (the same as NumPy's `numpy.fft`): the forward transform is
 * X_k = Σ_{n=0}^{N−1} x_n e^{−2πi kn/N} (no scaling) and the inverse is
 * x_n = (1/N) Σ_k X_k e^{+2πi kn/N}. Frequencies of bin k are k/(N·dt) in the unit 1/(unit of dt),
 * in the order given by {@link fftFrequencies}.
 *
 * Lengths with prime factors ≤ 13 use the mixed-radix Stockham kernel directly; others use
 * Bluestein's chirp-z algorithm on a 5-smooth length (Bluestein 1970; Rabiner, Schafer & Rader 1969).
 */
import { makeComplexTransform } from './make-plan';
import type { ComplexTransform } from './plan';

/** A reusable complex FFT plan of fixed length; no allocation per call after the first in-place call. */
export class FFT {
  /** transform length N */
  readonly size: number;
  private readonly plan: ComplexTransform;

  /** The underlying kernel (mixed-radix or Bluestein). */
  get kernel(): ComplexTransform {
    return this.plan;
  }

  /** @param n transform length, any integer ≥ 1 */
  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
    this.size = n;
    this.plan = makeComplexTransform(n);
  }

  /**
   * Forward transform X_k = Σ x_n e^{−2πi kn/N} (unscaled). Reads re/im[0..N), writes
   * outRe/outIm[0..N). Output arrays may be the input arrays (in-place).
   */
  forward(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    this.check(re, im, outRe, outIm);
    this.plan.forward(re, im, outRe, outIm);
  }

  private check(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.size;
    if (re.length < n || im.length < n || outRe.length < n || outIm.length < n) {
      throw new RangeError(`FFT of length ${n}: arrays too short (re ${re.length}, im ${im.length}, outRe ${outRe.length}, outIm ${outIm.length})`);
    }
  }

  /** Inverse transform x_n = (1/N) Σ X_k e^{+2πi kn/N}. Same array rules as {@link FFT.forward}. */
  inverse(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    this.check(re, im, outRe, outIm);
    // conj-free inverse: swapping re and im on both sides turns the forward DFT into the inverse
    this.plan.forward(im, re, outIm, outRe);
    const n = this.size;
    const scale = 1 / n;
    for (let k = 0; k < n; k++) {
      outRe[k] *= scale;
      outIm[k] *= scale;
    }
  }

  /** Unscaled inverse Σ X_k e^{+2πi kn/N} (no 1/N), for callers that fold the scale elsewhere. */
  inverseUnscaled(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    this.check(re, im, outRe, outIm);
    this.plan.forward(im, re, outIm, outRe);
  }
}

const planCache = new Map<number, FFT>();

/** A cached plan for length n (the convenience functions reuse plans; at most 16 are kept). */
export function fftPlan(n: number): FFT {
  let plan = planCache.get(n);
  if (plan === undefined) {
    if (planCache.size >= 16) planCache.delete(planCache.keys().next().value as number);
    plan = new FFT(n);
    planCache.set(n, plan);
  }
  return plan;
}

function toFloat64(x: ArrayLike<number>): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}

/**
 * Forward FFT (NumPy convention, unscaled) of a complex sequence; `im` defaults to zeros.
 * Allocates the outputs; use {@link FFT} to transform repeatedly without allocation.
 */
export function fft(re: ArrayLike<number>, im?: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  if (im !== undefined && im.length !== n) throw new RangeError(`fft: re has ${n} values but im has ${im.length}`);
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  if (n === 0) return { re: outRe, im: outIm };
  fftPlan(n).forward(toFloat64(re), im === undefined ? new Float64Array(n) : toFloat64(im), outRe, outIm);
  return { re: outRe, im: outIm };
}

/** Inverse FFT with the 1/N scaling (NumPy `ifft`). Allocates the outputs. */
export function ifft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`ifft: re has ${n} values but im has ${im.length}`);
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  if (n === 0) return { re: outRe, im: outIm };
  fftPlan(n).inverse(toFloat64(re), toFloat64(im), outRe, outIm);
  return { re: outRe, im: outIm };
}
