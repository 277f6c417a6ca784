import {
  type AnalysisContribution,
  convert,
  coordValues,
  createDataset,
  type Dataset,
  dimCoord,
  InputError,
  quantityParam,
  signalOf,
  throwIfAborted,
  z,
} from '@ionscope/core';
import { KIND_CURVE, KIND_INTEGRAL } from '../kinds';

export interface Integral {
  value: number;
  /** Standard error from the variances of y (independent errors), when they are known. */
  stderr?: number;
  /** Number of points used. */
  points: number;
}

/**
 * ∫ y dx by the trapezoidal rule over the intervals that lie inside [from, to]. Each point gets a
 * weight wᵢ (half of each neighbouring interval), so value = Σ wᵢ yᵢ and, for independent errors,
 * σ² = Σ wᵢ² σᵢ² (propagation of uncertainty for a linear combination).
 */
export function integrateTrapezoid(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  variances?: ArrayLike<number>,
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): Integral {
  const n = Math.min(x.length, y.length);
  const weights = new Float64Array(n);
  let used = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = x[i] as number;
    const b = x[i + 1] as number;
    if (Math.min(a, b) < from || Math.max(a, b) > to) continue;
    const half = 0.5 * (b - a);
    weights[i] = (weights[i] as number) + half;
    weights[i + 1] = (weights[i + 1] as number) + half;
    used++;
  }
  let value = 0;
  let variance = 0;
  let points = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    points++;
    value += w * (y[i] as number);
    if (variances) variance += w * w * (variances[i] as number);
  }
  return { value: used ? value : Number.NaN, ...(variances && used ? { stderr: Math.sqrt(variance) } : {}), points };
}

const Params = z.object({
  from: quantityParam('s', { description: 'start of the x range (default: the first point)' }).optional(),
  to: quantityParam('s', { description: 'end of the x range (default: the last point)' }).optional(),
});

export const integrate: AnalysisContribution<typeof Params> = {
  id: '__ID__.integrate',
  name: 'Integrate',
  description: 'Area under the curve by the trapezoidal rule, with its standard error',
  inputs: { input: { accepts: [KIND_CURVE] } },
  params: Params,
  produces: KIND_INTEGRAL,
  views: ['__ID__.line'],
  references: ['Press et al., Numerical Recipes, 3rd ed. (2007), §4.1: the trapezoidal rule'],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const y = signalOf(input);
    const xCoord = dimCoord(input, y.dims[0] as string);
    if (!xCoord) throw new InputError('the curve has no x coordinate', { field: 'coords', expected: `a coordinate along "${y.dims[0]}"` });
    throwIfAborted(ctx.signal);
    // Parameters arrive in seconds (quantityParam converted "500 ms"); the data may use another time unit.
    const from = params.from === undefined ? undefined : convert(params.from, 's', xCoord.unit);
    const to = params.to === undefined ? undefined : convert(params.to, 's', xCoord.unit);
    const result = integrateTrapezoid(coordValues(xCoord), y.values, y.variances, from, to);
    if (result.points < 2) ctx.warn('fewer than two points in the range: the integral is undefined');
    ctx.progress(1);
    return createDataset({
      kind: KIND_INTEGRAL,
      data: input.data,
      coords: input.coords,
      values: {
        integral: { value: result.value, ...(result.stderr !== undefined ? { stderr: result.stderr } : {}), unit: `${y.unit}·${xCoord.unit}` },
        points: result.points,
        method: 'trapezoidal rule',
      },
      meta: input.meta,
    });
  },
};
