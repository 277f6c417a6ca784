/**
 * Nyquist plot (−Z″ against Z′) with equal axes: the same span on both axes and a square plot, so
 * semicircles look like semicircles. Series are coloured by spectrum; fits overlay the model line.
 */
import type { Dataset, ViewContribution } from '@ionscope/core';
import { FIT_KIND, LINKK_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { coordinate, equalDomains, pointRows, VEGA_LITE_SCHEMA } from './common';

export function nyquistSpec(ds: Dataset): Record<string, unknown> {
  const points = pointRows(ds);
  const model: Record<string, number>[] = [];
  const fitRe = ds.data.ZrealFit?.values;
  const fitIm = ds.data.ZimagFit?.values;
  const f = coordinate(ds, 'frequency');
  if (fitRe && fitIm && f) for (let i = 0; i < fitRe.length; i++) model.push({ f: f[i] as number, re: fitRe[i] as number, negIm: -(fitIm[i] as number) });
  const dom = equalDomains(
    [...points.map((p) => p.re as number), ...model.map((p) => p.re as number)],
    [...points.map((p) => p.negIm as number), ...model.map((p) => p.negIm as number)],
  );
  const x = { field: 're', type: 'quantitative', title: 'Z′ (Ω)', scale: { domain: dom.x, nice: false, zero: false } };
  const y = { field: 'negIm', type: 'quantitative', title: '−Z″ (Ω)', scale: { domain: dom.y, nice: false, zero: false } };
  const series = ds.kind === SERIES_KIND;
  const layers: Record<string, unknown>[] = [
    {
      data: { values: points },
      mark: { type: 'point', filled: true, size: 30, clip: true },
      encoding: {
        x,
        y,
        ...(series ? { color: { field: 'spectrum', type: 'quantitative', title: 'spectrum', scale: { scheme: 'viridis' } } } : {}),
        tooltip: [
          { field: 'f', type: 'quantitative', title: 'f (Hz)', format: '.4~g' },
          { field: 're', type: 'quantitative', title: 'Z′ (Ω)', format: '.4~g' },
          { field: 'negIm', type: 'quantitative', title: '−Z″ (Ω)', format: '.4~g' },
        ],
      },
    },
  ];
  if (model.length) {
    layers.push({
      data: { values: model },
      mark: { type: 'line', color: '#d62728', clip: true },
      encoding: { x, y, order: { field: 'f', type: 'quantitative', sort: 'descending' } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: ds.kind === FIT_KIND ? `Nyquist: data and ${String(ds.values?.circuit ?? 'fit')}` : 'Nyquist plot',
    width: 360,
    height: 360,
    layer: layers,
  };
}

export const nyquistView: ViewContribution = {
  id: 'impedance.nyquist',
  name: 'Nyquist plot',
  description: '−Z″ against Z′ with equal axes',
  accepts: [SPECTRUM_KIND, SERIES_KIND, FIT_KIND, LINKK_KIND],
  render: (ds) => ({ type: 'vega-lite', title: 'Nyquist plot', spec: nyquistSpec(ds) }),
};

export const nyquistFitView: ViewContribution = {
  id: 'impedance.nyquist-fit',
  name: 'Nyquist plot with fit',
  description: 'Data points and the fitted circuit, equal axes',
  accepts: [FIT_KIND],
  render: (ds) => ({ type: 'vega-lite', title: 'Nyquist plot with fit', spec: nyquistSpec(ds) }),
};
