/**
 * `impedance.lin-kk`: Kramers–Kronig validation by the Lin-KK test (Schönleber et al. 2014) with
 * automatic choice of the number of Voigt elements M by the μ criterion. Result: `M`, `mu`, the
 * relative residuals (Z − Ẑ)/|Z| over frequency and their extremes.
 */
import { type AnalysisContribution, createDataset, type Dataset, DataError, explicitCoord, variable, z } from '@ionscope/core';
import { linKK } from '../methods/lin-kk';
import { LINKK_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { seriesSpectrum } from '../model/spectrum';
import { pointSelection, selectPoints } from './params';

export const LinKKParams = z.object({
  c: z.number().gt(0).max(1).default(0.85).describe('μ cut-off: M grows until μ ≤ c (Schönleber: 0.85)'),
  maxM: z.number().int().min(1).max(500).default(100).describe('largest number of Voigt elements tried'),
  M: z.number().int().min(1).optional().describe('use this M instead of the μ criterion'),
  addCapacitance: z.boolean().default(false).describe('add a series capacitance (no low-frequency intercept)'),
  ...pointSelection,
});

export const linKKAnalysis: AnalysisContribution<typeof LinKKParams> = {
  id: 'impedance.lin-kk',
  name: 'Lin-KK validation',
  description: 'Kramers–Kronig test by a linear fit of M Voigt elements, M chosen by the μ criterion; relative residuals.',
  inputs: { input: { accepts: [SPECTRUM_KIND, SERIES_KIND] } },
  params: LinKKParams,
  produces: LINKK_KIND,
  views: ['impedance.residuals', 'impedance.nyquist'],
  references: [
    'M. Schönleber, D. Klotz, E. Ivers-Tiffée, Electrochim. Acta 131, 20–27 (2014), doi:10.1016/j.electacta.2014.01.034',
    'B. A. Boukamp, J. Electrochem. Soc. 142, 1885 (1995)',
  ],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const s = selectPoints(seriesSpectrum(input, input.kind === SERIES_KIND ? params.spectrum : 0), params);
    if (s.frequency.length < 5)
      throw new DataError(`Lin-KK needs at least 5 points, ${s.frequency.length} selected`, { field: 'frequency', expected: '5 or more points' });
    const r = linKK(s.frequency, s.Zreal, s.Zimag, {
      c: params.c,
      maxM: params.maxM,
      addCapacitance: params.addCapacitance,
      ...(params.M ? { M: params.M } : {}),
    });
    const maxRe = Math.max(...Array.from(r.residualReal, Math.abs));
    const maxIm = Math.max(...Array.from(r.residualImag, Math.abs));
    let ss = 0;
    for (let i = 0; i < r.residualReal.length; i++) ss += (r.residualReal[i] as number) ** 2 + (r.residualImag[i] as number) ** 2;
    if (r.mu > params.c && params.M === undefined) ctx.warn(`μ = ${r.mu.toFixed(3)} stayed above c = ${params.c} up to M = ${r.M}`);
    if (Math.max(maxRe, maxIm) > 0.01)
      ctx.warn(`Lin-KK residuals reach ${(100 * Math.max(maxRe, maxIm)).toFixed(2)} %: the spectrum may be drifting or non-linear`);
    const dims = ['frequency'];
    return createDataset({
      kind: LINKK_KIND,
      signal: 'residualReal',
      coords: { frequency: explicitCoord('frequency', s.frequency, 'Hz') },
      data: {
        residualReal: variable(dims, r.residualReal, '', { label: '(Z′ − Ẑ′)/|Z|' }),
        residualImag: variable(dims, r.residualImag, '', { label: '(Z″ − Ẑ″)/|Z|' }),
        Zreal: variable(dims, s.Zreal, 'Ω'),
        Zimag: variable(dims, s.Zimag, 'Ω'),
        ZrealFit: variable(dims, r.ZrealFit, 'Ω', { label: 'Ẑ′ (Lin-KK)' }),
        ZimagFit: variable(dims, r.ZimagFit, 'Ω', { label: 'Ẑ″ (Lin-KK)' }),
      },
      values: {
        M: r.M,
        mu: r.mu,
        c: params.c,
        maxResidualReal: { value: 100 * maxRe, unit: '%' },
        maxResidualImag: { value: 100 * maxIm, unit: '%' },
        rmsResidual: { value: 100 * Math.sqrt(ss / (2 * r.residualReal.length)), unit: '%' },
        R0: { value: r.R0, unit: 'Ω' },
        L: { value: r.L, unit: 'H' },
        ...(r.C !== undefined ? { C: { value: r.C, unit: 'F' } } : {}),
        muHistory: r.muHistory,
        points: s.frequency.length,
        method:
          'Lin-KK (Schönleber 2014): linear least squares of R0, M Voigt elements with τ log-spaced 1/ω_max…1/ω_min, L (and C), weights 1/|Z|; M by μ ≤ c',
      },
    });
  },
};
