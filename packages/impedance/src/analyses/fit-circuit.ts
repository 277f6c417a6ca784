/**
 * `impedance.fit-circuit`: fits an equivalent circuit (impedance.py string syntax) to a spectrum.
 * Result: `parameters` as `{NAME: {value, stderr, unit}}` with impedance.py's names (`R0`, `C1`,
 * `CPE1_0`, `Wo1_1`...), `chiSquare` (Σ w²|ΔZ|², the unweighted sum of squares for weighting
 * 'unit'), correlations, and the data, model and residuals over frequency.
 */
import { type AnalysisContribution, createDataset, type Dataset, DataError, explicitCoord, type JsonValue, ParamsError, variable, z } from '@ionscope/core';
import { parseCircuit } from '../circuits/parser';
import { type CircuitFitResult, fitCircuit } from '../fitting/fit-circuit';
import { FIT_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { seriesSpectrum } from '../model/spectrum';
import { namedNumbers, numberList, pointSelection, selectPoints } from './params';

export const FitCircuitParams = z.object({
  circuit: z.string().min(1).describe('circuit in impedance.py syntax, e.g. R0-p(R1,C1)-p(R2-Wo1,C2)'),
  initialGuess: numberList.optional().describe('starting values in parameter order; automatic when omitted'),
  weighting: z.enum(['unit', 'modulus', 'proportional']).default('unit').describe('residual weights: none, 1/|Z|, or 1/|Z′| and 1/|Z″|'),
  fixed: namedNumbers.optional().describe('parameters held at a value, e.g. {"R0": 0.015}'),
  bounds: z
    .record(z.string(), z.tuple([z.number(), z.number()]))
    .optional()
    .describe('bounds by parameter name, e.g. {"CPE1_1": [0.5, 1]}'),
  multiStart: z.number().int().min(0).max(100).default(0).describe('extra random starts: positive parameters × 10^u, u uniform in ±spread decades'),
  spread: z.number().positive().max(6).default(1).describe('decades spanned by the random starts'),
  seed: z.number().int().default(1).describe('seed of the random starts (results are reproducible)'),
  ...pointSelection,
});
export type FitCircuitParams = z.output<typeof FitCircuitParams>;

/** The `values` block of a fit result (also used per spectrum by the series fit). */
export function fitValues(fit: CircuitFitResult): Record<string, JsonValue> {
  const parameters: Record<string, JsonValue> = {};
  fit.names.forEach((name, k) => {
    const se = fit.stderr[k] as number;
    parameters[name] = {
      value: fit.values[k] as number,
      stderr: Number.isFinite(se) ? se : null,
      unit: fit.units[k] as string,
      ...(fit.fixed[k] ? { fixed: true } : {}),
    };
  });
  const n = fit.names.length;
  const matrix: JsonValue[] = [];
  for (let a = 0; a < n; a++)
    matrix.push(Array.from({ length: n }, (_, b) => (Number.isFinite(fit.correlation[a * n + b] as number) ? (fit.correlation[a * n + b] as number) : null)));
  return {
    circuit: fit.circuit,
    parameters,
    chiSquare: fit.chiSquare,
    reducedChiSquare: fit.reducedChiSquare,
    dof: fit.dof,
    rmse: { value: fit.rmse, unit: 'Ω' },
    weighting: fit.weighting,
    correlation: { names: fit.names, matrix },
    unidentifiable: fit.unidentifiable,
    atBound: fit.atBound,
    converged: fit.converged,
    initialGuess: Array.from(fit.initialGuess),
    automaticInitialGuess: fit.automaticInitialGuess,
    solver: { reason: fit.reason, iterations: fit.iterations, evaluations: fit.evaluations, conditionNumber: fit.conditionNumber },
    method:
      'complex nonlinear least squares on stacked Re/Im residuals; Levenberg–Marquardt (@ionscope/numerics) in log parameters, Newton refinement; ' +
      'stderr = √diag((JᵀWJ)⁻¹·χ²/dof) as scipy curve_fit; parameter names as impedance.py (element name, or name_k for multi-parameter elements)',
  };
}

/** Warnings for the provenance: parameters the data do not determine, or fits that did not converge. */
export function fitWarnings(fit: CircuitFitResult, warn: (message: string) => void, prefix = ''): void {
  for (const name of fit.unidentifiable) {
    const k = fit.names.indexOf(name);
    warn(
      `${prefix}parameter ${name} is not identifiable from these data (value ${fit.values[k]?.toPrecision(4)}, stderr ${
        Number.isFinite(fit.stderr[k] as number) ? (fit.stderr[k] as number).toPrecision(3) : 'undefined'
      }); fix it, simplify the circuit or widen the frequency range`,
    );
  }
  if (!fit.converged) warn(`${prefix}the fit did not reach a stationary point (${fit.reason})`);
  for (const name of fit.atBound) warn(`${prefix}parameter ${name} ended on a bound`);
}

export const fitCircuitAnalysis: AnalysisContribution<typeof FitCircuitParams> = {
  id: 'impedance.fit-circuit',
  name: 'Equivalent-circuit fit',
  description: 'Complex nonlinear least squares of an equivalent circuit (impedance.py syntax) with weighting, bounds, fixed parameters and standard errors.',
  inputs: { input: { accepts: [SPECTRUM_KIND, SERIES_KIND], description: 'an impedance spectrum (or one spectrum of a series)' } },
  params: FitCircuitParams,
  produces: FIT_KIND,
  views: ['impedance.nyquist-fit', 'impedance.bode', 'impedance.residuals'],
  references: [
    'J. R. Macdonald, J. A. Garber, J. Electrochem. Soc. 124, 1022 (1977): complex nonlinear least squares',
    'B. A. Boukamp, Solid State Ionics 20, 31 (1986): weighting',
    'M. D. Murbach et al., J. Open Source Softw. 5, 2349 (2020): impedance.py (circuit syntax, element definitions)',
    'J. J. Moré, Lecture Notes in Mathematics 630, 105 (1978): Levenberg–Marquardt',
  ],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const all = seriesSpectrum(input, input.kind === SERIES_KIND ? params.spectrum : 0);
    const s = selectPoints(all, params);
    const parsed = parseCircuit(params.circuit);
    if (s.frequency.length * 2 <= parsed.parameters.length) {
      throw new DataError(`${s.frequency.length} points cannot determine ${parsed.parameters.length} parameters`, {
        field: 'frequency',
        expected: `more than ${Math.ceil(parsed.parameters.length / 2)} points in the selected range`,
      });
    }
    let fit: CircuitFitResult;
    try {
      fit = fitCircuit(s.frequency, s.Zreal, s.Zimag, {
        circuit: parsed,
        ...(params.initialGuess ? { initialGuess: params.initialGuess } : {}),
        weighting: params.weighting,
        ...(params.fixed ? { fixed: params.fixed } : {}),
        ...(params.bounds ? { bounds: params.bounds } : {}),
        multiStart: params.multiStart,
        spread: params.spread,
        seed: params.seed,
        signal: ctx.signal,
      });
    } catch (error) {
      if (error instanceof RangeError)
        throw new ParamsError(error.message, { field: 'params', expected: `values for ${parsed.parameters.map((p) => p.name).join(', ')}` });
      throw error;
    }
    fitWarnings(fit, ctx.warn);
    const dims = ['frequency'];
    return createDataset({
      kind: FIT_KIND,
      signal: 'Zreal',
      coords: { frequency: explicitCoord('frequency', s.frequency, 'Hz') },
      data: {
        Zreal: variable(dims, s.Zreal, 'Ω', { label: 'Z′ (data)' }),
        Zimag: variable(dims, s.Zimag, 'Ω', { label: 'Z″ (data)' }),
        ZrealFit: variable(dims, fit.ZrealFit, 'Ω', { label: 'Z′ (fit)' }),
        ZimagFit: variable(dims, fit.ZimagFit, 'Ω', { label: 'Z″ (fit)' }),
        residualReal: variable(dims, fit.residualReal, 'Ω', { label: 'Z′ data − fit' }),
        residualImag: variable(dims, fit.residualImag, 'Ω', { label: 'Z″ data − fit' }),
      },
      values: { ...fitValues(fit), points: s.frequency.length },
      meta: {},
    });
  },
};
