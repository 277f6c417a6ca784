/**
 * Separable 2-D discrete wavelet transform, multilevel, with symmetric (half-sample) boundary
 * extension: the transform of MATLAB's `wavedec2` in its default mode and of PyWavelets'
 * `wavedec2(mode='symmetric')`, including their coefficient lengths ⌊(n + F − 1)/2⌋.
 *
 * Hand-written: the one maintained-looking JavaScript DWT package (discrete-wavelets 5.0.15) is
 * one-dimensional, works on number[] arrays with an allocation per call, and its repository says it
 * is no longer maintained (README, Libraries).
 *
 * 1-D analysis (S. Mallat, "A Wavelet Tour of Signal Processing", ch. 7):
 * a[o] = Σ_j decLo[j]·x̃[2o + 1 − j], d[o] likewise with decHi, o = 0 … m − 1, where x̃ is x extended
 * symmetrically with period 2n (x̃[−1 − i] = x̃[i], x̃[n + i] = x̃[n − 1 − i]). Synthesis is the
 * adjoint, x[i] = Σ_o a[o]·recLo[i + F − 2 − 2o] + d[o]·recHi[i + F − 2 − 2o]; every coefficient it
 * needs for 0 ≤ i < n is one of the m kept, so for an orthogonal filter bank it is the exact
 * inverse (perfect reconstruction to rounding, for any n ≥ 1).
 */
import type { WaveletFilters } from './daubechies';

/** Number of coefficients of one level for a signal of length n and a filter of length F. */
export function coefficientLength(n: number, filterLength: number): number {
  return Math.floor((n + filterLength - 1) / 2);
}

/**
 * The deepest level at which the last decomposition still sees at least F − 1 samples, PyWavelets'
 * `dwt_max_level` (⌊log₂(n / (F − 1))⌋, 0 when n < F − 1).
 */
export function maxLevel(n: number, filterLength: number): number {
  if (filterLength <= 1 || n < filterLength - 1) return 0;
  return Math.floor(Math.log2(n / (filterLength - 1)));
}

/** Index into [0, n) of position i of the symmetric extension with period 2n. */
function reflect(i: number, n: number): number {
  const p = 2 * n;
  let k = i % p;
  if (k < 0) k += p;
  return k < n ? k : p - 1 - k;
}

/**
 * Works on lines of a row-major 2-D array with a stride. One instance owns the scratch line for
 * the longest line it is asked to transform.
 */
export class Dwt1d {
  private ext: Float64Array;

  constructor(
    readonly filters: WaveletFilters,
    maxLength = 0,
  ) {
    this.ext = new Float64Array(maxLength + 2 * filters.length);
  }

  private scratch(n: number): Float64Array {
    const need = n + 2 * this.filters.length;
    if (this.ext.length < need) this.ext = new Float64Array(need);
    return this.ext;
  }

  /**
   * Analysis of the line x[off + i·stride], i < n, into a[aOff + o·aStride] and d[dOff + o·dStride],
   * o < coefficientLength(n, F).
   */
  analyse(
    x: Float64Array,
    off: number,
    stride: number,
    n: number,
    a: Float64Array,
    aOff: number,
    aStride: number,
    d: Float64Array,
    dOff: number,
    dStride: number,
  ): void {
    const { decLo, decHi, length: F } = this.filters;
    const ext = this.scratch(n);
    // ext[t] = x̃[t − (F − 1)], t < n + 2(F − 1)
    const pad = F - 1;
    for (let t = 0; t < n + 2 * pad; t++) ext[t] = x[off + reflect(t - pad, n) * stride] as number;
    const m = coefficientLength(n, F);
    for (let o = 0; o < m; o++) {
      // x̃[2o + 1 − j] = ext[2o + 1 − j + pad]
      const base = 2 * o + 1 + pad;
      let sa = 0;
      let sd = 0;
      for (let j = 0; j < F; j++) {
        const v = ext[base - j] as number;
        sa += (decLo[j] as number) * v;
        sd += (decHi[j] as number) * v;
      }
      a[aOff + o * aStride] = sa;
      d[dOff + o * dStride] = sd;
    }
  }

  /** Synthesis of a line of length n from m = coefficientLength(n, F) coefficients (the inverse of {@link analyse}). */
  synthesise(
    a: Float64Array,
    aOff: number,
    aStride: number,
    d: Float64Array,
    dOff: number,
    dStride: number,
    n: number,
    x: Float64Array,
    off: number,
    stride: number,
  ): void {
    const { recLo, recHi, length: F } = this.filters;
    const m = coefficientLength(n, F);
    for (let i = 0; i < n; i++) {
      // o with 0 ≤ i + F − 2 − 2o ≤ F − 1
      const o0 = Math.max(0, Math.ceil((i - 1) / 2));
      const o1 = Math.min(m - 1, Math.floor((i + F - 2) / 2));
      let s = 0;
      for (let o = o0; o <= o1; o++) {
        const k = i + F - 2 - 2 * o;
        s += (recLo[k] as number) * (a[aOff + o * aStride] as number) + (recHi[k] as number) * (d[dOff + o * dStride] as number);
      }
      x[off + i * stride] = s;
    }
  }
}

/** One level of a 2-D decomposition: the three detail bands, each rows × cols, row-major. */
export interface DetailBands {
  rows: number;
  cols: number;
  /** horizontal detail: high-pass along axis 0 (rows), low-pass along axis 1 */
  horizontal: Float64Array;
  /** vertical detail: low-pass along axis 0, high-pass along axis 1 (vertical lines live here) */
  vertical: Float64Array;
  /** diagonal detail: high-pass along both axes */
  diagonal: Float64Array;
}

/**
 * A multilevel 2-D DWT of a fixed shape: every band and scratch buffer is allocated once, so
 * transforming a stack of images of the same shape allocates nothing per image.
 * Level 1 is the finest; `approximation` is the coarsest approximation after {@link decompose}.
 */
export class Wavedec2 {
  readonly levels: DetailBands[] = [];
  /** approximation band of each level's input shape: level l reads approx[l − 1] (approx[0] is the image) */
  private readonly approx: Float64Array[] = [];
  private readonly shapes: [number, number][] = [];
  /** intermediate of the row pass: rows × (2·cols of the level) (low | high halves) */
  private readonly rowPass: Float64Array;
  private readonly line: Dwt1d;

  constructor(
    readonly rows: number,
    readonly cols: number,
    levels: number,
    readonly filters: WaveletFilters,
  ) {
    const F = filters.length;
    let r = rows;
    let c = cols;
    let largest = 0;
    this.approx.push(new Float64Array(rows * cols));
    for (let l = 0; l < levels; l++) {
      const rr = coefficientLength(r, F);
      const cc = coefficientLength(c, F);
      largest = Math.max(largest, r * 2 * cc);
      this.shapes.push([r, c]);
      this.levels.push({
        rows: rr,
        cols: cc,
        horizontal: new Float64Array(rr * cc),
        vertical: new Float64Array(rr * cc),
        diagonal: new Float64Array(rr * cc),
      });
      this.approx.push(new Float64Array(rr * cc));
      r = rr;
      c = cc;
    }
    this.rowPass = new Float64Array(largest);
    this.line = new Dwt1d(filters, Math.max(rows, cols));
  }

  /** the coarsest approximation band (rows × cols of the last level) */
  get approximation(): Float64Array {
    return this.approx[this.approx.length - 1] as Float64Array;
  }

  /** Decomposes `image` (rows × cols, row-major) into the bands. */
  decompose(image: ArrayLike<number>): void {
    (this.approx[0] as Float64Array).set(image);
    const tmp = this.rowPass;
    for (let l = 0; l < this.levels.length; l++) {
      const [r, c] = this.shapes[l] as [number, number];
      const band = this.levels[l] as DetailBands;
      const src = this.approx[l] as Float64Array;
      const cc = band.cols;
      // along axis 1: each row → low half [0, cc) and high half [cc, 2cc) of tmp's row
      for (let i = 0; i < r; i++) this.line.analyse(src, i * c, 1, c, tmp, i * 2 * cc, 1, tmp, i * 2 * cc + cc, 1);
      // along axis 0: each column of the low half → approximation / horizontal, of the high half → vertical / diagonal
      const next = this.approx[l + 1] as Float64Array;
      for (let j = 0; j < cc; j++) {
        this.line.analyse(tmp, j, 2 * cc, r, next, j, cc, band.horizontal, j, cc);
        this.line.analyse(tmp, cc + j, 2 * cc, r, band.vertical, j, cc, band.diagonal, j, cc);
      }
    }
  }

  /** Reconstructs the image from the (possibly modified) bands into `out` (rows × cols). */
  reconstruct(out: Float64Array | Float32Array): void {
    const tmp = this.rowPass;
    for (let l = this.levels.length - 1; l >= 0; l--) {
      const [r, c] = this.shapes[l] as [number, number];
      const band = this.levels[l] as DetailBands;
      const cc = band.cols;
      const coarse = this.approx[l + 1] as Float64Array;
      for (let j = 0; j < cc; j++) {
        this.line.synthesise(coarse, j, cc, band.horizontal, j, cc, r, tmp, j, 2 * cc);
        this.line.synthesise(band.vertical, j, cc, band.diagonal, j, cc, r, tmp, cc + j, 2 * cc);
      }
      const dst = this.approx[l] as Float64Array;
      for (let i = 0; i < r; i++) this.line.synthesise(tmp, i * 2 * cc, 1, tmp, i * 2 * cc + cc, 1, c, dst, i * c, 1);
    }
    out.set(this.approx[0] as Float64Array);
  }
}
