/** Shared helpers of the THz Vega-Lite views. */
import { coordValues, type Dataset, dimCoord, standardDeviations } from '@ionscope/core';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** At most `max` evenly strided indices of n (charts do not need every FFT bin). */
export function stride(n: number, max = 1500): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

export const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** Rows {x, y, lo, hi} of a 1-D variable over its coordinate (lo/hi = ±1σ when variances exist). */
export function seriesRows(ds: Dataset, name: string, dim: string, scale = 1): { x: number; y: number | null; lo: number | null; hi: number | null }[] {
  const v = ds.data[name];
  const c = dimCoord(ds, dim);
  if (!v || !c) return [];
  const x = coordValues(c);
  const sd = standardDeviations(v);
  return stride(x.length).map((i) => {
    const y = (v.values[i] as number) * scale;
    const s = sd ? (sd[i] as number) * scale : undefined;
    return { x: x[i] as number, y: finite(y), lo: s !== undefined ? finite(y - s) : null, hi: s !== undefined ? finite(y + s) : null };
  });
}

/** A line with an optional ±1σ band as a Vega-Lite layer. */
export function lineWithBand(
  rows: object[],
  x: { field: string; title: string },
  y: { title: string },
  color?: { field: string; title: string },
  band = true,
): Record<string, unknown> {
  const xEnc = { field: x.field, type: 'quantitative', title: x.title };
  const colorEnc = color ? { color: { field: color.field, type: 'nominal', title: color.title } } : {};
  const layers: Record<string, unknown>[] = [];
  if (band)
    layers.push({
      mark: { type: 'area', opacity: 0.25 },
      encoding: { x: xEnc, y: { field: 'lo', type: 'quantitative', title: y.title }, y2: { field: 'hi' }, ...colorEnc },
    });
  layers.push({ mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: xEnc, y: { field: 'y', type: 'quantitative', title: y.title }, ...colorEnc } });
  return { data: { values: rows }, layer: layers };
}
