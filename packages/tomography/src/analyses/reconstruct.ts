/**
 * `tomography.reconstruct`: projections → flat/dark correction and −log → optional Paganin phase
 * retrieval → optional ring removal → rotation centre (given, or found automatically) → FBP (or
 * SIRT/CGLS) slice by slice, in slabs → a `tomography.volume` z × y × x with z the detector row.
 * Values are linear attenuation coefficients in µm⁻¹ when the pixel size is known (per voxel
 * otherwise).
 */
import {
  type AnalysisContext,
  type AnalysisContribution,
  conversionFactor,
  coordValues,
  type Dataset,
  DataError,
  hasDeferred,
  type JsonValue,
  materializeDeferred,
  quantityParam,
  signalOf,
  z,
} from '@ionscope/core';
import { deferredProjectionsOf, KIND_PROJECTIONS, KIND_SINOGRAM, KIND_VOLUME, KIND_VOLUME_FILE, projectionsOf, volumeDataset } from '../kinds';
import { centreByCorrelation, centreByEntropy, type CentreEstimate } from '../preprocess/centre';
import { guessInputMode } from '../preprocess/input-mode';
import { normalizeProjections } from '../preprocess/normalize';
import { paganinFilter } from '../preprocess/paganin';
import { WAVELET_NAMES } from '../preprocess/daubechies';
import { overlapForCentre, stitch360 } from '../preprocess/sino360';
import { DEFAULT_WAVELET_STRIPE, waveletStripeLevels } from '../preprocess/stripes-wavelet';
import { FILTER_NAMES } from '../recon/filters';
import {
  type AsyncSinogramSource,
  projectionSource,
  reconstructSlabsAsync,
  rowBlockSourceAsync,
  type SinogramSource,
  type SlabSummary,
  slabsInFlight,
} from '../recon/slabs';
import { STREAMED_VOLUME_NAME, VolumeStream } from '../recon/volume-stream';

export const ReconstructParams = z.object({
  algorithm: z.enum(['fbp', 'sirt', 'cgls']).default('fbp').describe('filtered back-projection, or an iterative method (SIRT with x ≥ 0, CGLS)'),
  filter: z.enum(FILTER_NAMES).default('ramp').describe('FBP filter (Kak & Slaney): ramp, shepp-logan, cosine, hamming, hann'),
  centre: z
    .union([z.number(), z.enum(['auto', 'correlation', 'entropy'])])
    .default('auto')
    .describe('rotation centre in detector pixels, or how to find it: auto = 0°/180° correlation refined by the entropy search'),
  centreSearchRange: z.number().positive().default(8).describe('± pixels searched by the entropy method around the first estimate'),
  rows: z
    .tuple([z.number().int().min(0), z.number().int().positive()])
    .optional()
    .describe('detector rows [start, end) to reconstruct (default all)'),
  ringRemoval: z
    .enum(['none', 'sorting', 'large', 'both', 'wavelet-fft'])
    .default('none')
    .describe(
      'stripe removal on each sinogram: sorting / large / both (Vo et al. 2018), or wavelet-fft (Münch et al. 2009, combined wavelet–Fourier filtering)',
    ),
  ringSize: z.number().int().min(3).default(21).describe('median window of the sorting stripe filter (detector pixels)'),
  ringWavelet: z.enum(WAVELET_NAMES).default('db5').describe('wavelet-fft: Daubechies wavelet db1 … db10'),
  ringLevels: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(DEFAULT_WAVELET_STRIPE.levels)
    .describe('wavelet-fft: decomposition levels (clamped to the deepest useful level of the sinogram; wider stripes need more)'),
  ringSigma: z
    .number()
    .positive()
    .default(DEFAULT_WAVELET_STRIPE.sigma)
    .describe('wavelet-fft: σ of the damping 1 − exp(−k²/2σ²), in angular-frequency bins of each level'),
  padding: z
    .enum(['zero', 'edge'])
    .default('edge')
    .describe('projection padding before filtering (edge avoids cupping for objects wider than the field of view)'),
  iterations: z.number().int().positive().optional().describe('SIRT/CGLS iterations (default 100/20)'),
  input: z
    .enum(['auto', 'counts', 'transmission', 'attenuation'])
    .default('auto')
    .describe('what the projection values are (auto: counts when flats are present)'),
  paganin: z
    .object({
      energy: quantityParam('keV', { positive: true, description: 'photon energy' }),
      distance: quantityParam('m', { positive: true, description: 'sample–detector distance' }),
      deltaOverBeta: z.number().positive().describe('δ/β of the material'),
    })
    .optional()
    .describe('single-material phase retrieval (Paganin et al. 2002) before reconstruction'),
  halfAcquisition: z.boolean().default(false).describe('360° scan with the axis near a detector edge: stitch opposite projections first'),
  pixelSize: quantityParam('µm', { positive: true, description: 'detector pixel size, when the file does not give it' }).optional(),
  size: z.number().int().positive().optional().describe('output slice size in pixels (default the detector width)'),
  slabRows: z.number().int().positive().default(16).describe('rows reconstructed per slab (memory vs overhead; fewer when streaming needs it)'),
  maxInMemoryMB: z
    .number()
    .positive()
    .default(256)
    .describe(
      'largest volume (MiB of float32) returned in memory; above it the volume is streamed to the output folder, and the slabs in flight are kept within it',
    ),
  output: z
    .enum(['auto', 'memory', 'file'])
    .default('auto')
    .describe('auto: in memory up to maxInMemoryMB, else streamed to the output folder; file: always streamed (reconstruction.nrrd); memory: never'),
});

export { STREAMED_VOLUME_NAME } from '../recon/volume-stream';

type Params = z.output<typeof ReconstructParams>;
type Stats = { stats?: { clamped: number; badFlatPixels: number } };

function sinogramDatasetSource(ds: Dataset): SinogramSource {
  const v = signalOf(ds);
  if (v.shape.length !== 3) throw new DataError('expected sinograms row × angle × col', { field: 'data', found: v.dims.join(' × ') });
  const [nr, na, nc] = v.shape as [number, number, number];
  const thetaCoord = ds.coords.theta;
  if (!thetaCoord) throw new DataError('the sinogram has no theta coordinate', { field: 'coords.theta' });
  const f = conversionFactor(thetaCoord.unit || 'rad', 'rad');
  const theta = Float64Array.from(coordValues(thetaCoord), (t) => t * f);
  return {
    nAngles: na,
    nRows: nr,
    nDetector: nc,
    theta,
    sinograms: (r0, r1) => Float32Array.from(v.values.subarray(r0 * na * nc, r1 * na * nc) as ArrayLike<number>),
  };
}

export const reconstructAnalysis: AnalysisContribution<typeof ReconstructParams> = {
  id: 'tomography.reconstruct',
  name: 'Reconstruct (FBP / SIRT / CGLS)',
  description:
    'Flat/dark correction, −log, optional phase retrieval and ring removal, automatic rotation centre, parallel-beam reconstruction slice by slice; volumes above maxInMemoryMB are streamed to the output folder.',
  inputs: { input: { accepts: [KIND_PROJECTIONS, KIND_SINOGRAM] } },
  params: ReconstructParams,
  produces: KIND_VOLUME,
  alsoProduces: [KIND_VOLUME_FILE],
  acceptsDeferred: true,
  views: ['tomography.slices', 'tomography.histogram'],
  references: [
    'A. C. Kak, M. Slaney, Principles of Computerized Tomographic Imaging, IEEE Press (1988), ch. 3',
    'N. T. Vo, R. C. Atwood, M. Drakopoulos, Opt. Express 26, 28396 (2018): stripe removal',
    'B. Münch, P. Trtik, F. Marone, M. Stampanoni, Opt. Express 17, 8567 (2009): wavelet–Fourier stripe removal',
    'D. Paganin et al., J. Microsc. 206, 33 (2002): phase retrieval',
    'T. Donath, F. Beckmann, A. Schreyer, J. Opt. Soc. Am. A 23, 1048 (2006): centre by entropy',
  ],
  async run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const warnings: string[] = [];
    const budget = params.maxInMemoryMB * 2 ** 20;
    const opened = await openSource(input, params, budget, ctx);
    const { source } = opened;
    const { inputMode } = opened;
    const pixelSizeUm = opened.pixelSizeUm;
    const [rowStart, rowEnd] = params.rows ?? [0, source.nRows];
    if (rowEnd > source.nRows || rowStart >= rowEnd) {
      throw new DataError(`rows [${rowStart}, ${rowEnd}) are outside the ${source.nRows} detector rows`, { field: 'params.rows' });
    }
    // --- rotation centre ---
    const mid = Math.floor((rowStart + rowEnd) / 2);
    const probeRows: [number, number] = [Math.max(rowStart, mid - 8), Math.min(rowEnd, mid + 8)];
    const probe = await source.sinograms(probeRows[0], probeRows[1]);
    const nProbe = probeRows[1] - probeRows[0];
    const na = source.nAngles;
    const nd = source.nDetector;
    const midSino = probe.subarray((mid - probeRows[0]) * na * nd, (mid - probeRows[0] + 1) * na * nd);
    let centre: CentreEstimate;
    const span = Math.max(...source.theta) - Math.min(...source.theta);
    const hasPair = span >= Math.PI - 0.035;
    if (typeof params.centre === 'number') centre = { centre: params.centre, method: 'correlation' };
    else {
      // the probe rows as projections angle × row × col for the correlation method
      const asProjections = new Float32Array(na * nProbe * nd);
      for (let r = 0; r < nProbe; r++)
        for (let a = 0; a < na; a++) asProjections.set(probe.subarray((r * na + a) * nd, (r * na + a + 1) * nd), (a * nProbe + r) * nd);
      const method = params.centre === 'auto' ? (hasPair ? 'both' : 'entropy') : params.centre;
      if ((method === 'correlation' || method === 'both') && !hasPair)
        throw new DataError('no projection pair 180° apart for the correlation method', { field: 'params.centre', expected: 'a scan over ≥ 180°' });
      const first = method === 'entropy' ? undefined : centreByCorrelation(asProjections, [na, nProbe, nd], source.theta);
      centre =
        method === 'correlation' && first
          ? first
          : centreByEntropy(midSino, source.theta, nd, {
              guess: first ? Math.round(first.centre * 4) / 4 : (nd - 1) / 2,
              range: first ? params.centreSearchRange : Math.floor(nd / 4),
            });
      if (first && method === 'both' && Math.abs(first.centre - centre.centre) > 2) {
        ctx.warn(`the correlation (${first.centre.toFixed(2)} px) and entropy (${centre.centre.toFixed(2)} px) centres differ by more than 2 px`);
      }
      if (first && method === 'both') centre = { ...centre, pair: first.pair, candidates: centre.candidates };
    }
    ctx.progress(0.05, `rotation centre ${centre.centre.toFixed(2)} px (${centre.method})`);
    // --- 360° half acquisition ---
    let recSource: AsyncSinogramSource = source;
    let recCentre = centre.centre;
    if (params.halfAcquisition) {
      if (span < 1.9 * Math.PI) throw new DataError('half-acquisition needs a 360° scan', { field: 'params.halfAcquisition' });
      const { overlap, axisSide } = overlapForCentre(centre.centre, nd);
      const sample = stitch360(midSino, na, nd, overlap, axisSide);
      recCentre = sample.centre;
      recSource = {
        nAngles: sample.nAngles,
        nRows: source.nRows,
        nDetector: sample.width,
        theta: sample.theta,
        async sinograms(r0, r1) {
          const raw = await source.sinograms(r0, r1);
          const out = new Float32Array((r1 - r0) * sample.nAngles * sample.width);
          for (let r = 0; r < r1 - r0; r++)
            out.set(stitch360(raw.subarray(r * na * nd, (r + 1) * na * nd), na, nd, overlap, axisSide).sino, r * sample.nAngles * sample.width);
          return out;
        },
      };
    }
    const size = params.size ?? recSource.nDetector;
    const nz = rowEnd - rowStart;
    const volumeBytes = nz * size * size * 4;
    const stream = params.output === 'file' || (params.output === 'auto' && volumeBytes > budget);
    const output = ctx.output;
    if (stream && !output) {
      const mib = (volumeBytes / 2 ** 20).toFixed(1);
      throw new DataError(
        params.output === 'file'
          ? 'output = file needs an output folder to stream the volume into'
          : `the reconstructed volume (${nz} × ${size} × ${size} float32 = ${mib} MiB) is larger than maxInMemoryMB = ${params.maxInMemoryMB}`,
        {
          field: params.output === 'file' ? 'params.output' : 'params.maxInMemoryMB',
          expected: `an output folder (ionscope analyze … --out DIR streams it to DIR/${STREAMED_VOLUME_NAME}; a library caller passes runAnalysis(…, { output })), a larger maxInMemoryMB, or fewer rows (rows=[start,end])`,
        },
      );
    }
    // per-voxel attenuation → µm⁻¹ when the pixel size is known (slab by slab, the same on both paths)
    const inv = pixelSizeUm !== undefined ? 1 / pixelSizeUm : undefined;
    if (inv === undefined) warnings.push('pixel size unknown: attenuation is per voxel and coordinates are voxel indices');
    const unit = pixelSizeUm !== undefined ? 'µm^-1' : '';
    const toUnits = (slab: Float32Array) => {
      if (inv !== undefined) for (let i = 0; i < slab.length; i++) slab[i] *= inv;
    };
    const slabOptions = {
      algorithm: params.algorithm,
      filter: params.filter,
      padding: params.padding,
      centre: recCentre,
      size,
      rows: [rowStart, rowEnd] as [number, number],
      // when streaming, the slabs in flight (one per thread, plus one) share the budget
      slabRows: stream ? streamingSlabRows(params.slabRows, budget / slabsInFlight(ctx.parallel), size, recSource) : params.slabRows,
      ringRemoval: params.ringRemoval,
      ringSize: params.ringSize,
      ringWavelet: { wavelet: params.ringWavelet, levels: params.ringLevels, sigma: params.ringSigma },
      ...(params.iterations !== undefined ? { iterations: params.iterations } : {}),
      signal: ctx.signal,
      progress: (f: number, m?: string) => ctx.progress(0.05 + 0.95 * f, m),
      ...(ctx.parallel ? { parallel: ctx.parallel } : {}),
    };
    const values: Record<string, JsonValue> = {
      centre: centre.centre,
      centreUnit: 'detector pixel index',
      centreMethod: centre.method,
      ...(centre.pair ? { centrePair: centre.pair.map((t) => (t * 180) / Math.PI) } : {}),
      ...(centre.candidates ? { centreCandidates: centre.candidates.map((c) => ({ centre: c.centre, entropy: c.score })) } : {}),
      algorithm: params.algorithm,
      filter: params.filter,
      input: inputMode,
      rows: [rowStart, rowEnd],
      angles: source.nAngles,
      angularRange: { value: (span * 180) / Math.PI, unit: '°' },
      ringRemoval: params.ringRemoval,
      ...ringRemovalProvenance(params, recSource),
    };
    const finish = (summary: SlabSummary) => {
      for (const w of warnings) ctx.warn(w);
      if (source.stats && source.stats.clamped > 0) ctx.warn(`${source.stats.clamped} transmissions ≤ 0 were clamped before −log`);
      Object.assign(values, {
        ...(summary.stripeColumnsCorrected ? { stripeColumnsCorrected: summary.stripeColumnsCorrected } : {}),
        ...(source.stats ? { clampedTransmissions: source.stats.clamped, badFlatPixels: source.stats.badFlatPixels } : {}),
        halfAcquisition: params.halfAcquisition,
        reconstructionMs: summary.timeMs,
        threads: summary.threads,
        ...(pixelSizeUm !== undefined ? { voxelSize: { value: pixelSizeUm, unit: 'µm' } } : {}),
        convention: 'z = detector row, y/x = slice rows/columns (y up at row 0), parallel beam, θ in rad about the z axis',
      });
    };
    const title = `${input.meta.title ?? 'projections'} (reconstructed)`;

    if (stream && output) {
      const file = await VolumeStream.open(output, {
        shape: [nz, size, size],
        ...(pixelSizeUm !== undefined ? { voxelSizeUm: pixelSizeUm } : {}),
        unit,
        title,
      });
      const summary = await reconstructSlabsAsync(recSource, slabOptions, async (first, slab) => {
        toUnits(slab);
        await file.add(first - rowStart, slab);
      });
      finish(summary);
      values.memory = {
        maxInMemoryMB: params.maxInMemoryMB,
        volumeMB: volumeBytes / 2 ** 20,
        slabRows: summary.slabRows,
        slabsInFlight: slabsInFlight({ size: summary.threads }),
      };
      return file.close(values, { ...input.meta, title });
    }

    const volume = new Float32Array(nz * size * size);
    const summary = await reconstructSlabsAsync(recSource, slabOptions, (first, slab) => {
      toUnits(slab);
      volume.set(slab, (first - rowStart) * size * size);
    });
    finish(summary);
    return volumeDataset({
      values: volume,
      shape: [nz, size, size],
      ...(pixelSizeUm !== undefined ? { voxelSizeUm: pixelSizeUm } : {}),
      unit,
      signalName: 'attenuation',
      label: 'linear attenuation coefficient μ',
      extraValues: values,
      meta: { ...input.meta, title },
    });
  },
};

/** What the stripe filter did, with its parameters and reference (values.ringRemovalMethod). */
function ringRemovalProvenance(params: Params, source: AsyncSinogramSource): Record<string, JsonValue> {
  switch (params.ringRemoval) {
    case 'none':
      return {};
    case 'wavelet-fft':
      return {
        ringRemovalMethod: {
          method: 'combined wavelet–Fourier filtering of the vertical detail bands',
          reference: 'B. Münch et al., Opt. Express 17, 8567 (2009)',
          wavelet: params.ringWavelet,
          levels: params.ringLevels,
          levelsUsed: waveletStripeLevels(source.nAngles, source.nDetector, params.ringWavelet, params.ringLevels),
          sigma: params.ringSigma,
          sigmaUnit: 'angular-frequency bins of each level',
          boundary: 'symmetric extension (DWT), periodic along the angles (FFT)',
        },
      };
    default:
      return {
        ringRemovalMethod: {
          method: {
            sorting: 'sorting + median (algorithm 3)',
            large: 'large stripes (algorithm 5)',
            both: 'large stripes (algorithm 5), then sorting (algorithm 3)',
          }[params.ringRemoval],
          reference: 'N. T. Vo, R. C. Atwood, M. Drakopoulos, Opt. Express 26, 28396 (2018)',
          ...(params.ringRemoval !== 'large' ? { size: params.ringSize } : {}),
          ...(params.ringRemoval !== 'sorting' ? { largeSnr: 3, largeSize: 51 } : {}),
        },
      };
  }
}

/**
 * Rows per slab when streaming: as many as fit in half the budget (the slab of slices, its
 * sinograms and the raw block they come from), at least one, at most what was asked.
 */
function streamingSlabRows(asked: number, budget: number, size: number, source: AsyncSinogramSource): number {
  const perRow = 4 * size * size + source.nAngles * source.nDetector * (4 + 8);
  return Math.max(1, Math.min(asked, Math.floor(budget / 2 / perRow)));
}

/**
 * The −log sinograms of the input, row block by row block: from sinograms, in-memory projections
 * or projections still in their file (read a slab of rows at a time), with flat/dark correction,
 * −log and Paganin phase retrieval as asked.
 */
async function openSource(
  input: Dataset,
  params: Params,
  budget: number,
  ctx: AnalysisContext,
): Promise<{ source: AsyncSinogramSource & Stats; inputMode: string; pixelSizeUm: number | undefined }> {
  let pixelSizeUm = params.pixelSize;
  if (input.kind === KIND_SINOGRAM) {
    const ds = hasDeferred(input) ? await materializeDeferred(input, { signal: ctx.signal }) : input;
    return { source: sinogramDatasetSource(ds), inputMode: 'attenuation', pixelSizeUm };
  }
  const lazy = deferredProjectionsOf(input);
  const p = lazy ? undefined : projectionsOf(input);
  const view = (lazy ?? p) as NonNullable<typeof lazy | typeof p>;
  pixelSizeUm ??= view.pixelSizeUm;
  const [na, nr, nc] = view.shape;
  const readRows = lazy ? (r0: number, r1: number) => lazy.deferred.read([0, r0, 0], [na, r1 - r0, nc], ctx.signal) : undefined;
  let inputMode: string = params.input;
  if (inputMode === 'auto') {
    if (view.flats) inputMode = 'counts';
    else if (view.signal === 'attenuation') inputMode = 'attenuation';
    else {
      // in memory: every 7th value; in the file: the middle detector row of every projection
      const sample = p ? p.projections : await (readRows as NonNullable<typeof readRows>)(nr >> 1, (nr >> 1) + 1);
      const guess = guessInputMode(sample, p ? 7 : 1);
      inputMode = guess.mode;
      ctx.warn(
        `no flat fields: projections taken as ${inputMode} (values ${guess.min.toPrecision(3)}…${guess.max.toPrecision(3)}); set params.input to override`,
      );
    }
  }
  const correction =
    inputMode === 'attenuation'
      ? undefined
      : inputMode === 'transmission'
        ? { raw: true }
        : { raw: true, ...(view.flats ? { flats: view.flats } : {}), ...(view.darks ? { darks: view.darks } : {}) };
  if (params.paganin) {
    if (pixelSizeUm === undefined)
      throw new DataError('Paganin phase retrieval needs the pixel size', { field: 'params.pixelSize', expected: 'a pixel size in µm' });
    let projections = p?.projections;
    if (!projections) {
      // 2-D filtering needs whole projections: read the stack when it fits the budget
      const bytes = na * nr * nc * 8;
      if (bytes > budget)
        throw new DataError(`Paganin phase retrieval filters whole projections, and these (${(bytes / 2 ** 20).toFixed(0)} MiB) exceed maxInMemoryMB`, {
          field: 'params.paganin',
          expected: 'projections that fit in maxInMemoryMB, or phase retrieval done before (e.g. in TomoPy), or no paganin',
        });
      projections = await (readRows as NonNullable<typeof readRows>)(0, nr);
    }
    const transmission =
      inputMode === 'counts'
        ? normalizeProjections(projections, na, nr * nc, view.flats, view.darks, false).values
        : inputMode === 'transmission'
          ? Float32Array.from(projections as ArrayLike<number>)
          : Float32Array.from(projections as ArrayLike<number>, (v) => Math.exp(-v));
    const retrieved = paganinFilter(transmission, na, nr, nc, {
      energyKeV: params.paganin.energy,
      distanceM: params.paganin.distance,
      pixelSizeM: pixelSizeUm * 1e-6,
      deltaOverBeta: params.paganin.deltaOverBeta,
    });
    return { source: projectionSource(retrieved, view.shape, view.theta), inputMode: 'attenuation (Paganin)', pixelSizeUm };
  }
  const source = readRows
    ? rowBlockSourceAsync(view.shape, view.theta, readRows, correction)
    : projectionSource((p as NonNullable<typeof p>).projections, view.shape, view.theta, correction);
  return { source, inputMode, pixelSizeUm };
}
