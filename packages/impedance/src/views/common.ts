/** Helpers for the Vega-Lite views: table rows from a dataset, equal-axis domains for Nyquist plots. */
import type { Dataset } from '@ionscope/core';
import { SERIES_KIND } from '../model/kinds';
import { seriesSpectrum, spectrumCount } from '../model/spectrum';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Rows {spectrum, f, re, negIm, mod, phase} for every point of a spectrum, series (all spectra) or fit (data). */
export function pointRows(ds: Dataset, maxSpectra = 50): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  if (ds.kind === SERIES_KIND || ds.kind === 'impedance.spectrum') {
    const count = spectrumCount(ds);
    const stride = Math.max(1, Math.ceil(count / maxSpectra));
    for (let k = 0; k < count; k += stride) {
      const s = seriesSpectrum(ds, k);
      for (let i = 0; i < s.frequency.length; i++) rows.push(row(k, s.frequency[i] as number, s.Zreal[i] as number, s.Zimag[i] as number));
    }
    return rows;
  }
  const f = coordinate(ds, 'frequency');
  const re = ds.data.Zreal?.values;
  const im = ds.data.Zimag?.values;
  if (f && re && im) for (let i = 0; i < f.length; i++) rows.push(row(0, f[i] as number, re[i] as number, im[i] as number));
  return rows;
}

function row(spectrum: number, f: number, re: number, im: number): Record<string, number> {
  return { spectrum, f, re, negIm: -im, mod: Math.hypot(re, im), phase: (Math.atan2(im, re) * 180) / Math.PI };
}

export function coordinate(ds: Dataset, name: string): ArrayLike<number> | undefined {
  const c = ds.coords[name];
  return c && 'values' in c ? c.values : undefined;
}

/** Same span on both axes (Nyquist plots must not distort arcs). */
export function equalDomains(xs: number[], ys: number[]): { x: [number, number]; y: [number, number] } {
  const finite = (a: number[]) => a.filter(Number.isFinite);
  const fx = finite(xs);
  const fy = finite(ys);
  const xmin = Math.min(...fx);
  const xmax = Math.max(...fx);
  const ymin = Math.min(0, ...fy);
  const ymax = Math.max(...fy);
  const span = Math.max(xmax - xmin, ymax - ymin) * 1.05 || 1;
  const x0 = xmin - 0.025 * span;
  const y0 = ymin - 0.025 * span;
  return { x: [x0, x0 + span], y: [y0, y0 + span] };
}
