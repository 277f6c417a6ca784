/**
 * `tomography.particles`: connected particles of one phase (3-D union-find labelling), their
 * volumes and equivalent-sphere diameters, number- and volume-weighted percentiles, and a
 * histogram of diameters.
 */
import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, quantityParam, variable, z } from '@ionscope/core';
import { KIND_LABELS, KIND_PARTICLES, KIND_VOLUME } from '../kinds';
import { particleStatistics } from '../volume/morphology';
import { labelVolumeOf, phaseName, quantity, voxelSize } from './common';

export const ParticlesParams = z.object({
  phase: z.number().int().default(1).describe('label of the particle phase'),
  connectivity: z.union([z.literal(6), z.literal(18), z.literal(26)]).default(6),
  minVoxels: z.number().int().min(1).default(8).describe('ignore clusters smaller than this (noise)'),
  excludeBorder: z.boolean().default(false).describe('drop particles cut by the volume faces'),
  bins: z.number().int().min(2).max(200).default(30).describe('histogram bins'),
  voxelSize: quantityParam('µm', { positive: true }).optional(),
});

export const particlesAnalysis: AnalysisContribution<typeof ParticlesParams> = {
  id: 'tomography.particles',
  name: 'Particle size distribution',
  description: 'Connected components of a phase (6/18/26-connectivity): equivalent diameters (6V/π)^⅓, d10/d50/d90 by number and by volume.',
  inputs: { input: { accepts: [KIND_LABELS, KIND_VOLUME] } },
  params: ParticlesParams,
  produces: KIND_PARTICLES,
  views: ['tomography.particle-sizes'],
  references: ['K. Wu, E. Otoo, K. Suzuki, Pattern Anal. Appl. 12, 117 (2009): union-find labelling'],
  run(inputs, params, ctx) {
    const lv = labelVolumeOf(inputs.input as Dataset);
    const a = voxelSize(lv, params.voxelSize) ?? 1;
    const unit = voxelSize(lv, params.voxelSize) !== undefined ? 'µm' : '';
    const p = particleStatistics(lv.labels, lv.shape, params.phase, {
      connectivity: params.connectivity,
      minVoxels: params.minVoxels,
      excludeBorder: params.excludeBorder,
    });
    if (p.count === 0) ctx.warn(`no particle of label ${params.phase} with at least ${params.minVoxels} voxels`);
    const dmax = p.count ? (p.diameters[0] as number) * a : 1;
    const edges = Float64Array.from({ length: params.bins + 1 }, (_, i) => (i * dmax * 1.0001) / params.bins);
    const counts = new Float64Array(params.bins);
    const volumeCounts = new Float64Array(params.bins);
    p.diameters.forEach((d, i) => {
      const k = Math.min(params.bins - 1, Math.floor(((d * a) / (dmax * 1.0001)) * params.bins));
      counts[k]++;
      volumeCounts[k] += (p.volumes[i] as number) * a ** 3;
    });
    const totalVolume = volumeCounts.reduce((s, x) => s + x, 0) || 1;
    for (let k = 0; k < volumeCounts.length; k++) volumeCounts[k] /= totalVolume;
    return createDataset({
      kind: KIND_PARTICLES,
      signal: 'particles',
      data: {
        particles: variable(['diameter'], counts, '', { label: 'number of particles' }),
        volumeFraction: variable(['diameter'], volumeCounts, '', { label: 'fraction of particle volume' }),
      },
      coords: { diameter: explicitCoord('diameter', edges, unit, { binEdges: true, label: 'equivalent diameter' }) },
      values: {
        phase: params.phase,
        phaseName: phaseName(lv, params.phase),
        count: p.count,
        touchingBorder: p.touchingBorder,
        d10: quantity(p.d10 * a, unit),
        d50: quantity(p.d50 * a, unit),
        d90: quantity(p.d90 * a, unit),
        dv10: quantity(p.dv10 * a, unit),
        dv50: quantity(p.dv50 * a, unit),
        dv90: quantity(p.dv90 * a, unit),
        meanDiameter: quantity(p.count ? (p.diameters.reduce((s, d) => s + d, 0) / p.count) * a : Number.NaN, unit),
        largest: p.count
          ? { volume: quantity((p.volumes[0] as number) * a ** 3, unit ? 'µm^3' : ''), diameter: quantity((p.diameters[0] as number) * a, unit) }
          : null,
        connectivity: params.connectivity,
        minVoxels: params.minVoxels,
        excludeBorder: params.excludeBorder,
      },
    });
  },
};
