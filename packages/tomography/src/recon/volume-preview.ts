/**
 * What is kept of a volume that is streamed to a file slab by slab: the three central orthogonal
 * slices and the maximum-intensity projections along z, y and x, sampled every `stride` voxels so
 * that no side exceeds `maxSide`, plus min/max/mean over every voxel. Costs a few operations per
 * voxel and O(side²) memory, so the volume itself never has to be in memory to be looked at.
 */
export interface PreviewImage {
  rows: number;
  cols: number;
  values: Float32Array;
}

export class VolumePreview {
  readonly stride: number;
  /** preview sizes along z, y, x */
  readonly pz: number;
  readonly py: number;
  readonly px: number;
  readonly sliceXY: Float32Array;
  readonly sliceXZ: Float32Array;
  readonly sliceYZ: Float32Array;
  readonly mipZ: Float32Array;
  readonly mipY: Float32Array;
  readonly mipX: Float32Array;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private sum = 0;
  private finite = 0;

  constructor(
    readonly nz: number,
    readonly ny: number,
    readonly nx: number,
    maxSide = 512,
  ) {
    this.stride = Math.max(1, Math.ceil(Math.max(nz, ny, nx) / maxSide));
    this.pz = Math.ceil(nz / this.stride);
    this.py = Math.ceil(ny / this.stride);
    this.px = Math.ceil(nx / this.stride);
    this.sliceXY = new Float32Array(this.py * this.px);
    this.sliceXZ = new Float32Array(this.pz * this.px);
    this.sliceYZ = new Float32Array(this.pz * this.py);
    this.mipZ = new Float32Array(this.py * this.px).fill(Number.NEGATIVE_INFINITY);
    this.mipY = new Float32Array(this.pz * this.px).fill(Number.NEGATIVE_INFINITY);
    this.mipX = new Float32Array(this.pz * this.py).fill(Number.NEGATIVE_INFINITY);
  }

  /** Central indices of the slices (full resolution). */
  get centre(): { z: number; y: number; x: number } {
    return { z: Math.floor(this.nz / 2), y: Math.floor(this.ny / 2), x: Math.floor(this.nx / 2) };
  }

  /** Takes slices [z0, z0 + n) of the volume (n × ny × nx, x fastest). */
  add(z0: number, slab: Float32Array): void {
    const { ny, nx, stride: s, px, py } = this;
    const plane = ny * nx;
    const n = slab.length / plane;
    const { z: zc, y: yc, x: xc } = this.centre;
    let min = this.min;
    let max = this.max;
    let sum = 0;
    let finite = 0;
    for (let i = 0; i < slab.length; i++) {
      const v = slab[i] as number;
      if (!Number.isNaN(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        finite++;
      }
    }
    this.min = min;
    this.max = max;
    this.sum += sum;
    this.finite += finite;
    for (let k = 0; k < n; k++) {
      const z = z0 + k;
      const base = k * plane;
      // maximum along z, on the sampled (y, x) grid
      for (let j = 0; j < py; j++)
        for (let i = 0; i < px; i++) {
          const v = slab[base + j * s * nx + i * s] as number;
          const o = j * px + i;
          if (v > (this.mipZ[o] as number)) this.mipZ[o] = v;
        }
      if (z === zc) for (let j = 0; j < py; j++) for (let i = 0; i < px; i++) this.sliceXY[j * px + i] = slab[base + j * s * nx + i * s] as number;
      if (z % s !== 0) continue;
      const zp = z / s;
      for (let i = 0; i < px; i++) {
        let m = Number.NEGATIVE_INFINITY;
        for (let y = 0; y < ny; y++) {
          const v = slab[base + y * nx + i * s] as number;
          if (v > m) m = v;
        }
        this.mipY[zp * px + i] = m;
        this.sliceXZ[zp * px + i] = slab[base + yc * nx + i * s] as number;
      }
      for (let j = 0; j < py; j++) {
        let m = Number.NEGATIVE_INFINITY;
        const row = base + j * s * nx;
        for (let x = 0; x < nx; x++) {
          const v = slab[row + x] as number;
          if (v > m) m = v;
        }
        this.mipX[zp * py + j] = m;
        this.sliceYZ[zp * py + j] = slab[row + xc] as number;
      }
    }
  }

  statistics(): { min: number; max: number; mean: number; voxels: number } {
    return { min: this.min, max: this.max, mean: this.finite ? this.sum / this.finite : Number.NaN, voxels: this.finite };
  }
}
