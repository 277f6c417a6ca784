import { type AnalysisContribution, createDataset, explicitCoord, variable, z } from '@ionscope/core';
import { KIND_PATTERN, KIND_PEAKS } from '../kinds';
import { searchPeaks } from '../peaks/search';
import { dFromTwoTheta, patternInput, patternWavelength, resolveDoublet } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  minSignificance: z.number().positive().default(5).describe('minimum net height in standard deviations of the counting noise'),
  minRelativeHeight: z.number().min(0).max(1).default(0.01).describe('minimum net height relative to the strongest peak'),
  snipIterations: z.number().int().positive().optional().describe('SNIP background window in points (default ≈ 0.6° worth)'),
  dropKAlpha2: z.enum(['auto', 'on', 'off']).default('auto').describe('drop maxima that are the Kα2 line of a stronger peak'),
});

export const findPeaksAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.find-peaks',
  name: 'Find peaks',
  description: 'Automatic peak search: SNIP background, significance and relative-height thresholds, FWHM estimates, d-spacings.',
  inputs: { input: { accepts: [KIND_PATTERN] } },
  params: Params,
  produces: KIND_PEAKS,
  views: ['xrd.pattern-plot'],
  references: ['C. G. Ryan et al., Nucl. Instrum. Methods B 34 (1988) 396 (SNIP)'],
  run(inputs, params, ctx) {
    const ds = inputs.input as NonNullable<typeof inputs.input>;
    const { x, y, sigma, radiation } = patternInput(ds);
    const wavelength = patternWavelength(radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(radiation, params.dropKAlpha2, ctx);
    const { peaks, background } = searchPeaks(x, y, {
      minSignificance: params.minSignificance,
      minRelativeHeight: params.minRelativeHeight,
      sigma,
      ...(params.snipIterations ? { snipIterations: params.snipIterations } : {}),
      ...(doublet ? { kAlpha2: doublet } : {}),
    });
    return createDataset({
      kind: KIND_PEAKS,
      signal: 'intensity',
      data: {
        intensity: variable(['twoTheta'], y, ds.data.intensity?.unit ?? 'counts'),
        background: variable(['twoTheta'], background, ds.data.intensity?.unit ?? 'counts'),
      },
      coords: { twoTheta: explicitCoord('twoTheta', x, '°', { label: '2θ' }) },
      values: {
        peaks: peaks.map((p) => ({
          twoTheta: p.position,
          d: dFromTwoTheta(p.position, wavelength),
          height: p.height,
          background: p.background,
          fwhm: p.fwhm,
          significance: p.significance,
        })),
        units: {
          twoTheta: '°',
          d: 'Å',
          height: ds.data.intensity?.unit ?? 'counts',
          background: ds.data.intensity?.unit ?? 'counts',
          fwhm: '°',
          significance: '',
        },
        wavelength: { value: wavelength, unit: 'Å' },
        method: 'SNIP background, local maxima of the 2×[1 2 1]-smoothed net signal, significance ≥ threshold',
      },
    });
  },
};
