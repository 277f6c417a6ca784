/**
 * `impedance.drt`: distribution of relaxation times (Gaussian RBF, Tikhonov-regularised NNLS, Wan
 * et al. 2015) with λ from 5-fold cross-validation and the one-standard-error rule (default), GCV or
 * the L-curve corner, on the normalised problem. Result: γ(τ) (Ω) over `tau` (s), `peaks`
 * ({tau, frequency, resistance, gamma, withinData}), `lambda`, `Rinf`, `L`, `Rpol`, the λ scan.
 */
import { type AnalysisContribution, createDataset, type Dataset, DataError, explicitCoord, variable, z } from '@ionscope/core';
import { computeDrt, MAX_SHAPE_FACTOR } from '../methods/drt';
import { DRT_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { seriesSpectrum } from '../model/spectrum';
import { pointSelection, selectPoints } from './params';

export const DrtParams = z.object({
  lambda: z.number().positive().optional().describe('regularisation weight λ on ‖dγ/d ln τ‖² of the normalised problem; chosen automatically when omitted'),
  select: z
    .enum(['kfold', 'gcv', 'lcurve'])
    .default('kfold')
    .describe('λ rule: 5-fold cross-validation with the one-standard-error rule, generalised cross-validation, or the L-curve corner (triangle method)'),
  inductance: z.boolean().optional().describe('fit a series inductance (default: when any Z″ > 0)'),
  shapeFactor: z
    .number()
    .positive()
    .max(MAX_SHAPE_FACTOR)
    .default(0.5)
    .describe(
      `FWHM coefficient c of the Gaussian basis, FWHM = Δln τ/c (pyDRTtools default 0.5); at most ${MAX_SHAPE_FACTOR}: narrower Gaussians make γ ripple between their centres (5.7 % at c = 1) and split arcs into false peaks`,
    ),
  peakThreshold: z.number().min(0).max(1).default(0.02).describe('minimum peak prominence, fraction of max γ'),
  ...pointSelection,
});

export const drtAnalysis: AnalysisContribution<typeof DrtParams> = {
  id: 'impedance.drt',
  name: 'Distribution of relaxation times',
  description: 'Tikhonov-regularised NNLS on Gaussian RBFs with automatic λ; peaks with τ, frequency and resistance.',
  inputs: { input: { accepts: [SPECTRUM_KIND, SERIES_KIND] } },
  params: DrtParams,
  produces: DRT_KIND,
  views: ['impedance.drt'],
  references: [
    'T. H. Wan, M. Saccoccio, C. Chen, F. Ciucci, Electrochim. Acta 184, 483–499 (2015), doi:10.1016/j.electacta.2015.09.097',
    'L. Breiman, J. Friedman, R. Olshen, C. Stone, Classification and Regression Trees (1984) §3.4.3; T. Hastie, R. Tibshirani, J. Friedman, The Elements of Statistical Learning (2009) §7.10: k-fold CV, one-standard-error rule',
    'A. Maradesa, B. Py, T. H. Wan, M. B. Effat, F. Ciucci, J. Electrochem. Soc. 170, 030502 (2023), doi:10.1149/1945-7111/acbca4: λ selection for the DRT',
    'G. H. Golub, M. Heath, G. Wahba, Technometrics 21, 215 (1979): GCV',
    'P. C. Hansen, SIAM Review 34, 561 (1992): the L-curve; J. L. Castellanos et al., Appl. Numer. Math. 43, 359 (2002): triangle corner',
  ],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const s = selectPoints(seriesSpectrum(input, input.kind === SERIES_KIND ? params.spectrum : 0), params);
    if (s.frequency.length < 5)
      throw new DataError(`the DRT needs at least 5 points, ${s.frequency.length} selected`, { field: 'frequency', expected: '5 or more points' });
    const r = computeDrt(s.frequency, s.Zreal, s.Zimag, {
      ...(params.lambda !== undefined ? { lambda: params.lambda } : {}),
      select: params.select,
      ...(params.inductance !== undefined ? { inductance: params.inductance } : {}),
      shapeFactor: params.shapeFactor,
      peakThreshold: params.peakThreshold,
    });
    if (!r.peaks.length) ctx.warn('no DRT peak above the threshold');
    let ss = 0;
    for (let i = 0; i < s.frequency.length; i++)
      ss += ((s.Zreal[i] as number) - (r.ZrealFit[i] as number)) ** 2 + ((s.Zimag[i] as number) - (r.ZimagFit[i] as number)) ** 2;
    return createDataset({
      kind: DRT_KIND,
      signal: 'gamma',
      coords: { tau: explicitCoord('tau', r.tau, 's', { label: 'relaxation time' }), frequency: explicitCoord('frequency', s.frequency, 'Hz') },
      data: {
        gamma: variable(['tau'], r.gamma, 'Ω', { label: 'γ(ln τ)' }),
        Zreal: variable(['frequency'], s.Zreal, 'Ω'),
        Zimag: variable(['frequency'], s.Zimag, 'Ω'),
        ZrealFit: variable(['frequency'], r.ZrealFit, 'Ω', { label: 'Z′ (DRT)' }),
        ZimagFit: variable(['frequency'], r.ZimagFit, 'Ω', { label: 'Z″ (DRT)' }),
      },
      values: {
        peaks: r.peaks.map((p) => ({
          tau: { value: p.tau, unit: 's' },
          frequency: { value: p.frequency, unit: 'Hz' },
          resistance: { value: p.resistance, unit: 'Ω' },
          gamma: { value: p.gamma, unit: 'Ω' },
          withinData: p.withinData,
        })),
        lambda: r.lambda,
        lambdaSelection: r.lambdaRule,
        Rinf: { value: r.Rinf, unit: 'Ω' },
        L: { value: r.L, unit: 'H' },
        Rpol: { value: r.Rpol, unit: 'Ω' },
        rmse: { value: Math.sqrt(ss / (2 * s.frequency.length)), unit: 'Ω' },
        epsilon: r.epsilon,
        normalisation: { value: r.scale, unit: 'Ω' },
        ...(r.scan
          ? {
              lambdaScan: r.scan.map((c) => ({
                lambda: c.lambda,
                score: Number.isFinite(c.score) ? c.score : null,
                ...(c.stderr !== undefined ? { stderr: c.stderr } : {}),
                ...(c.residualNorm !== undefined ? { residualNorm: c.residualNorm } : {}),
                ...(c.solutionNorm !== undefined ? { solutionNorm: c.solutionNorm } : {}),
              })),
            }
          : {}),
        method:
          'Gaussian RBF (Wan et al. 2015), τ = 1/f collocation, first-derivative penalty λ·xᵀMx (exact Gram of the RBF derivatives, ε > 0), x ≥ 0, Re and Im fitted together, ' +
          'Z divided by max|Z| before solving; λ by 5-fold CV with the one-standard-error rule, GCV or the L-curve corner over 10⁻⁹…10 (3 per decade); ' +
          'peaks: prominence ≥ peakThreshold × the largest γ inside the measured band, resistance = ∫γ d ln τ between the adjacent minima',
      },
    });
  },
};
