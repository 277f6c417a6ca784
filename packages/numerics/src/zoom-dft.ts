/**
 * Zoom DFT (chirp z-transform on the unit circle): m spectrum samples at arbitrary frequencies
 * f_k = f0 + k·δ (cycles per sample, any real f0 and δ) of an n-point sequence,
 *
 *   X_k = Σ_{j=0}^{n−1} x_j e^{−2πi (f0 + kδ) j},   k = 0 … m−1,
 *
 * in O((n + m) log(n + m)) instead of the zero-padded FFT's O(N log N) with N ≈ 1/δ, by Bluestein's
 * identity jk = (j² + k² − (k − j)²)/2 (Rabiner, Schafer & Rader, "The chirp z-transform algorithm",
 * IEEE Trans. Audio Electroacoust. 17, 86–92, 1969). Same sign convention as {@link FFT}.
 * Useful when only a band of a finely zero-padded spectrum is needed (THz transfer functions).
 */
import { FFT } from './fft/fft';
import { bluesteinLength } from './fft/bluestein';

/** A reusable zoom-DFT plan for n inputs and m outputs; no allocation per call. */
export class ZoomDFT {
  readonly n: number;
  readonly m: number;
  /** start frequency and step, in cycles per sample */
  readonly f0: number;
  readonly step: number;
  private readonly size: number;
  private readonly fft: FFT;
  /** input chirp a_j = e^{−i(2πf0 j + πδ j²)} */
  private readonly aRe: Float64Array;
  private readonly aIm: Float64Array;
  /** output chirp b_k = e^{−iπδ k²} */
  private readonly bRe: Float64Array;
  private readonly bIm: Float64Array;
  /** FFT of the convolution kernel h_t = e^{+iπδ t²}, t = −(n−1) … m−1 (wrapped), scaled by 1/L */
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  private readonly yRe: Float64Array;
  private readonly yIm: Float64Array;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;

  constructor(n: number, m: number, f0: number, step: number) {
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(m) || m < 1) throw new RangeError(`ZoomDFT needs n ≥ 1 and m ≥ 1 integers, got ${n}, ${m}`);
    if (!Number.isFinite(f0) || !Number.isFinite(step)) throw new RangeError('ZoomDFT: f0 and step must be finite');
    this.n = n;
    this.m = m;
    this.f0 = f0;
    this.step = step;
    const L = bluesteinLength(n + m - 1);
    this.size = L;
    this.fft = new FFT(L);
    // Phases reduced modulo 2 (in units of π) before multiplying by π keeps them accurate for large j².
    const halfTurns = (t: number) => (step * t * t) % 2;
    this.aRe = new Float64Array(n);
    this.aIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const ph = -Math.PI * (((2 * f0 * j) % 2) + halfTurns(j));
      this.aRe[j] = Math.cos(ph);
      this.aIm[j] = Math.sin(ph);
    }
    this.bRe = new Float64Array(m);
    this.bIm = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const ph = -Math.PI * halfTurns(k);
      this.bRe[k] = Math.cos(ph);
      this.bIm[k] = Math.sin(ph);
    }
    const hr = new Float64Array(L);
    const hi = new Float64Array(L);
    for (let t = 0; t < m; t++) {
      const ph = Math.PI * halfTurns(t);
      hr[t] = Math.cos(ph);
      hi[t] = Math.sin(ph);
    }
    for (let t = 1; t < n; t++) {
      const ph = Math.PI * halfTurns(t);
      hr[L - t] = Math.cos(ph);
      hi[L - t] = Math.sin(ph);
    }
    this.hRe = new Float64Array(L);
    this.hIm = new Float64Array(L);
    this.fft.forward(hr, hi, this.hRe, this.hIm);
    for (let t = 0; t < L; t++) {
      this.hRe[t] = (this.hRe[t] as number) / L;
      this.hIm[t] = (this.hIm[t] as number) / L;
    }
    this.yRe = new Float64Array(L);
    this.yIm = new Float64Array(L);
    this.zRe = new Float64Array(L);
    this.zIm = new Float64Array(L);
  }

  /**
   * X_k for k = 0 … m−1 into outRe/outIm (length ≥ m). `im` may be omitted for real input.
   * Input and output arrays must not overlap.
   */
  forward(re: ArrayLike<number>, im: ArrayLike<number> | undefined, outRe: Float64Array, outIm: Float64Array): void {
    const { n, m, size, aRe, aIm, yRe, yIm, zRe, zIm, hRe, hIm, bRe, bIm } = this;
    for (let j = 0; j < n; j++) {
      const xr = re[j] as number;
      const xi = im ? (im[j] as number) : 0;
      yRe[j] = xr * (aRe[j] as number) - xi * (aIm[j] as number);
      yIm[j] = xr * (aIm[j] as number) + xi * (aRe[j] as number);
    }
    yRe.fill(0, n);
    yIm.fill(0, n);
    this.fft.forward(yRe, yIm, zRe, zIm);
    for (let t = 0; t < size; t++) {
      const a = zRe[t] as number;
      const b = zIm[t] as number;
      const c = hRe[t] as number;
      const d = hIm[t] as number;
      yRe[t] = a * c - b * d;
      yIm[t] = a * d + b * c;
    }
    // inverse (1/L folded into h) via the swap trick: inverse(x) = swap(forward(swap(x)))
    this.fft.forward(yIm, yRe, zIm, zRe);
    for (let k = 0; k < m; k++) {
      const a = zRe[k] as number;
      const b = zIm[k] as number;
      outRe[k] = a * (bRe[k] as number) - b * (bIm[k] as number);
      outIm[k] = a * (bIm[k] as number) + b * (bRe[k] as number);
    }
  }
}
