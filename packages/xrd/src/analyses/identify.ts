import { type AnalysisContribution, createDataset, explicitCoord, variable, z } from '@ionscope/core';
import { KIND_IDENTIFICATION, KIND_PATTERN, KIND_STRUCTURE } from '../kinds';
import { identifyPhases } from '../phase/identify';
import { structureLabel, structuresOf } from '../structure/from-json';
import { patternInput, patternWavelength, resolveDoublet, startingFwhm } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  maxPhases: z.number().int().positive().default(3),
  minGain: z.number().min(0).max(1).default(0.03).describe('minimum fraction of the net signal a further phase must explain'),
  maxStrain: z.number().min(0).max(0.1).default(0.01).describe('largest uniform lattice strain tried per candidate'),
  fwhm: z.number().positive().optional().describe('profile FWHM (°); default: median width of the strongest found peaks'),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
});

export const identifyAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.identify',
  name: 'Identify phases',
  description:
    'Ranks reference structures (CIFs) against a measured pattern by full-profile comparison with a small strain search, and picks the phase set that explains it.',
  inputs: { input: { accepts: [KIND_PATTERN] }, references: { accepts: [KIND_STRUCTURE], description: 'one CIF or a folder of CIFs' } },
  params: Params,
  produces: KIND_IDENTIFICATION,
  views: ['xrd.identification-plot'],
  references: ['N. J. Szymanski et al., Chem. Mater. 33 (2021) 4204 (iterative phase subtraction)'],
  run(inputs, params, ctx) {
    const ds = inputs.input as NonNullable<typeof inputs.input>;
    const { x, y, sigma, radiation } = patternInput(ds);
    const wavelength = patternWavelength(radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(radiation, params.doublet, ctx);
    const refs = structuresOf(inputs.references as NonNullable<typeof inputs.references>).map((s) => ({
      structure: s,
      name: s.fileName ? `${structureLabel(s)} [${s.fileName}]` : structureLabel(s),
    }));
    const fwhm = params.fwhm ?? startingFwhm(x, y, sigma, 0.5, 0.02);
    const r = identifyPhases(x, y, refs, {
      wavelength,
      ...(doublet ? { kAlpha2: doublet } : {}),
      fwhm,
      maxPhases: params.maxPhases,
      minGain: params.minGain,
      maxStrain: params.maxStrain,
    });
    if (r.explained < 0.5)
      ctx.warn(
        `the chosen phases explain only ${(100 * r.explained).toFixed(0)} % of the net signal: the sample is probably not (only) made of the reference phases`,
      );
    const unit = ds.data.intensity?.unit ?? 'counts';
    const data: Record<string, ReturnType<typeof variable>> = {
      intensity: variable(['twoTheta'], y, unit),
      background: variable(['twoTheta'], r.background, unit),
      model: variable(
        ['twoTheta'],
        Float64Array.from(r.model, (v, i) => v + (r.background[i] as number)),
        unit,
      ),
    };
    r.components.forEach((c, j) => {
      data[`phase${j + 1}`] = variable(['twoTheta'], c, unit, { label: r.selected[j]?.name ?? `phase ${j + 1}` });
    });
    return createDataset({
      kind: KIND_IDENTIFICATION,
      signal: 'intensity',
      data,
      coords: { twoTheta: explicitCoord('twoTheta', x, '°', { label: '2θ' }) },
      values: {
        candidates: r.candidates.map((c, rank) => ({
          rank: rank + 1,
          name: c.name,
          score: c.score,
          strain: c.strain,
          selected: c.selected,
          ...(c.fraction !== undefined ? { profileFraction: c.fraction } : {}),
        })),
        identified: r.selected.map((c) => c.name),
        explained: r.explained,
        fwhm: { value: fwhm, unit: '°' },
        wavelength: { value: wavelength, unit: 'Å' },
        method:
          'greedy full-profile matching of simulated patterns (uniform-strain search) to the SNIP-subtracted pattern; score = fraction of the net sum of squares explained alone',
      },
    });
  },
};
