/**
 * Residuals against frequency, relative to |Z| (%): for a circuit fit (data − model) and for Lin-KK
 * (the relative residuals it computes). Lin-KK residuals within ±1 % with no trend mean valid data.
 */
import type { Dataset, ViewContribution } from '@ionscope/core';
import { FIT_KIND, LINKK_KIND } from '../model/kinds';
import { coordinate, VEGA_LITE_SCHEMA } from './common';

export function residualRows(ds: Dataset): Record<string, number | string>[] {
  const f = coordinate(ds, 'frequency');
  const rr = ds.data.residualReal?.values;
  const ri = ds.data.residualImag?.values;
  const re = ds.data.Zreal?.values;
  const im = ds.data.Zimag?.values;
  const rows: Record<string, number | string>[] = [];
  if (!f || !rr || !ri) return rows;
  const relative = ds.kind === LINKK_KIND; // Lin-KK stores relative residuals already
  for (let i = 0; i < f.length; i++) {
    const scale = relative || !re || !im ? 1 : Math.hypot(re[i] as number, im[i] as number);
    rows.push({ f: f[i] as number, part: 'Z′', value: (100 * (rr[i] as number)) / scale });
    rows.push({ f: f[i] as number, part: 'Z″', value: (100 * (ri[i] as number)) / scale });
  }
  return rows;
}

export const residualsView: ViewContribution = {
  id: 'impedance.residuals',
  name: 'Residuals',
  description: 'Relative residuals (% of |Z|) against frequency',
  accepts: [FIT_KIND, LINKK_KIND],
  render: (ds) => ({
    type: 'vega-lite',
    title: 'Residuals',
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: ds.kind === LINKK_KIND ? `Lin-KK residuals (M = ${String(ds.values?.M ?? '?')})` : 'Fit residuals',
      width: 420,
      height: 200,
      data: { values: residualRows(ds) },
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'f', type: 'quantitative', title: 'frequency (Hz)', scale: { type: 'log' }, axis: { format: '~g' } },
            y: { field: 'value', type: 'quantitative', title: 'residual (% of |Z|)' },
            color: { field: 'part', type: 'nominal', title: '' },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { datum: 0 } } },
      ],
    },
  }),
};
