import { type AnalysisContribution, createDataset, type Dataset, z } from '@ionscope/core';
import { KIND_PATTERN, KIND_SIZE_STRAIN } from '../kinds';
import { fitProfile } from '../peaks/fit';
import { searchPeaks } from '../peaks/search';
import { type BreadthPeak, type Caglioti, fitCaglioti, scherrer, williamsonHall } from '../peaks/size-strain';
import { patternInput, patternWavelength, q, resolveDoublet } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  k: z.number().positive().default(0.9).describe('Scherrer constant'),
  correction: z.enum(['quadratic', 'linear', 'none']).default('quadratic').describe('instrumental-broadening subtraction'),
  minSignificance: z.number().positive().default(10),
  maxPeaks: z.number().int().positive().default(15),
  halfWidth: z.number().positive().default(0.6),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
  caglioti: z
    .object({ U: z.number(), V: z.number(), W: z.number() })
    .optional()
    .describe('instrumental FWHM² = U tan²θ + V tanθ + W (°²), instead of a standard pattern'),
});

function fittedWidths(ds: Dataset, params: z.output<typeof Params>, ctx: Parameters<AnalysisContribution['run']>[2]): BreadthPeak[] {
  const { x, y, sigma, radiation } = patternInput(ds);
  const doublet = resolveDoublet(radiation, params.doublet, ctx);
  const found = searchPeaks(x, y, { sigma, minSignificance: params.minSignificance, ...(doublet ? { kAlpha2: doublet } : {}) })
    .peaks.sort((a, b) => b.height - a.height)
    .slice(0, params.maxPeaks);
  const out: BreadthPeak[] = [];
  for (const p of found) {
    try {
      const r = fitProfile(x, y, {
        shape: 'pseudo-voigt',
        peaks: [{ center: p.position, fwhm: p.fwhm }],
        range: [p.position - params.halfWidth, p.position + params.halfWidth],
        sigma,
        ...(doublet ? { doublet } : {}),
      });
      const f = r.peaks[0];
      if (f && r.converged && f.fwhm.stderr < 0.3 * f.fwhm.value) out.push({ twoTheta: f.center.value, fwhm: f.fwhm.value, fwhmStderr: f.fwhm.stderr });
    } catch {
      // overlapping or weak peak: skipped
    }
  }
  return out.sort((a, b) => a.twoTheta - b.twoTheta);
}

export const sizeStrainAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.size-strain',
  name: 'Crystallite size and microstrain',
  description: 'Scherrer sizes per peak and a Williamson–Hall fit, with instrumental broadening from a standard pattern (Caglioti fit) or given U, V, W.',
  inputs: {
    input: { accepts: [KIND_PATTERN] },
    standard: { accepts: [KIND_PATTERN], optional: true, description: 'a line-profile standard (e.g. NIST LaB6 660) measured on the same instrument' },
  },
  params: Params,
  produces: KIND_SIZE_STRAIN,
  views: ['xrd.williamson-hall-plot'],
  references: [
    'P. Scherrer, Göttinger Nachrichten 2 (1918) 98',
    'G. K. Williamson & W. H. Hall, Acta Metall. 1 (1953) 22',
    'G. Caglioti et al., Nucl. Instrum. 3 (1958) 223',
  ],
  run(inputs, params, ctx) {
    const ds = inputs.input as Dataset;
    const wavelength = patternWavelength(patternInput(ds).radiation, params.wavelength, ctx);
    const sample = fittedWidths(ds, params, ctx);
    let instrument: Caglioti | undefined = params.caglioti;
    if (!instrument && inputs.standard) {
      const std = fittedWidths(inputs.standard, params, ctx);
      if (std.length >= 3) instrument = fitCaglioti(std);
      else ctx.warn('the standard gave fewer than 3 fitted peaks: no instrumental correction');
    }
    if (!instrument) ctx.warn('no instrumental broadening given: sizes are lower bounds');
    const options = { k: params.k, correction: params.correction, ...(instrument ? { instrument } : {}) };
    const sizes = scherrer(sample, wavelength, options);
    const wh = sample.length >= 2 ? williamsonHall(sample, wavelength, options) : undefined;
    return createDataset({
      kind: KIND_SIZE_STRAIN,
      values: {
        scherrer: sizes.map((s) => ({ twoTheta: s.twoTheta, breadth: s.breadth, size: s.size / 10, sizeStderr: s.sizeStderr / 10 })),
        units: { twoTheta: '°', breadth: '°', size: 'nm', sizeStderr: 'nm' },
        ...(wh
          ? {
              williamsonHall: {
                size: q(wh.size.value / 10, 'nm', wh.size.stderr / 10),
                strain: q(wh.strain.value, '', wh.strain.stderr),
                intercept: wh.intercept,
                slope: wh.slope,
                points: wh.points.map((p) => ({ x: p.x, y: p.y, twoTheta: p.twoTheta })),
                axes: { x: '4 sin θ', y: 'β cos θ (rad)' },
              },
            }
          : {}),
        instrument: instrument ? { U: instrument.U, V: instrument.V, W: instrument.W, unit: '°²' } : null,
        wavelength: { value: wavelength, unit: 'Å' },
        k: params.k,
      },
    });
  },
};
