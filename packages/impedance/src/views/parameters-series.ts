/** Fitted parameters of a series against time (or spectrum index), one small panel each, with ±1σ bars. */
import type { ViewContribution } from '@ionscope/core';
import { SERIES_FIT_KIND } from '../model/kinds';
import { coordinate, VEGA_LITE_SCHEMA } from './common';

export const parametersSeriesView: ViewContribution = {
  id: 'impedance.parameters-series',
  name: 'Parameters against series',
  description: 'Each fitted parameter against time or spectrum, with standard errors',
  accepts: [SERIES_FIT_KIND],
  render(ds) {
    const time = coordinate(ds, 'time');
    const index = coordinate(ds, 'spectrum') ?? [];
    const useTime = Boolean(time && Array.from(time).some(Number.isFinite));
    const xs = useTime ? (time as ArrayLike<number>) : index;
    const panels = Object.entries(ds.data)
      .filter(([name]) => name !== 'chiSquare')
      .map(([name, v]) => {
        const rows = Array.from({ length: v.values.length }, (_, i) => {
          const value = v.values[i] as number;
          const se = v.variances ? Math.sqrt(v.variances[i] as number) : 0;
          return { x: xs[i] as number, value, lo: value - se, hi: value + se };
        }).filter((r) => Number.isFinite(r.value));
        const title = `${name} (${v.unit || '1'})`;
        return {
          width: 220,
          height: 140,
          title: name,
          data: { values: rows },
          layer: [
            {
              mark: { type: 'errorbar' },
              encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative', title }, y2: { field: 'hi' } },
            },
            {
              mark: { type: 'line', point: true },
              encoding: {
                x: { field: 'x', type: 'quantitative', title: useTime ? 'time (s)' : 'spectrum' },
                y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
              },
            },
          ],
        };
      });
    return {
      type: 'vega-lite',
      title: 'Parameters against series',
      spec: { $schema: VEGA_LITE_SCHEMA, title: `Fitted parameters (${String(ds.values?.circuit ?? '')})`, columns: 3, concat: panels },
    };
  },
};
