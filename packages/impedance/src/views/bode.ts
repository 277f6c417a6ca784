/** Bode plot: |Z| (log) and phase against frequency (log), with the fit overlaid when present. */
import type { Dataset, ViewContribution } from '@ionscope/core';
import { FIT_KIND, LINKK_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { coordinate, pointRows, VEGA_LITE_SCHEMA } from './common';

export function bodeSpec(ds: Dataset): Record<string, unknown> {
  const points = pointRows(ds);
  const model: Record<string, number>[] = [];
  const fitRe = ds.data.ZrealFit?.values;
  const fitIm = ds.data.ZimagFit?.values;
  const f = coordinate(ds, 'frequency');
  if (fitRe && fitIm && f) {
    for (let i = 0; i < fitRe.length; i++) {
      const re = fitRe[i] as number;
      const im = fitIm[i] as number;
      model.push({ f: f[i] as number, mod: Math.hypot(re, im), phase: (Math.atan2(im, re) * 180) / Math.PI });
    }
  }
  const x = { field: 'f', type: 'quantitative', title: 'frequency (Hz)', scale: { type: 'log' }, axis: { format: '~g' } };
  const series = ds.kind === SERIES_KIND;
  const color = series ? { color: { field: 'spectrum', type: 'quantitative', scale: { scheme: 'viridis' } } } : {};
  const panel = (field: string, title: string, log: boolean) => ({
    width: 420,
    height: 180,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 25 },
        encoding: { x, y: { field, type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : {}) }, ...color },
      },
      ...(model.length
        ? [
            {
              data: { values: model },
              mark: { type: 'line', color: '#d62728' },
              encoding: { x, y: { field, type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : {}) } },
            },
          ]
        : []),
    ],
  });
  return { $schema: VEGA_LITE_SCHEMA, title: 'Bode plot', vconcat: [panel('mod', '|Z| (Ω)', true), panel('phase', 'phase (°)', false)] };
}

export const bodeView: ViewContribution = {
  id: 'impedance.bode',
  name: 'Bode plot',
  description: '|Z| and phase against frequency',
  accepts: [SPECTRUM_KIND, SERIES_KIND, FIT_KIND, LINKK_KIND],
  render: (ds) => ({ type: 'vega-lite', title: 'Bode plot', spec: bodeSpec(ds) }),
};
