/**
 * Slab-wise reconstruction: projections are turned into −log sinograms a few detector rows at a
 * time, and the slices of each slab are handed to a sink as soon as they are reconstructed. Peak
 * memory is then the projections (or whatever the {@link SinogramSource} keeps) plus one slab,
 * not the whole volume: an app that streams slabs to disk (or a worker per slab range, as the
 * benchmark does) reconstructs volumes larger than memory. Readers can implement SinogramSource
 * over a file that delivers row ranges (h5wasm hyperslabs) instead of holding all projections.
 */
import { throwIfAborted } from '@ionscope/core';
import { type NormalizeOptions, combineFrames } from '../preprocess/normalize';
import { removeLargeStripes, removeStripesSorting } from '../preprocess/stripes';
import { type FbpOptions, FbpPlan } from './fbp';
import type { FilterName } from './filters';
import { cgls, sirt } from './iterative';

/** Something that yields −log sinograms for a range of detector rows. */
export interface SinogramSource {
  nAngles: number;
  nRows: number;
  nDetector: number;
  theta: Float64Array;
  /** sinograms of rows [r0, r1): (r1 − r0) × angles × detector, attenuation (−ln T) */
  sinograms(r0: number, r1: number): Float32Array;
}

export interface SourceCorrection {
  flats?: { values: ArrayLike<number>; count: number };
  darks?: { values: ArrayLike<number>; count: number };
  /** true: values are counts (or transmissions without flats): apply flat/dark and −log */
  raw: boolean;
  options?: NormalizeOptions;
}

/**
 * A source over projections delivered in blocks of rows: `readRows(r0, r1)` returns the
 * projections of rows [r0, r1) as angles × (r1 − r0) × cols. Flat/dark correction and −log are
 * applied per block when `raw`, otherwise the values are taken as attenuation already.
 */
export function rowBlockSource(
  shape: readonly [number, number, number],
  theta: Float64Array,
  readRows: (r0: number, r1: number) => ArrayLike<number>,
  correction?: SourceCorrection,
): SinogramSource & { stats: { clamped: number; badFlatPixels: number } } {
  const [na, nr, nc] = shape;
  const frame = nr * nc;
  const raw = correction?.raw ?? false;
  const floor = correction?.options?.floor ?? 1e-6;
  let dark: Float64Array | undefined;
  let scale: Float64Array | undefined;
  const stats = { clamped: 0, badFlatPixels: 0 };
  if (raw) {
    dark = correction?.darks
      ? combineFrames(correction.darks.values as never, correction.darks.count, frame, correction.options?.combine)
      : new Float64Array(frame);
    scale = new Float64Array(frame).fill(1);
    if (correction?.flats) {
      const flat = combineFrames(correction.flats.values as never, correction.flats.count, frame, correction.options?.combine);
      for (let p = 0; p < frame; p++) {
        const den = (flat[p] as number) - (dark[p] as number);
        if (den > 0) scale[p] = 1 / den;
        else {
          scale[p] = 0;
          stats.badFlatPixels++;
        }
      }
    }
  }
  return {
    nAngles: na,
    nRows: nr,
    nDetector: nc,
    theta,
    stats,
    sinograms(r0: number, r1: number): Float32Array {
      const rows = r1 - r0;
      const block = readRows(r0, r1);
      const out = new Float32Array(rows * na * nc);
      for (let r = r0; r < r1; r++) {
        const o = (r - r0) * na * nc;
        for (let a = 0; a < na; a++) {
          const src = (a * rows + (r - r0)) * nc;
          const dst = o + a * nc;
          if (!raw) {
            for (let k = 0; k < nc; k++) out[dst + k] = block[src + k] as number;
            continue;
          }
          const rowOff = r * nc;
          for (let k = 0; k < nc; k++) {
            let t = ((block[src + k] as number) - (dark?.[rowOff + k] as number)) * (scale?.[rowOff + k] as number);
            if (!(t >= floor)) {
              t = floor;
              stats.clamped++;
            }
            out[dst + k] = -Math.log(t);
          }
        }
      }
      return out;
    },
  };
}

/** A source over in-memory projections (angles × rows × cols), see {@link rowBlockSource}. */
export function projectionSource(
  projections: ArrayLike<number>,
  shape: readonly [number, number, number],
  theta: Float64Array,
  correction?: SourceCorrection,
): SinogramSource & { stats: { clamped: number; badFlatPixels: number } } {
  const [na, nr, nc] = shape;
  // copy rows [r0, r1) of every projection: one slab's worth of memory
  const view = (r0: number, r1: number): Float64Array => {
    const rows = r1 - r0;
    const out = new Float64Array(na * rows * nc);
    for (let a = 0; a < na; a++)
      for (let r = r0; r < r1; r++) for (let k = 0; k < nc; k++) out[(a * rows + r - r0) * nc + k] = projections[(a * nr + r) * nc + k] as number;
    return out;
  };
  return rowBlockSource(shape, theta, view, correction);
}

export interface SlabReconstructionOptions {
  algorithm?: 'fbp' | 'sirt' | 'cgls';
  filter?: FilterName;
  padding?: FbpOptions['padding'];
  centre: number;
  /** output slice size (default the detector width) */
  size?: number;
  circle?: boolean;
  /** rows to reconstruct [start, end) (default all) */
  rows?: [number, number];
  /** rows per slab (default 16) */
  slabRows?: number;
  ringRemoval?: 'none' | 'sorting' | 'large' | 'both';
  ringSize?: number;
  iterations?: number;
  signal?: AbortSignal;
  progress?: (fraction: number, message?: string) => void;
}

export interface SlabSummary {
  slices: number;
  size: number;
  stripeColumnsCorrected: number;
  timeMs: number;
}

/**
 * Reconstructs rows [r0, r1) slab by slab; `sink(firstRow, slab)` receives (rows × size × size)
 * float32 slices, row 0 of each slice at the top (y up).
 */
export function reconstructSlabs(
  source: SinogramSource,
  options: SlabReconstructionOptions,
  sink: (firstRow: number, slab: Float32Array) => void,
): SlabSummary {
  const started = performance.now();
  const [r0, r1] = options.rows ?? [0, source.nRows];
  const nd = source.nDetector;
  const na = source.nAngles;
  const size = options.size ?? nd;
  const slabRows = Math.max(1, options.slabRows ?? 16);
  const algorithm = options.algorithm ?? 'fbp';
  const plan =
    algorithm === 'fbp'
      ? new FbpPlan(source.theta, nd, {
          filter: options.filter ?? 'ramp',
          centre: options.centre,
          size,
          circle: options.circle ?? true,
          ...(options.padding ? { padding: options.padding } : {}),
        })
      : undefined;
  const ring = options.ringRemoval ?? 'none';
  let stripeColumns = 0;
  const sliceBuffer = new Float64Array(size * size);
  for (let s0 = r0; s0 < r1; s0 += slabRows) {
    throwIfAborted(options.signal);
    const s1 = Math.min(r1, s0 + slabRows);
    const sinos = source.sinograms(s0, s1);
    const slab = new Float32Array((s1 - s0) * size * size);
    for (let r = s0; r < s1; r++) {
      const sino = sinos.subarray((r - s0) * na * nd, (r - s0 + 1) * na * nd);
      if (ring === 'large' || ring === 'both') stripeColumns += removeLargeStripes(sino, na, nd);
      if (ring === 'sorting' || ring === 'both') removeStripesSorting(sino, na, nd, options.ringSize ?? 21);
      const out = slab.subarray((r - s0) * size * size, (r - s0 + 1) * size * size);
      if (plan) plan.reconstruct(sino, out);
      else {
        const res = (algorithm === 'sirt' ? sirt : cgls)(sino, source.theta, nd, {
          centre: options.centre,
          size,
          iterations: options.iterations ?? (algorithm === 'sirt' ? 100 : 20),
          nonNegative: algorithm === 'sirt',
        });
        sliceBuffer.set(res.image);
        out.set(sliceBuffer);
      }
    }
    sink(s0, slab);
    options.progress?.((s1 - r0) / (r1 - r0), `slices ${s0}–${s1 - 1}`);
  }
  return { slices: r1 - r0, size, stripeColumnsCorrected: stripeColumns, timeMs: performance.now() - started };
}
