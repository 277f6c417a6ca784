/**
 * Parallel-beam filtered back-projection (Kak & Slaney 1988, ch. 3; Ramachandran & Lakshminarayanan
 * 1971): each projection is zero-padded, filtered in the Fourier domain (recon/filters.ts) and
 * back-projected with linear interpolation (recon/backproject.ts).
 *
 * Weights: projection i is weighted by (π/2)·Δθᵢ/S, where Δθᵢ is its share of the angular range
 * (midpoint rule on the sorted angles) and S the covered range. For n evenly spaced angles over
 * 180° or 360° this is π/(2n), scikit-image's iradon scaling, so a 360° scan is averaged rather than
 * doubled and irregular angle sets are integrated correctly.
 *
 * A plan precomputes everything that depends only on the geometry (filter, FFT plans, cos/sin,
 * weights, row spans) and reuses its work buffers, so reconstructing a stack allocates nothing
 * per slice. Two projections are filtered per complex FFT (real and imaginary parts).
 */
import { FFT } from '@ionscope/numerics';
import { backprojectGeometry, backprojectPairs, type BackprojectGeometry, centreFits, packProjection } from './backproject';
import { type FilterName, filterResponse, paddedLength } from './filters';
import { ANGLE_BLOCK, createWasmBackprojector, type WasmBackprojector } from './wasm-kernel';

export interface FbpOptions {
  filter?: FilterName;
  /** fraction of Nyquist kept by the filter (1 = all) */
  cutoff?: number;
  /** rotation centre in detector pixels (default ⌊nDetector/2⌋, the scikit-image convention) */
  centre?: number;
  /** output slice size (default nDetector) */
  size?: number;
  /** keep only the inscribed circle (default true) */
  circle?: boolean;
  /** how to pad projections before filtering: zeros, or the edge values (reduces cupping when the object is wider than the field of view) */
  padding?: 'zero' | 'edge';
  /** centres that {@link FbpPlan.backprojectAt} may be asked for later (sizes the padding) */
  centreRange?: [number, number];
  /** back-projection kernel: WebAssembly SIMD when available (default), or plain JavaScript */
  backend?: 'auto' | 'js';
}

/** Per-angle integration weights (π/2)·Δθᵢ/S, see the file comment. */
export function angleWeights(theta: Float64Array): Float64Array {
  const n = theta.length;
  const w = new Float64Array(n);
  if (n === 0) return w;
  if (n === 1) {
    w[0] = Math.PI / 2;
    return w;
  }
  const order = Array.from(theta.keys()).sort((a, b) => (theta[a] as number) - (theta[b] as number));
  const sorted = order.map((i) => theta[i] as number);
  const step = ((sorted[n - 1] as number) - (sorted[0] as number)) / (n - 1);
  // the covered range: first to last angle plus one (average) step
  const span = (sorted[n - 1] as number) - (sorted[0] as number) + step;
  for (let r = 0; r < n; r++) {
    const lo = r === 0 ? (sorted[0] as number) - step / 2 : ((sorted[r - 1] as number) + (sorted[r] as number)) / 2;
    const hi = r === n - 1 ? (sorted[n - 1] as number) + step / 2 : ((sorted[r] as number) + (sorted[r + 1] as number)) / 2;
    w[order[r] as number] = ((Math.PI / 2) * (hi - lo)) / span;
  }
  return w;
}

export class FbpPlan {
  readonly nAngles: number;
  readonly nDetector: number;
  readonly size: number;
  readonly geometry: BackprojectGeometry;
  readonly padded: number;
  private readonly response: Float64Array;
  private readonly weights: Float64Array;
  private readonly fft: FFT;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;
  private readonly pairs: Float64Array;
  private readonly image: Float64Array;
  private readonly edge: boolean;
  private readonly wasm: WasmBackprojector | undefined;
  /** byte offsets in the WebAssembly memory: pairs, image, spans, end */
  private readonly layout: { pairs: number; image: number; spans: number; table: number; end: number; stride: number };

  constructor(theta: Float64Array, nDetector: number, options: FbpOptions = {}) {
    this.nAngles = theta.length;
    this.nDetector = nDetector;
    this.size = options.size ?? nDetector;
    const centre = options.centre ?? Math.floor(nDetector / 2);
    this.geometry = backprojectGeometry(this.size, theta, nDetector, centre, options.circle ?? true, options.centreRange);
    this.padded = paddedLength(nDetector);
    this.response = filterResponse(options.filter ?? 'ramp', this.padded, options.cutoff ?? 1);
    this.weights = angleWeights(theta);
    this.fft = new FFT(this.padded);
    this.re = new Float64Array(this.padded);
    this.im = new Float64Array(this.padded);
    this.fRe = new Float64Array(this.padded);
    this.fIm = new Float64Array(this.padded);
    this.image = new Float64Array(this.size * this.size);
    this.edge = options.padding === 'edge';
    this.wasm = options.backend === 'js' ? undefined : createWasmBackprojector();
    const stride = (this.size + 3) & ~3;
    const pairBytes = 8 * this.geometry.width * this.nAngles;
    const imageBytes = 4 * stride * this.size;
    this.layout = {
      pairs: 0,
      image: pairBytes,
      spans: pairBytes + imageBytes,
      table: pairBytes + imageBytes + 8 * this.size,
      end: pairBytes + imageBytes + 8 * this.size + 20 * ANGLE_BLOCK,
      stride,
    };
    this.pairs = this.wasm ? new Float64Array(0) : new Float64Array(2 * this.geometry.width * this.nAngles);
  }

  /** the buffer the filtered projections are packed into (WebAssembly memory or a Float64Array) */
  private target(): Float64Array | Float32Array {
    if (!this.wasm) return this.pairs;
    this.wasm.reserve(this.layout.end);
    return new Float32Array(this.wasm.memory.buffer, this.layout.pairs, 2 * this.geometry.width * this.nAngles);
  }

  /** Back-projects the packed projections into `this.image` (float64, size × size). */
  private backproject(): void {
    const g = this.geometry;
    this.image.fill(0);
    if (!this.wasm) {
      backprojectPairs(g, this.pairs, this.image);
      return;
    }
    const { pairs, image, spans, stride } = this.layout;
    const n = this.size;
    const mem = this.wasm.memory.buffer;
    const img32 = new Float32Array(mem, image, stride * n);
    img32.fill(0);
    const sp = new Int32Array(mem, spans, 2 * n);
    for (let i = 0; i < n; i++) {
      const j0 = (g.first[i] as number) & ~3;
      const count = g.first[i] > g.last[i] ? 0 : ((g.last[i] as number) + 1 - j0 + 3) >> 2;
      sp[2 * i] = j0;
      sp[2 * i + 1] = count;
    }
    const c = Math.floor(n / 2);
    const shift = g.centre + g.offset;
    const { table } = this.layout;
    const tf = new Float32Array(mem, table, 4 * ANGLE_BLOCK);
    const ti = new Int32Array(mem, table, 4 * ANGLE_BLOCK);
    let a = 0;
    // ANGLE_BLOCK angles per call (one image update per block of projections), then the rest one by one
    for (; a + ANGLE_BLOCK <= this.nAngles; a += ANGLE_BLOCK) {
      for (let q = 0; q < ANGLE_BLOCK; q++) {
        const ca = g.cos[a + q] as number;
        const sa = g.sin[a + q] as number;
        tf[4 * q] = -c * ca + c * sa + shift;
        tf[4 * q + 1] = ca;
        tf[4 * q + 2] = sa;
        ti[4 * q + 3] = pairs + 8 * (a + q) * g.width;
      }
      this.wasm.bp4(image, stride, n, spans, table);
    }
    for (; a < this.nAngles; a++) {
      const ca = g.cos[a] as number;
      const sa = g.sin[a] as number;
      this.wasm.bp(pairs + 8 * a * g.width, image, stride, n, spans, -c * ca + c * sa + shift, ca, sa);
    }
    const out = this.image;
    for (let i = 0; i < n; i++) {
      for (let j = g.first[i] as number; j <= (g.last[i] as number); j++) out[i * n + j] = img32[i * stride + j] as number;
    }
  }

  private load(buf: Float64Array, sino: ArrayLike<number>, a: number): void {
    const nd = this.nDetector;
    const base = a * nd;
    for (let k = 0; k < nd; k++) buf[k] = sino[base + k] as number;
    if (this.edge) {
      // half of the padding takes the right edge value, the other half (wrapping) the left one
      const mid = nd + ((this.padded - nd) >> 1);
      const l = sino[base] as number;
      const r = sino[base + nd - 1] as number;
      for (let k = nd; k < mid; k++) buf[k] = r;
      for (let k = mid; k < this.padded; k++) buf[k] = l;
    } else buf.fill(0, nd);
  }

  /**
   * Filters the sinogram (angles × detector, row-major) into the packed projection buffer.
   * Exposed for the iterative methods and the centre search, which reuse the filtered data.
   */
  filter(sino: ArrayLike<number>): void {
    const { re, im, fRe, fIm, response, padded, nAngles, weights, geometry } = this;
    const pairs = this.target();
    for (let a = 0; a < nAngles; a += 2) {
      const two = a + 1 < nAngles;
      this.load(re, sino, a);
      if (two) this.load(im, sino, a + 1);
      else im.fill(0);
      // out of place: the FFT plans copy when asked to work in place
      this.fft.forward(re, im, fRe, fIm);
      for (let k = 0; k < padded; k++) {
        fRe[k] *= response[k] as number;
        fIm[k] *= response[k] as number;
      }
      this.fft.inverse(fRe, fIm, re, im);
      const wa = weights[a] as number;
      for (let k = 0; k < padded; k++) re[k] *= wa;
      packProjection(geometry, a, re, padded, pairs);
      if (two) {
        const wb = weights[a + 1] as number;
        for (let k = 0; k < padded; k++) im[k] *= wb;
        packProjection(geometry, a + 1, im, padded, pairs);
      }
    }
  }

  /**
   * Back-projects the projections last given to {@link FbpPlan.filter} with another rotation centre
   * (within the plan's `centreRange`) into `out`. The centre search uses it: filtering is done once.
   */
  backprojectAt(centre: number, out: Float32Array | Float64Array): Float32Array | Float64Array {
    const g = this.geometry;
    if (!centreFits(g, centre)) {
      throw new RangeError(`centre ${centre} is outside the range this plan was built for`);
    }
    const saved = g.centre;
    g.centre = centre;
    try {
      this.backproject();
    } finally {
      g.centre = saved;
    }
    out.set(this.image);
    return out;
  }

  /**
   * Reconstructs one slice from its sinogram (angles × detector, row-major) into `out`
   * (size × size, row-major; y up is row 0). Returns `out`.
   */
  reconstruct(sino: ArrayLike<number>, out: Float32Array | Float64Array = new Float32Array(this.size * this.size)): Float32Array | Float64Array {
    this.filter(sino);
    this.backproject();
    out.set(this.image);
    return out;
  }
}

/** One-shot FBP of a single sinogram (angles × detector). */
export function fbp(sino: ArrayLike<number>, theta: Float64Array, nDetector: number, options: FbpOptions = {}): Float32Array {
  return new FbpPlan(theta, nDetector, options).reconstruct(sino) as Float32Array;
}
