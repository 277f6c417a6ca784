import { savitzkyGolay } from '@ionscope/numerics';
import { type AnalysisContext, type AnalysisContribution, type Dataset, signalOf, variable, z } from '@ionscope/core';
import { type AxisKind, convertAxis } from '../axes';
import { KIND_PATTERN, KIND_SERIES, makePattern, patternArrays, type Radiation, radiationOf } from '../kinds';
import { seriesRow } from '../series/stack';
import { estimateBackground } from '../processing/background';
import { stripKAlpha2 } from '../processing/kalpha2';
import { binomialSmooth, normalize } from '../processing/smooth';
import { kAlphaLines, patternWavelength } from './common';

const Params = z.object({
  background: z.enum(['none', 'snip', 'arpls', 'chebyshev']).default('none'),
  snipIterations: z.number().int().positive().default(40),
  stripKAlpha2: z.boolean().default(false).describe('remove the Kα2 contribution (Rachinger 1948)'),
  smooth: z.number().int().min(0).max(20).default(0).describe('number of [1 2 1]/4 smoothing passes'),
  savitzkyGolay: z.number().int().min(0).max(201).default(0).describe('Savitzky–Golay window (odd number of points, quadratic; 0 = off)'),
  normalize: z.enum(['none', 'max', 'area']).default('none'),
  axis: z.enum(['twoTheta', 'q', 'd']).default('twoTheta').describe('axis of the output pattern'),
  wavelength: z.number().positive().optional().describe('Å, for axis conversion when the file has none'),
});

type ProcessParams = z.output<typeof Params>;

/** The processing chain on one pattern: background, Kα2 stripping, smoothing, normalisation. */
function processRow(x: Float64Array, y: Float64Array, params: ProcessParams, radiation: Radiation, ctx: AnalysisContext, warned = { lines: false }) {
  let out: Float64Array = Float64Array.from(y);
  let background: Float64Array | undefined;
  if (params.background !== 'none') {
    const bg = estimateBackground(x, out, { method: params.background, iterations: params.snipIterations });
    background = bg;
    out = out.map((v, i) => v - (bg[i] as number));
  }
  if (params.stripKAlpha2) {
    const lines = kAlphaLines(radiation);
    if (lines) out = stripKAlpha2(x, out, lines.k2 / lines.k1, lines.ratio);
    else if (!warned.lines) {
      ctx.warn('no Kα lines known for this pattern: Kα2 not stripped');
      warned.lines = true;
    }
  }
  if (params.smooth) out = binomialSmooth(out, params.smooth);
  if (params.savitzkyGolay >= 3) out = savitzkyGolay(out, params.savitzkyGolay % 2 ? params.savitzkyGolay : params.savitzkyGolay + 1, 2);
  const norm = normalize(x, out, params.normalize);
  return { y: norm.y, factor: norm.factor, ...(background ? { background } : {}) };
}

export const processSeriesAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.process-series',
  name: 'Process a series',
  description:
    'The xrd.process chain (background, Kα2 stripping, smoothing, normalisation) applied to every pattern of an operando series; shown as a heatmap and a waterfall.',
  inputs: { input: { accepts: [KIND_SERIES] } },
  params: Params,
  produces: KIND_SERIES,
  views: ['xrd.heatmap', 'xrd.waterfall'],
  references: ['C. G. Ryan et al., Nucl. Instrum. Methods B 34 (1988) 396', 'W. A. Rachinger, J. Sci. Instrum. 25 (1948) 254'],
  run(inputs, params, ctx) {
    const ds = inputs.input as Dataset;
    const v = signalOf(ds);
    const m = v.shape[0] as number;
    const n = v.shape[1] as number;
    const radiation = radiationOf(ds);
    const values = new Float64Array(m * n);
    const warned = { lines: false };
    let x: Float64Array = new Float64Array(0);
    for (let k = 0; k < m; k++) {
      ctx.signal.throwIfAborted();
      const row = seriesRow(ds, k);
      x = row.x;
      values.set(processRow(row.x, Float64Array.from(row.y), params, radiation, ctx, warned).y, k * n);
      ctx.progress((k + 1) / m);
    }
    const unit = params.normalize === 'none' ? v.unit : 'a.u.';
    return {
      ...ds,
      data: { intensity: variable(['scan', v.dims[1] as string], values, unit, { shape: [m, n] }) },
      signal: 'intensity',
      values: {
        steps: { background: params.background, stripKAlpha2: params.stripKAlpha2, smooth: params.smooth, normalize: params.normalize },
        points: x.length,
      },
      provenance: [],
    };
  },
};

export const processAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.process',
  name: 'Process pattern',
  description: 'Background subtraction (SNIP, arPLS, Chebyshev), Kα2 stripping (Rachinger), smoothing, normalisation and 2θ → Q/d conversion.',
  inputs: { input: { accepts: [KIND_PATTERN] } },
  params: Params,
  produces: KIND_PATTERN,
  views: ['xrd.pattern-plot'],
  references: ['W. A. Rachinger, J. Sci. Instrum. 25 (1948) 254'],
  run(inputs, params, ctx) {
    const ds = inputs.input as Dataset;
    const { x, y, axis } = patternArrays(ds);
    const radiation = radiationOf(ds);
    const unit = ds.data.intensity?.unit ?? 'counts';
    if (params.stripKAlpha2 && axis !== 'twoTheta') throw new RangeError('Kα2 stripping needs a 2θ axis');
    const processed = processRow(x, y, params, radiation, ctx);
    let out = processed.y;
    let bg = processed.background;
    const norm = { factor: processed.factor };
    let xOut: Float64Array = x;
    if (params.axis !== axis) {
      const wl = patternWavelength(radiation, params.wavelength, ctx);
      xOut = convertAxis(x, axis, params.axis as AxisKind, wl);
      if (params.axis === 'd') {
        // d runs backwards in 2θ: reverse so the coordinate increases.
        xOut = xOut.slice().reverse();
        out = out.slice().reverse();
        if (bg) bg = bg.slice().reverse();
      }
    }
    const result = makePattern({
      x: xOut,
      axis: params.axis as AxisKind,
      intensity: out,
      intensityUnit: params.normalize === 'none' ? unit : 'a.u.',
      radiation,
      meta: { ...ds.meta },
    });
    if (bg) result.data.background = variable([params.axis], bg, unit);
    result.values = {
      steps: {
        background: params.background,
        stripKAlpha2: params.stripKAlpha2,
        smooth: params.smooth,
        normalize: params.normalize,
        normalizationFactor: norm.factor,
        axis: params.axis,
      },
    };
    return result;
  },
};
