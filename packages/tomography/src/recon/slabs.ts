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
 * A {@link SinogramSource} whose rows may come asynchronously (read from a file in pieces: a
 * deferred array over a ranged FileSource). Every SinogramSource is one.
 */
export interface AsyncSinogramSource {
  nAngles: number;
  nRows: number;
  nDetector: number;
  theta: Float64Array;
  sinograms(r0: number, r1: number): Float32Array | Promise<Float32Array>;
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
  const convert = blockConverter(shape, correction);
  return {
    nAngles: shape[0],
    nRows: shape[1],
    nDetector: shape[2],
    theta,
    stats: convert.stats,
    sinograms: (r0, r1) => convert.sinograms(readRows(r0, r1), r0, r1),
  };
}

/** {@link rowBlockSource} over rows read asynchronously (a deferred array in a file). */
export function rowBlockSourceAsync(
  shape: readonly [number, number, number],
  theta: Float64Array,
  readRows: (r0: number, r1: number) => Promise<ArrayLike<number>>,
  correction?: SourceCorrection,
): AsyncSinogramSource & { stats: { clamped: number; badFlatPixels: number } } {
  const convert = blockConverter(shape, correction);
  return {
    nAngles: shape[0],
    nRows: shape[1],
    nDetector: shape[2],
    theta,
    stats: convert.stats,
    sinograms: async (r0, r1) => convert.sinograms(await readRows(r0, r1), r0, r1),
  };
}

/** Flat/dark correction and −log of blocks of rows (angles × rows × cols) into sinograms. */
function blockConverter(shape: readonly [number, number, number], correction?: SourceCorrection) {
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
    stats,
    sinograms(block: ArrayLike<number>, r0: number, r1: number): Float32Array {
      const rows = r1 - r0;
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
  const job = new SlabJob(source, options);
  for (const [s0, s1] of job.slabs()) {
    throwIfAborted(options.signal);
    sink(s0, job.reconstruct(source.sinograms(s0, s1), s0, s1));
    job.report(s0, s1);
  }
  return job.summary(started);
}

/**
 * {@link reconstructSlabs} over a source that reads asynchronously, with a sink that may write
 * asynchronously (awaited before the next slab: one slab in memory at a time).
 */
export async function reconstructSlabsAsync(
  source: AsyncSinogramSource,
  options: SlabReconstructionOptions,
  sink: (firstRow: number, slab: Float32Array) => void | Promise<void>,
): Promise<SlabSummary> {
  const started = performance.now();
  const job = new SlabJob(source, options);
  for (const [s0, s1] of job.slabs()) {
    throwIfAborted(options.signal);
    const sinos = await source.sinograms(s0, s1);
    throwIfAborted(options.signal);
    await sink(s0, job.reconstruct(sinos, s0, s1));
    job.report(s0, s1);
  }
  return job.summary(started);
}

/** What one reconstruction keeps across slabs: the FBP plan, ring-removal settings, counters. */
class SlabJob {
  private readonly r0: number;
  private readonly r1: number;
  private readonly nd: number;
  private readonly na: number;
  readonly size: number;
  private readonly slabRows: number;
  private readonly plan: FbpPlan | undefined;
  private stripeColumns = 0;
  private readonly sliceBuffer: Float64Array;

  constructor(
    private readonly source: AsyncSinogramSource,
    private readonly options: SlabReconstructionOptions,
  ) {
    [this.r0, this.r1] = options.rows ?? [0, source.nRows];
    this.nd = source.nDetector;
    this.na = source.nAngles;
    this.size = options.size ?? this.nd;
    this.slabRows = Math.max(1, options.slabRows ?? 16);
    this.plan =
      (options.algorithm ?? 'fbp') === 'fbp'
        ? new FbpPlan(source.theta, this.nd, {
            filter: options.filter ?? 'ramp',
            centre: options.centre,
            size: this.size,
            circle: options.circle ?? true,
            ...(options.padding ? { padding: options.padding } : {}),
          })
        : undefined;
    this.sliceBuffer = new Float64Array(this.size * this.size);
  }

  *slabs(): Generator<[number, number]> {
    for (let s0 = this.r0; s0 < this.r1; s0 += this.slabRows) yield [s0, Math.min(this.r1, s0 + this.slabRows)];
  }

  /** Reconstructs the sinograms of rows [s0, s1) (filtered in place by ring removal). */
  reconstruct(sinos: Float32Array, s0: number, s1: number): Float32Array {
    const { na, nd, size, options } = this;
    const ring = options.ringRemoval ?? 'none';
    const algorithm = options.algorithm ?? 'fbp';
    const slab = new Float32Array((s1 - s0) * size * size);
    for (let r = s0; r < s1; r++) {
      const sino = sinos.subarray((r - s0) * na * nd, (r - s0 + 1) * na * nd);
      if (ring === 'large' || ring === 'both') this.stripeColumns += removeLargeStripes(sino, na, nd);
      if (ring === 'sorting' || ring === 'both') removeStripesSorting(sino, na, nd, options.ringSize ?? 21);
      const out = slab.subarray((r - s0) * size * size, (r - s0 + 1) * size * size);
      if (this.plan) this.plan.reconstruct(sino, out);
      else {
        const res = (algorithm === 'sirt' ? sirt : cgls)(sino, this.source.theta, nd, {
          centre: options.centre,
          size,
          iterations: options.iterations ?? (algorithm === 'sirt' ? 100 : 20),
          nonNegative: algorithm === 'sirt',
        });
        this.sliceBuffer.set(res.image);
        out.set(this.sliceBuffer);
      }
    }
    return slab;
  }

  report(s0: number, s1: number): void {
    this.options.progress?.((s1 - this.r0) / (this.r1 - this.r0), `slices ${s0}–${s1 - 1}`);
  }

  summary(started: number): SlabSummary {
    return { slices: this.r1 - this.r0, size: this.size, stripeColumnsCorrected: this.stripeColumns, timeMs: performance.now() - started };
  }
}
