/**
 * The usual Rietveld plot: observed points, calculated curve and background; a row of tick marks per
 * phase at its reflection positions; the difference curve (observed − calculated) below.
 */
import { type Dataset, signalOf, type ViewContribution, type ViewOutput } from '@ionscope/core';
import { KIND_RIETVELD } from '../kinds';
import { axisOf, decimate, VEGA_SCHEMA } from './common';

function rows(ds: Dataset, name: string, keep: number[], x: Float64Array, series: string): Record<string, unknown>[] {
  const v = ds.data[name];
  if (!v) return [];
  const out: Record<string, unknown>[] = [];
  for (const i of keep) {
    const val = v.values[i] as number;
    if (Number.isFinite(val)) out.push({ x: x[i], y: val, series });
  }
  return out;
}

function rietveldSpec(ds: Dataset): Record<string, unknown> {
  const { values: x, title } = axisOf(ds);
  const unit = signalOf(ds).unit || 'a.u.';
  const keep = decimate(ds.data.intensity?.values ?? new Float64Array(0));
  const domain = [x[0], x[x.length - 1]];
  const xEnc = { field: 'x', type: 'quantitative', title, scale: { domain, nice: false } };
  const phases = (ds.values?.phases ?? []) as { phase: string; rBragg: number; reflections: { twoTheta: number; hkl: number[] }[] }[];
  const ticks = phases.flatMap((p) => p.reflections.map((r) => ({ x: r.twoTheta, phase: p.phase, hkl: r.hkl.join(' ') })));
  const rwp = ds.values?.rwp as number | undefined;
  const gof = ds.values?.gof as number | undefined;
  return {
    $schema: VEGA_SCHEMA,
    title: `Rietveld refinement${rwp !== undefined ? ` (Rwp ${(100 * rwp).toFixed(2)} %, GOF ${gof?.toFixed(2)})` : ''}`,
    // concatenated views share the color scale by default: the curves' explicit domain
    // (calculated, background) would leave every phase's ticks without a colour
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      {
        width: 640,
        height: 300,
        layer: [
          {
            data: { values: rows(ds, 'intensity', keep, x, 'observed') },
            mark: { type: 'point', size: 6, filled: true, color: '#1f77b4' },
            encoding: { x: xEnc, y: { field: 'y', type: 'quantitative', title: `intensity (${unit})` } },
          },
          {
            data: { values: [...rows(ds, 'calculated', keep, x, 'calculated'), ...rows(ds, 'background', keep, x, 'background')] },
            mark: { type: 'line', strokeWidth: 1 },
            encoding: {
              x: xEnc,
              y: { field: 'y', type: 'quantitative' },
              color: { field: 'series', type: 'nominal', title: null, scale: { domain: ['calculated', 'background'], range: ['#d62728', '#7f7f7f'] } },
            },
          },
        ],
      },
      {
        width: 640,
        height: 14 * Math.max(1, phases.length),
        data: { values: ticks },
        mark: { type: 'tick', orient: 'vertical', thickness: 1 },
        encoding: {
          x: xEnc,
          y: { field: 'phase', type: 'nominal', title: null },
          color: { field: 'phase', type: 'nominal', legend: null },
          tooltip: [
            { field: 'phase', type: 'nominal' },
            { field: 'hkl', type: 'nominal' },
            { field: 'x', type: 'quantitative', title: '2θ (°)', format: '.4f' },
          ],
        },
      },
      {
        width: 640,
        height: 100,
        data: { values: rows(ds, 'difference', keep, x, 'difference') },
        mark: { type: 'line', strokeWidth: 1, color: '#2ca02c' },
        encoding: { x: xEnc, y: { field: 'y', type: 'quantitative', title: `obs − calc (${unit})` } },
      },
    ],
  };
}

export const rietveldPlot: ViewContribution = {
  id: 'xrd.rietveld-plot',
  name: 'Rietveld plot (observed, calculated, difference, reflection ticks)',
  accepts: [KIND_RIETVELD],
  render: (ds): ViewOutput => ({ type: 'vega-lite', title: 'Rietveld refinement', spec: rietveldSpec(ds) }),
};
