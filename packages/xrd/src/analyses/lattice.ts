import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, type JsonValue, regularCoord, signalOf, variable, z } from '@ionscope/core';
import { KIND_LATTICE, KIND_PATTERN, KIND_SERIES, KIND_STRUCTURE, radiationOf } from '../kinds';
import { dSpacing } from '../structure/cell';
import { type CrystalSystem, guessCrystalSystem, type IndexedPeak, type LatticeResult, refineLattice } from '../peaks/lattice';
import { fitPeakInWindow } from '../peaks/window-fit';
import { snipBackground } from '../processing/background';
import { stackPatterns, seriesRow, seriesTime } from '../series/stack';
import { structureLabel, structuresOf } from '../structure/from-json';
import { simulatePattern } from '../structure/simulate';
import { patternWavelength, q, resolveDoublet } from './common';

const Params = z.object({
  system: z.enum(['auto', 'cubic', 'tetragonal', 'hexagonal', 'trigonal', 'rhombohedral', 'orthorhombic', 'monoclinic', 'triclinic']).default('auto'),
  minIntensity: z.number().min(0).max(100).default(5).describe('use reflections at least this strong (% of the strongest, simulated)'),
  isolation: z.number().min(0).default(0.15).describe('skip reflections with another strong one closer than this (°)'),
  halfWidth: z.number().positive().default(0.35).describe('half-width of each peak window (°)'),
  searchShift: z.number().min(0).default(0.25).describe('largest distance (°) between the reference-cell prediction and a fitted position, first pattern'),
  tolerance: z.number().min(0).default(0.12).describe("largest distance (°) from the position predicted by the previous pattern's cell"),
  maxStrain: z.number().positive().default(0.02).describe('reject cells further than this relative change from the reference'),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
  wavelength: z.number().positive().optional(),
});

export const latticeAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.lattice',
  name: 'Refine lattice parameters',
  description:
    'Indexes peaks from a reference structure (CIF), fits each isolated reflection and refines the cell for the crystal system; a series gives lattice parameters versus time.',
  inputs: {
    input: { accepts: [KIND_PATTERN, KIND_SERIES] },
    structure: { accepts: [KIND_STRUCTURE], description: 'CIF of the phase (starting cell and hkl)' },
  },
  params: Params,
  produces: KIND_LATTICE,
  views: ['xrd.lattice-plot'],
  references: ['T. J. B. Holland & S. A. T. Redfern, Mineral. Mag. 61 (1997) 65'],
  run(inputs, params, ctx) {
    let ds = inputs.input as Dataset;
    const isSeries = ds.kind === KIND_SERIES;
    if (!isSeries) ds = stackPatterns([ds]);
    const structure = structuresOf(inputs.structure as Dataset)[0] as ReturnType<typeof structuresOf>[number];
    const radiation = radiationOf(ds);
    const wavelength = patternWavelength(radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(radiation, params.doublet, ctx);
    const system = (params.system === 'auto' ? guessCrystalSystem(structure.cell) : params.system) as CrystalSystem;
    const v = signalOf(ds);
    const m = v.shape[0] as number;
    const first = seriesRow(ds, 0);
    const x = first.x;
    const xmin = (x[0] as number) + params.halfWidth;
    const xmax = (x[x.length - 1] as number) - params.halfWidth;
    const sticks = simulatePattern(structure, { wavelength, twoThetaRange: [xmin, xmax] });
    const strong = sticks.filter((s) => s.intensity >= params.minIntensity);
    const isolated = strong.filter(
      (s) => !sticks.some((o) => o !== s && o.intensity >= 0.2 * s.intensity && Math.abs(o.twoTheta - s.twoTheta) < params.isolation),
    );
    if (isolated.length < 2)
      throw new RangeError(`only ${isolated.length} isolated reflections of ${structureLabel(structure)} in range; lower minIntensity or isolation`);
    const keys = ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const;
    const series: Record<string, Float64Array> = Object.fromEntries(
      [...keys, 'volume'].flatMap((k) => [
        [k, new Float64Array(m).fill(Number.NaN)],
        [`${k}Stderr`, new Float64Array(m).fill(Number.NaN)],
      ]),
    );
    let last: LatticeResult | undefined;
    let lastPeaks: (IndexedPeak & { predicted: number })[] = [];
    let lastIndex = 0;
    const hkl3 = isolated.map((s): [number, number, number] => {
      const hkl = (s.families[0]?.hkl ?? []) as number[];
      return hkl.length === 4 ? [hkl[0] as number, hkl[1] as number, hkl[3] as number] : [hkl[0] as number, hkl[1] as number, hkl[2] as number];
    });
    // Positions predicted from the latest refined cell (the reference cell at first).
    let predicted = isolated.map((s) => s.twoTheta);
    let window = params.searchShift;
    for (let k = 0; k < m; k++) {
      ctx.signal.throwIfAborted();
      const { y } = seriesRow(ds, k);
      const bg = snipBackground(y, 40);
      const net = y.map((v2, i) => v2 - (bg[i] as number));
      const sigma = y.map((v2) => Math.sqrt(Math.max(v2, 1)));
      const used: (IndexedPeak & { predicted: number })[] = [];
      let missing = 0;
      isolated.forEach((s, j) => {
        const guess = predicted[j] as number;
        // The nearest significant maximum to the prediction, fitted together with any other peak in
        // its window (another phase's reflection next to it), and kept only when its area is
        // significant and it lies within the search distance: a reflection of a vanishing phase
        // must not be replaced by its neighbour.
        const r = fitPeakInWindow(
          x,
          net,
          sigma,
          { expected: guess, searchRadius: window, requireMaximum: true },
          {
            shape: 'pseudo-voigt',
            range: [guess - params.halfWidth, guess + params.halfWidth],
            maxShift: window,
            minAreaSigma: 5,
            ...(doublet ? { doublet } : {}),
          },
        );
        const p = r.peak;
        if (r.status !== 'fitted' || !p || !(p.center.stderr > 0)) {
          missing++;
          return;
        }
        used.push({ hkl: hkl3[j] as [number, number, number], twoTheta: p.center.value, sigma: Math.max(p.center.stderr, 1e-4), predicted: s.twoTheta });
      });
      const needed = Math.max(Math.min(isolated.length, 4), minimumReflections(system));
      if (used.length < needed) {
        ctx.warn(
          `pattern ${k + 1}: ${structureLabel(structure)} not refined: ${used.length} of ${isolated.length} reflections found (${needed} needed), ` +
            `${missing} not detected within ${window}° of the predicted positions: the phase is absent or too weak in this pattern`,
        );
        ctx.progress((k + 1) / m);
        continue;
      }
      try {
        const r = refineLattice(used, system, wavelength);
        // A phase that is absent gives a few stray fits: demand enough reflections and a cell near the reference.
        const ref = structure.cell;
        const far = (['a', 'b', 'c'] as const).some((key) => Math.abs(r.cell[key] / ref[key] - 1) > params.maxStrain);
        if (far) throw new RangeError(`the cell from ${used.length} reflections is more than ${params.maxStrain * 100} % from the reference: not accepted`);
        for (const key of keys) {
          (series[key] as Float64Array)[k] = r.cell[key];
          (series[`${key}Stderr`] as Float64Array)[k] = r.cellStderr[key];
        }
        (series.volume as Float64Array)[k] = r.volume.value;
        (series.volumeStderr as Float64Array)[k] = r.volume.stderr;
        last = r;
        lastIndex = k;
        lastPeaks = used;
        predicted = hkl3.map((h) => (360 / Math.PI) * Math.asin(Math.min(1, wavelength / (2 * dSpacing(r.cell, ...h)))));
        window = params.tolerance;
      } catch (error) {
        ctx.warn(`pattern ${k + 1}: ${(error as Error).message}`);
      }
      ctx.progress((k + 1) / m);
    }
    if (!last) throw new RangeError('no pattern gave enough fitted reflections for the refinement');
    const cellValues: Record<string, JsonValue> = {};
    for (const key of keys) cellValues[key] = q(last.cell[key], key.length === 1 ? 'Å' : '°', last.cellStderr[key]);
    const values: Record<string, JsonValue> = {
      phase: structureLabel(structure),
      system,
      cell: cellValues,
      volume: q(last.volume.value, 'Å^3', last.volume.stderr),
      reducedChiSquare: last.reducedChiSquare,
      reflections: lastPeaks.map((p, i) => ({
        hkl: p.hkl,
        twoTheta: p.twoTheta,
        sigma: p.sigma ?? null,
        predicted: p.predicted,
        residual: last?.residuals[i] ?? null,
      })),
      units: { twoTheta: '°', sigma: '°', predicted: '°', residual: '°' },
      wavelength: { value: wavelength, unit: 'Å' },
      referenceCell: { ...structure.cell },
    };
    if (!isSeries) return createDataset({ kind: KIND_LATTICE, values });
    // For a series, data hold every pattern's cell and volume; the last pattern's refinement is
    // kept under `last` (its own names would hide the data in the plain result).
    const { cell, volume, reducedChiSquare, reflections, ...common } = values;
    const sq = (a: Float64Array) => a.map((s) => s * s);
    const data: Record<string, ReturnType<typeof variable>> = {};
    for (const key of [...keys, 'volume'] as const)
      data[key] = variable(['scan'], series[key] as Float64Array, key === 'volume' ? 'Å^3' : key.length === 1 ? 'Å' : '°', {
        variances: sq(series[`${key}Stderr`] as Float64Array),
      });
    return createDataset({
      kind: KIND_LATTICE,
      signal: 'a',
      data,
      coords: { time: explicitCoord('scan', seriesTime(ds), 's', { label: 'time' }), scan: regularCoord('scan', 0, 1, m, '') },
      values: { ...common, last: { pattern: lastIndex + 1, cell, volume, reducedChiSquare, reflections } },
    });
  },
};

/** Independent cell parameters of each crystal system: the fewest reflections a refinement needs. */
function minimumReflections(system: CrystalSystem): number {
  return { cubic: 1, tetragonal: 2, hexagonal: 2, trigonal: 2, rhombohedral: 2, orthorhombic: 3, monoclinic: 4, triclinic: 6 }[system];
}
