/**
 * Detecting a time axis that runs backwards. Some delay-line setups record the gate time with the
 * wrong sign (the nelly PVB files): the trace is the mirror image of the true field. One trace
 * alone cannot tell (pulse shapes vary), but a reference/sample pair can: a sample with n > 1 in
 * transmission always delays the pulse, so a sample peak clearly *earlier* than the reference peak
 * means both axes are mirrored. The fix negates time (t → −t) and reorders the samples.
 */
import { createDataset, type Dataset, type JsonValue } from '@ionscope/core';
import { peakOf } from './preprocess';
import { type TimeAxisInfo, timeAxisOf, timeCoordinate, waveformArrays } from '../waveform';

/** Peak delay of the sample against the reference (ps); positive for a normal transmission pair. */
export function peakDelay(reference: Dataset, sample: Dataset): number {
  const r = waveformArrays(reference, 'reference');
  const s = waveformArrays(sample, 'sample');
  const baseline = (y: Float64Array) => {
    let m = 0;
    const k = Math.min(20, y.length);
    for (let i = 0; i < k; i++) m += (y[i] as number) / k;
    return y.map((v) => v - m);
  };
  return peakOf(s.time, baseline(s.field)).time - peakOf(r.time, baseline(r.field)).time;
}

/** True when the pair shows the sample pulse earlier than the reference by more than `tolerance` ps. */
export function looksReversed(reference: Dataset, sample: Dataset, tolerance?: number): boolean {
  const r = waveformArrays(reference, 'reference');
  const tol = tolerance ?? Math.max(3 * r.dt, 0.05);
  return peakDelay(reference, sample) < -tol;
}

/** The mirror image of a waveform: t → −t, samples reordered, recorded in `values.timeAxis`. */
export function reverseTime(ds: Dataset, reason: string): Dataset {
  const w = waveformArrays(ds);
  const n = w.time.length;
  const time = new Float64Array(n);
  const field = new Float64Array(n);
  const variance = w.variance ? new Float64Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    time[i] = -(w.time[n - 1 - i] as number);
    field[i] = w.field[n - 1 - i] as number;
    if (variance && w.variance) variance[i] = w.variance[n - 1 - i] as number;
  }
  const axis: TimeAxisInfo = { ...timeAxisOf(ds), reversed: !timeAxisOf(ds).reversed, reversedBy: reason };
  const old = ds.data.field;
  return createDataset({
    ...ds,
    data: { field: { dims: ['time'], shape: [n], values: field, unit: old?.unit ?? 'a.u.', ...(variance ? { variances: variance } : {}), label: 'THz field' } },
    coords: { time: timeCoordinate(time) },
    values: { ...(ds.values ?? {}), timeAxis: axis as unknown as JsonValue },
  });
}
