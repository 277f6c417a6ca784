import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, variable, z } from '@ionscope/core';
import { KIND_IDENTIFICATION, KIND_PATTERN, KIND_STRUCTURE } from '../kinds';
import { quantifyPhases } from '../phase/quantify';
import { structureLabel, structuresOf } from '../structure/from-json';
import { patternInput, patternWavelength, q, resolveDoublet, startingFwhm } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  fwhm: z.number().positive().optional().describe('profile FWHM (°); default: median width of the strongest found peaks'),
  maxStrain: z.number().min(0).max(0.1).default(0.01),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
});

export const quantifyAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.quantify',
  name: 'Phase fractions (scale factors)',
  description:
    'Weight fractions of known phases from whole-pattern scale factors (Hill & Howard 1987), with simulated patterns of the given CIFs; no structure refinement.',
  inputs: { input: { accepts: [KIND_PATTERN] }, phases: { accepts: [KIND_STRUCTURE], description: 'the CIFs of the phases present (a folder)' } },
  params: Params,
  produces: KIND_IDENTIFICATION,
  views: ['xrd.identification-plot'],
  references: ['R. J. Hill & C. J. Howard, J. Appl. Cryst. 20 (1987) 467'],
  run(inputs, params, ctx) {
    const ds = inputs.input as Dataset;
    const { x, y, sigma, radiation } = patternInput(ds);
    const wavelength = patternWavelength(radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(radiation, params.doublet, ctx);
    const phases = structuresOf(inputs.phases as Dataset).map((s) => ({
      structure: s,
      name: s.fileName ? `${structureLabel(s)} [${s.fileName}]` : structureLabel(s),
    }));
    const fwhm = params.fwhm ?? startingFwhm(x, y, sigma, 0.5, 0.02);
    const r = quantifyPhases(x, y, phases, { wavelength, fwhm, maxStrain: params.maxStrain, ...(doublet ? { kAlpha2: doublet } : {}) });
    for (const f of r.fractions) if (f.scale === 0) ctx.warn(`${f.name}: no positive scale, reported as 0`);
    const unit = ds.data.intensity?.unit ?? 'counts';
    return createDataset({
      kind: KIND_IDENTIFICATION,
      signal: 'intensity',
      data: {
        intensity: variable(['twoTheta'], y, unit),
        background: variable(['twoTheta'], r.background, unit),
        model: variable(
          ['twoTheta'],
          Float64Array.from(r.model, (v, i) => v + (r.background[i] as number)),
          unit,
        ),
      },
      coords: { twoTheta: explicitCoord('twoTheta', x, '°', { label: '2θ' }) },
      values: {
        fractions: r.fractions.map((f) => ({
          phase: f.name,
          weightFraction: q(f.weightFraction, '', f.stderr),
          strain: f.strain,
          cellMass: q(f.cellMass, 'g/mol'),
          volume: q(f.volume, 'Å^3'),
        })),
        identified: r.fractions.filter((f) => f.weightFraction > 0).map((f) => f.name),
        reducedChiSquare: r.reducedChiSquare,
        fwhm: { value: fwhm, unit: '°' },
        wavelength: { value: wavelength, unit: 'Å' },
        method: 'Hill–Howard weight fractions from linear scale factors of simulated absolute patterns (uniform-strain search, no structure refinement)',
      },
    });
  },
};
