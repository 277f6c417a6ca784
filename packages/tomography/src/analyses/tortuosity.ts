/**
 * `tomography.tortuosity`: tortuosity factor τ, effective diffusivity and MacMullin number of one
 * phase (or of several phases with their own diffusivities) by steady-state diffusion in a chosen
 * direction, with TauFactor's boundary conditions (volume/tortuosity/*). Result fields: `tau`,
 * `porosity`, `effectiveDiffusivity`, `direction`, plus the solver record.
 */
import { type AnalysisContribution, createDataset, type Dataset, DataError, type JsonValue, quantityParam, z } from '@ionscope/core';
import { KIND_LABELS, KIND_TORTUOSITY, KIND_VOLUME } from '../kinds';
import { type TortuosityResult, tortuosity } from '../volume/tortuosity/solve';
import { AXIS_NAMES, type AxisName, axisIndex, labelVolumeOf, phaseName } from './common';

export const TortuosityParams = z.object({
  phase: z.number().int().default(0).describe('label of the conducting phase (pore = 0 in TauFactor’s electrode)'),
  direction: z.enum(AXIS_NAMES).default('z').describe('transport axis: z (axis 0, TauFactor’s "x"), y or x'),
  allDirections: z.boolean().default(false).describe('also solve along the other two axes'),
  diffusivities: z
    .record(z.string(), z.number().min(0))
    .optional()
    .describe('relative diffusivity per label for several conducting phases, e.g. {"0": 1, "170": 0.1}; overrides `phase`'),
  bulkDiffusivity: quantityParam('m^2/s', { positive: true, description: 'D₀ of the electrolyte, to report D_eff in m²/s' }).optional(),
  tolerance: z.number().positive().max(0.1).default(1e-4).describe('CG stopping tolerance on the relative residual'),
  maxIterations: z.number().int().positive().default(500),
});

function summary(r: TortuosityResult): Record<string, JsonValue> {
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    direction: AXIS_NAMES[r.axis] as string,
    tau: num(r.tau),
    effectiveDiffusivity: num(r.effectiveDiffusivity),
    macMullin: num(r.macMullin),
    tauFromFlux: num(r.tauFromFlux),
    fluxIn: r.fluxIn,
    fluxOut: r.fluxOut,
    fluxMismatch: r.fluxMismatch,
    iterations: r.iterations,
    relativeResidual: r.relativeResidual,
    converged: r.converged,
    percolating: r.percolating,
    unknowns: r.unknowns,
    isolatedCells: r.isolatedCells,
    timeMs: r.timeMs,
  };
}

export const tortuosityAnalysis: AnalysisContribution<typeof TortuosityParams> = {
  id: 'tomography.tortuosity',
  name: 'Tortuosity factor (steady-state diffusion)',
  description:
    'τ = ε·D₀/D_eff from a finite-volume diffusion simulation: c = 0 and 1 half a voxel outside the two end faces, no flux on the sides, harmonic face diffusivities; multigrid-preconditioned CG.',
  inputs: { input: { accepts: [KIND_LABELS, KIND_VOLUME] } },
  params: TortuosityParams,
  produces: KIND_TORTUOSITY,
  references: [
    'S. J. Cooper, A. Bertei, P. R. Shearing, J. A. Kilner, N. P. Brandon, SoftwareX 5, 203 (2016): TauFactor',
    'S. Kench, I. Squires, A. Dahari, S. J. Cooper, J. Open Source Softw. 8, 5358 (2023): TauFactor 2',
    'R. B. MacMullin, G. A. Muccini, AIChE J. 2, 393 (1956): N_M = τ/ε',
    'Y. Notay, Electron. Trans. Numer. Anal. 37, 123 (2010): aggregation multigrid',
  ],
  run(inputs, params, ctx) {
    const lv = labelVolumeOf(inputs.input as Dataset);
    const n = lv.labels.length;
    const D = new Float32Array(n);
    let description: string;
    if (params.diffusivities) {
      const map = new Map(Object.entries(params.diffusivities).map(([k, v]) => [Number(k), v]));
      for (const k of map.keys())
        if (!Number.isInteger(k)) throw new DataError(`"${k}" is not a label`, { field: 'params.diffusivities', expected: 'integer label keys' });
      for (let v = 0; v < n; v++) D[v] = map.get(lv.labels[v] as number) ?? 0;
      description = `diffusivities ${JSON.stringify(params.diffusivities)}`;
    } else {
      let any = false;
      for (let v = 0; v < n; v++) {
        const on = lv.labels[v] === params.phase;
        D[v] = on ? 1 : 0;
        any ||= on;
      }
      if (!any) ctx.warn(`no voxel has label ${params.phase}`);
      description = `${phaseName(lv, params.phase)} (label ${params.phase}) conducting, D = 1; other phases insulating`;
    }
    const axes: AxisName[] = params.allDirections ? [params.direction, ...AXIS_NAMES.filter((a) => a !== params.direction)] : [params.direction];
    const results = axes.map((name, i) => {
      ctx.progress(i / axes.length, `solving along ${name}`);
      return tortuosity(D, lv.shape, axisIndex(name), { tol: params.tolerance, maxIterations: params.maxIterations, signal: ctx.signal });
    });
    const main = results[0] as TortuosityResult;
    if (!main.converged)
      ctx.warn(
        `CG did not reach the tolerance ${params.tolerance} in ${main.iterations} iterations (relative residual ${main.relativeResidual.toExponential(2)})`,
      );
    if (!main.percolating) ctx.warn(`no path of the conducting phase connects the two ${params.direction} faces: τ = ∞`);
    const D0 = params.bulkDiffusivity;
    const values: Record<string, JsonValue> = {
      tau: Number.isFinite(main.tau) ? main.tau : null,
      porosity: params.diffusivities ? main.meanDiffusivity : main.porosity,
      effectiveDiffusivity:
        D0 !== undefined ? { value: main.effectiveDiffusivity * D0, unit: 'm^2/s' } : { value: main.effectiveDiffusivity, unit: '', label: 'D_eff/D₀' },
      relativeEffectiveDiffusivity: main.effectiveDiffusivity,
      direction: params.direction,
      macMullin: Number.isFinite(main.macMullin) ? main.macMullin : null,
      volumeFraction: main.porosity,
      ...(params.diffusivities ? { meanDiffusivity: main.meanDiffusivity } : {}),
      solver: {
        method:
          'finite volumes (7-point, harmonic face means), CG preconditioned by an aggregation-multigrid V-cycle, linear initial profile; D_eff from the dissipation functional',
        tolerance: params.tolerance,
        iterations: main.iterations,
        relativeResidual: main.relativeResidual,
        converged: main.converged,
        fluxIn: main.fluxIn,
        fluxOut: main.fluxOut,
        fluxMismatch: main.fluxMismatch,
        tauFromFlux: Number.isFinite(main.tauFromFlux) ? main.tauFromFlux : null,
        unknowns: main.unknowns,
        isolatedCells: main.isolatedCells,
        multigridLevels: main.multigridLevels,
        timeMs: main.timeMs,
      },
      boundaryConditions: 'c = 0 and c = 1 imposed half a voxel outside the two end faces (TauFactor), zero flux through the side faces',
      conducting: description,
      definition: 'τ = ε·D₀/D_eff (binary) or D_mean/D_eff (several diffusivities); N_M = D₀/D_eff',
      ...(results.length > 1 ? { byDirection: results.map(summary) } : {}),
      shape: lv.shape,
      ...(lv.voxelSizeUm !== undefined ? { voxelSize: { value: lv.voxelSizeUm, unit: 'µm' } } : {}),
    };
    return createDataset({ kind: KIND_TORTUOSITY, values });
  },
};
