/**
 * `impedance.fit-series`: fits the same circuit to every spectrum of a series (the cycles of an
 * .mpt, an operando sequence), each fit starting from the previous one's result (warm start), so
 * parameters can be followed against time, cycle or state of charge. Result: one variable per
 * parameter over dim `spectrum` (stderr as variances), `chiSquare`, with the series' `time` and
 * `cycle` coordinates.
 */
import { type AnalysisContribution, createDataset, type Dataset, explicitCoord, type JsonValue, variable, z } from '@ionscope/core';
import { parseCircuit } from '../circuits/parser';
import { type CircuitFitResult, fitCircuit } from '../fitting/fit-circuit';
import { SERIES_FIT_KIND, SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { seriesSpectrum, spectrumCount } from '../model/spectrum';
import { fitWarnings } from './fit-circuit';
import { namedNumbers, numberList, selectPoints } from './params';
import { quantityParam } from '@ionscope/core';

export const FitSeriesParams = z.object({
  circuit: z.string().min(1).describe('circuit in impedance.py syntax'),
  initialGuess: numberList.optional().describe('starting values for the first spectrum; automatic when omitted'),
  weighting: z.enum(['unit', 'modulus', 'proportional']).default('unit'),
  fixed: namedNumbers.optional(),
  bounds: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
  warmStart: z.boolean().default(true).describe("start each fit from the previous spectrum's result"),
  fMin: quantityParam('Hz', { positive: true }).optional(),
  fMax: quantityParam('Hz', { positive: true }).optional(),
  excludeInductive: z.boolean().default(false),
});

export const fitSeriesAnalysis: AnalysisContribution<typeof FitSeriesParams> = {
  id: 'impedance.fit-series',
  name: 'Equivalent-circuit fit of a series (operando)',
  description: 'Fits one circuit to every spectrum of a series with warm starts; parameters against spectrum index, time and cycle.',
  inputs: { input: { accepts: [SERIES_KIND, SPECTRUM_KIND] } },
  params: FitSeriesParams,
  produces: SERIES_FIT_KIND,
  views: ['impedance.parameters-series'],
  references: ['M. D. Murbach et al., J. Open Source Softw. 5, 2349 (2020)'],
  run(inputs, params, ctx) {
    const input = inputs.input as Dataset;
    const parsed = parseCircuit(params.circuit);
    const count = spectrumCount(input);
    const n = parsed.parameters.length;
    const values = parsed.parameters.map(() => new Float64Array(count).fill(Number.NaN));
    const variances = parsed.parameters.map(() => new Float64Array(count).fill(Number.NaN));
    const chi = new Float64Array(count).fill(Number.NaN);
    const converged: boolean[] = [];
    let previous: Float64Array | undefined = params.initialGuess ? Float64Array.from(params.initialGuess) : undefined;
    let last: CircuitFitResult | undefined;
    for (let k = 0; k < count; k++) {
      ctx.signal.throwIfAborted();
      const s = selectPoints(seriesSpectrum(input, k), params);
      if (s.frequency.length * 2 <= n) {
        ctx.warn(`spectrum ${k}: ${s.frequency.length} points in range, too few for ${n} parameters; skipped`);
        converged.push(false);
        continue;
      }
      const fit = fitCircuit(s.frequency, s.Zreal, s.Zimag, {
        circuit: parsed,
        ...(previous ? { initialGuess: previous } : {}),
        weighting: params.weighting,
        ...(params.fixed ? { fixed: params.fixed } : {}),
        ...(params.bounds ? { bounds: params.bounds } : {}),
        signal: ctx.signal,
      });
      fitWarnings(fit, ctx.warn, `spectrum ${k}: `);
      for (let j = 0; j < n; j++) {
        (values[j] as Float64Array)[k] = fit.values[j] as number;
        (variances[j] as Float64Array)[k] = (fit.stderr[j] as number) ** 2;
      }
      chi[k] = fit.chiSquare;
      converged.push(fit.converged);
      // Warm-start only from a sound fit: a degenerate one (a parameter on a bound, or one the data do
      // not determine) would drag every later spectrum into the same corner.
      if (params.warmStart && fit.converged && !fit.unidentifiable.length && !fit.atBound.length) previous = fit.values;
      last = fit;
      ctx.progress((k + 1) / count, `spectrum ${k + 1} of ${count}`);
    }
    const data: Dataset['data'] = {};
    parsed.parameters.forEach((p, j) => {
      data[p.name] = variable(['spectrum'], values[j] as Float64Array, p.unit, {
        variances: variances[j] as Float64Array,
        label: `${p.name} (${p.description})`,
      });
    });
    data.chiSquare = variable(['spectrum'], chi, '', { label: 'χ²' });
    const coords: Dataset['coords'] = {
      spectrum: explicitCoord(
        'spectrum',
        Float64Array.from({ length: count }, (_, i) => i),
        '',
      ),
    };
    if (input.kind === SERIES_KIND) {
      if (input.coords.time) coords.time = input.coords.time;
      if (input.coords.cycle) coords.cycle = input.coords.cycle;
    }
    const summary: Record<string, JsonValue> = {
      circuit: parsed.text,
      spectra: count,
      converged: converged.filter(Boolean).length,
      weighting: params.weighting,
      warmStart: params.warmStart,
      parameterUnits: Object.fromEntries(parsed.parameters.map((p) => [p.name, p.unit])),
      ...(last ? { lastSolver: last.reason } : {}),
    };
    return createDataset({ kind: SERIES_FIT_KIND, signal: parsed.parameters[0]?.name, data, coords, values: summary });
  },
};
