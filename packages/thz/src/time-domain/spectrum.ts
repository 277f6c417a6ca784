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
import { nextPowerOfTwo, RealFFT } from '@ionscope/numerics';
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

/** FFT length giving a bin spacing of at most `df` THz for step `dt` ps (a power of two ≥ n). */
export function paddedLength(n: number, dt: number, df?: number): number {
  const need = df && df > 0 ? Math.ceil(1 / (df * dt)) : n;
  return nextPowerOfTwo(Math.max(n, need));
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
 * Spectrum of a regularly sampled trace starting at `tStart` (ps) with step `dt` (ps), zero padded
 * to `nfft`, phase referred to `t0`. Amplitudes are in (field unit)·ps.
 */
export function spectrumOf(field: Float64Array, tStart: number, dt: number, nfft: number, t0 = tStart): Spectrum {
  const padded = new Float64Array(nfft);
  padded.set(field.subarray(0, Math.min(field.length, nfft)));
  const p = plan(nfft);
  const bins = p.bins;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  p.forward(padded, re, im);
  const frequency = new Float64Array(bins);
  const df = 1 / (nfft * dt);
  const shift = tStart - t0;
  for (let k = 0; k < bins; k++) {
    const f = k * df;
    frequency[k] = f;
    // conj(X)·Δt·e^{iω·shift}
    const xr = (re[k] as number) * dt;
    const xi = -(im[k] as number) * dt;
    const ph = RAD_PER_S_PER_THZ * f * shift * 1e-12;
    const c = Math.cos(ph);
    const s = Math.sin(ph);
    re[k] = xr * c - xi * s;
    im[k] = xr * s + xi * c;
  }
  return { frequency, re, im, df, nfft, t0 };
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
