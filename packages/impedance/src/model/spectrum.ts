/**
 * Building and reading `impedance.spectrum` and `impedance.series` datasets, so readers and
 * analyses agree on names, units and the sign convention (Z″ < 0 capacitive).
 */
import { createDataset, type Dataset, DataError, explicitCoord, type Metadata, type Variable, variable } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from './kinds';

/** Optional per-point columns a reader may supply (SI units: s, V, A). */
export interface PointExtras {
  time?: Float64Array;
  Ewe?: Float64Array;
  I?: Float64Array;
  cycle?: Float64Array;
}

/** One spectrum as plain arrays: what readers produce and analyses consume. */
export interface SpectrumArrays extends PointExtras {
  frequency: Float64Array;
  Zreal: Float64Array;
  Zimag: Float64Array;
}

const EXTRA_UNITS: Record<keyof PointExtras, string> = { time: 's', Ewe: 'V', I: 'A', cycle: '' };
const EXTRA_LABELS: Record<keyof PointExtras, string> = { time: 'time', Ewe: 'E_we', I: 'I', cycle: 'cycle number' };

/**
 * A series' data variable for a per-point extra: `time` is the series coordinate (each spectrum's
 * start time, what parameters are plotted against), so the time of each point is `pointTime`.
 */
const seriesVariableName = (key: 'time' | 'Ewe' | 'I'): string => (key === 'time' ? 'pointTime' : key);

/** Builds an `impedance.spectrum` dataset (arrays are used as given, not copied). */
export function spectrumDataset(s: SpectrumArrays, meta: Metadata = {}): Dataset {
  const n = s.frequency.length;
  const data: Record<string, Variable> = {
    Zreal: variable(['frequency'], s.Zreal, 'Ω', { label: 'Z′' }),
    Zimag: variable(['frequency'], s.Zimag, 'Ω', { label: 'Z″' }),
  };
  for (const key of Object.keys(EXTRA_UNITS) as (keyof PointExtras)[]) {
    const v = s[key];
    if (v && v.length === n) data[key] = variable(['frequency'], v, EXTRA_UNITS[key], { label: EXTRA_LABELS[key] });
  }
  return createDataset({
    kind: SPECTRUM_KIND,
    signal: 'Zreal',
    data,
    coords: { frequency: explicitCoord('frequency', s.frequency, 'Hz', { label: 'frequency' }) },
    meta: withOperando(meta, s),
  });
}

function finiteMean(a: Float64Array | undefined): number | undefined {
  if (!a) return undefined;
  let sum = 0;
  let count = 0;
  for (const v of a) {
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count ? sum / count : undefined;
}

/**
 * Fills `meta.operando` from the per-point columns when the reader did not: the mean DC potential and
 * current over the sweep, and the elapsed time at its first point, so that spectra from a cycling
 * experiment can be placed on the electrochemical timeline.
 */
function withOperando(meta: Metadata, s: SpectrumArrays): Metadata {
  const operando = { ...(meta.operando ?? {}) };
  const e = finiteMean(s.Ewe);
  const i = finiteMean(s.I);
  const t0 = s.time?.find((v) => Number.isFinite(v));
  if (operando.potential === undefined && e !== undefined) operando.potential = { value: e, unit: 'V' };
  if (operando.current === undefined && i !== undefined) operando.current = { value: i, unit: 'A' };
  if (operando.elapsed === undefined && t0 !== undefined) operando.elapsed = { value: t0, unit: 's' };
  return Object.keys(operando).length ? { ...meta, operando } : meta;
}

/**
 * Builds an `impedance.series` dataset from several spectra (padding shorter ones with NaN and
 * masking the padding). `spectrumTime` is the start time of each spectrum (s), `cycles` its cycle number.
 */
export function seriesDataset(spectra: SpectrumArrays[], meta: Metadata = {}, options: { cycles?: number[] } = {}): Dataset {
  const ns = spectra.length;
  if (ns === 0) throw new DataError('a series needs at least one spectrum', { field: 'spectra' });
  const np = Math.max(...spectra.map((s) => s.frequency.length));
  const make = () => new Float64Array(ns * np).fill(Number.NaN);
  const frequency = make();
  const Zreal = make();
  const Zimag = make();
  const missing = new Uint8Array(ns * np).fill(1);
  const extras: Partial<Record<keyof PointExtras, Float64Array>> = {};
  for (const key of ['time', 'Ewe', 'I'] as const) if (spectra.every((s) => s[key])) extras[key] = make();
  const startTime = new Float64Array(ns).fill(Number.NaN);
  spectra.forEach((s, k) => {
    const off = k * np;
    frequency.set(s.frequency, off);
    Zreal.set(s.Zreal, off);
    Zimag.set(s.Zimag, off);
    missing.fill(0, off, off + s.frequency.length);
    for (const key of Object.keys(extras) as (keyof PointExtras)[]) extras[key]!.set(s[key]!, off);
    if (s.time?.length) startTime[k] = s.time[0] as number;
  });
  const dims = ['spectrum', 'point'];
  const shape = [ns, np];
  const data: Record<string, Variable> = {
    frequency: variable(dims, frequency, 'Hz', { shape, label: 'frequency' }),
    Zreal: variable(dims, Zreal, 'Ω', { shape, label: 'Z′' }),
    Zimag: variable(dims, Zimag, 'Ω', { shape, label: 'Z″' }),
  };
  for (const key of Object.keys(extras) as ('time' | 'Ewe' | 'I')[]) {
    data[seriesVariableName(key)] = variable(dims, extras[key]!, EXTRA_UNITS[key], { shape, label: key === 'time' ? 'time of each point' : EXTRA_LABELS[key] });
  }
  const coords: Dataset['coords'] = {
    spectrum: explicitCoord(
      'spectrum',
      Float64Array.from({ length: ns }, (_, i) => i),
      '',
      { label: 'spectrum index' },
    ),
  };
  if (startTime.some((t) => Number.isFinite(t))) coords.time = explicitCoord('spectrum', startTime, 's', { label: 'start time' });
  if (options.cycles && options.cycles.length === ns) coords.cycle = explicitCoord('spectrum', Float64Array.from(options.cycles), '', { label: 'cycle' });
  return createDataset({
    kind: SERIES_KIND,
    signal: 'Zreal',
    data,
    coords,
    masks: { missing: { dims, values: missing, reason: 'padding: this spectrum has fewer points' } },
    meta,
  });
}

/** A spectrum file with one spectrum gives a spectrum dataset; with several, a series. */
export function spectrumOrSeries(spectra: SpectrumArrays[], meta: Metadata = {}, options: { cycles?: number[] } = {}): Dataset {
  if (spectra.length === 1) {
    const only = spectra[0] as SpectrumArrays;
    const cycle = options.cycles?.[0];
    return spectrumDataset(only, cycle === undefined ? meta : { ...meta, operando: { ...(meta.operando ?? {}), cycle } });
  }
  return seriesDataset(spectra, meta, options);
}

function values64(v: Variable | undefined, where: string): Float64Array {
  if (!v) throw new DataError(`the impedance dataset has no ${where}`, { field: `data.${where}` });
  return v.values instanceof Float64Array ? v.values : Float64Array.from(v.values);
}

/** The arrays of an `impedance.spectrum` dataset (frequency, Z′, Z″ and extras when present). */
export function spectrumArrays(ds: Dataset): SpectrumArrays {
  if (ds.kind === SERIES_KIND) return seriesSpectrum(ds, 0);
  const coord = ds.coords.frequency;
  if (!coord || !('values' in coord)) throw new DataError('the impedance spectrum has no frequency coordinate', { field: 'coords.frequency' });
  const frequency = coord.values instanceof Float64Array ? coord.values : Float64Array.from(coord.values);
  const out: SpectrumArrays = { frequency, Zreal: values64(ds.data.Zreal, 'Zreal'), Zimag: values64(ds.data.Zimag, 'Zimag') };
  for (const key of Object.keys(EXTRA_UNITS) as (keyof PointExtras)[]) if (ds.data[key]) out[key] = values64(ds.data[key], key);
  return out;
}

/** Number of spectra in a series (1 for a single spectrum). */
export function spectrumCount(ds: Dataset): number {
  if (ds.kind !== SERIES_KIND) return 1;
  return ds.data.Zreal?.shape[0] ?? 0;
}

/** Spectrum `k` of a series as arrays (padding removed). */
export function seriesSpectrum(ds: Dataset, k: number): SpectrumArrays {
  if (ds.kind !== SERIES_KIND) {
    if (k !== 0) throw new DataError(`spectrum ${k} requested from a single spectrum`, { field: 'spectrum' });
    return spectrumArrays(ds);
  }
  const shape = ds.data.Zreal?.shape ?? [0, 0];
  const [ns, np] = shape as [number, number];
  if (!Number.isInteger(k) || k < 0 || k >= ns) {
    throw new DataError(`spectrum index ${k} is out of range`, { field: 'spectrum', expected: `0 to ${ns - 1}` });
  }
  const mask = ds.masks?.missing?.values;
  let n = np;
  if (mask) {
    n = 0;
    for (let j = 0; j < np; j++) if (!mask[k * np + j]) n++;
  }
  const take = (name: string): Float64Array | undefined => {
    const v = ds.data[name];
    if (!v) return undefined;
    const out = new Float64Array(n);
    let i = 0;
    for (let j = 0; j < np; j++) if (!mask?.[k * np + j]) out[i++] = v.values[k * np + j] as number;
    return out;
  };
  const out: SpectrumArrays = { frequency: take('frequency')!, Zreal: take('Zreal')!, Zimag: take('Zimag')! };
  for (const key of ['time', 'Ewe', 'I'] as const) {
    const v = take(seriesVariableName(key));
    if (v) out[key] = v;
  }
  return out;
}

/** Spectrum `k` of a series as an `impedance.spectrum` dataset (with its cycle and start time in meta.operando). */
export function seriesSpectrumDataset(ds: Dataset, k: number): Dataset {
  if (ds.kind !== SERIES_KIND) return ds;
  const arrays = seriesSpectrum(ds, k);
  const cycle = ds.coords.cycle && 'values' in ds.coords.cycle ? (ds.coords.cycle.values[k] as number) : undefined;
  const start = ds.coords.time && 'values' in ds.coords.time ? (ds.coords.time.values[k] as number) : undefined;
  const operando = { ...(ds.meta.operando ?? {}), index: k };
  if (cycle !== undefined && Number.isFinite(cycle)) operando.cycle = Math.round(cycle);
  if (start !== undefined && Number.isFinite(start)) operando.elapsed = { value: start, unit: 's' };
  return spectrumDataset(arrays, { ...ds.meta, operando });
}
