/**
 * Resampling a trace onto a uniform step over its own span: the field by a natural cubic spline
 * (numerics; accurate far below Nyquist, where THz signals live), the noise variance linearly
 * (which keeps it non-negative).
 */
import { interpLinear, resample } from '@ionscope/numerics';
import type { WaveformArrays } from '../waveform';
import type { GridTrace } from './grid';

export function resampleUniform(w: WaveformArrays, dt: number): GridTrace {
  const t0 = w.time[0] as number;
  const t1 = w.time[w.time.length - 1] as number;
  const n = Math.floor((t1 - t0) / dt + 1e-9) + 1;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = t0 + i * dt;
  const field = resample(w.time, w.field, time, 'cubic');
  return { time, field, ...(w.variance ? { variance: interpLinear(w.time, w.variance, time) } : {}) };
}
