import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, regularCoord, signalOf, type Variable, variable, z } from '@ionscope/core';
import { KIND_PATTERN, KIND_SERIES, KIND_TRACKING, radiationOf } from '../kinds';
import { searchPeaks } from '../peaks/search';
import { stackPatterns, seriesRow, seriesTime } from '../series/stack';
import { type TrackResult, trackPeaks } from '../series/track';
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
    // One warning per peak and kind (not per pattern: a vanishing peak may miss hundreds of patterns).
    centers.forEach((c, j) => {
      for (const status of ['absent', 'failed'] as const) {
        const notes = r.notes.filter((note) => note.peak === j && note.status === status);
        const firstNote = notes[0];
        if (!firstNote) continue;
        const list =
          notes
            .slice(0, 5)
            .map((note) => note.pattern + 1)
            .join(', ') + (notes.length > 5 ? ', …' : '');
        const what = status === 'absent' ? 'not detected' : 'fit failed';
        ctx.warn(
          `peak ${j + 1} (${c.toFixed(2)}°) ${what} in ${notes.length} of ${m} patterns (${list}); pattern ${firstNote.pattern + 1}: ${firstNote.reason}`,
        );
      }
    });
    const p = centers.length;
    const time = seriesTime(ds);
    return createDataset({
      kind: KIND_TRACKING,
      signal: 'peak1_center',
      // One 1-D variable per peak and quantity along the scan, so the result exports as a table
      // (time, peak1_center, peak1_center_stderr, ...) through core's CSV writer.
      data: perPeakVariables(r, centers, m, v.unit),
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
        notDetected: r.absent,
        // Every pattern/peak without a fitted position, and why (pattern and peak numbered from 1).
        notes: r.notes.map((note) => ({ pattern: note.pattern + 1, peak: note.peak + 1, status: note.status, reason: note.reason })),
        method:
          'per-pattern SNIP background, windowed profile fit with warm start from the previous pattern; other significant peaks in the window fitted alongside; a peak below 3σ in area is reported as not detected (area at the last profile, no position)',
      },
    });
  },
};

function perPeakVariables(r: TrackResult, centers: number[], m: number, unit: string): Record<string, Variable> {
  const p = centers.length;
  const column = (a: Float64Array, j: number, square = false) => {
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) out[k] = square ? (a[k * p + j] as number) ** 2 : (a[k * p + j] as number);
    return out;
  };
  const data: Record<string, Variable> = {};
  centers.forEach((c, j) => {
    const tag = `peak${j + 1}`;
    const at = `${c.toFixed(2)}°`;
    data[`${tag}_center`] = variable(['scan'], column(r.center, j), '°', { variances: column(r.centerStderr, j, true), label: `position of the ${at} peak` });
    data[`${tag}_area`] = variable(['scan'], column(r.area, j), `${unit}·°`, { variances: column(r.areaStderr, j, true), label: `area of the ${at} peak` });
    data[`${tag}_fwhm`] = variable(['scan'], column(r.fwhm, j), '°', { variances: column(r.fwhmStderr, j, true), label: `FWHM of the ${at} peak` });
    data[`${tag}_eta`] = variable(['scan'], column(r.eta, j), '', { label: `η of the ${at} peak` });
  });
  return data;
}
