import { coordValues, type Dataset, dimCoord } from '@ionscope/core';

export const VEGA_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Indices to keep so that a curve has at most `max` points (min/max per bin keeps peaks visible). */
export function decimate(y: ArrayLike<number>, max = 4000): number[] {
  const n = y.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const bins = Math.floor(max / 2);
  const out: number[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    let iMin = lo;
    let iMax = lo;
    for (let i = lo; i < hi; i++) {
      if ((y[i] as number) < (y[iMin] as number)) iMin = i;
      if ((y[i] as number) > (y[iMax] as number)) iMax = i;
    }
    out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  return [...new Set(out)];
}

export const num = (v: number) => (Number.isFinite(v) ? v : null);

export function axisOf(ds: Dataset, dim = 'twoTheta'): { values: Float64Array; title: string } {
  const c = dimCoord(ds, dim) ?? dimCoord(ds, 'q') ?? dimCoord(ds, 'd');
  if (!c) return { values: new Float64Array(0), title: dim };
  const label = c.dim === 'twoTheta' ? '2θ' : c.dim === 'q' ? 'Q' : c.dim;
  return { values: coordValues(c), title: `${label} (${c.unit})` };
}
