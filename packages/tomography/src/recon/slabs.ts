/**
 * Slab-wise reconstruction: projections are turned into −log sinograms a few detector rows at a
 * time, and the slices of each slab are handed to a sink as soon as they are reconstructed. Peak
 * memory is then the projections (or whatever the {@link SinogramSource} keeps) plus one slab,
 * not the whole volume: an app that streams slabs to disk reconstructs volumes larger than memory.
 * Readers can implement SinogramSource over a file that delivers row ranges (h5wasm hyperslabs)
 * instead of holding all projections. With `ctx.parallel` the slabs are reconstructed on the
 * host's worker threads (recon/slab-task.ts is the task), a few slabs in flight at a time.
 */
import { inlineRunner, type ParallelRunner, throwIfAborted } from '@ionscope/core';
import { combineFrames, flatScale, type NormalizeOptions } from '../preprocess/normalize';
import type { FbpOptions } from './fbp';
import type { FilterName } from './filters';
import { type RingRemoval, reconstructSlab, type SlabSettings, type SlabTaskInput, type SlabTaskResult } from './slab-task';

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
  return { ...sourceShape(shape, theta, convert.stats), sinograms: (r0, r1) => convert.sinograms(readRows(r0, r1), r0, r1) };
}

/** The geometry and counters every row-block source reports. */
function sourceShape(shape: readonly [number, number, number], theta: Float64Array, stats: { clamped: number; badFlatPixels: number }) {
  return { nAngles: shape[0], nRows: shape[1], nDetector: shape[2], theta, stats };
}

/** {@link rowBlockSource} over rows read asynchronously (a deferred array in a file). */
export function rowBlockSourceAsync(
  shape: readonly [number, number, number],
  theta: Float64Array,
  readRows: (r0: number, r1: number) => Promise<ArrayLike<number>>,
  correction?: SourceCorrection,
): AsyncSinogramSource & { stats: { clamped: number; badFlatPixels: number } } {
  const convert = blockConverter(shape, correction);
  return { ...sourceShape(shape, theta, convert.stats), sinograms: async (r0, r1) => convert.sinograms(await readRows(r0, r1), r0, r1) };
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
    const flats = correction?.flats;
    const flat = flats ? combineFrames(flats.values as never, flats.count, frame, correction?.options?.combine) : undefined;
    ({ scale, badFlatPixels: stats.badFlatPixels } = flatScale(flat, dark));
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
  /** rows per slab (default 16; with several threads, smaller so that every thread gets slabs) */
  slabRows?: number;
  ringRemoval?: RingRemoval;
  ringSize?: number;
  /** wavelet–Fourier filter parameters (ringRemoval 'wavelet-fft'; default db5, 4 levels, σ = 2) */
  ringWavelet?: SlabSettings['ringWavelet'];
  iterations?: number;
  signal?: AbortSignal;
  progress?: (fraction: number, message?: string) => void;
  /**
   * Threads to reconstruct slabs on (`ctx.parallel`, running this plugin's worker module); without
   * it the slabs are reconstructed one by one on this thread. The slices are the same bits either way.
   */
  parallel?: ParallelRunner;
}

export interface SlabSummary {
  slices: number;
  size: number;
  stripeColumnsCorrected: number;
  timeMs: number;
  /** rows per slab as reconstructed */
  slabRows: number;
  /** slabs reconstructed at once (the runner's threads) */
  threads: number;
}

/** The worker module's tasks, for running them inline. */
const slabTasks = { reconstructSlab };

/**
 * Slabs in flight at once on a runner: one per thread plus one, so that a thread finding its
 * slab done has the next one queued while this thread reads the sinograms of another.
 */
export function slabsInFlight(runner: { size: number } | undefined): number {
  return runner && runner.size > 1 ? runner.size + 1 : 1;
}

/**
 * Reconstructs rows [r0, r1) slab by slab on this thread; `sink(firstRow, slab)` receives
 * (rows × size × size) float32 slices, row 0 of each slice at the top (y up).
 */
export function reconstructSlabs(
  source: SinogramSource,
  options: Omit<SlabReconstructionOptions, 'parallel'>,
  sink: (firstRow: number, slab: Float32Array) => void,
): SlabSummary {
  const started = performance.now();
  const job = new SlabJob(source, options, 1);
  for (const [s0, s1] of job.slabs()) {
    throwIfAborted(options.signal);
    const result = reconstructSlab(job.task(source.sinograms(s0, s1), s0, s1));
    sink(s0, result.slab);
    job.done(s0, s1, result.stripeColumns);
  }
  return job.summary(started);
}

/**
 * {@link reconstructSlabs} over a source that reads asynchronously, with a sink that may write
 * asynchronously, on the threads of `options.parallel` when given. Slabs reach the sink in order;
 * at most {@link slabsInFlight} slabs (their sinograms and slices) are in memory at once, one
 * without threads.
 */
export async function reconstructSlabsAsync(
  source: AsyncSinogramSource,
  options: SlabReconstructionOptions,
  sink: (firstRow: number, slab: Float32Array) => void | Promise<void>,
): Promise<SlabSummary> {
  const started = performance.now();
  const [r0, r1] = options.rows ?? [0, source.nRows];
  // threads only pay off with two slabs or more
  const runner = options.parallel && options.parallel.size > 1 && r1 - r0 >= 2 ? options.parallel : inlineRunner(slabTasks);
  const job = new SlabJob(source, options, runner.size);
  const window = slabsInFlight(runner);
  // stops the slabs still running when one fails or the caller cancels
  const controller = new AbortController();
  const cancel = () => controller.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const pending: { s0: number; s1: number; result: Promise<SlabTaskResult> }[] = [];
  const settleOldest = async () => {
    const { s0, s1, result } = pending.shift() as (typeof pending)[number];
    const done = await result;
    throwIfAborted(options.signal);
    await sink(s0, done.slab);
    job.done(s0, s1, done.stripeColumns);
  };
  try {
    for (const [s0, s1] of job.slabs()) {
      throwIfAborted(options.signal);
      const sinos = await source.sinograms(s0, s1);
      throwIfAborted(options.signal);
      const result = runner
        .map<SlabTaskInput, SlabTaskResult>('reconstructSlab', [job.task(sinos, s0, s1, runner.size > 1)], { signal: controller.signal })
        .then((r) => r[0] as SlabTaskResult);
      result.catch(() => {}); // awaited in order by settleOldest; no unhandled rejection meanwhile
      pending.push({ s0, s1, result });
      if (pending.length >= window) await settleOldest();
    }
    while (pending.length) await settleOldest();
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  return job.summary(started);
}

/** What one reconstruction keeps across slabs: the slab partition, the settings, counters. */
class SlabJob {
  private readonly r0: number;
  private readonly r1: number;
  readonly size: number;
  readonly slabRows: number;
  readonly threads: number;
  private readonly settings: SlabSettings;
  private stripeColumns = 0;

  constructor(
    private readonly source: AsyncSinogramSource,
    private readonly options: SlabReconstructionOptions,
    threads: number,
  ) {
    [this.r0, this.r1] = options.rows ?? [0, source.nRows];
    this.size = options.size ?? source.nDetector;
    this.threads = threads;
    const asked = Math.max(1, options.slabRows ?? 16);
    // with threads: at least two slabs per thread when there are rows enough (balance, overlap)
    this.slabRows = threads > 1 ? Math.max(1, Math.min(asked, Math.ceil((this.r1 - this.r0) / (2 * threads)))) : asked;
    const algorithm = options.algorithm ?? 'fbp';
    this.settings = {
      algorithm,
      filter: options.filter ?? 'ramp',
      ...(options.padding ? { padding: options.padding } : {}),
      centre: options.centre,
      size: this.size,
      circle: options.circle ?? true,
      ringRemoval: options.ringRemoval ?? 'none',
      ringSize: options.ringSize ?? 21,
      ...(options.ringWavelet ? { ringWavelet: options.ringWavelet } : {}),
      iterations: options.iterations ?? (algorithm === 'sirt' ? 100 : 20),
    };
  }

  *slabs(): Generator<[number, number]> {
    for (let s0 = this.r0; s0 < this.r1; s0 += this.slabRows) yield [s0, Math.min(this.r1, s0 + this.slabRows)];
  }

  /**
   * The task for rows [s0, s1). For another thread the sinograms must own their buffer (structured
   * clone copies a view's whole buffer).
   */
  task(sinos: Float32Array, s0: number, s1: number, forOtherThread = false): SlabTaskInput {
    const owned = forOtherThread && (sinos.byteOffset !== 0 || sinos.byteLength !== sinos.buffer.byteLength) ? sinos.slice() : sinos;
    return { sinograms: owned, rows: s1 - s0, theta: this.source.theta, nDetector: this.source.nDetector, settings: this.settings };
  }

  done(s0: number, s1: number, stripeColumns: number): void {
    this.stripeColumns += stripeColumns;
    this.options.progress?.((s1 - this.r0) / (this.r1 - this.r0), `slices ${s0}–${s1 - 1}`);
  }

  summary(started: number): SlabSummary {
    return {
      slices: this.r1 - this.r0,
      size: this.size,
      stripeColumnsCorrected: this.stripeColumns,
      timeMs: performance.now() - started,
      slabRows: this.slabRows,
      threads: this.threads,
    };
  }
}
