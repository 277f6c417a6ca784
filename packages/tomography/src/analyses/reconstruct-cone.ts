/**
 * `tomography.reconstruct-cone`: projections from a circular-orbit, flat-panel cone-beam scanner
 * (laboratory micro-CT) → flat/dark correction and −log → FDK (Feldkamp, Davis & Kress 1984) → a
 * `tomography.volume` z × y × x in µm⁻¹ with µm coordinates.
 *
 * A separate analysis rather than a `geometry` option of `tomography.reconstruct`: that one is
 * built on slices that depend only on their own detector row (slab streaming, worker threads,
 * centre search, 360° stitching, ring filters per sinogram, SIRT/CGLS), none of which holds for a
 * cone, where every slice needs many detector rows; and the cone needs parameters (distances,
 * detector pitch) that mean nothing for a parallel beam. Sharing one parameter set would make half
 * of it silently ignored in each mode.
 */
import { type AnalysisContribution, type Dataset, DataError, quantityParam, throwIfAborted, z } from '@ionscope/core';
import { KIND_PROJECTIONS, KIND_VOLUME, projectionsOf, volumeDataset } from '../kinds';
import { normalizeProjections } from '../preprocess/normalize';
import { type FdkSlabTask, fdkRowsForSlices, fdkSetup, fdkSlab, fdkSummary } from '../recon/fdk';
import { type ScanWeighting, scanWeighting } from '../recon/scan-weights';
import { FILTER_NAMES } from '../recon/filters';

export const ReconstructConeParams = z.object({
  sourceOrigin: quantityParam('mm', { positive: true, description: 'source–rotation-axis distance (SOD)' }),
  sourceDetector: quantityParam('mm', { positive: true, description: 'source–detector distance (SDD), larger than sourceOrigin' }),
  detectorPixelSize: quantityParam('µm', {
    positive: true,
    description: 'detector pixel pitch (default: the pixel size in the file, taken as the detector pitch)',
  }).optional(),
  centre: z.number().optional().describe('detector column onto which the rotation axis projects (default (columns − 1)/2)'),
  centreRow: z.number().optional().describe('detector row of the central ray from the source (default (rows − 1)/2)'),
  filter: z.enum(FILTER_NAMES).default('ramp').describe('ramp filter and its apodisation (Kak & Slaney): ramp, shepp-logan, cosine, hamming, hann'),
  size: z.number().int().positive().optional().describe('slice size nx = ny in voxels (default the detector columns)'),
  slices: z.number().int().positive().optional().describe('number of slices nz (default the detector rows)'),
  voxelSize: quantityParam('µm', { positive: true, description: 'voxel size (default the detector pitch divided by the magnification)' }).optional(),
  input: z
    .enum(['auto', 'counts', 'transmission', 'attenuation'])
    .default('auto')
    .describe('what the projection values are (auto: counts when flats are present, transmission when all are in (0, 1.05], else attenuation)'),
  maxInMemoryMB: z
    .number()
    .positive()
    .default(2048)
    .describe('largest working set (float64 accumulator + float32 volume) allowed; cone volumes are not streamed'),
});

export const reconstructConeAnalysis: AnalysisContribution<typeof ReconstructConeParams> = {
  id: 'tomography.reconstruct-cone',
  name: 'Reconstruct cone beam (FDK)',
  description:
    'Circular-orbit flat-panel cone-beam CT (laboratory micro-CT): flat/dark correction, −log, cosine weighting, row-wise ramp filtering and voxel-driven back-projection with the (D/(D−s))² weight (Feldkamp, Davis & Kress 1984). Full 360° scans, or short scans (180° + fan angle) with Parker weights.',
  inputs: { input: { accepts: [KIND_PROJECTIONS] } },
  params: ReconstructConeParams,
  produces: KIND_VOLUME,
  views: ['tomography.slices', 'tomography.histogram'],
  references: [
    'L. A. Feldkamp, L. C. Davis, J. W. Kress, J. Opt. Soc. Am. A 1, 612–619 (1984)',
    'A. C. Kak, M. Slaney, Principles of Computerized Tomographic Imaging, IEEE Press (1988), §3.6',
    'D. L. Parker, Med. Phys. 9, 254–257 (1982): short-scan weights',
  ],
  async run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const view = projectionsOf(input);
    const [na, nv, nu] = view.shape;
    let pixelUm = params.detectorPixelSize;
    if (pixelUm === undefined) {
      if (view.pixelSizeUm === undefined)
        throw new DataError('the detector pixel size is unknown', { field: 'params.detectorPixelSize', expected: 'the detector pixel pitch, e.g. 127 µm' });
      pixelUm = view.pixelSizeUm;
      ctx.warn(`detector pixel size taken from the file (${pixelUm} µm); if the file gives the pixel size at the sample, pass detectorPixelSize`);
    }
    const sod = params.sourceOrigin * 1000; // µm
    const sdd = params.sourceDetector * 1000;
    if (!(sdd > sod))
      throw new DataError(`source–detector distance (${params.sourceDetector} mm) must exceed source–origin distance (${params.sourceOrigin} mm)`, {
        field: 'params.sourceDetector',
      });
    const centre = params.centre ?? (nu - 1) / 2;
    const fanHalfAngle = Math.atan((Math.max(centre + 0.5, nu - 0.5 - centre) * pixelUm) / sdd);
    let scan: ScanWeighting;
    // checked here so that a short or partial scan is a DataError naming theta
    try {
      scan = scanWeighting(view.theta, fanHalfAngle);
    } catch (error) {
      throw new DataError((error as Error).message, { field: 'theta', expected: 'projections over 360°, or over 180° + the fan angle (short scan)' });
    }
    const size = params.size ?? nu;
    const slices = params.slices ?? nv;
    const bytes = size * size * slices * 12;
    if (bytes > params.maxInMemoryMB * 2 ** 20)
      throw new DataError(`the cone-beam volume (${slices} × ${size} × ${size}) needs ${(bytes / 2 ** 20).toFixed(0)} MiB, more than maxInMemoryMB`, {
        field: 'params.maxInMemoryMB',
        expected: 'a larger maxInMemoryMB, or fewer slices / a smaller size (cone-beam volumes are not streamed)',
      });

    // line integrals −ln T
    let mode: string = params.input;
    if (mode === 'auto') {
      if (view.flats) mode = 'counts';
      else {
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < view.projections.length; i += 7) {
          const v = view.projections[i] as number;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        mode = min > 0 && max <= 1.05 ? 'transmission' : 'attenuation';
        ctx.warn(`no flat fields: projections taken as ${mode} (values ${min.toPrecision(3)}…${max.toPrecision(3)}); set params.input to override`);
      }
    }
    let lineIntegrals: ArrayLike<number> = view.projections;
    let clamped = 0;
    if (mode !== 'attenuation') {
      const n = normalizeProjections(
        view.projections,
        na,
        nv * nu,
        mode === 'counts' ? view.flats : undefined,
        mode === 'counts' ? view.darks : undefined,
        true,
      );
      lineIntegrals = n.values;
      clamped = n.clamped;
      if (clamped > 0) ctx.warn(`${clamped} transmissions ≤ 0 were clamped before −log`);
    }
    throwIfAborted(ctx.signal);
    const started = performance.now();
    const setup = fdkSetup(
      view.shape,
      view.theta,
      {
        sourceOrigin: sod,
        sourceDetector: sdd,
        pixelSize: pixelUm,
        ...(params.centre !== undefined ? { centre: params.centre } : {}),
        ...(params.centreRow !== undefined ? { centreRow: params.centreRow } : {}),
      },
      { filter: params.filter, size, slices, ...(params.voxelSize !== undefined ? { voxelSize: params.voxelSize } : {}) },
    );
    const result = fdkSummary(setup);
    const runner = ctx.parallel && ctx.parallel.size > 1 && slices >= 2 ? ctx.parallel : undefined;
    let volume: Float32Array;
    if (!runner) {
      const task: FdkSlabTask = { setup, k0: 0, k1: slices, rowStart: 0, rowCount: nv, rows: lineIntegrals };
      volume = fdkSlab(task, ctx.signal, (f) => ctx.progress(0.05 + 0.95 * f, 'FDK back-projection'));
    } else {
      // one slab of slices per thread, each with the detector rows it projects onto (same bits as one slab)
      const count = Math.min(runner.size, slices);
      const tasks: FdkSlabTask[] = [];
      for (let t = 0; t < count; t++) {
        const k0 = Math.floor((t * slices) / count);
        const k1 = Math.floor(((t + 1) * slices) / count);
        const [r0, r1] = fdkRowsForSlices(setup, k0, k1);
        const rows = new Float32Array(na * (r1 - r0) * nu);
        for (let a = 0; a < na; a++)
          for (let r = r0; r < r1; r++) for (let k = 0; k < nu; k++) rows[(a * (r1 - r0) + r - r0) * nu + k] = lineIntegrals[(a * nv + r) * nu + k] as number;
        tasks.push({ setup, k0, k1, rowStart: r0, rowCount: r1 - r0, rows });
      }
      ctx.progress(0.05, `FDK back-projection on ${count} threads`);
      const slabs = await runner.map<FdkSlabTask, { slab: Float32Array }>('reconstructConeSlab', tasks, { signal: ctx.signal });
      volume = new Float32Array(slices * size * size);
      slabs.forEach((s, t) => volume.set(s.slab, (tasks[t] as FdkSlabTask).k0 * size * size));
    }
    const voxel = result.voxelSize;
    const values = {
      algorithm: 'fdk',
      filter: params.filter,
      input: mode,
      angles: na,
      angularRange: { value: ((Math.max(...view.theta) - Math.min(...view.theta)) * 180) / Math.PI, unit: '°' },
      geometry: {
        sourceOrigin: { value: params.sourceOrigin, unit: 'mm' },
        sourceDetector: { value: params.sourceDetector, unit: 'mm' },
        detectorPixelSize: { value: pixelUm, unit: 'µm' },
        detectorPixelSizeSource: params.detectorPixelSize !== undefined ? 'params' : 'file',
        magnification: result.magnification,
        coneHalfAngle: { value: (result.coneHalfAngle * 180) / Math.PI, unit: '°' },
        fieldOfViewRadius: { value: result.fieldOfViewRadius, unit: 'µm' },
        centre: params.centre ?? (nu - 1) / 2,
        centreRow: params.centreRow ?? (nv - 1) / 2,
        centreUnit: 'detector pixel index',
        orbit:
          scan.kind === 'full'
            ? 'circular, full 360°'
            : `circular, short scan of ${((scan.range * 180) / Math.PI).toFixed(2)}° with Parker weights (δ = ${((scan.delta * 180) / Math.PI).toFixed(2)}°)`,
      },
      voxelSize: { value: voxel, unit: 'µm' },
      ...(clamped ? { clampedTransmissions: clamped } : {}),
      reconstructionMs: performance.now() - started,
      threads: runner ? Math.min(runner.size, slices) : 1,
      convention:
        'source at distance D turning about z; at angle θ a point projects to column centre + M·U·(x cos θ + y sin θ)/p and row centreRow + M·U·z/p with U = D/(D − x sin θ + y cos θ); slice z = 0 is index ⌊nz/2⌋ (the central ray), y up at row 0',
    };
    return volumeDataset({
      values: volume,
      shape: [slices, size, size],
      voxelSizeUm: voxel,
      unit: 'µm^-1',
      signalName: 'attenuation',
      label: 'linear attenuation coefficient μ',
      extraValues: values,
      meta: { ...input.meta, title: `${input.meta.title ?? 'projections'} (FDK cone-beam reconstruction)` },
    });
  },
};
