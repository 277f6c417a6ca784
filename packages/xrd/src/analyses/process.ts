import { type AnalysisContribution, type Dataset, variable, z } from '@ionscope/core';
import { type AxisKind, convertAxis } from '../axes';
import { KIND_PATTERN, makePattern, patternArrays, radiationOf } from '../kinds';
import { estimateBackground } from '../processing/background';
import { stripKAlpha2 } from '../processing/kalpha2';
import { binomialSmooth, normalize } from '../processing/smooth';
import { kAlphaLines, patternWavelength } from './common';

const Params = z.object({
  background: z.enum(['none', 'snip', 'arpls', 'chebyshev']).default('none'),
  snipIterations: z.number().int().positive().default(40),
  stripKAlpha2: z.boolean().default(false).describe('remove the Kα2 contribution (Rachinger 1948)'),
  smooth: z.number().int().min(0).max(20).default(0).describe('number of [1 2 1]/4 smoothing passes'),
  normalize: z.enum(['none', 'max', 'area']).default('none'),
  axis: z.enum(['twoTheta', 'q', 'd']).default('twoTheta').describe('axis of the output pattern'),
  wavelength: z.number().positive().optional().describe('Å, for axis conversion when the file has none'),
});

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
    let out: Float64Array = Float64Array.from(y);
    let bg: Float64Array | undefined;
    if (params.background !== 'none') {
      bg = estimateBackground(x, out, { method: params.background, iterations: params.snipIterations });
      out = out.map((v, i) => v - (bg as Float64Array)[i]!);
    }
    if (params.stripKAlpha2) {
      const lines = kAlphaLines(radiation);
      if (axis !== 'twoTheta') throw new RangeError('Kα2 stripping needs a 2θ axis');
      if (!lines) ctx.warn('no Kα lines known for this pattern: Kα2 not stripped');
      else out = stripKAlpha2(x, out, lines.k2 / lines.k1, lines.ratio);
    }
    if (params.smooth) out = binomialSmooth(out, params.smooth);
    const norm = normalize(x, out, params.normalize);
    out = norm.y;
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
