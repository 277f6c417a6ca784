/**
 * Denoising filters for volumes (z × y × x, x fastest), edges handled by clamping (nearest voxel).
 * - Gaussian: separable convolution with a kernel truncated at 4σ, normalised to sum 1, run along
 *   x, y and z in turn (σ in voxels; 0 along an axis skips it).
 * - Median: the median of the (2r+1)³ cube around each voxel, by quickselect on a reused buffer.
 */

export function gaussianKernel(sigma: number, truncate = 4): Float64Array {
  const radius = Math.max(1, Math.ceil(truncate * sigma));
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

function convolveAxis(src: Float32Array, dst: Float32Array, shape: readonly [number, number, number], axis: 0 | 1 | 2, kernel: Float64Array): void {
  const [nz, ny, nx] = shape;
  const stride = axis === 2 ? 1 : axis === 1 ? nx : nx * ny;
  const len = shape[axis];
  const radius = (kernel.length - 1) >> 1;
  const line = new Float64Array(len + 2 * radius);
  const outer = axis === 2 ? nz * ny : axis === 1 ? nz * nx : ny * nx;
  for (let o = 0; o < outer; o++) {
    let base: number;
    if (axis === 2) base = o * nx;
    else if (axis === 1) base = Math.floor(o / nx) * nx * ny + (o % nx);
    else base = o;
    for (let i = 0; i < len + 2 * radius; i++) {
      const j = Math.min(len - 1, Math.max(0, i - radius));
      line[i] = src[base + j * stride] as number;
    }
    for (let i = 0; i < len; i++) {
      let acc = 0;
      for (let k = 0; k < kernel.length; k++) acc += (kernel[k] as number) * (line[i + k] as number);
      dst[base + i * stride] = acc;
    }
  }
}

/** Gaussian smoothing with standard deviation `sigma` voxels (scalar or per axis [z, y, x]). */
export function gaussianFilter(values: ArrayLike<number>, shape: readonly [number, number, number], sigma: number | [number, number, number]): Float32Array {
  const s = typeof sigma === 'number' ? [sigma, sigma, sigma] : sigma;
  let a = Float32Array.from(values as ArrayLike<number>);
  let b = new Float32Array(a.length);
  for (const axis of [2, 1, 0] as const) {
    const sg = s[axis] as number;
    if (!(sg > 0) || shape[axis] < 2) continue;
    convolveAxis(a, b, shape, axis, gaussianKernel(sg));
    [a, b] = [b, a];
  }
  return a;
}

function quickselect(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = buf[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((buf[i] as number) < pivot) i++;
      while ((buf[j] as number) > pivot) j--;
      if (i <= j) {
        const t = buf[i] as number;
        buf[i] = buf[j] as number;
        buf[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return buf[k] as number;
  }
  return buf[k] as number;
}

/** Median filter over the (2·radius + 1)³ neighbourhood (clamped at the edges). */
export function medianFilter(values: ArrayLike<number>, shape: readonly [number, number, number], radius = 1): Float32Array {
  const [nz, ny, nx] = shape;
  const out = new Float32Array(nz * ny * nx);
  const w = 2 * radius + 1;
  const buf = new Float64Array(w * w * w);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let m = 0;
        for (let dz = -radius; dz <= radius; dz++) {
          const zz = Math.min(nz - 1, Math.max(0, z + dz));
          for (let dy = -radius; dy <= radius; dy++) {
            const yy = Math.min(ny - 1, Math.max(0, y + dy));
            const row = (zz * ny + yy) * nx;
            for (let dx = -radius; dx <= radius; dx++) buf[m++] = values[row + Math.min(nx - 1, Math.max(0, x + dx))] as number;
          }
        }
        out[(z * ny + y) * nx + x] = quickselect(buf, m, m >> 1);
      }
  return out;
}
