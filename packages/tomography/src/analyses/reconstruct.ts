/**
 * `tomography.reconstruct`: projections → flat/dark correction and −log → optional Paganin phase
 * retrieval → optional ring removal → rotation centre (given, or found automatically) → FBP (or
 * SIRT/CGLS) slice by slice, in slabs → a `tomography.volume` z × y × x with z the detector row.
 * Values are linear attenuation coefficients in µm⁻¹ when the pixel size is known (per voxel
 * otherwise).
 */
import {
  type AnalysisContribution,
  conversionFactor,
  coordValues,
  createDataset,
  type Dataset,
  DataError,
  type JsonValue,
  quantityParam,
  signalOf,
  z,
} from '@ionscope/core';
import { KIND_PROJECTIONS, KIND_SINOGRAM, KIND_VOLUME, projectionsOf, spatialCoord } from '../kinds';
import { centreByCorrelation, centreByEntropy, type CentreEstimate } from '../preprocess/centre';
import { normalizeProjections } from '../preprocess/normalize';
import { paganinFilter } from '../preprocess/paganin';
import { overlapForCentre, stitch360 } from '../preprocess/sino360';
import { FILTER_NAMES } from '../recon/filters';
import { projectionSource, reconstructSlabs, type SinogramSource } from '../recon/slabs';

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
  ringRemoval: z.enum(['none', 'sorting', 'large', 'both']).default('none').describe('stripe removal on each sinogram (Vo et al. 2018)'),
  ringSize: z.number().int().min(3).default(21).describe('median window of the sorting stripe filter (detector pixels)'),
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
  slabRows: z.number().int().positive().default(16).describe('rows reconstructed per slab (memory vs overhead)'),
});

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
  description: 'Flat/dark correction, −log, optional phase retrieval and ring removal, automatic rotation centre, parallel-beam reconstruction slice by slice.',
  inputs: { input: { accepts: [KIND_PROJECTIONS, KIND_SINOGRAM] } },
  params: ReconstructParams,
  produces: KIND_VOLUME,
  views: ['tomography.slices', 'tomography.histogram'],
  references: [
    'A. C. Kak, M. Slaney, Principles of Computerized Tomographic Imaging, IEEE Press (1988), ch. 3',
    'N. T. Vo, R. C. Atwood, M. Drakopoulos, Opt. Express 26, 28396 (2018): stripe removal',
    'D. Paganin et al., J. Microsc. 206, 33 (2002): phase retrieval',
    'T. Donath, F. Beckmann, A. Schreyer, J. Opt. Soc. Am. A 23, 1048 (2006): centre by entropy',
  ],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const warnings: string[] = [];
    let source: SinogramSource & { stats?: { clamped: number; badFlatPixels: number } };
    let pixelSizeUm = params.pixelSize;
    let inputMode: string = params.input;
    if (input.kind === KIND_SINOGRAM) {
      source = sinogramDatasetSource(input);
      inputMode = 'attenuation';
    } else {
      const p = projectionsOf(input);
      pixelSizeUm ??= p.pixelSizeUm;
      const [na, nr, nc] = p.shape;
      if (inputMode === 'auto') {
        if (p.flats) inputMode = 'counts';
        else if (p.signal === 'attenuation') inputMode = 'attenuation';
        else {
          let min = Number.POSITIVE_INFINITY;
          let max = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < p.projections.length; i += 7) {
            const v = p.projections[i] as number;
            if (v < min) min = v;
            if (v > max) max = v;
          }
          inputMode = min > 0 && max <= 1.05 ? 'transmission' : 'attenuation';
          ctx.warn(`no flat fields: projections taken as ${inputMode} (values ${min.toPrecision(3)}…${max.toPrecision(3)}); set params.input to override`);
        }
      }
      if (params.paganin) {
        if (pixelSizeUm === undefined)
          throw new DataError('Paganin phase retrieval needs the pixel size', { field: 'params.pixelSize', expected: 'a pixel size in µm' });
        const transmission =
          inputMode === 'counts'
            ? normalizeProjections(p.projections, na, nr * nc, p.flats, p.darks, false).values
            : inputMode === 'transmission'
              ? Float32Array.from(p.projections as ArrayLike<number>)
              : Float32Array.from(p.projections as ArrayLike<number>, (v) => Math.exp(-v));
        const retrieved = paganinFilter(transmission, na, nr, nc, {
          energyKeV: params.paganin.energy,
          distanceM: params.paganin.distance,
          pixelSizeM: pixelSizeUm * 1e-6,
          deltaOverBeta: params.paganin.deltaOverBeta,
        });
        source = projectionSource(retrieved, p.shape, p.theta);
        inputMode = 'attenuation (Paganin)';
      } else if (inputMode === 'attenuation') source = projectionSource(p.projections, p.shape, p.theta);
      else if (inputMode === 'transmission') source = projectionSource(p.projections, p.shape, p.theta, { raw: true });
      else
        source = projectionSource(p.projections, p.shape, p.theta, {
          raw: true,
          ...(p.flats ? { flats: p.flats } : {}),
          ...(p.darks ? { darks: p.darks } : {}),
        });
    }
    const [rowStart, rowEnd] = params.rows ?? [0, source.nRows];
    if (rowEnd > source.nRows || rowStart >= rowEnd) {
      throw new DataError(`rows [${rowStart}, ${rowEnd}) are outside the ${source.nRows} detector rows`, { field: 'params.rows' });
    }
    // --- rotation centre ---
    const mid = Math.floor((rowStart + rowEnd) / 2);
    const probeRows: [number, number] = [Math.max(rowStart, mid - 8), Math.min(rowEnd, mid + 8)];
    const probe = source.sinograms(probeRows[0], probeRows[1]);
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
    let recSource = source;
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
        sinograms(r0, r1) {
          const raw = source.sinograms(r0, r1);
          const out = new Float32Array((r1 - r0) * sample.nAngles * sample.width);
          for (let r = 0; r < r1 - r0; r++)
            out.set(stitch360(raw.subarray(r * na * nd, (r + 1) * na * nd), na, nd, overlap, axisSide).sino, r * sample.nAngles * sample.width);
          return out;
        },
      };
    }
    const size = params.size ?? recSource.nDetector;
    const nz = rowEnd - rowStart;
    const volume = new Float32Array(nz * size * size);
    const summary = reconstructSlabs(
      recSource,
      {
        algorithm: params.algorithm,
        filter: params.filter,
        padding: params.padding,
        centre: recCentre,
        size,
        rows: [rowStart, rowEnd],
        slabRows: params.slabRows,
        ringRemoval: params.ringRemoval,
        ringSize: params.ringSize,
        ...(params.iterations !== undefined ? { iterations: params.iterations } : {}),
        signal: ctx.signal,
        progress: (f, m) => ctx.progress(0.05 + 0.95 * f, m),
      },
      (first, slab) => volume.set(slab, (first - rowStart) * size * size),
    );
    // per-voxel attenuation → µm⁻¹ when the pixel size is known
    if (pixelSizeUm !== undefined) {
      const inv = 1 / pixelSizeUm;
      for (let i = 0; i < volume.length; i++) volume[i] *= inv;
    } else warnings.push('pixel size unknown: attenuation is per voxel and coordinates are voxel indices');
    for (const w of warnings) ctx.warn(w);
    if (source.stats && source.stats.clamped > 0) ctx.warn(`${source.stats.clamped} transmissions ≤ 0 were clamped before −log`);
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
      ...(summary.stripeColumnsCorrected ? { stripeColumnsCorrected: summary.stripeColumnsCorrected } : {}),
      ...(source.stats ? { clampedTransmissions: source.stats.clamped, badFlatPixels: source.stats.badFlatPixels } : {}),
      halfAcquisition: params.halfAcquisition,
      reconstructionMs: summary.timeMs,
      ...(pixelSizeUm !== undefined ? { voxelSize: { value: pixelSizeUm, unit: 'µm' } } : {}),
      convention: 'z = detector row, y/x = slice rows/columns (y up at row 0), parallel beam, θ in rad about the z axis',
    };
    return createDataset({
      kind: KIND_VOLUME,
      signal: 'attenuation',
      data: {
        attenuation: {
          dims: ['z', 'y', 'x'],
          shape: [nz, size, size],
          values: volume,
          unit: pixelSizeUm !== undefined ? 'µm^-1' : '',
          label: 'linear attenuation coefficient μ',
        },
      },
      coords: { z: spatialCoord('z', nz, pixelSizeUm), y: spatialCoord('y', size, pixelSizeUm), x: spatialCoord('x', size, pixelSizeUm) },
      values,
      meta: { ...input.meta, title: `${input.meta.title ?? 'projections'} (reconstructed)` },
    });
  },
};
