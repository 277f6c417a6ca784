/**
 * Vega-Lite views: the grey-value histogram with thresholds (Otsu or the segmentation's), phase
 * volume fractions, and the particle size distribution.
 */
import { type Dataset, coordValues, signalOf, type ViewContribution, z } from '@ionscope/core';
import { KIND_LABELS, KIND_PARTICLES, KIND_POROSITY, KIND_VOLUME, KIND_VOLUME_FILE, volumeOf } from '../kinds';

/** Grey values to histogram: the volume, or for a streamed volume its three central slices. */
function greyValues(ds: Dataset): { values: ArrayLike<number>; unit: string; what: string } {
  if (ds.kind !== KIND_VOLUME_FILE) {
    const v = volumeOf(ds);
    return { values: v.values, unit: v.unit, what: 'histogram' };
  }
  const parts = ['sliceXY', 'sliceXZ', 'sliceYZ'].map((n) => ds.data[n]?.values ?? new Float32Array(0));
  const values = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    values.set(p, at);
    at += p.length;
  }
  return { values, unit: ds.data.sliceXY?.unit ?? '', what: 'histogram of the central slices' };
}
import { histogram, multiOtsu } from '../volume/threshold';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const HistogramParams = z.object({
  bins: z.number().int().min(8).max(1024).default(128),
  thresholds: z.array(z.number()).optional().describe('thresholds to mark (default: the dataset’s, else Otsu)'),
  classes: z.number().int().min(2).max(6).default(2).describe('classes for the Otsu thresholds drawn when none are given'),
  logScale: z.boolean().default(true).describe('logarithmic count axis'),
});

export const histogramView: ViewContribution<typeof HistogramParams> = {
  id: 'tomography.histogram',
  name: 'Grey-value histogram with thresholds',
  accepts: [KIND_VOLUME, KIND_LABELS, KIND_VOLUME_FILE],
  params: HistogramParams,
  render(ds: Dataset, params) {
    const v = greyValues(ds);
    const h = histogram(v.values, params.bins);
    const fromData = Array.isArray(ds.values?.thresholds) ? (ds.values?.thresholds as number[]) : undefined;
    const thresholds = ds.kind === KIND_LABELS ? [] : (params.thresholds ?? fromData ?? multiOtsu(v.values, params.classes, 256));
    const unit = v.unit ? ` (${v.unit})` : '';
    const label = signalOf(ds).label ?? (ds.kind === KIND_LABELS ? 'phase label' : 'grey value');
    const bars = Array.from(h.counts, (c, k) => ({ lo: h.min + k * h.width, hi: h.min + (k + 1) * h.width, count: c }));
    return {
      type: 'vega-lite',
      title: 'Histogram',
      spec: {
        $schema: SCHEMA,
        title: `${ds.meta.title ?? ds.kind}: ${v.what}`,
        width: 480,
        height: 260,
        layer: [
          {
            data: { values: bars.filter((b) => b.count > 0) },
            mark: { type: 'bar', color: '#4c78a8' },
            encoding: {
              x: { field: 'lo', type: 'quantitative', title: `${label}${unit}` },
              x2: { field: 'hi' },
              y: { field: 'count', type: 'quantitative', title: 'voxels', ...(params.logScale ? { scale: { type: 'log' } } : {}) },
              tooltip: [
                { field: 'lo', format: '.4g', title: 'from' },
                { field: 'hi', format: '.4g', title: 'to' },
                { field: 'count', title: 'voxels' },
              ],
            },
          },
          ...(thresholds.length
            ? [
                {
                  data: { values: thresholds.map((t, i) => ({ threshold: t, name: `t${i + 1} = ${t.toPrecision(4)}` })) },
                  mark: { type: 'rule', color: '#e45756', strokeWidth: 2 },
                  encoding: { x: { field: 'threshold', type: 'quantitative' }, tooltip: [{ field: 'name', title: 'threshold' }] },
                },
              ]
            : []),
        ],
      },
    };
  },
};

export const fractionsView: ViewContribution = {
  id: 'tomography.fractions',
  name: 'Phase volume fractions',
  accepts: [KIND_POROSITY],
  render(ds: Dataset) {
    const rows = (ds.values?.volumeFractions as { label: number; name: string; fraction: number }[] | undefined) ?? [];
    return {
      type: 'vega-lite',
      spec: {
        $schema: SCHEMA,
        title: 'Volume fractions',
        width: 320,
        data: { values: rows },
        mark: 'bar',
        encoding: {
          y: { field: 'name', type: 'nominal', title: 'phase', sort: null },
          x: { field: 'fraction', type: 'quantitative', title: 'volume fraction', scale: { domain: [0, 1] } },
          tooltip: [{ field: 'name' }, { field: 'label' }, { field: 'fraction', format: '.5f' }],
        },
      },
    };
  },
};

export const particleSizesView: ViewContribution = {
  id: 'tomography.particle-sizes',
  name: 'Particle size distribution',
  accepts: [KIND_PARTICLES],
  render(ds: Dataset) {
    const edges = coordValues(ds.coords.diameter as NonNullable<Dataset['coords'][string]>);
    const unit = ds.coords.diameter?.unit ? ` (${ds.coords.diameter.unit})` : ' (voxels)';
    const counts = ds.data.particles?.values ?? [];
    const vol = ds.data.volumeFraction?.values ?? [];
    const rows = Array.from(counts, (c, k) => ({ lo: edges[k], hi: edges[k + 1], count: c, volume: vol[k] }));
    return {
      type: 'vega-lite',
      spec: {
        $schema: SCHEMA,
        title: `Equivalent diameters (${ds.values?.count ?? 0} particles)`,
        width: 480,
        height: 240,
        data: { values: rows },
        mark: { type: 'bar', color: '#72b7b2' },
        encoding: {
          x: { field: 'lo', type: 'quantitative', title: `equivalent diameter${unit}` },
          x2: { field: 'hi' },
          y: { field: 'volume', type: 'quantitative', title: 'fraction of particle volume' },
          tooltip: [{ field: 'lo', format: '.3g' }, { field: 'hi', format: '.3g' }, { field: 'count' }, { field: 'volume', format: '.3f' }],
        },
      },
    };
  },
};
