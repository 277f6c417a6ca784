/**
 * Vega-Lite views of patterns, fits, simulations, identification, size–strain, tracking and
 * lattice series. Each returns a complete spec with inline data and units in the axis titles.
 */
import { coordValues, type Dataset, dimCoord, renderImageView, signalOf, type ViewContribution, type ViewOutput } from '@ionscope/core';
import { KIND_FIT, KIND_IDENTIFICATION, KIND_LATTICE, KIND_PATTERN, KIND_PEAKS, KIND_SERIES, KIND_SIMULATION, KIND_SIZE_STRAIN, KIND_TRACKING } from '../kinds';
import { axisOf, decimate, num, VEGA_SCHEMA } from './common';
import { rietveldPlot } from './rietveld-plot';

function curveRows(ds: Dataset, names: string[]): Record<string, unknown>[] {
  const { values: x } = axisOf(ds);
  const main = ds.data[names[0] as string]?.values ?? new Float64Array(0);
  const keep = decimate(main);
  const rows: Record<string, unknown>[] = [];
  for (const name of names) {
    const v = ds.data[name];
    if (!v) continue;
    for (const i of keep) {
      const val = v.values[i] as number;
      if (Number.isFinite(val)) rows.push({ x: x[i], y: val, series: v.label && name.startsWith('phase') ? v.label : name });
    }
  }
  return rows;
}

function patternSpec(ds: Dataset): Record<string, unknown> {
  const { title } = axisOf(ds);
  const unit = signalOf(ds).unit || 'a.u.';
  const curves = ['intensity', 'background', 'model', ...Object.keys(ds.data).filter((k) => k.startsWith('phase'))].filter((k) => ds.data[k]);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: curveRows(ds, curves) },
      mark: { type: 'line', strokeWidth: 1 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: `intensity (${unit})` },
        color: { field: 'series', type: 'nominal', title: null },
        strokeDash: { condition: { test: "datum.series === 'background'", value: [4, 3] }, value: [1, 0] },
      },
    },
  ];
  const peaks = ds.values?.peaks;
  if (ds.kind === KIND_PEAKS && Array.isArray(peaks)) {
    layers.push({
      data: {
        values: (peaks as { twoTheta: number; height: number; background: number; d: number }[]).map((p) => ({
          x: p.twoTheta,
          y: p.height + p.background,
          d: p.d,
        })),
      },
      mark: { type: 'point', shape: 'triangle-down', color: '#d62728', filled: true },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        tooltip: [
          { field: 'x', type: 'quantitative', title: '2θ (°)', format: '.4f' },
          { field: 'd', type: 'quantitative', title: 'd (Å)', format: '.5f' },
        ],
      },
    });
  }
  const main = { layer: layers, width: 640, height: 300 };
  if (ds.kind === KIND_FIT && ds.data.residual) {
    return {
      $schema: VEGA_SCHEMA,
      title: ds.meta.title ?? 'Profile fit',
      vconcat: [
        main,
        {
          width: 640,
          height: 90,
          data: { values: curveRows(ds, ['residual']) },
          mark: { type: 'line', strokeWidth: 1, color: '#7f7f7f' },
          encoding: {
            x: { field: 'x', type: 'quantitative', title, scale: { zero: false } },
            y: { field: 'y', type: 'quantitative', title: `residual (${unit})` },
          },
        },
      ],
    };
  }
  return { $schema: VEGA_SCHEMA, title: ds.meta.title ?? ds.meta.source?.fileName ?? 'Powder pattern', ...main };
}

export const patternPlot: ViewContribution = {
  id: 'xrd.pattern-plot',
  name: 'Pattern with peaks, fit and residual',
  accepts: [KIND_PATTERN, KIND_PEAKS, KIND_FIT, KIND_IDENTIFICATION],
  render: (ds): ViewOutput => ({ type: 'vega-lite', title: 'Powder pattern', spec: patternSpec(ds) }),
};

export const identificationPlot: ViewContribution = {
  ...patternPlot,
  id: 'xrd.identification-plot',
  name: 'Pattern with identified phases',
  accepts: [KIND_IDENTIFICATION],
};

export const sticksPlot: ViewContribution = {
  id: 'xrd.sticks',
  name: 'Simulated stick pattern',
  accepts: [KIND_SIMULATION],
  render(ds) {
    const peaks = (ds.values?.peaks ?? []) as { twoTheta: number; d: number; hkl: number[]; intensity: number }[];
    const profile = signalOf(ds);
    const { values: x } = axisOf(ds);
    let max = 0;
    for (let i = 0; i < profile.values.length; i++) max = Math.max(max, profile.values[i] as number);
    const keep = decimate(profile.values);
    return {
      type: 'vega-lite',
      title: ds.meta.title ?? 'Simulated pattern',
      spec: {
        $schema: VEGA_SCHEMA,
        title: ds.meta.title ?? 'Simulated pattern',
        width: 640,
        height: 300,
        layer: [
          {
            data: { values: keep.map((i) => ({ x: x[i], y: max > 0 ? (100 * (profile.values[i] as number)) / max : 0 })) },
            mark: { type: 'line', strokeWidth: 1, color: '#9ecae1' },
            encoding: { x: { field: 'x', type: 'quantitative', title: '2θ (°)' }, y: { field: 'y', type: 'quantitative', title: 'relative intensity (%)' } },
          },
          {
            data: { values: peaks.map((p) => ({ x: p.twoTheta, y0: 0, y: p.intensity, hkl: `(${p.hkl.join(' ')})`, d: p.d })) },
            mark: { type: 'rule', color: '#08519c', strokeWidth: 2 },
            encoding: {
              x: { field: 'x', type: 'quantitative' },
              y: { field: 'y0', type: 'quantitative' },
              y2: { field: 'y' },
              tooltip: [
                { field: 'hkl', type: 'nominal' },
                { field: 'x', type: 'quantitative', title: '2θ (°)', format: '.4f' },
                { field: 'd', type: 'quantitative', title: 'd (Å)', format: '.5f' },
                { field: 'y', type: 'quantitative', title: 'I (%)', format: '.1f' },
              ],
            },
          },
        ],
      },
    };
  },
};

export const williamsonHallPlot: ViewContribution = {
  id: 'xrd.williamson-hall-plot',
  name: 'Williamson–Hall plot',
  accepts: [KIND_SIZE_STRAIN],
  render(ds) {
    const wh = ds.values?.williamsonHall as { points: { x: number; y: number; twoTheta: number }[]; intercept: number; slope: number } | undefined;
    const pts = wh?.points ?? [];
    const xs = pts.map((p) => p.x);
    const line = xs.length ? [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: (wh?.intercept ?? 0) + (wh?.slope ?? 0) * x })) : [];
    return {
      type: 'vega-lite',
      title: 'Williamson–Hall',
      spec: {
        $schema: VEGA_SCHEMA,
        title: 'Williamson–Hall plot',
        width: 480,
        height: 320,
        layer: [
          {
            data: { values: pts },
            mark: { type: 'point', filled: true },
            encoding: {
              x: { field: 'x', type: 'quantitative', title: '4 sin θ' },
              y: { field: 'y', type: 'quantitative', title: 'β cos θ (rad)' },
              tooltip: [{ field: 'twoTheta', type: 'quantitative', title: '2θ (°)' }],
            },
          },
          {
            data: { values: line },
            mark: { type: 'line', color: '#d62728' },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
          },
        ],
      },
    };
  },
};

function seriesRows(ds: Dataset, names: string[], perPeak: boolean): Record<string, unknown>[] {
  const time = coordValues(ds.coords.time ?? (dimCoord(ds, 'scan') as NonNullable<ReturnType<typeof dimCoord>>));
  const rows: Record<string, unknown>[] = [];
  for (const name of names) {
    const v = ds.data[name];
    if (!v) continue;
    const p = perPeak ? (v.shape[1] as number) : 1;
    const peakCoord = perPeak && ds.coords.peak ? coordValues(ds.coords.peak) : undefined;
    for (let k = 0; k < time.length; k++) {
      for (let j = 0; j < p; j++) {
        const val = v.values[k * p + j] as number;
        const sd = v.variances ? Math.sqrt(v.variances[k * p + j] as number) : 0;
        if (Number.isFinite(val))
          rows.push({
            t: time[k],
            value: val,
            lo: num(val - sd),
            hi: num(val + sd),
            quantity: `${v.label ?? name} (${v.unit || '1'})`,
            peak: peakCoord ? `${(peakCoord[j] as number).toFixed(2)}°` : name,
          });
      }
    }
  }
  return rows;
}

/** Rows for the tracking plot from the per-peak variables (peakN_center, peakN_area, peakN_fwhm). */
function trackingRows(ds: Dataset): Record<string, unknown>[] {
  const time = coordValues(ds.coords.time ?? (dimCoord(ds, 'scan') as NonNullable<ReturnType<typeof dimCoord>>));
  const rows: Record<string, unknown>[] = [];
  const titles: Record<string, string> = { center: 'position 2θ (°)', area: 'area', fwhm: 'FWHM (°)' };
  for (const [name, v] of Object.entries(ds.data)) {
    const m = /^(peak\d+)_(center|area|fwhm)$/.exec(name);
    if (!m) continue;
    const quantity = m[2] === 'area' ? `area (${v.unit})` : (titles[m[2] as string] as string);
    for (let k = 0; k < time.length; k++) {
      const val = v.values[k] as number;
      const sd = v.variances ? Math.sqrt(v.variances[k] as number) : 0;
      if (Number.isFinite(val))
        rows.push({ t: time[k], value: val, lo: num(val - sd), hi: num(val + sd), quantity, peak: (v.label ?? name).replace(/^.* of the /, '') });
    }
  }
  return rows;
}

export const trackingPlot: ViewContribution = {
  id: 'xrd.tracking-plot',
  name: 'Tracked peaks versus time',
  accepts: [KIND_TRACKING],
  render(ds) {
    return {
      type: 'vega-lite',
      title: 'Peak tracking',
      spec: {
        $schema: VEGA_SCHEMA,
        title: 'Tracked peaks',
        data: { values: trackingRows(ds) },
        facet: { row: { field: 'quantity', type: 'nominal', title: null } },
        resolve: { scale: { y: 'independent' } },
        spec: {
          width: 560,
          height: 150,
          layer: [
            {
              mark: { type: 'line', point: true },
              encoding: {
                x: { field: 't', type: 'quantitative', title: 'time (s)' },
                y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
                color: { field: 'peak', type: 'nominal', title: 'peak' },
              },
            },
            {
              mark: { type: 'errorbar' },
              encoding: {
                x: { field: 't', type: 'quantitative' },
                y: { field: 'lo', type: 'quantitative' },
                y2: { field: 'hi' },
                color: { field: 'peak', type: 'nominal' },
              },
            },
          ],
        },
      },
    };
  },
};

export const latticePlot: ViewContribution = {
  id: 'xrd.lattice-plot',
  name: 'Lattice parameters versus time',
  accepts: [KIND_LATTICE],
  render(ds) {
    if (!Object.keys(ds.data).length) {
      const cell = ds.values?.cell as Record<string, { value: number; stderr: number; unit: string }>;
      const rows = Object.entries(cell ?? {}).map(([k, v]) => ({ parameter: `${k} (${v.unit})`, value: v.value, stderr: v.stderr }));
      return {
        type: 'vega-lite',
        title: 'Refined cell',
        spec: {
          $schema: VEGA_SCHEMA,
          title: 'Refined cell',
          data: { values: rows },
          mark: 'text',
          encoding: { row: { field: 'parameter', type: 'nominal' }, text: { field: 'value', type: 'quantitative', format: '.5f' } },
        },
      };
    }
    const names = ['a', 'b', 'c', 'volume'].filter((k) => ds.data[k]);
    return {
      type: 'vega-lite',
      title: 'Lattice parameters',
      spec: {
        $schema: VEGA_SCHEMA,
        title: 'Lattice parameters versus time',
        data: { values: seriesRows(ds, names, false) },
        facet: { row: { field: 'quantity', type: 'nominal', title: null } },
        resolve: { scale: { y: 'independent' } },
        spec: {
          width: 560,
          height: 130,
          layer: [
            {
              mark: { type: 'line', point: true },
              encoding: {
                x: { field: 't', type: 'quantitative', title: 'time (s)' },
                y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
              },
            },
            { mark: 'errorbar', encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
          ],
        },
      },
    };
  },
};

export const waterfallPlot: ViewContribution = {
  id: 'xrd.waterfall',
  name: 'Waterfall of a series',
  accepts: [KIND_SERIES],
  render(ds) {
    const v = signalOf(ds);
    const m = v.shape[0] as number;
    const n = v.shape[1] as number;
    const { values: x, title } = axisOf(ds);
    const time = coordValues(ds.coords.time ?? (dimCoord(ds, 'scan') as NonNullable<ReturnType<typeof dimCoord>>));
    const every = Math.max(1, Math.ceil(m / 40));
    let max = 0;
    for (let i = 0; i < v.values.length; i++) max = Math.max(max, v.values[i] as number);
    const offset = 0.15 * max;
    const keep = decimate(v.values.subarray(0, n), 1500);
    const rows: Record<string, unknown>[] = [];
    for (let k = 0; k < m; k += every) for (const i of keep) rows.push({ x: x[i], y: (v.values[k * n + i] as number) + (k / every) * offset, t: time[k] });
    return {
      type: 'vega-lite',
      title: 'Waterfall',
      spec: {
        $schema: VEGA_SCHEMA,
        title: `Waterfall (${Math.ceil(m / every)} of ${m} patterns, offset ${offset.toPrecision(3)} ${v.unit})`,
        width: 640,
        height: 420,
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 0.8 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title, scale: { zero: false } },
          y: { field: 'y', type: 'quantitative', title: `intensity + offset (${v.unit})` },
          detail: { field: 't', type: 'quantitative' },
          color: { field: 't', type: 'quantitative', title: 'time (s)', scale: { scheme: 'viridis' } },
        },
      },
    };
  },
};

export const heatmapView: ViewContribution = {
  id: 'xrd.heatmap',
  name: 'Heatmap of a series (PNG)',
  accepts: [KIND_SERIES],
  render(ds) {
    const v = signalOf(ds);
    const m = v.shape[0] as number;
    const n = v.shape[1] as number;
    // Average into at most 800 columns and 600 rows; repeat rows of short series so each pattern is
    // a visible band (at least ~320 pixels in all).
    const cols = Math.min(n, 800);
    const bins = Math.min(m, 600);
    const repeat = Math.max(1, Math.ceil(320 / bins));
    const rows = bins * repeat;
    const sum = new Float64Array(bins * cols);
    const count = new Float64Array(bins * cols);
    for (let k = 0; k < m; k++) {
      const r = Math.min(bins - 1, Math.floor((k * bins) / m));
      for (let i = 0; i < n; i++) {
        const c = Math.min(cols - 1, Math.floor((i * cols) / n));
        sum[r * cols + c] = (sum[r * cols + c] as number) + Math.sqrt(Math.max(0, v.values[k * n + i] as number));
        count[r * cols + c] = (count[r * cols + c] as number) + 1;
      }
    }
    const img = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const b = Math.floor(r / repeat);
      for (let c = 0; c < cols; c++)
        img[r * cols + c] = (count[b * cols + c] as number) > 0 ? (sum[b * cols + c] as number) / (count[b * cols + c] as number) : Number.NaN;
    }
    const { values: x } = axisOf(ds);
    // The PNG font is ASCII: no θ, arrows or roots in the captions.
    const view = renderImageView({
      values: img,
      width: cols,
      height: rows,
      colormap: 'viridis',
      title: `2-theta ${(x[0] as number).toFixed(1)} to ${(x[n - 1] as number).toFixed(1)} deg (left to right), patterns 1 to ${m} (top to bottom)`,
      valueLabel: 'sqrt(intensity)',
      valueUnit: `sqrt(${v.unit})`,
      zoom: 1,
      alt: `heatmap of ${m} patterns`,
    });
    return view;
  },
};

export const views = [patternPlot, identificationPlot, sticksPlot, williamsonHallPlot, trackingPlot, latticePlot, waterfallPlot, heatmapView, rietveldPlot];
