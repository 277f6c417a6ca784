/**
 * FDK in slabs of slices, in bounded memory: each slab [k0, k1) needs only the detector rows it
 * projects onto ({@link fdkRowsForSlices}), from every view. The caller supplies those row bands
 * (line integrals, views × rows × columns: read by hyperslab from a file and normalised, or copied
 * from memory); slabs go to the host's threads (`reconstructConeSlab`, at most threads + 1 in
 * flight) or run on this thread, and reach the sink in z order. fdkSlab gives any slab split the
 * same bits as one slab (rows filtered in pairs by absolute parity, every voxel sums the same views
 * in the same order), so the volume is identical whatever the budget or the number of threads.
 */
import { type ParallelRunner, throwIfAborted } from '@ionscope/core';
import { type FdkSetup, type FdkSlabTask, fdkRowsForSlices, fdkSlab } from './fdk';
import { slabsInFlight } from './slabs';

/** One slab: slices [k0, k1) from detector rows [r0, r1). */
export interface ConeSlab {
  k0: number;
  k1: number;
  r0: number;
  r1: number;
}

export interface ConeSlabPlan {
  slabs: ConeSlab[];
  /** slices per slab (the last may have fewer) */
  slabSlices: number;
  /** the largest row band of any slab */
  maxBandRows: number;
  /** estimated working set of the largest slab (bytes) */
  slabBytes: number;
}

/**
 * Estimated bytes one slab holds: its float64 (y, x, z) accumulator and float32 slices, its row band
 * of line integrals (`bandBytes` per value; twice with threads: the copy a worker receives), and
 * fdkSlab's filtered views and cosine weights. (The raw rows read for a band are transient and,
 * since consecutive bands overlap and only new rows are read, few.)
 */
export function coneSlabBytes(setup: FdkSetup, slab: ConeSlab, bandBytes: number, threaded: boolean): number {
  const [na, , nu] = setup.shape;
  const depth = slab.k1 - slab.k0;
  const rows = slab.r1 - slab.r0;
  return depth * setup.size * setup.size * 12 + na * rows * nu * bandBytes * (threaded ? 2 : 1) + 4 * (nu + 2) * (rows + 2) * 8 + rows * nu * 8;
}

/**
 * The slab partition: the most slices per slab (at most `maxSlices`) for which every slab's
 * working set fits `slabBudget` bytes. The row band of even one slice can exceed it (a wide cone
 * projects a slice near the top or bottom onto many rows); then thin slabs would save little
 * memory (the band dominates) and cost much time (every slab filters its whole band and sets up
 * every voxel column), so slabs grow until they hold twice the one-slice working set, and the plan
 * says it is over budget.
 */
export function planConeSlabs(
  setup: FdkSetup,
  options: { maxSlices: number; slabBudget: number; bandBytes: number; threaded: boolean },
): ConeSlabPlan & { overBudget: boolean } {
  const nz = setup.slices;
  const partition = (n: number) => {
    const slabs: ConeSlab[] = [];
    let bytes = 0;
    let maxBandRows = 0;
    for (let k0 = 0; k0 < nz; k0 += n) {
      const k1 = Math.min(nz, k0 + n);
      const [r0, r1] = fdkRowsForSlices(setup, k0, k1);
      const slab = { k0, k1, r0, r1 };
      slabs.push(slab);
      bytes = Math.max(bytes, coneSlabBytes(setup, slab, options.bandBytes, options.threaded));
      maxBandRows = Math.max(maxBandRows, r1 - r0);
    }
    return { slabs, slabSlices: n, maxBandRows, slabBytes: bytes };
  };
  const n = Math.max(1, Math.min(nz, Math.floor(options.maxSlices)));
  const whole = partition(n);
  if (whole.slabBytes <= options.slabBudget) return { ...whole, overBudget: false };
  const thinnest = partition(1);
  const overBudget = thinnest.slabBytes > options.slabBudget;
  const limit = overBudget ? 2 * thinnest.slabBytes : options.slabBudget;
  // bisect on the slices per slab: the working set grows with them
  let plan = thinnest;
  let lo = 2;
  let hi = n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = partition(mid);
    if (p.slabBytes <= limit) {
      plan = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return { ...plan, overBudget };
}

export interface ConeSlabRunOptions {
  /** the host's threads running `reconstructConeSlab`; without it (or with one thread) slabs run here */
  runner?: ParallelRunner;
  signal?: AbortSignal;
  progress?: (fraction: number, message?: string) => void;
}

/**
 * Reconstructs every slab of `plan`: `readBand(r0, r1)` gives the line integrals of detector rows
 * [r0, r1) of every view (views × rows × columns); `sink(k0, slab)` receives the slices of each
 * slab (depth × size × size float32) in z order. Returns the number of threads used.
 */
export async function reconstructConeSlabs(
  setup: FdkSetup,
  plan: ConeSlabPlan,
  readBand: (r0: number, r1: number) => Promise<ArrayLike<number>>,
  options: ConeSlabRunOptions,
  sink: (k0: number, slab: Float32Array) => void | Promise<void>,
): Promise<{ threads: number }> {
  const { signal, progress } = options;
  const nz = setup.slices;
  const runner = options.runner && options.runner.size > 1 && plan.slabs.length > 1 ? options.runner : undefined;
  const done = (slab: ConeSlab) => progress?.(slab.k1 / nz, `slices ${slab.k0}–${slab.k1 - 1}`);
  if (!runner) {
    for (const slab of plan.slabs) {
      throwIfAborted(signal);
      const rows = await readBand(slab.r0, slab.r1);
      const task: FdkSlabTask = { setup, k0: slab.k0, k1: slab.k1, rowStart: slab.r0, rowCount: slab.r1 - slab.r0, rows };
      const span = (slab.k1 - slab.k0) / nz;
      const out = fdkSlab(task, signal, (f) => progress?.(slab.k0 / nz + span * f, `slices ${slab.k0}–${slab.k1 - 1}`));
      await sink(slab.k0, out);
    }
    return { threads: 1 };
  }
  const window = slabsInFlight(runner);
  // stops the slabs still running when one fails or the caller cancels
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  const pending: { slab: ConeSlab; result: Promise<{ slab: Float32Array }> }[] = [];
  const settleOldest = async () => {
    const { slab, result } = pending.shift() as (typeof pending)[number];
    const out = await result;
    throwIfAborted(signal);
    await sink(slab.k0, out.slab);
    done(slab);
  };
  try {
    for (const slab of plan.slabs) {
      throwIfAborted(signal);
      const rows = await readBand(slab.r0, slab.r1);
      throwIfAborted(signal);
      const task: FdkSlabTask = { setup, k0: slab.k0, k1: slab.k1, rowStart: slab.r0, rowCount: slab.r1 - slab.r0, rows };
      const result = runner
        .map<FdkSlabTask, { slab: Float32Array }>('reconstructConeSlab', [task], { signal: controller.signal })
        .then((r) => r[0] as { slab: Float32Array });
      result.catch(() => {}); // awaited in order by settleOldest; no unhandled rejection meanwhile
      pending.push({ slab, result });
      if (pending.length >= window) await settleOldest();
    }
    while (pending.length) await settleOldest();
  } catch (error) {
    controller.abort();
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  return { threads: runner.size };
}
