/**
 * Resampling a trace onto a uniform step over its own span (interpolation of the field; the noise
 * variance is interpolated linearly, which keeps it non-negative).
 */
import type { WaveformArrays } from '../waveform';
import type { GridTrace } from './grid';

function linear(x: Float64Array, y: Float64Array, xNew: Float64Array): Float64Array {
  const out = new Float64Array(xNew.length);
  let j = 0;
  for (let i = 0; i < xNew.length; i++) {
    const t = xNew[i] as number;
    while (j < x.length - 2 && (x[j + 1] as number) < t) j++;
    const x0 = x[j] as number;
    const x1 = x[j + 1] as number;
    const u = (t - x0) / (x1 - x0);
    out[i] = (y[j] as number) * (1 - u) + (y[j + 1] as number) * u;
  }
  return out;
}

export function resampleUniform(w: WaveformArrays, dt: number): GridTrace {
  const t0 = w.time[0] as number;
  const t1 = w.time[w.time.length - 1] as number;
  const n = Math.floor((t1 - t0) / dt + 1e-9) + 1;
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) time[i] = t0 + i * dt;
  const field = linear(w.time, w.field, time);
  return { time, field, ...(w.variance ? { variance: linear(w.time, w.variance, time) } : {}) };
}
