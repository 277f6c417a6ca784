/**
 * Stacking patterns into an `xrd.series`: a common 2θ grid (the first pattern's; others are
 * linearly interpolated onto it when their grids differ), a `time` coordinate in seconds from the
 * first pattern's start time (or the index when files carry no time), and the file names kept in
 * `meta.source.parts` by the pipeline.
 */
import { coordValues, createDataset, type Dataset, DataError, dimCoord, explicitCoord, regularCoord, signalOf, variable } from '@ionscope/core';
import { interpLinear } from '@ionscope/numerics';
import { KIND_SERIES, patternArrays, radiationOf, radiationSettings, twoThetaOf } from '../kinds';

export function stackPatterns(patterns: Dataset[], options: { times?: ArrayLike<number> } = {}): Dataset {
  const first = patterns[0];
  if (!first) throw new DataError('no patterns to stack', { field: 'patterns' });
  const x0 = twoThetaOf(first);
  const n = x0.length;
  const m = patterns.length;
  const values = new Float64Array(m * n);
  let variances: Float64Array | undefined = signalOf(first).variances ? new Float64Array(m * n) : undefined;
  const t0 = first.meta.startTime ? Date.parse(first.meta.startTime) : Number.NaN;
  const time = new Float64Array(m);
  let allTimed = Number.isFinite(t0);
  patterns.forEach((p, k) => {
    const x = twoThetaOf(p);
    const { y, intensity } = patternArrays(p);
    const same = x.length === n && x.every((v, i) => Math.abs(v - (x0[i] as number)) < 1e-9);
    const yk = same ? y : interpLinear(x, y, x0);
    values.set(yk, k * n);
    if (variances) {
      if (!intensity.variances) variances = undefined;
      else variances.set(same ? intensity.variances : interpLinear(x, Float64Array.from(intensity.variances), x0), k * n);
    }
    const t = p.meta.startTime ? Date.parse(p.meta.startTime) : Number.NaN;
    if (!Number.isFinite(t)) allTimed = false;
    time[k] = (t - t0) / 1000;
  });
  if (options.times) for (let k = 0; k < m; k++) time[k] = options.times[k] as number;
  else if (!allTimed) for (let k = 0; k < m; k++) time[k] = k;
  const axis = dimCoord(first, 'twoTheta');
  const radiation = radiationOf(first);
  return createDataset({
    kind: KIND_SERIES,
    signal: 'intensity',
    data: { intensity: variable(['scan', 'twoTheta'], values, signalOf(first).unit, { shape: [m, n], ...(variances ? { variances } : {}) }) },
    coords: {
      twoTheta: axis ?? explicitCoord('twoTheta', x0, '°', { label: '2θ' }),
      time: explicitCoord('scan', time, 's', { label: options.times || allTimed ? 'time' : 'time (pattern index)' }),
      scan: regularCoord('scan', 0, 1, m, ''),
    },
    meta: {
      ...first.meta,
      instrument: { ...(first.meta.instrument ?? {}), settings: { ...(first.meta.instrument?.settings ?? {}), ...radiationSettings(radiation) } },
      extra: { ...(first.meta.extra ?? {}), titles: patterns.map((p) => p.meta.source?.fileName ?? p.meta.title ?? '') },
    },
  });
}

/** Row k of a series as an `xrd.pattern`-like pair of arrays (views, no copy). */
export function seriesRow(series: Dataset, k: number): { x: Float64Array; y: Float64Array; variances?: Float64Array } {
  const v = signalOf(series);
  const n = v.shape[1] as number;
  const x = coordValues(dimCoord(series, v.dims[1] as string) as NonNullable<ReturnType<typeof dimCoord>>);
  const all = v.values instanceof Float64Array ? v.values : Float64Array.from(v.values);
  const y = all.subarray(k * n, (k + 1) * n);
  const variances = v.variances ? Float64Array.from(v.variances.subarray(k * n, (k + 1) * n)) : undefined;
  return { x, y, ...(variances ? { variances } : {}) };
}

/** The series' time coordinate (s) or the scan index. */
export function seriesTime(series: Dataset): Float64Array {
  const c = series.coords.time ?? dimCoord(series, 'scan');
  return c ? coordValues(c) : new Float64Array(signalOf(series).shape[0] as number).map((_, i) => i);
}
