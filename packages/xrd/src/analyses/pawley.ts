import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, type JsonValue, variable, z } from '@ionscope/core';
import { KIND_FIT, KIND_PATTERN, KIND_STRUCTURE } from '../kinds';
import type { CrystalSystem } from '../peaks/lattice';
import { pawleyFit } from '../phase/pawley';
import { structureLabel, structuresOf } from '../structure/from-json';
import { patternInput, patternRange, patternWavelength, q, resolveDoublet } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  system: z.enum(['auto', 'cubic', 'tetragonal', 'hexagonal', 'trigonal', 'rhombohedral', 'orthorhombic', 'monoclinic', 'triclinic']).default('auto'),
  range: z.tuple([z.number(), z.number()]).optional().describe('2θ range to fit (°)'),
  backgroundOrder: z.number().int().min(0).max(12).default(4),
  fwhm: z.number().positive().default(0.1).describe('starting FWHM (°)'),
  refineZero: z.boolean().default(true),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
  maxIterations: z.number().int().positive().default(60),
});

export const pawleyAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.pawley',
  name: 'Pawley whole-pattern fit',
  description:
    'Whole-pattern fit with free reflection intensities: lattice parameters, zero shift, Caglioti widths and background from a pattern and a reference CIF (cell and reflection list).',
  inputs: {
    input: { accepts: [KIND_PATTERN] },
    structure: { accepts: [KIND_STRUCTURE], description: 'CIF of the phase (starting cell, space group absences)' },
  },
  params: Params,
  produces: KIND_FIT,
  views: ['xrd.pattern-plot'],
  references: ['G. S. Pawley, J. Appl. Cryst. 14 (1981) 357'],
  run(inputs, params, ctx) {
    const ds = inputs.input as Dataset;
    const structure = structuresOf(inputs.structure as Dataset)[0] as ReturnType<typeof structuresOf>[number];
    const all = patternInput(ds);
    const wavelength = patternWavelength(all.radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(all.radiation, params.doublet, ctx);
    const [i0, i1] = patternRange(all.x, params.range);
    const x = all.x.subarray(i0, i1);
    const y = all.y.subarray(i0, i1);
    const r = pawleyFit(x, y, all.sigma.subarray(i0, i1), structure, {
      wavelength,
      ...(doublet ? { doublet } : {}),
      ...(params.system !== 'auto' ? { system: params.system as CrystalSystem } : {}),
      backgroundOrder: params.backgroundOrder,
      fwhm: params.fwhm,
      refineZero: params.refineZero,
      maxIterations: params.maxIterations,
      signal: ctx.signal,
    });
    if (!r.converged) ctx.warn(`Pawley fit did not converge in ${r.iterations} iterations`);
    const unit = ds.data.intensity?.unit ?? 'counts';
    const cell: Record<string, JsonValue> = {};
    for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) cell[k] = q(r.cell[k], k.length === 1 ? 'Å' : '°', r.cellStderr[k]);
    return createDataset({
      kind: KIND_FIT,
      signal: 'intensity',
      data: {
        intensity: variable(['twoTheta'], Float64Array.from(y), unit),
        model: variable(['twoTheta'], r.model, unit),
        background: variable(['twoTheta'], r.background, unit),
        residual: variable(
          ['twoTheta'],
          Float64Array.from(y, (v, i) => v - (r.model[i] as number)),
          unit,
        ),
      },
      coords: { twoTheta: explicitCoord('twoTheta', Float64Array.from(x), '°', { label: '2θ' }) },
      values: {
        method: 'Pawley',
        phase: structureLabel(structure),
        system: r.system,
        cell,
        volume: q(r.volume.value, 'Å^3', r.volume.stderr),
        zero: q(r.zero.value, '°', r.zero.stderr),
        caglioti: { U: r.caglioti.U, V: r.caglioti.V, W: r.caglioti.W, unit: '°²' },
        eta: r.eta,
        rp: r.rp,
        rwp: r.rwp,
        reducedChiSquare: r.reducedChiSquare,
        reflections: r.reflections.map((f) => ({ hkl: f.hkl, twoTheta: f.twoTheta, intensity: f.intensity, stderr: f.stderr })),
        wavelength: { value: wavelength, unit: 'Å' },
      },
    });
  },
};
