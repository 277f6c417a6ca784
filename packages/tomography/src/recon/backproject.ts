/**
 * The pixel-driven parallel-beam back-projection with linear interpolation, the hot loop of FBP
 * and of the iterative methods' adjoint.
 *
 * Geometry: output pixel (row i, col j) of an n × n slice sits at x = j − c, y = c − i with
 * c = ⌊n/2⌋ (y up), and projects to the detector position s = x·cos θ + y·sin θ + centre, which is
 * the convention of scikit-image's radon/iradon (so its sinograms reconstruct unchanged).
 *
 * Speed: every filtered projection is stored interleaved as (value, next − value) pairs, padded
 * with zeros so that no bounds test is needed inside the region of interest, and four angles are
 * accumulated per pass over the image, which quarters the loads and stores of the image and gives
 * the CPU four independent dependency chains. Float64 throughout: V8 converts float32 loads, so
 * float64 is faster here.
 */

export interface BackprojectGeometry {
  /** output slice is n × n */
  n: number;
  /** cos θ and sin θ per angle */
  cos: Float64Array;
  sin: Float64Array;
  /** padded projection width (pairs) and the offset of detector pixel 0 in it */
  width: number;
  offset: number;
  /** rotation centre (detector pixel index, fractional allowed) */
  centre: number;
  /** largest |x·cos θ + y·sin θ| over the computed pixels (pixels) */
  reach: number;
  /** per output row, first and last column to compute (inclusive); empty rows have first > last */
  first: Int32Array;
  last: Int32Array;
}

/**
 * Builds the geometry. `circle` restricts the output to the inscribed circle (outside stays 0),
 * otherwise the whole square is computed. The padding covers every detector position the region
 * can reach, whatever the centre, for every centre in `centreRange` (so a centre search can move
 * the centre without repacking the projections).
 */
export function backprojectGeometry(
  n: number,
  theta: Float64Array,
  nDetector: number,
  centre: number,
  circle: boolean,
  centreRange: [number, number] = [centre, centre],
): BackprojectGeometry {
  const c = Math.floor(n / 2);
  const cos = new Float64Array(theta.length);
  const sin = new Float64Array(theta.length);
  for (let a = 0; a < theta.length; a++) {
    cos[a] = Math.cos(theta[a] as number);
    sin[a] = Math.sin(theta[a] as number);
  }
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  let reach = 0;
  for (let i = 0; i < n; i++) {
    if (circle) {
      const dy = i - c;
      const r2 = c * c - dy * dy;
      if (r2 < 0) {
        first[i] = 1;
        last[i] = 0;
        continue;
      }
      const h = Math.floor(Math.sqrt(r2) + 1e-9);
      first[i] = Math.max(0, c - h);
      last[i] = Math.min(n - 1, c + h);
      reach = c + 1;
    } else {
      first[i] = 0;
      last[i] = n - 1;
    }
  }
  if (!circle) reach = Math.SQRT2 * (c + 1);
  // margin: interpolation needs k + 1, and the SIMD kernel computes up to 3 pixels past a row's end
  const left = Math.max(0, Math.ceil(reach - Math.min(centre, centreRange[0])) + 8);
  const right = Math.max(0, Math.ceil(Math.max(centre, centreRange[1]) + reach - (nDetector - 1)) + 8);
  return { n, cos, sin, width: nDetector + left + right, offset: left, centre, reach, first, last };
}

/**
 * Writes filtered projection `a` into the interleaved padded buffer `pairs` (2·width values per
 * angle). `filtered` is the whole zero-padded, filtered line of length `period` (the FFT length):
 * the ramp filter spreads signal beyond the detector edges, and those values are kept (position
 * k < 0 is read from k + period, as the circular convolution put it there), as a reconstruction
 * from a sinogram padded to the diagonal would see them.
 */
export function packProjection(g: BackprojectGeometry, a: number, filtered: ArrayLike<number>, period: number, pairs: Float64Array | Float32Array): void {
  const base = 2 * a * g.width;
  const o = g.offset;
  const w = g.width;
  for (let p = 0; p < w; p++) {
    let k = p - o;
    k = ((k % period) + period) % period;
    const v = filtered[k] as number;
    const next = p + 1 < w ? (filtered[(k + 1) % period] as number) : 0;
    pairs[base + 2 * p] = v;
    pairs[base + 2 * p + 1] = next - v;
  }
}

/**
 * image[i·n + j] += Σ_a weight[a] · q_a(s) over the angles [a0, a1). `pairs` holds the packed
 * projections (see {@link packProjection}) already multiplied by their weights.
 */
export function backprojectPairs(g: BackprojectGeometry, pairs: Float64Array, image: Float64Array, a0 = 0, a1 = g.cos.length): void {
  const { n, cos, sin, width, first, last } = g;
  const c = Math.floor(n / 2);
  const shift = g.centre + g.offset;
  let a = a0;
  for (; a + 3 < a1; a += 4) {
    const c0 = cos[a];
    const c1 = cos[a + 1];
    const c2 = cos[a + 2];
    const c3 = cos[a + 3];
    const s0 = sin[a];
    const s1 = sin[a + 1];
    const s2 = sin[a + 2];
    const s3 = sin[a + 3];
    // positions are pre-doubled: index into pairs = 2·floor(s), so fold ·2 and the base in
    const b0 = 2 * a * width;
    const b1 = b0 + 2 * width;
    const b2 = b1 + 2 * width;
    const b3 = b2 + 2 * width;
    for (let i = 0; i < n; i++) {
      const j0 = first[i];
      const j1 = last[i];
      if (j0 > j1) continue;
      const y = c - i;
      // s(j) = (j − c)·cos + y·sin + centre + offset
      const t0 = -c * c0 + y * s0 + shift;
      const t1 = -c * c1 + y * s1 + shift;
      const t2 = -c * c2 + y * s2 + shift;
      const t3 = -c * c3 + y * s3 + shift;
      const row = i * n;
      for (let j = j0; j <= j1; j++) {
        const u0 = t0 + j * c0;
        const u1 = t1 + j * c1;
        const u2 = t2 + j * c2;
        const u3 = t3 + j * c3;
        const k0 = u0 | 0;
        const k1 = u1 | 0;
        const k2 = u2 | 0;
        const k3 = u3 | 0;
        const p0 = b0 + 2 * k0;
        const p1 = b1 + 2 * k1;
        const p2 = b2 + 2 * k2;
        const p3 = b3 + 2 * k3;
        image[row + j] +=
          pairs[p0] +
          (u0 - k0) * pairs[p0 + 1] +
          (pairs[p1] + (u1 - k1) * pairs[p1 + 1]) +
          (pairs[p2] + (u2 - k2) * pairs[p2 + 1]) +
          (pairs[p3] + (u3 - k3) * pairs[p3 + 1]);
      }
    }
  }
  for (; a < a1; a++) {
    const ca = cos[a];
    const sa = sin[a];
    const b = 2 * a * width;
    for (let i = 0; i < n; i++) {
      const j0 = first[i];
      const j1 = last[i];
      if (j0 > j1) continue;
      const t = -c * ca + (c - i) * sa + shift;
      const row = i * n;
      for (let j = j0; j <= j1; j++) {
        const u = t + j * ca;
        const k = u | 0;
        const p = b + 2 * k;
        image[row + j] += pairs[p] + (u - k) * pairs[p + 1];
      }
    }
  }
}

/** Whether the padding of `g` lets the back-projector use rotation centre `centre`. */
export function centreFits(g: BackprojectGeometry, centre: number): boolean {
  return centre + g.offset - g.reach - 4 >= 0 && centre + g.offset + g.reach + 5 <= g.width;
}
