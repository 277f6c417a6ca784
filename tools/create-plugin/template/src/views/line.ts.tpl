import { coordValues, type Dataset, dimCoord, signalOf, type ViewContribution } from '@ionscope/core';
import { KIND_CURVE, KIND_INTEGRAL } from '../kinds';

/** The curve as a Vega-Lite line chart with units in the axis titles (data inline). */
export const lineView: ViewContribution = {
  id: '__ID__.line',
  name: 'Curve',
  accepts: [KIND_CURVE, KIND_INTEGRAL],
  render(data: Dataset) {
    const y = signalOf(data);
    const xCoord = dimCoord(data, y.dims[0] as string);
    const x = xCoord ? coordValues(xCoord) : Float64Array.from(y.values.keys());
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const values = Array.from(y.values, (v, i) => ({ x: finite(x[i] as number), y: finite(v) }));
    const integral = data.values?.integral as { value: number; unit: string } | undefined;
    const title = integral ? `∫ = ${integral.value.toPrecision(4)} ${integral.unit}` : (data.meta.title ?? '__NAME__');
    return {
      type: 'vega-lite',
      title,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title,
        width: 480,
        height: 300,
        data: { values },
        mark: { type: 'line', point: values.length <= 50 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: `${xCoord?.label ?? 'x'} (${xCoord?.unit ?? ''})` },
          y: { field: 'y', type: 'quantitative', title: `${y.label ?? 'y'} (${y.unit})` },
        },
      },
    };
  },
};
