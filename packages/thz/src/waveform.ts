/**
 * Building and reading `thz.waveform` datasets: one THz field trace over `time` in ps, in true
 * causal order. Repeated traces become their mean with the variance of the mean, so the
 * uncertainty of every later result can be propagated from the data themselves.
 */
import {
  coordAt,
  coordLength,
  coordValues,
  createDataset,
  type Dataset,
  DataError,
  dimCoord,
  explicitCoord,
  type JsonValue,
  type Metadata,
  ParseError,
  regularCoord,
  variable,
  type Variable,
} from '@ionscope/core';
import { KIND } from './kinds';

/** What was done to the file's time axis to put it in causal, ascending order. */
export interface TimeAxisInfo {
  unit: 'ps';
  sourceUnit: string;
  unitFrom: string;
  /** The file listed time in descending order; rows were reordered (no physics implied). */
  sortedDescending: boolean;
  /** The delay axis ran backwards (mirror image): time was negated. Set by a reader or an analysis. */
  reversed: boolean;
  reversedBy?: string;
}

export interface WaveformInit {
  /** Time in ps (any order; must be strictly monotonic). */
  time: Float64Array;
  /** One or more traces of the same length as `time` (repeats of one measurement). */
  traces: Float64Array[];
  /** Standard deviation per point, when the file gives one instead of repeats. */
  std?: Float64Array;
  fieldUnit?: string;
  timeAxis: Omit<TimeAxisInfo, 'unit' | 'sortedDescending'>;
  meta?: Metadata;
  values?: Record<string, JsonValue>;
  fileName?: string;
}

/** Relative tolerance for calling a time axis regular. */
const REGULAR_TOLERANCE = 1e-3;

/** Minimum number of points of a usable trace. */
export const MIN_POINTS = 8;

/** Builds a thz.waveform dataset, checking the axis (finite, strictly monotonic) and the traces. */
export function createWaveform(init: WaveformInit): Dataset {
  const { time, traces, fileName } = init;
  const n = time.length;
  if (n < MIN_POINTS) {
    throw new ParseError(`a THz trace needs at least ${MIN_POINTS} points`, { file: fileName, expected: `≥ ${MIN_POINTS} rows`, found: `${n} rows` });
  }
  if (traces.length === 0) throw new ParseError('no field column', { file: fileName, expected: 'a time column and at least one field column' });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i] as number)) {
      throw new ParseError('time value is not a finite number', {
        file: fileName,
        field: `time row ${i + 1}`,
        expected: 'a finite number',
        found: String(time[i]),
      });
    }
  }
  const descending = (time[n - 1] as number) < (time[0] as number);
  const order = descending ? (i: number) => n - 1 - i : (i: number) => i;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = time[order(i)] as number;
  for (let i = 1; i < n; i++) {
    if (!((t[i] as number) > (t[i - 1] as number))) {
      throw new ParseError('the time column is not strictly monotonic', {
        file: fileName,
        field: `time near row ${descending ? n - i : i + 1}`,
        expected: 'strictly increasing (or decreasing) time values',
        found: `${t[i - 1]} then ${t[i]}`,
      });
    }
  }
  const m = traces.length;
  const mean = new Float64Array(n);
  for (const [k, tr] of traces.entries()) {
    if (tr.length !== n) throw new ParseError(`trace ${k + 1} has ${tr.length} points for ${n} times`, { file: fileName, field: `trace ${k + 1}` });
    for (let i = 0; i < n; i++) {
      const v = tr[order(i)] as number;
      if (!Number.isFinite(v)) {
        throw new ParseError('field value is not a finite number', {
          file: fileName,
          field: `trace ${k + 1}, row ${order(i) + 1}`,
          expected: 'a finite number',
          found: String(v),
        });
      }
      mean[i] = (mean[i] as number) + v / m;
    }
  }
  let variances: Float64Array | undefined;
  if (m >= 2) {
    variances = new Float64Array(n);
    for (const tr of traces) {
      for (let i = 0; i < n; i++) {
        const d = (tr[order(i)] as number) - (mean[i] as number);
        variances[i] = (variances[i] as number) + d * d;
      }
    }
    // Variance of the mean: s² / m with s² the unbiased sample variance.
    for (let i = 0; i < n; i++) variances[i] = (variances[i] as number) / (m - 1) / m;
  } else if (init.std) {
    variances = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = init.std[order(i)] as number;
      if (!Number.isFinite(s) || s < 0)
        throw new ParseError('standard deviation must be a finite non-negative number', { file: fileName, field: `std row ${order(i) + 1}`, found: String(s) });
      variances[i] = s * s;
    }
  }
  const unit = init.fieldUnit ?? 'a.u.';
  const data: Record<string, Variable> = { field: variable(['time'], mean, unit, { ...(variances ? { variances } : {}), label: 'THz field' }) };
  if (m >= 2) {
    const raw = new Float64Array(m * n);
    traces.forEach((tr, k) => {
      for (let i = 0; i < n; i++) raw[k * n + i] = tr[order(i)] as number;
    });
    data.traces = variable(['trace', 'time'], raw, unit, { shape: [m, n], label: 'repeated traces' });
  }
  const timeAxis: TimeAxisInfo = { unit: 'ps', sortedDescending: descending, ...init.timeAxis };
  return createDataset({
    kind: KIND.waveform,
    signal: 'field',
    data,
    coords: { time: timeCoordinate(t) },
    values: { ...(init.values ?? {}), timeAxis: timeAxis as unknown as JsonValue, traceCount: m },
    meta: init.meta ?? {},
  });
}

/** A regular coordinate when the spacing is uniform to 0.1 %, else explicit. */
export function timeCoordinate(t: Float64Array) {
  const n = t.length;
  const step = ((t[n - 1] as number) - (t[0] as number)) / (n - 1);
  let regular = true;
  for (let i = 1; i < n && regular; i++) {
    if (Math.abs((t[i] as number) - (t[i - 1] as number) - step) > REGULAR_TOLERANCE * Math.abs(step)) regular = false;
  }
  return regular ? regularCoord('time', t[0] as number, step, n, 'ps') : explicitCoord('time', t, 'ps');
}

/** A waveform's arrays: time (ps), field, variance per point (or undefined). */
export interface WaveformArrays {
  time: Float64Array;
  field: Float64Array;
  variance?: Float64Array;
  /** Sampling step in ps (mean step). */
  dt: number;
  /** True when the time axis is uniformly sampled. */
  regular: boolean;
}

/** Extracts the arrays of a thz.waveform dataset (checking the kind and units). */
export function waveformArrays(ds: Dataset, name = 'input'): WaveformArrays {
  if (ds.kind !== KIND.waveform) throw new DataError(`${name} is a ${ds.kind} dataset, not a THz waveform`, { field: name, expected: KIND.waveform });
  const field = ds.data.field;
  const tc = dimCoord(ds, 'time');
  if (!field || !tc) throw new DataError(`${name} has no field over time`, { field: name, expected: 'data.field and coords.time' });
  if (tc.unit !== 'ps') throw new DataError(`${name} time coordinate is in ${tc.unit}`, { field: `${name}.coords.time`, expected: 'ps' });
  const time = coordValues(tc);
  const n = coordLength(tc);
  const dt = (coordAt(tc, n - 1) - coordAt(tc, 0)) / (n - 1);
  const regular = 'step' in tc;
  const values = field.values instanceof Float64Array ? field.values : Float64Array.from(field.values);
  const variance = field.variances ? Float64Array.from(field.variances) : undefined;
  return { time, field: values, ...(variance ? { variance } : {}), dt, regular };
}

/** The time-axis record of a waveform (defaults when absent). */
export function timeAxisOf(ds: Dataset): TimeAxisInfo {
  const v = ds.values?.timeAxis as unknown as TimeAxisInfo | undefined;
  return v ?? { unit: 'ps', sourceUnit: 'ps', unitFrom: 'unknown', sortedDescending: false, reversed: false };
}
