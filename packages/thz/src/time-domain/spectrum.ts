/**
 * Fourier transform of a THz trace with ionscope's physics convention:
 *
 *   Ẽ(ω) = Σ_k E(t_k) e^{+iω(t_k − t0)} Δt,   ω = 2πf,
 *
 * i.e. fields vary as e^{−iωt} (Born & Wolf, Jackson). With it a pulse delayed by τ gains the
 * phase +ωτ, a slab multiplies the spectrum by e^{+iñωd/c} with ñ = n + iκ, κ ≥ 0 absorbing, and a
 * Drude conductivity is σ0/(1 − iωτ). Numerics' FFT uses e^{−2πikn/N} (NumPy), so Ẽ is Δt times
 * the complex conjugate of its real FFT, times e^{+iω(t_start − t0)} for the trace's start time.
 * Zero padding to N ≥ 1/(Δf·Δt) points interpolates the spectrum on a grid of at most Δf.
 */
import { nextPowerOfTwo, RealFFT, ZoomDFT } from '@ionscope/numerics';
import { RAD_PER_S_PER_THZ } from '../constants';

export interface Spectrum {
  /** Frequency in THz, bins 0 … N/2. */
  frequency: Float64Array;
  re: Float64Array;
  im: Float64Array;
  /** Bin spacing (THz). */
  df: number;
  /** FFT length after zero padding. */
  nfft: number;
  /** Time origin of the phase (ps). */
  t0: number;
}

/** Smallest even 2·3·5-smooth integer ≥ n (fast for the mixed-radix FFT). */
export function nextSmooth(n: number): number {
  for (let m = Math.max(2, Math.ceil(n)); ; m++) {
    if (m % 2) continue;
    let k = m;
    for (const p of [2, 3, 5]) while (k % p === 0) k /= p;
    if (k === 1) return m;
  }
}

/**
 * FFT length giving a bin spacing of at most `df` THz for step `dt` ps: the next power of two when
 * it is within 20 % of the need, else the next 2·3·5-smooth length (a 96 900-point need becomes
 * 97 200, not 131 072).
 */
export function paddedLength(n: number, dt: number, df?: number): number {
  const need = Math.max(n, df && df > 0 ? Math.ceil(1 / (df * dt)) : n);
  const pow2 = nextPowerOfTwo(need);
  return pow2 <= 1.2 * need ? pow2 : nextSmooth(need);
}

const plans = new Map<number, RealFFT>();
function plan(n: number): RealFFT {
  let p = plans.get(n);
  if (!p) {
    if (plans.size > 8) plans.clear();
    p = new RealFFT(n);
    plans.set(n, p);
  }
  return p;
}

/**
 * Turns the first `bins` raw DFT bins (e^{−iωt} convention, in place) into this package's
 * convention: conj(X)·Δt·e^{iω·shift}, with `shift` = t_start − t0 in ps, so the phase refers to
 * t0. Returns the frequency axis k·df. The phase factor runs by recurrence (one complex multiply
 * per bin), renormalised every 1024 bins.
 */
function toPhysicsConvention(re: Float64Array, im: Float64Array, bins: number, df: number, dt: number, shift: number): Float64Array {
  const frequency = new Float64Array(bins);
  const step = RAD_PER_S_PER_THZ * df * shift * 1e-12;
  const sr = Math.cos(step);
  const si = Math.sin(step);
  let c = 1;
  let s = 0;
  for (let k = 0; k < bins; k++) {
    if ((k & 1023) === 0) {
      c = Math.cos(step * k);
      s = Math.sin(step * k);
    }
    frequency[k] = k * df;
    const xr = (re[k] as number) * dt;
    const xi = -(im[k] as number) * dt;
    re[k] = xr * c - xi * s;
    im[k] = xr * s + xi * c;
    const nc = c * sr - s * si;
    s = c * si + s * sr;
    c = nc;
  }
  return frequency;
}

/**
 * Spectrum of a regularly sampled trace starting at `tStart` (ps) with step `dt` (ps), zero padded
 * to `nfft`, phase referred to `t0`. Amplitudes are in (field unit)·ps.
 */
export function spectrumOf(field: Float64Array, tStart: number, dt: number, nfft: number, t0 = tStart, fMax = Number.POSITIVE_INFINITY): Spectrum {
  const padded = new Float64Array(nfft);
  padded.set(field.subarray(0, Math.min(field.length, nfft)));
  const p = plan(nfft);
  const re = new Float64Array(p.bins);
  const im = new Float64Array(p.bins);
  p.forward(padded, re, im);
  const df = 1 / (nfft * dt);
  // Only the bins up to fMax are converted (and returned).
  const bins = Math.min(p.bins, Number.isFinite(fMax) ? Math.floor(fMax / df) + 2 : p.bins);
  const frequency = toPhysicsConvention(re, im, bins, df, dt, tStart - t0);
  return { frequency, re: re.subarray(0, bins), im: im.subarray(0, bins), df, nfft, t0 };
}

const zoomPlans = new Map<string, ZoomDFT>();
function zoomPlan(n: number, m: number, step: number): ZoomDFT {
  const key = `${n}:${m}:${step}`;
  let p = zoomPlans.get(key);
  if (!p) {
    if (zoomPlans.size > 8) zoomPlans.clear();
    p = new ZoomDFT(n, m, 0, step);
    zoomPlans.set(key, p);
  }
  return p;
}

/**
 * The same spectrum as {@link spectrumOf} with zero padding to exactly `df`, but only for the m
 * bins f_k = k·df, k = 0 … m−1, computed by the zoom DFT (chirp z-transform) in
 * O((n + m) log(n + m)) instead of a 1/(df·dt)-point FFT.
 */
export function zoomSpectrumOf(field: Float64Array, tStart: number, dt: number, df: number, m: number, t0 = tStart): Spectrum {
  const plan = zoomPlan(field.length, m, df * dt);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  plan.forward(field, undefined, re, im);
  const frequency = toPhysicsConvention(re, im, m, df, dt, tStart - t0);
  return { frequency, re, im, df, nfft: Math.round(1 / (df * dt)), t0 };
}

/**
 * Variance of Re Ẽ and of Im Ẽ at each bin for independent time-domain noise of variance v_k on
 * windowed samples (weights w_k): Var ≈ ½ Σ w_k² v_k Δt² (the cos² and sin² terms average to ½
 * away from f = 0).
 */
export function spectralNoiseVariance(weights: Float64Array, variance: Float64Array, dt: number): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += (weights[i] as number) ** 2 * (variance[i] as number);
  return 0.5 * s * dt * dt;
}
