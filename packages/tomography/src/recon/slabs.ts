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

/**
 * A source over in-memory projections (angles × rows × cols): flat/dark correction and −log are
 * applied per slab when `raw` (counts), otherwise the values are taken as attenuation already.
 */
export function projectionSource(
  projections: ArrayLike<number>,
  shape: readonly [number, number, number],
  theta: Float64Array,
  correction?: {
    flats?: { values: ArrayLike<number>; count: number };
    darks?: { values: ArrayLike<number>; count: number };
    raw: boolean;
    options?: NormalizeOptions;
  },
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
      const out = new Float32Array((r1 - r0) * na * nc);
      for (let r = r0; r < r1; r++) {
        const o = (r - r0) * na * nc;
        for (let a = 0; a < na; a++) {
          const src = (a * nr + r) * nc;
          const dst = o + a * nc;
          if (!raw) {
            for (let k = 0; k < nc; k++) out[dst + k] = projections[src + k] as number;
            continue;
          }
          const rowOff = r * nc;
          for (let k = 0; k < nc; k++) {
            let t = ((projections[src + k] as number) - (dark?.[rowOff + k] as number)) * (scale?.[rowOff + k] as number);
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
