/** Distribution of relaxation times: γ(τ) on a log τ axis, with the detected peaks marked. */
import type { ViewContribution } from '@ionscope/core';
import { DRT_KIND } from '../model/kinds';
import { coordinate, VEGA_LITE_SCHEMA } from './common';

export const drtView: ViewContribution = {
  id: 'impedance.drt',
  name: 'DRT',
  description: 'γ(τ) against log τ with peaks',
  accepts: [DRT_KIND],
  render(ds) {
    const tau = coordinate(ds, 'tau') ?? [];
    const gamma = ds.data.gamma?.values ?? [];
    const rows = Array.from({ length: tau.length }, (_, i) => ({ tau: tau[i] as number, gamma: gamma[i] as number }));
    const peaks = Array.isArray(ds.values?.peaks)
      ? (ds.values.peaks as { tau: { value: number }; gamma: { value: number }; frequency: { value: number }; resistance: { value: number } }[])
      : [];
    const peakRows = peaks.map((p) => ({ tau: p.tau.value, gamma: p.gamma.value, f: p.frequency.value, R: p.resistance.value }));
    const x = { field: 'tau', type: 'quantitative', title: 'τ (s)', scale: { type: 'log' }, axis: { format: '~g' } };
    return {
      type: 'vega-lite',
      title: 'Distribution of relaxation times',
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title: `DRT (λ = ${Number(ds.values?.lambda ?? Number.NaN).toPrecision(3)})`,
        width: 440,
        height: 240,
        layer: [
          { data: { values: rows }, mark: { type: 'line' }, encoding: { x, y: { field: 'gamma', type: 'quantitative', title: 'γ (Ω)' } } },
          {
            data: { values: peakRows },
            mark: { type: 'point', shape: 'triangle-down', filled: true, size: 80, color: '#d62728' },
            encoding: {
              x,
              y: { field: 'gamma', type: 'quantitative' },
              tooltip: [
                { field: 'tau', title: 'τ (s)', format: '.3~g' },
                { field: 'f', title: 'f (Hz)', format: '.3~g' },
                { field: 'R', title: 'R (Ω)', format: '.3~g' },
              ],
            },
          },
        ],
      },
    };
  },
};
