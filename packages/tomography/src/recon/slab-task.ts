/**
 * One slab of slices reconstructed from its sinograms: the unit of work that
 * {@link reconstructSlabsAsync} hands to `ctx.parallel` (a worker thread) or runs inline. It
 * depends only on its input, so the slices come out bit-identical whichever thread runs it and
 * however the rows are split into slabs.
 */
import type { WaveletName } from '../preprocess/daubechies';
import { removeLargeStripes, removeStripesSorting } from '../preprocess/stripes';
import { DEFAULT_WAVELET_STRIPE, WaveletStripeFilter } from '../preprocess/stripes-wavelet';
import { type FbpOptions, FbpPlan } from './fbp';
import type { FilterName } from './filters';
import { cgls, sirt } from './iterative';

/** Stripe filters: Vo et al. 2018 sorting / large stripes / both, or Münch et al. 2009 wavelet–Fourier. */
export type RingRemoval = 'none' | 'sorting' | 'large' | 'both' | 'wavelet-fft';

/** How every slice of a reconstruction is computed (the same for all slabs). */
export interface SlabSettings {
  algorithm: 'fbp' | 'sirt' | 'cgls';
  filter: FilterName;
  padding?: FbpOptions['padding'];
  centre: number;
  /** output slice size */
  size: number;
  circle: boolean;
  ringRemoval: RingRemoval;
  ringSize: number;
  /** parameters of the wavelet–Fourier stripe filter (Münch et al. 2009), for ringRemoval 'wavelet-fft' */
  ringWavelet?: { wavelet: WaveletName; levels: number; sigma: number };
  /** SIRT/CGLS iterations */
  iterations: number;
}

export interface SlabTaskInput {
  /** −log sinograms of the slab's rows: rows × angles × detector (ring removal filters them in place) */
  sinograms: Float32Array;
  rows: number;
  theta: Float64Array;
  nDetector: number;
  settings: SlabSettings;
}

export interface SlabTaskResult {
  /** rows × size × size float32 slices, row 0 of each slice at the top (y up) */
  slab: Float32Array;
  /** stripe columns corrected by the large-stripe filter in this slab */
  stripeColumns: number;
}

/**
 * The FBP plan of the last geometry seen on this thread: building one costs far less than a slab,
 * but slabs come in dozens with the same geometry, so each thread keeps its latest.
 */
let cachedPlan: { key: string; theta: Float64Array; plan: FbpPlan } | undefined;

function planFor(theta: Float64Array, nDetector: number, s: SlabSettings): FbpPlan {
  const key = JSON.stringify([nDetector, s.filter, s.centre, s.size, s.circle, s.padding ?? null]);
  if (cachedPlan && cachedPlan.key === key && sameValues(cachedPlan.theta, theta)) return cachedPlan.plan;
  const plan = new FbpPlan(theta, nDetector, {
    filter: s.filter,
    centre: s.centre,
    size: s.size,
    circle: s.circle,
    ...(s.padding ? { padding: s.padding } : {}),
  });
  cachedPlan = { key, theta: Float64Array.from(theta), plan };
  return plan;
}

/** The wavelet–Fourier filter of the last sinogram shape seen on this thread (its bands and FFT plans). */
let cachedWavelet: { key: string; filter: WaveletStripeFilter } | undefined;

function waveletFilterFor(nAngles: number, nDetector: number, s: SlabSettings): WaveletStripeFilter {
  const options = s.ringWavelet ?? DEFAULT_WAVELET_STRIPE;
  const key = JSON.stringify([nAngles, nDetector, options.wavelet, options.levels, options.sigma]);
  if (cachedWavelet?.key === key) return cachedWavelet.filter;
  const filter = new WaveletStripeFilter(nAngles, nDetector, options);
  cachedWavelet = { key, filter };
  return filter;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Ring removal (Vo et al. 2018 or Münch et al. 2009) and FBP, SIRT or CGLS of every row of the slab. */
export function reconstructSlab(input: SlabTaskInput): SlabTaskResult {
  const { sinograms, rows, theta, nDetector: nd, settings: s } = input;
  const na = theta.length;
  const size = s.size;
  const plan = s.algorithm === 'fbp' ? planFor(theta, nd, s) : undefined;
  const slab = new Float32Array(rows * size * size);
  let stripeColumns = 0;
  const wavelet = s.ringRemoval === 'wavelet-fft' ? waveletFilterFor(na, nd, s) : undefined;
  for (let r = 0; r < rows; r++) {
    const sino = sinograms.subarray(r * na * nd, (r + 1) * na * nd);
    if (s.ringRemoval === 'large' || s.ringRemoval === 'both') stripeColumns += removeLargeStripes(sino, na, nd);
    if (s.ringRemoval === 'sorting' || s.ringRemoval === 'both') removeStripesSorting(sino, na, nd, s.ringSize);
    wavelet?.apply(sino);
    const out = slab.subarray(r * size * size, (r + 1) * size * size);
    if (plan) plan.reconstruct(sino, out);
    else {
      const res = (s.algorithm === 'sirt' ? sirt : cgls)(sino, theta, nd, {
        centre: s.centre,
        size,
        iterations: s.iterations,
        nonNegative: s.algorithm === 'sirt',
      });
      out.set(res.image);
    }
  }
  return { slab, stripeColumns };
}
