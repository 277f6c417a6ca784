import { type Coordinate, coordCenters, isRegular } from '../data/coordinate';
import { type Dataset, dimCoord, signalName, signalOf } from '../data/dataset';
import { InputError } from '../errors';
import { renderImageView } from '../image/view';
import type { ViewContribution, ViewOutput } from '../plugin/contract';
import { isUnit, unitsCompatible } from '../units/parse';

/** More points than this are reduced to per-bucket minima and maxima (the envelope stays exact). */
const MAX_LINE_POINTS = 4000;

/**
 * A plot of any dataset's signal: a line (with a ±σ band when variances exist) for 1-D data, an
 * image with colour bar (and a scale bar when the horizontal axis is a regular length) for 2-D data,
 * and the middle slice for more dimensions. Meant for data no technique plugin knows, such as
 * `nexus.data` read from other software.
 */
export const plotView: ViewContribution = {
  id: 'ionscope.plot',
  name: 'Generic plot (line for 1-D, image for 2-D)',
  description: 'The signal against its coordinates with units; the middle slice of data with more than two dimensions',
  accepts: ['*'],
  render: (data) => plotDataset(data),
};

export function plotDataset(data: Dataset): ViewOutput {
  const name = signalName(data);
  const signal = signalOf(data);
  const title = data.meta.title ?? name;
  if (signal.dims.length === 0) {
    throw new InputError('nothing to plot: the signal is a single value', { field: `data.${name}`, expected: 'a signal with at least one dimension' });
  }
  if (signal.dims.length === 1) return linePlot(data, name, title);
  // Keep the last two dimensions; take the middle index of the others.
  const shape = signal.shape;
  const rank = shape.length;
  const height = shape[rank - 2] as number;
  const width = shape[rank - 1] as number;
  let offset = 0;
  let stride = width * height;
  const fixed: string[] = [];
  for (let d = rank - 3; d >= 0; d--) {
    const middle = Math.floor((shape[d] as number) / 2);
    offset += middle * stride;
    stride *= shape[d] as number;
    fixed.unshift(`${signal.dims[d]} = ${middle}`);
  }
  if (width === 0 || height === 0) throw new InputError('nothing to plot: the image is empty', { field: `data.${name}` });
  const values = signal.values.subarray(offset, offset + width * height);
  const xCoord = dimCoord(data, signal.dims[rank - 1] as string);
  const mask = Object.values(data.masks ?? {}).find((m) => m.dims.length === 2 && m.dims[0] === signal.dims[rank - 2] && m.dims[1] === signal.dims[rank - 1]);
  return renderImageView({
    values,
    width,
    height,
    title: fixed.length ? `${title} (${fixed.join(', ')})` : title,
    valueLabel: signal.label ?? name,
    valueUnit: signal.unit || undefined,
    ...(mask ? { mask: mask.values } : {}),
    ...lengthScale(xCoord),
  });
}

/** Pixel size and unit for a scale bar when the horizontal axis is a regular length coordinate. */
function lengthScale(c: Coordinate | undefined): { pixelSize?: number; unit?: string } {
  if (!c || !isRegular(c) || c.step === 0 || !isUnit(c.unit) || !unitsCompatible(c.unit, 'm')) return {};
  return { pixelSize: Math.abs(c.step), unit: c.unit };
}

function linePlot(data: Dataset, name: string, title: string): ViewOutput {
  const signal = signalOf(data);
  const dim = signal.dims[0] as string;
  const coord = dimCoord(data, dim);
  const x = coord ? coordCenters(coord) : Float64Array.from(signal.values, (_, i) => i);
  const n = signal.values.length;
  const rows: Record<string, number | null>[] = [];
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const push = (i: number) => {
    const y = signal.values[i] as number;
    const sd = signal.variances ? Math.sqrt(signal.variances[i] as number) : undefined;
    rows.push({ x: finite(x[i] as number), y: finite(y), ...(sd !== undefined ? { lo: finite(y - sd), hi: finite(y + sd) } : {}) });
  };
  if (n <= MAX_LINE_POINTS) for (let i = 0; i < n; i++) push(i);
  else {
    // Min/max decimation: each bucket keeps its lowest and highest point, in order.
    const buckets = MAX_LINE_POINTS / 2;
    for (let b = 0; b < buckets; b++) {
      const start = Math.floor((b * n) / buckets);
      const end = Math.floor(((b + 1) * n) / buckets);
      let lo = start;
      let hi = start;
      for (let i = start; i < end; i++) {
        if ((signal.values[i] as number) < (signal.values[lo] as number)) lo = i;
        if ((signal.values[i] as number) > (signal.values[hi] as number)) hi = i;
      }
      push(Math.min(lo, hi));
      if (hi !== lo) push(Math.max(lo, hi));
    }
  }
  const xTitle = coord ? `${coord.label ?? dim}${coord.unit ? ` (${coord.unit})` : ''}` : `${dim} (index)`;
  const yTitle = `${signal.label ?? name}${signal.unit ? ` (${signal.unit})` : ''}`;
  const x_ = { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } };
  const line = {
    mark: { type: 'line', point: rows.length <= 60 },
    encoding: { x: x_, y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } } },
  };
  const band = { mark: { type: 'area', opacity: 0.25 }, encoding: { x: x_, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' } } };
  return {
    type: 'vega-lite',
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      width: 560,
      height: 320,
      data: { values: rows },
      layer: signal.variances ? [band, line] : [line],
    },
  };
}
