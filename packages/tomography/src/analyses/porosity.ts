/**
 * `tomography.porosity`: volume fraction of every phase and, for the chosen phase, the
 * through-connected fraction along each axis (voxels in clusters that touch both opposite faces).
 */
import { type AnalysisContribution, createDataset, type Dataset, type JsonValue, z } from '@ionscope/core';
import { KIND_LABELS, KIND_POROSITY, KIND_VOLUME } from '../kinds';
import { throughConnectedFraction, volumeFractions } from '../volume/morphology';
import { AXIS_NAMES, labelVolumeOf, phaseName } from './common';

export const PorosityParams = z.object({
  phase: z.number().int().default(0).describe('label of the pore (or studied) phase'),
  connectivity: z
    .union([z.literal(6), z.literal(18), z.literal(26)])
    .default(6)
    .describe('neighbourhood for the through-connected fraction'),
});

export const porosityAnalysis: AnalysisContribution<typeof PorosityParams> = {
  id: 'tomography.porosity',
  name: 'Porosity and phase fractions',
  description: 'Volume fraction of each phase; through-connected fraction of the chosen phase along z, y and x.',
  inputs: { input: { accepts: [KIND_LABELS, KIND_VOLUME] } },
  params: PorosityParams,
  produces: KIND_POROSITY,
  views: ['tomography.fractions'],
  references: ['S. J. Cooper et al., SoftwareX 5, 203 (2016) (TauFactor): through-connected fraction'],
  run(inputs, params) {
    const lv = labelVolumeOf(inputs.input as Dataset);
    const fractions = volumeFractions(lv.labels);
    const porosity = fractions.get(params.phase) ?? 0;
    const through: Record<string, JsonValue> = {};
    AXIS_NAMES.forEach((name, axis) => {
      through[name] = throughConnectedFraction(lv.labels, lv.shape, params.phase, axis as 0 | 1 | 2, params.connectivity);
    });
    return createDataset({
      kind: KIND_POROSITY,
      values: {
        porosity,
        phase: params.phase,
        phaseName: phaseName(lv, params.phase),
        volumeFractions: [...fractions].map(([label, f]) => ({ label, name: phaseName(lv, label), fraction: f })),
        throughConnectedFraction: through,
        connectivity: params.connectivity,
        voxels: lv.labels.length,
        shape: lv.shape,
        ...(lv.voxelSizeUm !== undefined ? { voxelSize: { value: lv.voxelSizeUm, unit: 'µm' } } : {}),
      },
    });
  },
};
