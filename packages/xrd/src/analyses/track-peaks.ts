import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, regularCoord, signalOf, variable, z } from '@ionscope/core';
import { KIND_PATTERN, KIND_SERIES, KIND_TRACKING, radiationOf } from '../kinds';
import { searchPeaks } from '../peaks/search';
import { stackPatterns, seriesRow, seriesTime } from '../series/stack';
import { trackPeaks } from '../series/track';
import { resolveDoublet } from './common';

const Params = z.object({
  centers: z.array(z.number()).optional().describe('starting 2θ of the peaks to track (°); default: the strongest peaks of the first pattern'),
  count: z.number().int().positive().default(3).describe('how many peaks to pick when centers are not given'),
  halfWidth: z.number().positive().default(0.5).describe('half-width of each fit window (°)'),
  shape: z.enum(['gaussian', 'lorentzian', 'pseudo-voigt']).default('pseudo-voigt'),
  doublet: z.enum(['auto', 'on', 'off']).default('auto'),
  background: z.enum(['snip', 'none']).default('snip'),
  snipIterations: z.number().int().positive().default(40),
});

export const trackPeaksAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.track-peaks',
  name: 'Track peaks through a series',
  description:
    'Fits the chosen peaks in every pattern of an operando series (warm-started from the previous pattern): position, area, FWHM with errors versus time.',
  inputs: { input: { accepts: [KIND_SERIES, KIND_PATTERN] } },
  params: Params,
  produces: KIND_TRACKING,
  views: ['xrd.tracking-plot'],
  run(inputs, params, ctx) {
    let ds = inputs.input as Dataset;
    if (ds.kind === KIND_PATTERN) ds = stackPatterns([ds]);
    const v = signalOf(ds);
    const m = v.shape[0] as number;
    const first = seriesRow(ds, 0);
    const x = first.x;
    const radiation = radiationOf(ds);
    const doublet = resolveDoublet(radiation, params.doublet, ctx);
    let centers = params.centers;
    if (!centers?.length) {
      const found = searchPeaks(x, first.y, { minSignificance: 8, ...(doublet ? { kAlpha2: doublet } : {}) }).peaks;
      centers = found
        .sort((a, b) => b.height - a.height)
        .slice(0, params.count)
        .map((p) => p.position)
        .sort((a, b) => a - b);
      if (!centers.length) throw new RangeError('no peaks found in the first pattern: give centers');
    }
    const r = trackPeaks(
      x,
      (k) => seriesRow(ds, k).y,
      m,
      centers.map((c) => ({ center: c, halfWidth: params.halfWidth })),
      {
        shape: params.shape,
        background: params.background,
        snipIterations: params.snipIterations,
        signal: ctx.signal,
        onProgress: (f) => ctx.progress(f),
        ...(doublet ? { doublet } : {}),
      },
    );
    if (r.failures) ctx.warn(`${r.failures} of ${m * centers.length} peak fits failed (NaN in the result)`);
    const p = centers.length;
    const sq = (a: Float64Array) => a.map((s) => s * s);
    const time = seriesTime(ds);
    const shape = { shape: [m, p] };
    return createDataset({
      kind: KIND_TRACKING,
      signal: 'center',
      data: {
        center: variable(['scan', 'peak'], r.center, '°', { ...shape, variances: sq(r.centerStderr), label: 'peak position 2θ' }),
        area: variable(['scan', 'peak'], r.area, `${v.unit}·°`, { ...shape, variances: sq(r.areaStderr), label: 'integrated area' }),
        fwhm: variable(['scan', 'peak'], r.fwhm, '°', { ...shape, variances: sq(r.fwhmStderr), label: 'FWHM' }),
        eta: variable(['scan', 'peak'], r.eta, '', { ...shape, label: 'Lorentzian fraction η' }),
        reducedChiSquare: variable(['scan', 'peak'], r.reducedChiSquare, '', shape),
      },
      coords: {
        time: explicitCoord('scan', time, 's', { label: 'time' }),
        scan: regularCoord('scan', 0, 1, m, ''),
        peak: explicitCoord('peak', Float64Array.from(centers), '°', { label: 'starting 2θ' }),
      },
      values: {
        peaks: centers.map((c, j) => ({
          start: c,
          first: r.center[j] ?? null,
          last: r.center[(m - 1) * p + j] ?? null,
          shift: Number.isFinite((r.center[(m - 1) * p + j] as number) - (r.center[j] as number))
            ? (r.center[(m - 1) * p + j] as number) - (r.center[j] as number)
            : null,
        })),
        units: { start: '°', first: '°', last: '°', shift: '°' },
        patterns: m,
        failures: r.failures,
        method: 'per-pattern SNIP background, windowed profile fit with warm start from the previous pattern',
      },
    });
  },
};
