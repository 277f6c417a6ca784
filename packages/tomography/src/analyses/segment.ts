/**
 * `tomography.segment`: optional denoising (Gaussian or median), then global thresholds (Otsu,
 * multi-Otsu, or given values) → a `tomography.labels` volume of class indices 0…k (darkest first).
 */
import { type AnalysisContribution, type Dataset, DataError, z } from '@ionscope/core';
import { KIND_LABELS, KIND_VOLUME, volumeDataset, volumeOf } from '../kinds';
import { gaussianFilter, medianFilter } from '../volume/filters';
import { volumeFractions } from '../volume/morphology';
import { applyThresholds, multiOtsu } from '../volume/threshold';

export const SegmentParams = z.object({
  method: z.enum(['otsu', 'multi-otsu', 'thresholds']).default('otsu').describe('Otsu (2 classes), multi-Otsu (`classes`), or the given `thresholds`'),
  classes: z.number().int().min(2).max(8).default(3).describe('number of classes for multi-Otsu'),
  thresholds: z.array(z.number()).optional().describe('grey-value thresholds (method "thresholds")'),
  smoothing: z.enum(['none', 'gaussian', 'median']).default('none'),
  sigma: z.number().positive().default(1).describe('Gaussian σ in voxels'),
  radius: z.number().int().positive().default(1).describe('median filter radius in voxels'),
  bins: z.number().int().min(16).max(65536).default(256).describe('histogram bins for Otsu'),
  names: z.array(z.string()).optional().describe('phase names, darkest class first (e.g. ["pore", "CBD", "NMC"])'),
});

export const segmentAnalysis: AnalysisContribution<typeof SegmentParams> = {
  id: 'tomography.segment',
  name: 'Segment (Otsu / multi-Otsu / thresholds)',
  description: 'Denoise (Gaussian or median), threshold globally (Otsu 1979, multi-Otsu by dynamic programming) into labelled phases.',
  inputs: { input: { accepts: [KIND_VOLUME] } },
  params: SegmentParams,
  produces: KIND_LABELS,
  views: ['tomography.slices', 'tomography.histogram'],
  references: ['N. Otsu, IEEE Trans. Syst. Man Cybern. 9, 62 (1979)', 'P.-S. Liao, T.-S. Chen, P.-C. Chung, J. Inf. Sci. Eng. 17, 713 (2001): multilevel Otsu'],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const v = volumeOf(input);
    let data: ArrayLike<number> = v.values;
    if (params.smoothing === 'gaussian') data = gaussianFilter(v.values, v.shape, params.sigma);
    else if (params.smoothing === 'median') data = medianFilter(v.values, v.shape, params.radius);
    ctx.progress(0.5, 'filtered');
    let thresholds: number[];
    if (params.method === 'thresholds') {
      if (!params.thresholds?.length)
        throw new DataError('method "thresholds" needs thresholds', { field: 'params.thresholds', expected: 'one or more grey values' });
      thresholds = [...params.thresholds].sort((a, b) => a - b);
    } else thresholds = multiOtsu(data, params.method === 'otsu' ? 2 : params.classes, params.bins);
    const labels = applyThresholds(data, thresholds);
    const fractions = volumeFractions(labels);
    const phases = thresholds
      .map((_, i) => i)
      .concat(thresholds.length)
      .map((label) => ({
        label,
        name: params.names?.[label] ?? `class ${label}`,
        fraction: fractions.get(label) ?? 0,
      }));
    return volumeDataset({
      values: labels,
      shape: v.shape,
      kind: KIND_LABELS,
      ...(v.voxelSizeUm !== undefined ? { voxelSizeUm: v.voxelSizeUm } : {}),
      label: 'phase label',
      extraValues: {
        thresholds,
        thresholdUnit: v.unit,
        method: params.method,
        smoothing: params.smoothing === 'none' ? 'none' : params.smoothing === 'gaussian' ? `gaussian σ=${params.sigma}` : `median r=${params.radius}`,
        phases,
      },
      meta: { ...input.meta, title: `${input.meta.title ?? 'volume'} (segmented)` },
    });
  },
};
