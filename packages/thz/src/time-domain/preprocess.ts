/**
 * Time-domain preparation of one trace: DC offset removal, peak time, noise level, window/gate.
 */
import { type WindowSpec, windowWeights } from './windows';

export interface PreparedTrace {
  /** Time axis (ps), regular. */
  time: Float64Array;
  /** Field with the offset removed and the window applied. */
  field: Float64Array;
  /** Window weights applied (all ones when none). */
  weights: Float64Array;
  /** Time of the largest |field| (ps), refined by a parabola through the three top samples. */
  peakTime: number;
  /** DC offset removed. */
  offset: number;
  /** Per-point noise variance (from repeats when given, else the pre-pulse baseline). */
  noiseVariance: Float64Array;
  /** How the noise was estimated. */
  noiseFrom: 'repeats' | 'baseline';
  dt: number;
}

export interface PrepareOptions {
  /** Average of this many leading points is the DC offset (0 = keep). */
  offsetPoints: number;
  window: WindowSpec;
}

/** Index and parabola-refined time of max |y|. */
export function peakOf(time: Float64Array, y: Float64Array): { index: number; time: number } {
  let k = 0;
  let best = -1;
  for (let i = 0; i < y.length; i++) {
    const a = Math.abs(y[i] as number);
    if (a > best) {
      best = a;
      k = i;
    }
  }
  if (k === 0 || k === y.length - 1) return { index: k, time: time[k] as number };
  const a = Math.abs(y[k - 1] as number);
  const b = best;
  const c = Math.abs(y[k + 1] as number);
  const denom = a - 2 * b + c;
  const shift = denom < 0 ? (0.5 * (a - c)) / denom : 0;
  const dt = (time[k + 1] as number) - (time[k] as number);
  return { index: k, time: (time[k] as number) + Math.max(-0.5, Math.min(0.5, shift)) * dt };
}

/**
 * Standard deviation of the baseline before the pulse: the samples earlier than 1.5 ps before the
 * peak (at least 10), with their mean removed.
 */
export function baselineNoise(time: Float64Array, y: Float64Array, peakIndex: number): number {
  const tp = time[peakIndex] as number;
  let end = 0;
  while (end < y.length && (time[end] as number) < tp - 1.5) end++;
  end = Math.max(end, Math.min(10, y.length));
  let mean = 0;
  for (let i = 0; i < end; i++) mean += y[i] as number;
  mean /= end;
  let s = 0;
  for (let i = 0; i < end; i++) s += ((y[i] as number) - mean) ** 2;
  return Math.sqrt(s / Math.max(1, end - 1));
}

export function prepareTrace(time: Float64Array, field: Float64Array, variance: Float64Array | undefined, options: PrepareOptions): PreparedTrace {
  const n = field.length;
  const m = Math.min(options.offsetPoints, n);
  let offset = 0;
  for (let i = 0; i < m; i++) offset += field[i] as number;
  if (m > 0) offset /= m;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = (field[i] as number) - offset;
  const peak = peakOf(time, y);
  let noiseVariance: Float64Array;
  let noiseFrom: PreparedTrace['noiseFrom'];
  if (variance) {
    noiseVariance = variance;
    noiseFrom = 'repeats';
  } else {
    const s = baselineNoise(time, y, peak.index);
    noiseVariance = new Float64Array(n).fill(s * s);
    noiseFrom = 'baseline';
  }
  const weights = windowWeights(time, options.window, peak.time);
  for (let i = 0; i < n; i++) y[i] = (y[i] as number) * (weights[i] as number);
  return {
    time,
    field: y,
    weights,
    peakTime: peak.time,
    offset,
    noiseVariance,
    noiseFrom,
    dt: ((time[n - 1] as number) - (time[0] as number)) / (n - 1),
  };
}

/**
 * End of an echo gate: the first Fabry–Pérot echo of a slab (index n, thickness d in m) arrives
 * 2·n·d/c after the main pulse; the gate closes `margin` ps before it.
 */
export function echoGateEnd(peakTime: number, n: number, thickness: number, margin = 0.5): number {
  return peakTime + (2 * n * thickness * 1e12) / 299_792_458 - margin;
}
