/**
 * Phase statistics of label volumes: volume fractions, through-connected fractions, specific surface
 * area by face counting, and particle size distributions.
 */
import { type Connectivity, labelComponents } from './components';

/** Distinct label values in increasing order. */
export function labelValues(labels: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i] as number);
  return [...seen].sort((a, b) => a - b);
}

/** Volume fraction of every label value. */
export function volumeFractions(labels: ArrayLike<number>): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const out = new Map<number, number>();
  for (const [l, c] of [...counts].sort((a, b) => a[0] - b[0])) out.set(l, c / labels.length);
  return out;
}

/**
 * Fraction of a phase's voxels that belong to clusters touching both end faces of `axis`
 * (percolating), for a connectivity (6 = faces, 18 = + edges, 26 = + corners), as TauFactor's
 * `through_fraction` defines it.
 */
export function throughConnectedFraction(
  labels: ArrayLike<number>,
  shape: readonly [number, number, number],
  phase: number,
  axis: 0 | 1 | 2,
  connectivity: Connectivity = 6,
): number {
  const [nz, ny, nx] = shape;
  const n = nz * ny * nx;
  const mask = new Uint8Array(n);
  let total = 0;
  for (let v = 0; v < n; v++)
    if (labels[v] === phase) {
      mask[v] = 1;
      total++;
    }
  if (total === 0) return 0;
  const comp = labelComponents(mask, shape, connectivity);
  const first = new Uint8Array(comp.count + 1);
  const last = new Uint8Array(comp.count + 1);
  const len = shape[axis];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const l = axis === 0 ? z : axis === 1 ? y : x;
        if (l !== 0 && l !== len - 1) continue;
        const c = comp.labels[(z * ny + y) * nx + x] as number;
        if (c === 0) continue;
        if (l === 0) first[c] = 1;
        if (l === len - 1) last[c] = 1;
      }
  let through = 0;
  for (let c = 1; c <= comp.count; c++) if (first[c] && last[c]) through += comp.sizes[c] as number;
  return through / total;
}

/**
 * Specific surface area by face counting: the number of voxel faces between the phase and any other
 * phase inside the volume (faces on the outer boundary do not count), times the face area, per
 * total volume: SSA = N_faces / (N_voxels · a) for voxel size a. Face counting overestimates the
 * true area of smooth, randomly oriented surfaces by 3/2 on average; marching cubes
 * (marching-cubes.ts) does not.
 */
export function faceCountingArea(labels: ArrayLike<number>, shape: readonly [number, number, number], phase: number): { faces: number; specificArea: number } {
  const [nz, ny, nx] = shape;
  const plane = nx * ny;
  let faces = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++) {
      const row = z * plane + y * nx;
      for (let x = 0; x < nx; x++) {
        const v = row + x;
        const a = labels[v] === phase;
        if (x + 1 < nx && a !== (labels[v + 1] === phase)) faces++;
        if (y + 1 < ny && a !== (labels[v + nx] === phase)) faces++;
        if (z + 1 < nz && a !== (labels[v + plane] === phase)) faces++;
      }
    }
  return { faces, specificArea: faces / (nz * ny * nx) };
}

export interface ParticleStats {
  count: number;
  /** voxels per particle (largest first) */
  volumes: Float64Array;
  /** equivalent-sphere diameters (voxels): (6V/π)^⅓ */
  diameters: Float64Array;
  /** particles touching the volume's outer faces (their size is cut) */
  touchingBorder: number;
  /** number-weighted and volume-weighted diameter percentiles (voxels) */
  d10: number;
  d50: number;
  d90: number;
  dv10: number;
  dv50: number;
  dv90: number;
}

function percentile(sortedValues: Float64Array, weights: Float64Array | undefined, q: number): number {
  const n = sortedValues.length;
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? (weights[i] as number) : 1;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weights ? (weights[i] as number) : 1;
    if (acc >= q * total) return sortedValues[i] as number;
  }
  return sortedValues[n - 1] as number;
}

/**
 * Particles of `phase` as connected components (default 6-connectivity), optionally dropping those
 * smaller than `minVoxels` (noise) and those touching the border.
 */
export function particleStatistics(
  labels: ArrayLike<number>,
  shape: readonly [number, number, number],
  phase: number,
  options: { connectivity?: Connectivity; minVoxels?: number; excludeBorder?: boolean } = {},
): ParticleStats {
  const [nz, ny, nx] = shape;
  const n = nz * ny * nx;
  const mask = new Uint8Array(n);
  for (let v = 0; v < n; v++) mask[v] = labels[v] === phase ? 1 : 0;
  const comp = labelComponents(mask, shape, options.connectivity ?? 6);
  const border = new Uint8Array(comp.count + 1);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        if (z > 0 && z < nz - 1 && y > 0 && y < ny - 1 && x > 0 && x < nx - 1) continue;
        border[comp.labels[(z * ny + y) * nx + x] as number] = 1;
      }
  const keep: number[] = [];
  let touching = 0;
  for (let c = 1; c <= comp.count; c++) {
    const v = comp.sizes[c] as number;
    if (v < (options.minVoxels ?? 1)) continue;
    if (border[c]) {
      touching++;
      if (options.excludeBorder) continue;
    }
    keep.push(v);
  }
  const volumes = Float64Array.from(keep).sort().reverse();
  const diameters = Float64Array.from(volumes, (v) => Math.cbrt((6 * v) / Math.PI));
  const asc = Float64Array.from(diameters).reverse();
  const vAsc = Float64Array.from(volumes).reverse();
  return {
    count: volumes.length,
    volumes,
    diameters,
    touchingBorder: touching,
    d10: percentile(asc, undefined, 0.1),
    d50: percentile(asc, undefined, 0.5),
    d90: percentile(asc, undefined, 0.9),
    dv10: percentile(asc, vAsc, 0.1),
    dv50: percentile(asc, vAsc, 0.5),
    dv90: percentile(asc, vAsc, 0.9),
  };
}
