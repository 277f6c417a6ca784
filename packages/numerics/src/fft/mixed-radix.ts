/**
 * Mixed-radix Stockham autosort FFT (decimation in frequency) on split re/im arrays.
 *
 * Each stage of radix r maps a sequence of sub-length n and stride s to sub-length n/r and stride
 * s·r (Stockham 1966; the formulation of Van Loan, "Computational Frameworks for the Fast Fourier
 * Transform", SIAM 1992, §1.7). There is no bit-reversal pass: the output lands in natural order.
 * Specialised butterflies for radix 2, 3, 4 and 5; any other prime factor uses a generic O(r²)
 * butterfly, so this kernel is meant for lengths whose prime factors are small (see
 * {@link isSmooth}); others go through Bluestein.
 *
 * Only the forward, unnormalised transform X_k = Σ x_n e^{−2πi kn/N} is implemented; callers obtain
 * the inverse by swapping re and im on input and output.
 */
import { overlaps } from './overlap';
import type { ComplexTransform } from './plan';

interface Stage {
  radix: number;
  /** sub-length n at this stage */
  n: number;
  /** stride s at this stage */
  s: number;
  /** twiddles e^{−2πi p k/n} for p in [0, n/r), k in [1, r): index p·(r−1) + k − 1 */
  twRe: Float64Array;
  twIm: Float64Array;
}

/**
 * Factor n into the radices used by the kernel: 4s first, then 2, 3, 5, other primes. Radix 8 was
 * tried and dropped: its 16-value butterfly spills registers in V8 and ran 1.5–1.8× slower per point
 * than radix 4 (2^20: 70 ms vs 46 ms; 4096: 0.086 ms vs 0.047 ms on this machine).
 */
export function factorRadices(n: number): number[] {
  const radices: number[] = [];
  let m = n;
  while (m % 4 === 0) {
    radices.push(4);
    m /= 4;
  }
  while (m % 2 === 0) {
    radices.push(2);
    m /= 2;
  }
  for (let p = 3; p * p <= m; p += 2) {
    while (m % p === 0) {
      radices.push(p);
      m /= p;
    }
  }
  if (m > 1) radices.push(m);
  return radices;
}

/** Largest prime factor of n (1 for n = 1). */
export function largestPrimeFactor(n: number): number {
  let m = n;
  let largest = 1;
  for (let p = 2; p * p <= m; p += p === 2 ? 1 : 2) {
    while (m % p === 0) {
      largest = p;
      m /= p;
    }
  }
  return m > 1 ? Math.max(largest, m) : largest;
}

/** Whether the mixed-radix kernel handles n directly (all prime factors ≤ maxPrime). */
export function isSmooth(n: number, maxPrime = 13): boolean {
  return largestPrimeFactor(n) <= maxPrime;
}

const C3 = Math.sqrt(3) / 2;
const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5);
const S52 = Math.sin((4 * Math.PI) / 5);

/** Forward FFT of any length n ≥ 1 whose factors are small; reusable, allocation-free per call. */
export class MixedRadixFFT implements ComplexTransform {
  readonly n: number;
  private readonly stages: Stage[];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  /** input copies for in-place calls, allocated on first use */
  private copyRe: Float64Array | null = null;
  private copyIm: Float64Array | null = null;
  /** generic-radix scratch */
  private readonly gRe: Float64Array;
  private readonly gIm: Float64Array;
  private readonly gCos: Map<number, Float64Array> = new Map();
  private readonly gSin: Map<number, Float64Array> = new Map();

  /**
   * @param n transform length
   * @param radices optional explicit factorisation (product must be n), for tuning and tests
   */
  constructor(n: number, radices?: number[]) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
    this.n = n;
    if (radices !== undefined && radices.reduce((a, b) => a * b, 1) !== n)
      throw new RangeError(`MixedRadixFFT: radices ${radices.join('·')} do not multiply to ${n}`);
    radices = radices ?? (n === 1 ? [] : factorRadices(n));
    this.stages = [];
    let sub = n;
    let s = 1;
    let maxGeneric = 0;
    for (const r of radices) {
      const m = sub / r;
      const twRe = new Float64Array(m * (r - 1));
      const twIm = new Float64Array(m * (r - 1));
      for (let p = 0; p < m; p++) {
        for (let k = 1; k < r; k++) {
          // reduce p·k mod sub exactly before forming the angle, for accuracy
          const angle = (-2 * Math.PI * ((p * k) % sub)) / sub;
          twRe[p * (r - 1) + k - 1] = Math.cos(angle);
          twIm[p * (r - 1) + k - 1] = Math.sin(angle);
        }
      }
      this.stages.push({ radix: r, n: sub, s, twRe, twIm });
      if (r !== 2 && r !== 3 && r !== 4 && r !== 5 && !this.gCos.has(r)) {
        const c = new Float64Array(r);
        const si = new Float64Array(r);
        for (let k = 0; k < r; k++) {
          c[k] = Math.cos((2 * Math.PI * k) / r);
          si[k] = -Math.sin((2 * Math.PI * k) / r);
        }
        this.gCos.set(r, c);
        this.gSin.set(r, si);
        maxGeneric = Math.max(maxGeneric, r);
      }
      sub = m;
      s *= r;
    }
    this.workRe = new Float64Array(this.stages.length > 1 ? n : 0);
    this.workIm = new Float64Array(this.stages.length > 1 ? n : 0);
    this.gRe = new Float64Array(maxGeneric);
    this.gIm = new Float64Array(maxGeneric);
  }

  /** Unnormalised forward transform; `re`/`im` may alias `outRe`/`outIm`. */
  forward(re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const stages = this.stages;
    if (stages.length === 0) {
      outRe[0] = re[0];
      outIm[0] = im[0];
      return;
    }
    let srcRe = re;
    let srcIm = im;
    if (overlaps(re, outRe) || overlaps(im, outIm) || overlaps(re, outIm) || overlaps(im, outRe)) {
      if (this.copyRe === null || this.copyIm === null) {
        this.copyRe = new Float64Array(n);
        this.copyIm = new Float64Array(n);
      }
      this.copyRe.set(re.subarray(0, n));
      this.copyIm.set(im.subarray(0, n));
      srcRe = this.copyRe;
      srcIm = this.copyIm;
    }
    const count = stages.length;
    for (let i = 0; i < count; i++) {
      // ping-pong so that the last stage writes into out
      const toOut = (count - 1 - i) % 2 === 0;
      const dstRe = toOut ? outRe : this.workRe;
      const dstIm = toOut ? outIm : this.workIm;
      this.runStage(stages[i], srcRe, srcIm, dstRe, dstIm);
      srcRe = dstRe;
      srcIm = dstIm;
    }
  }

  /**
   * Forward transform of n complex values stored interleaved in x (re₀, im₀, re₁, im₁, …), e.g. n
   * pairs of real samples packed as complex numbers by the real FFT. When the first radix is 4 the
   * de-interleaving happens inside the first stage, saving a pass over memory.
   */
  forwardInterleaved(x: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const n = this.n;
    const stages = this.stages;
    if (stages.length === 0 || stages[0].radix !== 4) {
      if (this.copyRe === null || this.copyIm === null) {
        this.copyRe = new Float64Array(n);
        this.copyIm = new Float64Array(n);
      }
      const cr = this.copyRe;
      const ci = this.copyIm;
      for (let j = 0; j < n; j++) {
        cr[j] = x[2 * j];
        ci[j] = x[2 * j + 1];
      }
      this.forward(cr, ci, outRe, outIm);
      return;
    }
    const count = stages.length;
    let srcRe: Float64Array = outRe;
    let srcIm: Float64Array = outIm;
    for (let i = 0; i < count; i++) {
      const toOut = (count - 1 - i) % 2 === 0;
      const dstRe = toOut ? outRe : this.workRe;
      const dstIm = toOut ? outIm : this.workIm;
      if (i === 0) pass4FirstInterleaved(stages[0].n, x, dstRe, dstIm, stages[0].twRe, stages[0].twIm);
      else this.runStage(stages[i], srcRe, srcIm, dstRe, dstIm);
      srcRe = dstRe;
      srcIm = dstIm;
    }
  }

  private runStage(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    switch (st.radix) {
      case 4:
        pass4(st.n, st.s, xr, xi, yr, yi, st.twRe, st.twIm);
        break;
      case 2:
        pass2(st.n, st.s, xr, xi, yr, yi, st.twRe, st.twIm);
        break;
      case 3:
        pass3(st.n, st.s, xr, xi, yr, yi, st.twRe, st.twIm);
        break;
      case 5:
        pass5(st.n, st.s, xr, xi, yr, yi, st.twRe, st.twIm);
        break;
      default:
        this.passGeneric(st, xr, xi, yr, yi);
    }
  }

  private passGeneric(st: Stage, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
    const r = st.radix;
    const n = st.n;
    const s = st.s;
    const m = n / r;
    const cos = this.gCos.get(r)!;
    const sin = this.gSin.get(r)!;
    const ar = this.gRe;
    const ai = this.gIm;
    const twRe = st.twRe;
    const twIm = st.twIm;
    const sm = s * m;
    for (let p = 0; p < m; p++) {
      const tw = p * (r - 1);
      for (let q = 0; q < s; q++) {
        const base = q + s * p;
        for (let j = 0; j < r; j++) {
          ar[j] = xr[base + j * sm];
          ai[j] = xi[base + j * sm];
        }
        const out = q + s * r * p;
        for (let k = 0; k < r; k++) {
          let br = 0;
          let bi = 0;
          let idx = 0;
          for (let j = 0; j < r; j++) {
            const c = cos[idx];
            const sn = sin[idx];
            br += ar[j] * c - ai[j] * sn;
            bi += ar[j] * sn + ai[j] * c;
            idx += k;
            if (idx >= r) idx -= r;
          }
          if (k === 0) {
            yr[out] = br;
            yi[out] = bi;
          } else {
            const wr = twRe[tw + k - 1];
            const wi = twIm[tw + k - 1];
            yr[out + s * k] = br * wr - bi * wi;
            yi[out + s * k] = br * wi + bi * wr;
          }
        }
      }
    }
  }
}

function pass2(n: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, twRe: Float64Array, twIm: Float64Array): void {
  const m = n >> 1;
  const sm = s * m;
  if (m === 1) {
    // last stage: twiddles are 1
    for (let q = 0; q < s; q++) {
      const ar = xr[q];
      const ai = xi[q];
      const br = xr[q + s];
      const bi = xi[q + s];
      yr[q] = ar + br;
      yi[q] = ai + bi;
      yr[q + s] = ar - br;
      yi[q + s] = ai - bi;
    }
    return;
  }
  for (let p = 0; p < m; p++) {
    const wr = twRe[p];
    const wi = twIm[p];
    const inBase = s * p;
    const outBase = 2 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const i1 = i0 + sm;
      const ar = xr[i0];
      const ai = xi[i0];
      const br = xr[i1];
      const bi = xi[i1];
      const o0 = outBase + q;
      yr[o0] = ar + br;
      yi[o0] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      yr[o0 + s] = dr * wr - di * wi;
      yi[o0 + s] = dr * wi + di * wr;
    }
  }
}

function pass3(n: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, twRe: Float64Array, twIm: Float64Array): void {
  const m = n / 3;
  const sm = s * m;
  if (m === 1) {
    // last stage: twiddles are 1
    for (let q = 0; q < s; q++) {
      const a0r = xr[q];
      const a0i = xi[q];
      const a1r = xr[q + s];
      const a1i = xi[q + s];
      const a2r = xr[q + 2 * s];
      const a2i = xi[q + 2 * s];
      const t1r = a1r + a2r;
      const t1i = a1i + a2i;
      const t2r = a0r - 0.5 * t1r;
      const t2i = a0i - 0.5 * t1i;
      const t3r = C3 * (a1i - a2i);
      const t3i = -C3 * (a1r - a2r);
      yr[q] = a0r + t1r;
      yi[q] = a0i + t1i;
      yr[q + s] = t2r + t3r;
      yi[q + s] = t2i + t3i;
      yr[q + 2 * s] = t2r - t3r;
      yi[q + 2 * s] = t2i - t3i;
    }
    return;
  }
  for (let p = 0; p < m; p++) {
    const w1r = twRe[2 * p];
    const w1i = twIm[2 * p];
    const w2r = twRe[2 * p + 1];
    const w2i = twIm[2 * p + 1];
    const inBase = s * p;
    const outBase = 3 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i0 + sm];
      const a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm];
      const a2i = xi[i0 + 2 * sm];
      const t1r = a1r + a2r;
      const t1i = a1i + a2i;
      const t2r = a0r - 0.5 * t1r;
      const t2i = a0i - 0.5 * t1i;
      const t3r = C3 * (a1i - a2i);
      const t3i = -C3 * (a1r - a2r);
      const o0 = outBase + q;
      yr[o0] = a0r + t1r;
      yi[o0] = a0i + t1i;
      const b1r = t2r + t3r;
      const b1i = t2i + t3i;
      const b2r = t2r - t3r;
      const b2i = t2i - t3i;
      yr[o0 + s] = b1r * w1r - b1i * w1i;
      yi[o0 + s] = b1r * w1i + b1i * w1r;
      yr[o0 + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o0 + 2 * s] = b2r * w2i + b2i * w2r;
    }
  }
}

function pass4(n: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, twRe: Float64Array, twIm: Float64Array): void {
  const m = n >> 2;
  const sm = s * m;
  if (s === 1) {
    // first stage: unit stride, no inner loop
    for (let p = 0; p < m; p++) {
      const a0r = xr[p];
      const a0i = xi[p];
      const a1r = xr[p + m];
      const a1i = xi[p + m];
      const a2r = xr[p + 2 * m];
      const a2i = xi[p + 2 * m];
      const a3r = xr[p + 3 * m];
      const a3i = xi[p + 3 * m];
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      const o = 4 * p;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      const b1r = t1r + t3i;
      const b1i = t1i - t3r;
      const b2r = t0r - t2r;
      const b2i = t0i - t2i;
      const b3r = t1r - t3i;
      const b3i = t1i + t3r;
      const tw = 3 * p;
      let wr = twRe[tw];
      let wi = twIm[tw];
      yr[o + 1] = b1r * wr - b1i * wi;
      yi[o + 1] = b1r * wi + b1i * wr;
      wr = twRe[tw + 1];
      wi = twIm[tw + 1];
      yr[o + 2] = b2r * wr - b2i * wi;
      yi[o + 2] = b2r * wi + b2i * wr;
      wr = twRe[tw + 2];
      wi = twIm[tw + 2];
      yr[o + 3] = b3r * wr - b3i * wi;
      yi[o + 3] = b3r * wi + b3i * wr;
    }
    return;
  }
  if (m === 1) {
    // last stage: all twiddles are 1
    for (let q = 0; q < s; q++) {
      const a0r = xr[q];
      const a0i = xi[q];
      const a1r = xr[q + s];
      const a1i = xi[q + s];
      const a2r = xr[q + 2 * s];
      const a2i = xi[q + 2 * s];
      const a3r = xr[q + 3 * s];
      const a3i = xi[q + 3 * s];
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      yr[q] = t0r + t2r;
      yi[q] = t0i + t2i;
      yr[q + s] = t1r + t3i;
      yi[q + s] = t1i - t3r;
      yr[q + 2 * s] = t0r - t2r;
      yi[q + 2 * s] = t0i - t2i;
      yr[q + 3 * s] = t1r - t3i;
      yi[q + 3 * s] = t1i + t3r;
    }
    return;
  }
  for (let p = 0; p < m; p++) {
    const tw = 3 * p;
    const w1r = twRe[tw];
    const w1i = twIm[tw];
    const w2r = twRe[tw + 1];
    const w2i = twIm[tw + 1];
    const w3r = twRe[tw + 2];
    const w3i = twIm[tw + 2];
    const inBase = s * p;
    const outBase = 4 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i0 + sm];
      const a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm];
      const a2i = xi[i0 + 2 * sm];
      const a3r = xr[i0 + 3 * sm];
      const a3i = xi[i0 + 3 * sm];
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      const t3r = a1r - a3r;
      const t3i = a1i - a3i;
      const o = outBase + q;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      const b1r = t1r + t3i;
      const b1i = t1i - t3r;
      const b2r = t0r - t2r;
      const b2i = t0i - t2i;
      const b3r = t1r - t3i;
      const b3i = t1i + t3r;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

/** First radix-4 stage (s = 1) reading interleaved complex input. */
function pass4FirstInterleaved(n: number, x: Float64Array, yr: Float64Array, yi: Float64Array, twRe: Float64Array, twIm: Float64Array): void {
  const m = n >> 2;
  for (let p = 0; p < m; p++) {
    const i0 = 2 * p;
    const i1 = 2 * (p + m);
    const i2 = 2 * (p + 2 * m);
    const i3 = 2 * (p + 3 * m);
    const a0r = x[i0];
    const a0i = x[i0 + 1];
    const a1r = x[i1];
    const a1i = x[i1 + 1];
    const a2r = x[i2];
    const a2i = x[i2 + 1];
    const a3r = x[i3];
    const a3i = x[i3 + 1];
    const t0r = a0r + a2r;
    const t0i = a0i + a2i;
    const t1r = a0r - a2r;
    const t1i = a0i - a2i;
    const t2r = a1r + a3r;
    const t2i = a1i + a3i;
    const t3r = a1r - a3r;
    const t3i = a1i - a3i;
    const o = 4 * p;
    yr[o] = t0r + t2r;
    yi[o] = t0i + t2i;
    const b1r = t1r + t3i;
    const b1i = t1i - t3r;
    const b2r = t0r - t2r;
    const b2i = t0i - t2i;
    const b3r = t1r - t3i;
    const b3i = t1i + t3r;
    const tw = 3 * p;
    let wr = twRe[tw];
    let wi = twIm[tw];
    yr[o + 1] = b1r * wr - b1i * wi;
    yi[o + 1] = b1r * wi + b1i * wr;
    wr = twRe[tw + 1];
    wi = twIm[tw + 1];
    yr[o + 2] = b2r * wr - b2i * wi;
    yi[o + 2] = b2r * wi + b2i * wr;
    wr = twRe[tw + 2];
    wi = twIm[tw + 2];
    yr[o + 3] = b3r * wr - b3i * wi;
    yi[o + 3] = b3r * wi + b3i * wr;
  }
}

function pass5(n: number, s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, twRe: Float64Array, twIm: Float64Array): void {
  const m = n / 5;
  const sm = s * m;
  if (m === 1) {
    last5(s, xr, xi, yr, yi);
    return;
  }
  for (let p = 0; p < m; p++) {
    const tw = 4 * p;
    const w1r = twRe[tw];
    const w1i = twIm[tw];
    const w2r = twRe[tw + 1];
    const w2i = twIm[tw + 1];
    const w3r = twRe[tw + 2];
    const w3i = twIm[tw + 2];
    const w4r = twRe[tw + 3];
    const w4i = twIm[tw + 3];
    const inBase = s * p;
    const outBase = 5 * s * p;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0];
      const a0i = xi[i0];
      const a1r = xr[i0 + sm];
      const a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm];
      const a2i = xi[i0 + 2 * sm];
      const a3r = xr[i0 + 3 * sm];
      const a3i = xi[i0 + 3 * sm];
      const a4r = xr[i0 + 4 * sm];
      const a4i = xi[i0 + 4 * sm];
      const s14r = a1r + a4r;
      const s14i = a1i + a4i;
      const d14r = a1r - a4r;
      const d14i = a1i - a4i;
      const s23r = a2r + a3r;
      const s23i = a2i + a3i;
      const d23r = a2r - a3r;
      const d23i = a2i - a3i;
      const ca1r = a0r + C51 * s14r + C52 * s23r;
      const ca1i = a0i + C51 * s14i + C52 * s23i;
      const ca2r = a0r + C52 * s14r + C51 * s23r;
      const ca2i = a0i + C52 * s14i + C51 * s23i;
      // sb = s1·d14 + s2·d23 and sc = s2·d14 − s1·d23; b1 = ca1 − i·sb, b2 = ca2 − i·sc
      const sb1r = S51 * d14r + S52 * d23r;
      const sb1i = S51 * d14i + S52 * d23i;
      const sb2r = S52 * d14r - S51 * d23r;
      const sb2i = S52 * d14i - S51 * d23i;
      const o = outBase + q;
      yr[o] = a0r + s14r + s23r;
      yi[o] = a0i + s14i + s23i;
      const b1r = ca1r + sb1i;
      const b1i = ca1i - sb1r;
      const b4r = ca1r - sb1i;
      const b4i = ca1i + sb1r;
      const b2r = ca2r + sb2i;
      const b2i = ca2i - sb2r;
      const b3r = ca2r - sb2i;
      const b3i = ca2i + sb2r;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
      yr[o + 4 * s] = b4r * w4r - b4i * w4i;
      yi[o + 4 * s] = b4r * w4i + b4i * w4r;
    }
  }
}

/** Last radix-5 stage (m = 1): no twiddles. */
function last5(s: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  for (let q = 0; q < s; q++) {
    const a0r = xr[q];
    const a0i = xi[q];
    const a1r = xr[q + s];
    const a1i = xi[q + s];
    const a2r = xr[q + 2 * s];
    const a2i = xi[q + 2 * s];
    const a3r = xr[q + 3 * s];
    const a3i = xi[q + 3 * s];
    const a4r = xr[q + 4 * s];
    const a4i = xi[q + 4 * s];
    const s14r = a1r + a4r;
    const s14i = a1i + a4i;
    const d14r = a1r - a4r;
    const d14i = a1i - a4i;
    const s23r = a2r + a3r;
    const s23i = a2i + a3i;
    const d23r = a2r - a3r;
    const d23i = a2i - a3i;
    const ca1r = a0r + C51 * s14r + C52 * s23r;
    const ca1i = a0i + C51 * s14i + C52 * s23i;
    const ca2r = a0r + C52 * s14r + C51 * s23r;
    const ca2i = a0i + C52 * s14i + C51 * s23i;
    const sb1r = S51 * d14r + S52 * d23r;
    const sb1i = S51 * d14i + S52 * d23i;
    const sb2r = S52 * d14r - S51 * d23r;
    const sb2i = S52 * d14i - S51 * d23i;
    yr[q] = a0r + s14r + s23r;
    yi[q] = a0i + s14i + s23i;
    yr[q + s] = ca1r + sb1i;
    yi[q + s] = ca1i - sb1r;
    yr[q + 2 * s] = ca2r + sb2i;
    yi[q + 2 * s] = ca2i - sb2r;
    yr[q + 3 * s] = ca2r - sb2i;
    yi[q + 3 * s] = ca2i + sb2r;
    yr[q + 4 * s] = ca1r - sb1i;
    yi[q + 4 * s] = ca1i + sb1r;
  }
}
