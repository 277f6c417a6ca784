/**
 * Cone-beam reconstruction for a circular orbit and a flat detector: L. A. Feldkamp, L. C. Davis,
 * J. W. Kress, "Practical cone-beam algorithm", J. Opt. Soc. Am. A 1(6), 612–619 (1984); the
 * discrete form follows Kak & Slaney (1988), §3.6.
 *
 * Geometry (lengths in any one unit L): the source turns on a circle of radius D (source–origin
 * distance) about the z axis; the flat detector is Dsd from the source (magnification M = Dsd/D).
 * At angle β the detector's column axis is e_u = (cos β, sin β, 0), its row axis is +z and the
 * central ray runs along e_w = (−sin β, cos β, 0), so a point (x, y, z) lies at t = x cos β + y sin β
 * across and w = −x sin β + y cos β along the ray (w > 0 beyond the axis, towards the detector).
 * With U = D/(D + w) it projects to detector column centre + M·U·t/p and row centreRow + M·U·z/p
 * (p the detector pixel size). As D → ∞ this is exactly the package's parallel-beam convention
 * (s = x cos θ + y sin θ + centre), so a scan's angles mean the same in both.
 *
 * Steps, per projection (so memory is the slab being reconstructed, its row band and four filtered views):
 *  1. cosine pre-weighting by Dsd/√(Dsd² + u² + v²) (u, v physical detector coordinates);
 *  2. row-wise ramp filtering (recon/filters.ts: the band-limited Ram–Lak kernel, optionally
 *     apodised), zero-padded, two rows per complex FFT (`@ionscope/numerics`);
 *  3. voxel-driven back-projection with bilinear interpolation and the distance weight U² =
 *     (D/(D + w))² ( = (D/(D − s))² with s = −w towards the source), weighted by Δβ/(4·Δa) with Δa = p/M
 *     the detector pitch scaled to the axis: f = ½ ∫₀^{2π} U² Q dβ for a full scan.
 * The working volume is kept z-fastest ((y, x, z) order): for a fixed (x, y) both the detector
 * column and U are constant along z, so the inner loop walks one detector column pair with a
 * constant row step and no division; four views are added per pass over the volume. It is
 * transposed to z × y × x at the end.
 *
 * Work splits into slabs of slices ({@link fdkSlab}, the worker task `reconstructConeSlab`): a slab
 * needs only the detector rows its voxels project onto (all views), which it filters itself. Rows
 * are filtered in pairs by absolute row parity and every voxel sums the same views in the same
 * order, so any split gives the same bits as one slab. recon/fdk-slabs.ts plans the slabs within a
 * memory budget and runs them in order, on threads or here.
 *
 * A full turn (360°) integrates every view with Δβ and the factor ½; a short scan (≥ 180° plus the
 * fan angle) weights each detector column with Parker's redundancy weights before filtering
 * (recon/scan-weights.ts) and drops the ½.
 */
import { FFT } from '@ionscope/numerics';
import { type FilterName, filterResponse, paddedLength } from './filters';
import { parkerWeight, type ScanWeighting, scanWeighting } from './scan-weights';

export interface ConeGeometry {
  /** source–rotation-axis distance D */
  sourceOrigin: number;
  /** source–detector distance Dsd (> D) */
  sourceDetector: number;
  /** detector pixel pitch (square pixels), in the same unit as the distances */
  pixelSize: number;
  /** detector column (fractional) onto which the rotation axis projects; default (columns − 1)/2 */
  centre?: number;
  /** detector row (fractional) hit by the central ray (perpendicular from the source); default (rows − 1)/2 */
  centreRow?: number;
}

export interface FdkOptions {
  filter?: FilterName;
  /** output slice size nx = ny (default: the detector columns) */
  size?: number;
  /** output slices nz (default: the detector rows) */
  slices?: number;
  /** voxel size (default the detector pitch at the axis, p/M) */
  voxelSize?: number;
  signal?: AbortSignal;
  progress?: (fraction: number) => void;
}

export interface FdkResult {
  /** z × y × x, attenuation in 1/(length unit); voxels outside the field-of-view cylinder are 0 */
  volume: Float32Array;
  size: number;
  slices: number;
  voxelSize: number;
  magnification: number;
  /** half of the fan angle across the detector width (rad), the larger side from the centre */
  coneHalfAngle: number;
  /** radius of the cylinder every view sees (length unit) */
  fieldOfViewRadius: number;
  /** how the views were weighted: full turn, or short scan with Parker weights */
  scan: ScanWeighting;
}

/** Views back-projected per pass over the volume. */
const BLOCK = 4;

/** The geometry and grid of one reconstruction, with every default resolved (structured-cloneable). */
export interface FdkSetup {
  shape: [number, number, number];
  theta: Float64Array;
  sourceOrigin: number;
  sourceDetector: number;
  pixelSize: number;
  centre: number;
  centreRow: number;
  filter: FilterName;
  size: number;
  slices: number;
  voxelSize: number;
}

/** One slab's task: slices [k0, k1) from detector rows [rowStart, rowStart + rowCount) of every view. */
export interface FdkSlabTask {
  setup: FdkSetup;
  k0: number;
  k1: number;
  rowStart: number;
  rowCount: number;
  /** views × rowCount × columns, line integrals; read only */
  rows: ArrayLike<number>;
}

/** Resolves defaults and checks the geometry. */
export function fdkSetup(shape: readonly [number, number, number], theta: Float64Array, geometry: ConeGeometry, options: FdkOptions = {}): FdkSetup {
  const [na, nv, nu] = shape;
  if (theta.length !== na) throw new RangeError(`${theta.length} angles for ${na} projections`);
  const { sourceOrigin: D, sourceDetector: Dsd, pixelSize: p } = geometry;
  if (!(D > 0 && Dsd > D && p > 0)) throw new RangeError('FDK geometry needs 0 < source–origin < source–detector and a positive pixel size');
  return {
    shape: [na, nv, nu],
    theta,
    sourceOrigin: D,
    sourceDetector: Dsd,
    pixelSize: p,
    centre: geometry.centre ?? (nu - 1) / 2,
    centreRow: geometry.centreRow ?? (nv - 1) / 2,
    filter: options.filter ?? 'ramp',
    size: options.size ?? nu,
    slices: options.slices ?? nv,
    voxelSize: options.voxelSize ?? p / (Dsd / D),
  };
}

/** Derived quantities shared by the slabs. */
function derived(s: FdkSetup) {
  const [, , nu] = s.shape;
  const M = s.sourceDetector / s.sourceOrigin;
  const da = s.pixelSize / M; // detector pitch at the axis
  // field of view: distance from the axis to the ray through the outer edge of the nearer detector side
  const halfWidth = Math.min(s.centre + 0.5, nu - 0.5 - s.centre) * da;
  const fovRadius = (s.sourceOrigin * halfWidth) / Math.hypot(s.sourceOrigin, halfWidth);
  const coneHalfAngle = Math.atan((Math.max(s.centre + 0.5, nu - 0.5 - s.centre) * s.pixelSize) / s.sourceDetector);
  const c = Math.floor(s.size / 2);
  const rMax = Math.min(fovRadius / s.voxelSize, c + 0.5);
  return { M, da, fovRadius, coneHalfAngle, c, cz: Math.floor(s.slices / 2), rMax };
}

/**
 * Detector rows [start, end) that slices [k0, k1) project onto from any view, with a two-row
 * margin, starting on an even row (rows are filtered in pairs).
 */
export function fdkRowsForSlices(s: FdkSetup, k0: number, k1: number): [number, number] {
  const nv = s.shape[1];
  const { da, cz, rMax } = derived(s);
  const reach = (rMax + 1) * s.voxelSize;
  const D = s.sourceOrigin;
  const uMax = D / Math.max(D - reach, 1e-9 * D);
  const uMin = D / (D + reach);
  const rowScale = s.voxelSize / da;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const k of [k0, k1 - 1])
    for (const U of [uMin, uMax]) {
      const r = s.centreRow + (k - cz) * rowScale * U;
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
  let start = Math.max(0, Math.floor(lo) - 2);
  start -= start % 2;
  const end = Math.min(nv, Math.ceil(hi) + 3);
  return [start, Math.max(start, end)];
}

/** What the back-projection of one block of views needs besides the views themselves. */
interface ViewGrid {
  nx: number;
  nu: number;
  /** voxel indices of x = y = 0 and z = 0 */
  c: number;
  cz: number;
  /** the slab: slices [k0, k1) */
  k0: number;
  k1: number;
  /** detector rows held: [rowStart, rowStart + rowCount) at buffer rows 1 … rowCount */
  rowStart: number;
  stride: number;
  vx: number;
  D: number;
  /** detector pitch at the axis */
  da: number;
  centre: number;
  centreRow: number;
  /** detector rows per slice at U = 1 */
  rowScale: number;
  /** per output row, the first and last column inside the field of view */
  first: Int32Array;
  last: Int32Array;
}

/** Per-view quantities of one voxel column, for {@link backprojectBlock} (scratch, reused). */
const columnScratch = {
  b0: new Int32Array(BLOCK),
  wl: new Float64Array(BLOCK),
  wr: new Float64Array(BLOCK),
  r0: new Float64Array(BLOCK),
  dr: new Float64Array(BLOCK),
  lo: new Int32Array(BLOCK),
  hi: new Int32Array(BLOCK),
};

/**
 * Adds BLOCK filtered views (stored one after the other, `viewSize` apart; column-major, a zero
 * guard column and row around each) into the slab's (y, x, z) accumulator, with the distance
 * weight U² and bilinear interpolation, in one pass: a quarter of the memory traffic of one view at
 * a time, and four independent sums per voxel. Row positions are computed in absolute detector
 * rows (whatever the slab), so a voxel gets the same bits in any slab split. Where the views'
 * slice ranges differ (near the top and bottom of the cone) the remainders are added view by view.
 */
function backprojectBlock(acc: Float64Array, filtered: Float64Array, viewSize: number, cos: Float64Array, sin: Float64Array, g: ViewGrid): void {
  const { nx, nu, c, cz, k0, k1, rowStart, stride, vx, D, da, centre, centreRow, rowScale, first, last } = g;
  const depth = k1 - k0;
  const { b0, wl, wr, r0, dr, lo, hi } = columnScratch;
  // buffer rows hold absolute (+1) rows [rowStart, rowStart + stride − 1)
  const rowEnd = rowStart + stride - 1 - 1e-9;
  for (let i = 0; i < nx; i++) {
    const j0 = first[i] as number;
    const j1 = last[i] as number;
    const y = (c - i) * vx;
    for (let j = j0; j <= j1; j++) {
      const x = (j - c) * vx;
      // acc index of slice k (absolute) is base + k
      const base = (i * nx + j) * depth - k0;
      let kFrom = k0;
      let kTo = k1 - 1;
      for (let q = 0; q < BLOCK; q++) {
        const cb = cos[q] as number;
        const sb = sin[q] as number;
        const U = D / (D - x * sb + y * cb);
        // column in the guarded buffer (+1), in [0, nu + 1)
        const colf = centre + ((x * cb + y * sb) * U) / da + 1;
        let u0 = Math.floor(colf);
        let fu = colf - u0;
        let W = U * U;
        if (u0 < 0 || u0 > nu) {
          // outside the detector: contributes nothing
          u0 = 0;
          fu = 0;
          W = 0;
        }
        wl[q] = W * (1 - fu);
        wr[q] = W * fu;
        b0[q] = q * viewSize + u0 * stride - rowStart;
        // absolute row (+1) of slice k is r + k·d; the zero guard rows make the detector edges fade
        const d = rowScale * U;
        const r = centreRow + 1 - cz * d;
        dr[q] = d;
        r0[q] = r;
        const kl = Math.max(k0, Math.ceil((rowStart - r) / d));
        const kh = Math.min(k1 - 1, Math.floor((rowEnd - r) / d));
        lo[q] = kl;
        hi[q] = kh;
        if (kl > kFrom) kFrom = kl;
        if (kh < kTo) kTo = kh;
      }
      const p0 = b0[0] as number;
      const p1 = b0[1] as number;
      const p2 = b0[2] as number;
      const p3 = b0[3] as number;
      const l0 = wl[0] as number;
      const l1 = wl[1] as number;
      const l2 = wl[2] as number;
      const l3 = wl[3] as number;
      const w0 = wr[0] as number;
      const w1 = wr[1] as number;
      const w2 = wr[2] as number;
      const w3 = wr[3] as number;
      const s0 = r0[0] as number;
      const s1 = r0[1] as number;
      const s2 = r0[2] as number;
      const s3 = r0[3] as number;
      const d0 = dr[0] as number;
      const d1 = dr[1] as number;
      const d2 = dr[2] as number;
      const d3 = dr[3] as number;
      for (let k = kFrom; k <= kTo; k++) {
        const f0 = s0 + k * d0;
        const f1 = s1 + k * d1;
        const f2 = s2 + k * d2;
        const f3 = s3 + k * d3;
        const i0 = f0 | 0;
        const i1 = f1 | 0;
        const i2 = f2 | 0;
        const i3 = f3 | 0;
        const t0 = f0 - i0;
        const t1 = f1 - i1;
        const t2 = f2 - i2;
        const t3 = f3 - i3;
        const a0 = filtered[p0 + i0] as number;
        const c0 = filtered[p0 + stride + i0] as number;
        const a1 = filtered[p1 + i1] as number;
        const c1 = filtered[p1 + stride + i1] as number;
        const a2 = filtered[p2 + i2] as number;
        const c2 = filtered[p2 + stride + i2] as number;
        const a3 = filtered[p3 + i3] as number;
        const c3 = filtered[p3 + stride + i3] as number;
        acc[base + k] =
          (acc[base + k] as number) +
          (l0 * (a0 + t0 * ((filtered[p0 + i0 + 1] as number) - a0)) + w0 * (c0 + t0 * ((filtered[p0 + stride + i0 + 1] as number) - c0))) +
          (l1 * (a1 + t1 * ((filtered[p1 + i1 + 1] as number) - a1)) + w1 * (c1 + t1 * ((filtered[p1 + stride + i1 + 1] as number) - c1))) +
          (l2 * (a2 + t2 * ((filtered[p2 + i2 + 1] as number) - a2)) + w2 * (c2 + t2 * ((filtered[p2 + stride + i2 + 1] as number) - c2))) +
          (l3 * (a3 + t3 * ((filtered[p3 + i3 + 1] as number) - a3)) + w3 * (c3 + t3 * ((filtered[p3 + stride + i3 + 1] as number) - c3)));
      }
      // the slices some views reach and others do not
      for (let q = 0; q < BLOCK; q++) {
        const from = lo[q] as number;
        const to = hi[q] as number;
        const b = b0[q] as number;
        if (from < kFrom)
          addColumn(acc, base, filtered, b, stride, r0[q] as number, dr[q] as number, wl[q] as number, wr[q] as number, from, Math.min(to, kFrom - 1));
        // after the common range, or (when there is none) after the first piece
        const rest = Math.max(from, kTo + 1, kFrom);
        if (to >= rest) addColumn(acc, base, filtered, b, stride, r0[q] as number, dr[q] as number, wl[q] as number, wr[q] as number, rest, to);
      }
    }
  }
}

/** One view's contribution to slices [from, to] of one voxel column. */
function addColumn(
  acc: Float64Array,
  base: number,
  filtered: Float64Array,
  b0: number,
  stride: number,
  r0: number,
  dr: number,
  wl: number,
  wr: number,
  from: number,
  to: number,
): void {
  const b1 = b0 + stride;
  for (let k = from; k <= to; k++) {
    const rf = r0 + k * dr;
    const r = rf | 0;
    const f = rf - r;
    const a0 = filtered[b0 + r] as number;
    const c0 = filtered[b1 + r] as number;
    acc[base + k] =
      (acc[base + k] as number) + wl * (a0 + f * ((filtered[b0 + r + 1] as number) - a0)) + wr * (c0 + f * ((filtered[b1 + r + 1] as number) - c0));
  }
}

/**
 * Slices [k0, k1) (z × y × x, float32) from detector rows [rowStart, rowStart + rowCount) of every
 * view, which must include {@link fdkRowsForSlices} of the slab (or run to the detector's edge).
 */
export function fdkSlab(task: FdkSlabTask, signal?: AbortSignal, progress?: (fraction: number) => void): Float32Array {
  const { setup: s, k0, k1, rowStart, rowCount, rows: projections } = task;
  const [na, , nu] = s.shape;
  const { theta, sourceOrigin: D, sourceDetector: Dsd, pixelSize: p, centre, centreRow, size: nx, voxelSize: vx } = s;
  const { da, coneHalfAngle, c, cz, rMax } = derived(s);
  if (rowStart % 2) throw new RangeError(`a slab's rows must start on an even row (got ${rowStart})`);
  const scan = scanWeighting(theta, coneHalfAngle);
  const { dBeta } = scan;
  const short = scan.kind === 'short';
  // Parker's fan angle of each detector column, and the column weights of the current view
  const gamma = Float64Array.from({ length: nu }, (_, k) => -Math.atan(((k - centre) * p) / Dsd));
  const columnWeight = new Float64Array(nu).fill(1);
  // cosine pre-weights Dsd/√(Dsd² + u² + v²) of the rows held
  const cosWeight = new Float64Array(rowCount * nu);
  for (let r = 0; r < rowCount; r++) {
    const v = (rowStart + r - centreRow) * p;
    for (let k = 0; k < nu; k++) {
      const u = (k - centre) * p;
      cosWeight[r * nu + k] = Dsd / Math.sqrt(Dsd * Dsd + u * u + v * v);
    }
  }
  const padded = paddedLength(nu);
  const response = filterResponse(s.filter, padded);
  const fft = new FFT(padded);
  const re = new Float64Array(padded);
  const im = new Float64Array(padded);
  const fRe = new Float64Array(padded);
  const fIm = new Float64Array(padded);
  // BLOCK filtered views, each column-major with a zero row above and below and a zero column on each side
  const stride = rowCount + 2;
  const viewSize = (nu + 2) * stride;
  const filtered = new Float64Array(BLOCK * viewSize);
  const blockCos = new Float64Array(BLOCK);
  const blockSin = new Float64Array(BLOCK);
  // per output row: the columns inside the field-of-view circle
  const first = new Int32Array(nx);
  const last = new Int32Array(nx);
  for (let i = 0; i < nx; i++) {
    const dy = c - i;
    const h2 = rMax * rMax - dy * dy;
    if (h2 < 0) {
      first[i] = 1;
      last[i] = 0;
      continue;
    }
    const h = Math.sqrt(h2);
    first[i] = Math.max(0, Math.ceil(c - h));
    last[i] = Math.min(nx - 1, Math.floor(c + h));
  }
  const depth = k1 - k0;
  const acc = new Float64Array(nx * nx * depth); // (y, x, z)
  const grid: ViewGrid = { nx, nu, c, cz, k0, k1, rowStart, stride, vx, D, da, centre, centreRow, rowScale: vx / da, first, last };

  /** 1–2: cosine (and Parker) weighting and row filtering of view a into slot q of `filtered`. */
  const filterView = (a: number, q: number) => {
    const frame = a * rowCount * nu;
    // full turn: ½ for the two rays through each line; short scan: Parker weights sum to one per line
    const scale = (dBeta[a] as number) / ((short ? 2 : 4) * da);
    if (short) for (let k = 0; k < nu; k++) columnWeight[k] = parkerWeight((theta[a] as number) - scan.start, gamma[k] as number, scan.delta);
    const out = q * viewSize;
    // two detector rows per complex FFT (pairs of absolute rows: rowStart is even)
    for (let r = 0; r < rowCount; r += 2) {
      const two = r + 1 < rowCount;
      for (let k = 0; k < nu; k++) {
        const w = columnWeight[k] as number;
        re[k] = (projections[frame + r * nu + k] as number) * (cosWeight[r * nu + k] as number) * w;
        im[k] = two ? (projections[frame + (r + 1) * nu + k] as number) * (cosWeight[(r + 1) * nu + k] as number) * w : 0;
      }
      re.fill(0, nu);
      im.fill(0, nu);
      fft.forward(re, im, fRe, fIm);
      for (let k = 0; k < padded; k++) {
        fRe[k] = (fRe[k] as number) * (response[k] as number);
        fIm[k] = (fIm[k] as number) * (response[k] as number);
      }
      fft.inverse(fRe, fIm, re, im);
      for (let k = 0; k < nu; k++) {
        filtered[out + (k + 1) * stride + r + 1] = (re[k] as number) * scale;
        if (two) filtered[out + (k + 1) * stride + r + 2] = (im[k] as number) * scale;
      }
    }
  };
  // 3: back-projection, BLOCK views per pass; a last, partial block has empty (zero) slots
  for (let a = 0; a < na; a += BLOCK) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (let q = 0; q < BLOCK; q++) {
      if (a + q < na) {
        filterView(a + q, q);
        blockCos[q] = Math.cos(theta[a + q] as number);
        blockSin[q] = Math.sin(theta[a + q] as number);
      } else filtered.fill(0, q * viewSize, (q + 1) * viewSize);
    }
    backprojectBlock(acc, filtered, viewSize, blockCos, blockSin, grid);
    progress?.(Math.min(na, a + BLOCK) / na);
  }
  const slab = new Float32Array(depth * nx * nx);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < nx; j++) {
      const base = (i * nx + j) * depth;
      for (let k = 0; k < depth; k++) slab[(k * nx + i) * nx + j] = acc[base + k] as number;
    }
  return slab;
}

/** Worker task: one slab of a cone-beam reconstruction (see {@link fdkSlab}). */
export function reconstructConeSlab(task: FdkSlabTask): { slab: Float32Array } {
  return { slab: fdkSlab(task) };
}

/** Everything about a reconstruction that is not the volume (for `values`). */
export function fdkSummary(s: FdkSetup): Omit<FdkResult, 'volume'> {
  const { M, fovRadius, coneHalfAngle } = derived(s);
  return {
    size: s.size,
    slices: s.slices,
    voxelSize: s.voxelSize,
    magnification: M,
    coneHalfAngle,
    fieldOfViewRadius: fovRadius,
    scan: scanWeighting(s.theta, coneHalfAngle),
  };
}

/**
 * FDK reconstruction of projections `angle × row × col` (line integrals, −ln T) taken at angles
 * `theta` (rad) in the geometry above, on this thread in one slab.
 */
export function fdk(
  projections: ArrayLike<number>,
  shape: readonly [number, number, number],
  theta: Float64Array,
  geometry: ConeGeometry,
  options: FdkOptions = {},
): FdkResult {
  const setup = fdkSetup(shape, theta, geometry, options);
  const summary = fdkSummary(setup);
  const volume = fdkSlab({ setup, k0: 0, k1: setup.slices, rowStart: 0, rowCount: shape[1], rows: projections }, options.signal, options.progress);
  return { volume, ...summary };
}
