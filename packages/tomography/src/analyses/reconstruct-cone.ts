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
 *
 * Out of core like the parallel beam: slices are reconstructed in slabs (recon/fdk-slabs.ts), each
 * from the band of detector rows it projects onto, read by hyperslab when the projections are still
 * in their file (`acceptsDeferred`) and normalised band by band; above `maxInMemoryMB` (or with
 * `output: file`) the slabs are appended in z order to `reconstruction.nrrd` in the output folder
 * and the result is a `tomography.volume-file` (recon/volume-stream.ts).
 */
import { type AnalysisContribution, type Dataset, DataError, type NumericArray, type OutputSink, quantityParam, throwIfAborted, z } from '@ionscope/core';
import { DTYPE_BYTES } from '../io/binary';
import { deferredProjectionsOf, KIND_PROJECTIONS, KIND_VOLUME, KIND_VOLUME_FILE, projectionsOf, volumeDataset } from '../kinds';
import { guessInputMode } from '../preprocess/input-mode';
import { rowBandNormalizer } from '../preprocess/normalize';
import { fdkSetup, fdkSummary } from '../recon/fdk';
import { planConeSlabs, reconstructConeSlabs } from '../recon/fdk-slabs';
import { FILTER_NAMES } from '../recon/filters';
import { type ScanWeighting, scanWeighting } from '../recon/scan-weights';
import { slabsInFlight } from '../recon/slabs';
import { STREAMED_VOLUME_NAME, VolumeStream } from '../recon/volume-stream';

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
    .default(256)
    .describe(
      'largest volume (MiB of float32) returned in memory; above it the volume is streamed to the output folder, and the slabs in flight (their row bands and accumulators) are kept within half of it',
    ),
  output: z
    .enum(['auto', 'memory', 'file'])
    .default('auto')
    .describe('auto: in memory up to maxInMemoryMB, else streamed to the output folder; file: always streamed (reconstruction.nrrd); memory: never'),
});

export const reconstructConeAnalysis: AnalysisContribution<typeof ReconstructConeParams> = {
  id: 'tomography.reconstruct-cone',
  name: 'Reconstruct cone beam (FDK)',
  description:
    'Circular-orbit flat-panel cone-beam CT (laboratory micro-CT): flat/dark correction, −log, cosine weighting, row-wise ramp filtering and voxel-driven back-projection with the (D/(D−s))² weight (Feldkamp, Davis & Kress 1984). Full 360° scans, or short scans (180° + fan angle) with Parker weights. Slab by slab from the detector rows each slab needs (read from the file when the projections stay there); volumes above maxInMemoryMB are streamed to the output folder.',
  inputs: { input: { accepts: [KIND_PROJECTIONS] } },
  params: ReconstructConeParams,
  produces: KIND_VOLUME,
  alsoProduces: [KIND_VOLUME_FILE],
  acceptsDeferred: true,
  views: ['tomography.slices', 'tomography.histogram'],
  references: [
    'L. A. Feldkamp, L. C. Davis, J. W. Kress, J. Opt. Soc. Am. A 1, 612–619 (1984)',
    'A. C. Kak, M. Slaney, Principles of Computerized Tomographic Imaging, IEEE Press (1988), §3.6',
    'D. L. Parker, Med. Phys. 9, 254–257 (1982): short-scan weights',
  ],
  async run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    // projections in memory, or still in their file (read a band of detector rows at a time)
    const lazy = deferredProjectionsOf(input);
    const inMemory = lazy ? undefined : projectionsOf(input);
    const view = (lazy ?? inMemory) as NonNullable<typeof lazy | typeof inMemory>;
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
    const budget = params.maxInMemoryMB * 2 ** 20;
    const volumeBytes = slices * size * size * 4;
    const stream = params.output === 'file' || (params.output === 'auto' && volumeBytes > budget);
    const output = ctx.output;
    if (stream && !output) {
      throw new DataError(
        params.output === 'file'
          ? 'output = file needs an output folder to stream the volume into'
          : `the cone-beam volume (${slices} × ${size} × ${size} float32 = ${(volumeBytes / 2 ** 20).toFixed(1)} MiB) is larger than maxInMemoryMB = ${params.maxInMemoryMB}`,
        {
          field: params.output === 'file' ? 'params.output' : 'params.maxInMemoryMB',
          expected: `an output folder (ionscope analyze … --out DIR streams it to DIR/${STREAMED_VOLUME_NAME}; a library caller passes runAnalysis(…, { output })), a larger maxInMemoryMB, or fewer slices / a smaller size`,
        },
      );
    }

    // what the values are: counts (flat/dark + −log), transmissions (−log) or line integrals already
    let mode: string = params.input;
    if (mode === 'auto') {
      if (view.flats) mode = 'counts';
      else if (view.signal === 'attenuation') mode = 'attenuation';
      else {
        // in memory: every 7th value; in the file: the middle detector row of every projection
        const sample = inMemory ? inMemory.projections : await (lazy as NonNullable<typeof lazy>).deferred.read([0, nv >> 1, 0], [na, 1, nu], ctx.signal);
        const guess = guessInputMode(sample, inMemory ? 7 : 1);
        mode = guess.mode;
        ctx.warn(`no flat fields: projections taken as ${mode} (values ${guess.min.toPrecision(3)}…${guess.max.toPrecision(3)}); set params.input to override`);
      }
    }
    const normalizer =
      mode === 'attenuation' ? undefined : rowBandNormalizer(nv, nu, mode === 'counts' ? view.flats : undefined, mode === 'counts' ? view.darks : undefined);
    // bands are float32 (−log values, or line integrals stored in a type float32 holds exactly); float64 otherwise
    const storedType = lazy ? lazy.deferred.dtype : inMemory?.projections instanceof Float32Array ? 'float32' : 'float64';
    const wideBand = !normalizer && !['float32', 'uint16', 'int16', 'uint8', 'int8'].includes(storedType);
    let countedUpTo = 0;
    let bytesRead = 0;
    /** Rows [from, to) of every view, as stored (read by hyperslab, or copied out of memory). */
    const readRows = async (from: number, to: number): Promise<NumericArray> => {
      if (lazy) {
        const raw = await lazy.deferred.read([0, from, 0], [na, to - from, nu], ctx.signal);
        bytesRead += raw.byteLength;
        return raw;
      }
      const all = (inMemory as NonNullable<typeof inMemory>).projections;
      const m = to - from;
      const copy = new Float64Array(na * m * nu);
      for (let a = 0; a < na; a++)
        for (let r = from; r < to; r++) for (let k = 0; k < nu; k++) copy[(a * m + r - from) * nu + k] = all[(a * nv + r) * nu + k] as number;
      return copy;
    };
    // the previous slab's band: slabs go up the detector, so a band overlaps the one before it,
    // and every detector row is read and normalised once (peak: two bands)
    let last: { r0: number; r1: number; band: Float32Array | Float64Array } | undefined;
    /** Line integrals of detector rows [r0, r1) of every view (views × rows × columns). */
    const readBand = async (r0: number, r1: number): Promise<Float32Array | Float64Array> => {
      const n = r1 - r0;
      const band = wideBand ? new Float64Array(na * n * nu) : new Float32Array(na * n * nu);
      let from = r0;
      if (last && r0 >= last.r0 && r0 < last.r1) {
        const keep = Math.min(r1, last.r1) - r0;
        const ln = last.r1 - last.r0;
        for (let a = 0; a < na; a++) band.set(last.band.subarray((a * ln + r0 - last.r0) * nu, (a * ln + r0 - last.r0 + keep) * nu), a * n * nu);
        from = r0 + keep;
      }
      if (from < r1) {
        const m = r1 - from;
        const raw = await readRows(from, r1);
        const fresh: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> } = normalizer
          ? normalizer.apply(raw, na, from, r1, countedUpTo)
          : (raw as Float64Array);
        countedUpTo = Math.max(countedUpTo, r1);
        for (let a = 0; a < na; a++) band.set(fresh.subarray(a * m * nu, (a + 1) * m * nu), (a * n + from - r0) * nu);
      }
      last = { r0, r1, band };
      return band;
    };
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
    const inFlight = slabsInFlight(runner);
    // the slabs in flight share half the budget (the other half: the volume, or the process around it);
    // with threads, at least two slabs per thread so that every thread gets work
    const plan = planConeSlabs(setup, {
      maxSlices: runner ? Math.ceil(slices / (2 * runner.size)) : slices,
      slabBudget: budget / 2 / inFlight,
      bandBytes: wideBand ? 8 : 4,
      threaded: runner !== undefined,
    });
    if (plan.overBudget)
      ctx.warn(
        `the detector-row band of one slice (${plan.maxBandRows} rows of ${na} views) does not fit maxInMemoryMB = ${params.maxInMemoryMB} shared by ${inFlight} slab${inFlight > 1 ? 's' : ''} in flight: slabs of ${plan.slabSlices} slices use ≈ ${(plan.slabBytes / 2 ** 20).toFixed(0)} MiB each`,
      );
    ctx.progress(
      0.02,
      `FDK in ${plan.slabs.length} slab${plan.slabs.length > 1 ? 's' : ''} of ≤ ${plan.slabSlices} slices${runner ? ` on ${runner.size} threads` : ''}`,
    );
    const title = `${input.meta.title ?? 'projections'} (FDK cone-beam reconstruction)`;
    const file = stream
      ? await VolumeStream.open(output as OutputSink, { shape: [slices, size, size], voxelSizeUm: result.voxelSize, unit: 'µm^-1', title })
      : undefined;
    const volume = file ? undefined : new Float32Array(slices * size * size);
    const run = await reconstructConeSlabs(
      setup,
      plan,
      readBand,
      { ...(runner ? { runner } : {}), signal: ctx.signal, progress: (f, m) => ctx.progress(0.02 + 0.98 * f, m) },
      async (k0, slab) => {
        if (file) await file.add(k0, slab);
        else (volume as Float32Array).set(slab, k0 * size * size);
      },
    );
    const clamped = normalizer?.stats.clamped ?? 0;
    if (clamped > 0) ctx.warn(`${clamped} transmissions ≤ 0 were clamped before −log`);
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
      ...(normalizer?.stats.badFlatPixels ? { badFlatPixels: normalizer.stats.badFlatPixels } : {}),
      reconstructionMs: performance.now() - started,
      threads: run.threads,
      projectionsRead: lazy
        ? {
            from: 'file, by detector-row band',
            bytes: { value: bytesRead, unit: 'B' },
            stackBytes: { value: na * nv * nu * DTYPE_BYTES[lazy.deferred.dtype], unit: 'B' },
          }
        : 'in memory',
      memory: {
        maxInMemoryMB: params.maxInMemoryMB,
        volumeMB: volumeBytes / 2 ** 20,
        streamed: stream,
        slabs: plan.slabs.length,
        slabSlices: plan.slabSlices,
        maxBandRows: plan.maxBandRows,
        slabMB: plan.slabBytes / 2 ** 20,
        ...(plan.overBudget ? { overBudget: true } : {}),
        slabsInFlight: inFlight,
      },
      convention:
        'source at distance D turning about z; at angle θ a point projects to column centre + M·U·(x cos θ + y sin θ)/p and row centreRow + M·U·z/p with U = D/(D − x sin θ + y cos θ); slice z = 0 is index ⌊nz/2⌋ (the central ray), y up at row 0',
    };
    if (file) return file.close(values, { ...input.meta, title });
    return volumeDataset({
      values: volume as Float32Array,
      shape: [slices, size, size],
      voxelSizeUm: voxel,
      unit: 'µm^-1',
      signalName: 'attenuation',
      label: 'linear attenuation coefficient μ',
      extraValues: values,
      meta: { ...input.meta, title },
    });
  },
};
