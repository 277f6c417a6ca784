/**
 * Synthetic THz waveforms with a documented physical model, for tests, benchmarks and the demo
 * sample data (no measured data ship with ionscope).
 *
 * Reference pulse: the time derivative of a Gaussian, E(t) ∝ −(t − t0)/w · exp(−(t − t0)²/w²),
 * optionally followed by a weaker, slower ringing tail (a damped cosine), the shape of a
 * photoconductive-antenna THz pulse after a ZnTe/PCA detector.
 * Sample: the reference spectrum times a model transfer function H(ω) (any layer stack with all
 * echoes), back in the time domain, then cut to the measurement window.
 * Noise: Gaussian white noise from a seeded generator (reproducible).
 */
import { seededGaussian } from '@ionscope/numerics';
import { irfft, rfft } from '@ionscope/numerics';
import { RAD_PER_S_PER_THZ } from '../constants';

export interface PulseOptions {
  /** Pulse centre (ps). */
  t0: number;
  /** Gaussian width w (ps); the spectrum peaks near 1/(π w√2) THz. */
  width: number;
  amplitude?: number;
}

export function gaussianDerivativePulse(time: Float64Array, o: PulseOptions): Float64Array {
  const a = o.amplitude ?? 1;
  return time.map((t) => {
    const x = (t - o.t0) / o.width;
    return -a * x * Math.exp(-x * x) * Math.sqrt(2 * Math.E);
  });
}

/** Uniform time axis from t0 with n points of step dt (ps). */
export function timeAxis(t0: number, dt: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => t0 + i * dt);
}

/**
 * Applies a transfer function H(ν) (ν in THz; e^{−iωt} convention) to a real trace sampled at dt
 * (ps): Ẽ_out = H·Ẽ_in with Ẽ = Σ E e^{+iωt}Δt, i.e. X_out = conj(H)·X_in for the numerics FFT.
 */
export function applyTransfer(field: Float64Array, dt: number, transfer: (nu: number, out: { re: number; im: number }) => void): Float64Array {
  const n = field.length;
  const X = rfft(field);
  const h = { re: 0, im: 0 };
  for (let k = 0; k < X.re.length; k++) {
    const nu = k / (n * dt);
    transfer(nu, h);
    const xr = X.re[k] as number;
    const xi = X.im[k] as number;
    // X·conj(H)
    X.re[k] = xr * h.re + xi * h.im;
    X.im[k] = xi * h.re - xr * h.im;
  }
  // The Nyquist bin of an even-length real transform must stay real.
  if (n % 2 === 0) X.im[X.im.length - 1] = 0;
  X.im[0] = 0;
  return irfft(X.re, X.im, n);
}

/** Angular frequency (rad/s) of ν THz. */
export const omegaOf = (nu: number) => RAD_PER_S_PER_THZ * nu;

/** Seeded Gaussian noise (numerics' mulberry32 + Box–Muller). */
export const gaussianNoise = seededGaussian;
