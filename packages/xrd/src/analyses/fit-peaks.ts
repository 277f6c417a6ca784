import { type AnalysisContribution, createDataset, explicitCoord, type JsonValue, variable, z } from '@ionscope/core';
import { KIND_FIT, KIND_PATTERN } from '../kinds';
import { type FittedPeak, fitProfile } from '../peaks/fit';
import { searchPeaks } from '../peaks/search';
import { dFromTwoTheta, dStderr, patternInput, patternWavelength, q, resolveDoublet } from './common';

const Params = z.object({
  wavelength: z.number().positive().optional().describe('Å: the Kα1 (or monochromatic) wavelength when the file gives none'),
  shape: z.enum(['gaussian', 'lorentzian', 'pseudo-voigt', 'pearson7', 'split-pseudo-voigt']).default('pseudo-voigt'),
  centers: z.array(z.number()).optional().describe('peak centres (2θ, °); default: found by the peak search'),
  range: z.tuple([z.number(), z.number()]).optional().describe('only fit peaks within this 2θ range (°)'),
  halfWidth: z.number().positive().optional().describe('half-width of each peak window (°); default 6 × the estimated FWHM, at least 0.3°'),
  doublet: z.enum(['auto', 'on', 'off']).default('auto').describe('fit Kα1/Kα2 doublets (auto: when the file gives Kα lines or an anode)'),
  backgroundOrder: z.number().int().min(0).max(4).default(1),
  maxPeaks: z.number().int().positive().default(40),
  minSignificance: z.number().positive().default(8),
});

export const fitPeaksAnalysis: AnalysisContribution<typeof Params> = {
  id: 'xrd.fit-peaks',
  name: 'Fit peak profiles',
  description:
    'Least-squares profile fits (G, L, pV, Pearson VII, split pV) with Kα1/Kα2 doublets; overlapping peaks are fitted together; parameters with standard errors.',
  inputs: { input: { accepts: [KIND_PATTERN] } },
  params: Params,
  produces: KIND_FIT,
  views: ['xrd.pattern-plot'],
  references: ['W. A. Rachinger, J. Sci. Instrum. 25 (1948) 254', 'K. Levenberg 1944; D. W. Marquardt 1963; J. J. Moré 1978 (MINPACK)'],
  run(inputs, params, ctx) {
    const ds = inputs.input as NonNullable<typeof inputs.input>;
    const { x, y, sigma, radiation } = patternInput(ds);
    const wavelength = patternWavelength(radiation, params.wavelength, ctx);
    const doublet = resolveDoublet(radiation, params.doublet, ctx);
    let starts: { center: number; fwhm?: number }[];
    if (params.centers?.length) starts = params.centers.map((c) => ({ center: c }));
    else {
      const found = searchPeaks(x, y, { minSignificance: params.minSignificance, sigma, ...(doublet ? { kAlpha2: doublet } : {}) }).peaks;
      starts = found
        .sort((a, b) => b.height - a.height)
        .slice(0, params.maxPeaks)
        .map((p) => ({ center: p.position, fwhm: Math.max(p.fwhm * 0.8, 0.01) }))
        .sort((a, b) => a.center - b.center);
    }
    if (params.range) {
      const [lo, hi] = params.range;
      starts = starts.filter((s) => s.center >= Math.min(lo, hi) && s.center <= Math.max(lo, hi));
    }
    if (!starts.length) throw new RangeError('no peaks to fit: give centers or lower minSignificance');
    // Group peaks whose windows overlap (a doublet's window reaches to its Kα2 line).
    const windows = starts.map((s) => {
      const half = params.halfWidth ?? Math.max(0.3, 6 * (s.fwhm ?? 0.05));
      const hi = doublet ? (360 / Math.PI) * Math.asin(Math.min(1, doublet.lambdaRatio * Math.sin(((s.center + half) * Math.PI) / 360))) : s.center + half;
      return { start: s, lo: s.center - half, hi };
    });
    const groups: (typeof windows)[] = [];
    for (const w of windows) {
      const last = groups[groups.length - 1];
      const prev = last?.[last.length - 1];
      if (last && prev && w.lo < prev.hi) last.push(w);
      else groups.push([w]);
    }
    const model = new Float64Array(x.length).fill(Number.NaN);
    const background = new Float64Array(x.length).fill(Number.NaN);
    const peaks: JsonValue[] = [];
    const groupSummaries: JsonValue[] = [];
    groups.forEach((g, gi) => {
      ctx.signal.throwIfAborted();
      const lo = Math.min(...g.map((w) => w.lo));
      const hi = Math.max(...g.map((w) => w.hi));
      const r = fitProfile(x, y, {
        shape: params.shape,
        peaks: g.map((w) => w.start),
        range: [lo, hi],
        sigma,
        backgroundOrder: params.backgroundOrder,
        ...(doublet ? { doublet } : {}),
        signal: ctx.signal,
      });
      let i0 = 0;
      while (i0 < x.length && (x[i0] as number) < lo) i0++;
      model.set(r.model, i0);
      background.set(r.backgroundCurve, i0);
      if (!r.converged) ctx.warn(`group ${gi + 1} (${lo.toFixed(2)}–${hi.toFixed(2)}°): ${r.reason}`);
      if (r.unidentifiable.length) ctx.warn(`group ${gi + 1}: unidentifiable parameters ${r.unidentifiable.join(', ')}`);
      r.peaks.forEach((p: FittedPeak) => {
        const shapeValues: Record<string, JsonValue> = {};
        for (const [k, v] of Object.entries(p.shape)) shapeValues[k] = q(v.value, k.startsWith('fwhm') ? '°' : '', v.stderr);
        peaks.push({
          center: q(p.center.value, '°', p.center.stderr),
          d: q(dFromTwoTheta(p.center.value, wavelength), 'Å', dStderr(p.center.value, p.center.stderr, wavelength)),
          fwhm: q(p.fwhm.value, '°', p.fwhm.stderr),
          area: q(p.area.value, `${ds.data.intensity?.unit ?? 'counts'}·°`, p.area.stderr),
          height: q(p.height, ds.data.intensity?.unit ?? 'counts'),
          ...shapeValues,
          ...(p.centerKAlpha2 !== undefined ? { centerKAlpha2: q(p.centerKAlpha2, '°') } : {}),
          group: gi + 1,
        });
      });
      groupSummaries.push({
        range: [lo, hi],
        peaks: g.length,
        reducedChiSquare: r.reducedChiSquare,
        dof: r.dof,
        converged: r.converged,
        iterations: r.iterations,
      });
    });
    const residual = y.map((v, i) => (Number.isFinite(model[i] as number) ? v - (model[i] as number) : Number.NaN));
    const unit = ds.data.intensity?.unit ?? 'counts';
    return createDataset({
      kind: KIND_FIT,
      signal: 'intensity',
      data: {
        intensity: variable(['twoTheta'], y, unit),
        model: variable(['twoTheta'], model, unit),
        background: variable(['twoTheta'], background, unit),
        residual: variable(['twoTheta'], residual, unit),
      },
      coords: { twoTheta: explicitCoord('twoTheta', x, '°', { label: '2θ' }) },
      values: {
        peaks,
        // The same numbers keyed by peak, so batch tables (ionscope run → results.csv) get one column each.
        byPeak: Object.fromEntries(
          peaks.map((p, i) => [
            `peak${i + 1}`,
            {
              center: (p as Record<string, JsonValue>).center ?? null,
              fwhm: (p as Record<string, JsonValue>).fwhm ?? null,
              area: (p as Record<string, JsonValue>).area ?? null,
            },
          ]),
        ) as JsonValue,
        groups: groupSummaries,
        shape: params.shape,
        doublet: doublet ? { lambdaRatio: doublet.lambdaRatio, intensityRatio: doublet.intensityRatio } : null,
        wavelength: { value: wavelength, unit: 'Å' },
        weighting: '1/σ with σ from the file or √counts',
      },
    });
  },
};
