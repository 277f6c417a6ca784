/** Parameters and helpers shared by the THz analyses (time-domain preparation and spectra). */
import { type AnalysisContext, type Dataset, InputError, ParamsError, quantityParam, z } from '@ionscope/core';
import type { PairOptions } from '../extraction/pair-spectra';
import { looksReversed, peakDelay, reverseTime } from '../time-domain/time-axis';
import { waveformArrays } from '../waveform';

export const timeDomainParams = {
  offsetPoints: z.number().int().min(0).default(20).describe('leading points averaged as the DC offset (0 keeps the offset)'),
  window: z.enum(['none', 'tukey', 'blackman', 'hann', 'asymmetric']).default('none').describe('time-domain window over the gate'),
  gateStart: quantityParam('ps', { description: 'start of the time gate (default: first sample)' }).optional(),
  gateEnd: quantityParam('ps', { description: 'end of the time gate (default: last sample)' }).optional(),
  tukeyAlpha: z.number().min(0).max(1).default(0.2).describe('tapered fraction of a Tukey window'),
  rise: quantityParam('ps', { description: 'asymmetric window: rise time before the pulse', positive: true }).optional(),
  fall: quantityParam('ps', { description: 'asymmetric window: fall time after the pulse', positive: true }).optional(),
  df: quantityParam('THz', { description: 'frequency step after zero padding (at most)', positive: true }).default(0.002),
  fMin: quantityParam('THz', { description: 'lower end of the analysis band (default: from the dynamic range)', min: 0 }).optional(),
  fMax: quantityParam('THz', { description: 'upper end of the analysis band (default: from the dynamic range)', positive: true }).optional(),
  minDynamicRange: z.number().positive().default(30).describe('automatic band: frequencies where the reference dynamic range reaches this'),
  phaseFitMin: quantityParam('THz', { description: 'low-frequency phase extrapolation band start', min: 0 }).optional(),
  phaseFitMax: quantityParam('THz', { description: 'low-frequency phase extrapolation band end', positive: true }).optional(),
  noiseBandMin: quantityParam('THz', { description: 'noise floor band start (default: top of the spectrum)', positive: true }).optional(),
  noiseBandMax: quantityParam('THz', { description: 'noise floor band end', positive: true }).optional(),
  timeAxis: z
    .enum(['auto', 'as-is', 'reversed'])
    .default('auto')
    .describe('auto: mirror both traces when the sample pulse comes clearly before the reference (a backwards delay axis)'),
};

export interface TimeDomainParams {
  offsetPoints: number;
  window: 'none' | 'tukey' | 'blackman' | 'hann' | 'asymmetric';
  gateStart?: number;
  gateEnd?: number;
  tukeyAlpha: number;
  rise?: number;
  fall?: number;
  df: number;
  fMin?: number;
  fMax?: number;
  minDynamicRange: number;
  phaseFitMin?: number;
  phaseFitMax?: number;
  noiseBandMin?: number;
  noiseBandMax?: number;
  timeAxis: 'auto' | 'as-is' | 'reversed';
}

export function pairOptions(p: TimeDomainParams, band?: { fMin?: number; fMax?: number }): PairOptions {
  if (p.fMin !== undefined && p.fMax !== undefined && p.fMin >= p.fMax) {
    throw new ParamsError('fMin must be below fMax', { field: 'params.fMin', expected: `< ${p.fMax} THz`, found: String(p.fMin) });
  }
  const fMin = p.fMin ?? band?.fMin;
  const fMax = p.fMax ?? band?.fMax;
  return {
    offsetPoints: p.offsetPoints,
    window: {
      type: p.window,
      ...(p.gateStart !== undefined ? { start: p.gateStart } : {}),
      ...(p.gateEnd !== undefined ? { end: p.gateEnd } : {}),
      alpha: p.tukeyAlpha,
      ...(p.rise !== undefined ? { rise: p.rise } : {}),
      ...(p.fall !== undefined ? { fall: p.fall } : {}),
    },
    df: p.df,
    ...(fMin !== undefined ? { fMin } : {}),
    ...(fMax !== undefined ? { fMax } : {}),
    minDynamicRange: p.minDynamicRange,
    ...(p.phaseFitMin !== undefined && p.phaseFitMax !== undefined ? { phaseFit: [p.phaseFitMin, p.phaseFitMax] as [number, number] } : {}),
    ...(p.noiseBandMin !== undefined && p.noiseBandMax !== undefined ? { noiseBand: [p.noiseBandMin, p.noiseBandMax] as [number, number] } : {}),
  };
}

/**
 * Applies the time-axis policy to a reference/sample pair (transmission: the sample must not lead).
 * Returns the pair to use and what was done.
 */
export function orientPair(
  reference: Dataset,
  sample: Dataset,
  policy: TimeDomainParams['timeAxis'],
  ctx: AnalysisContext,
  expectDelay = true,
  tolerance?: number,
) {
  const delay = peakDelay(reference, sample);
  let reversed = false;
  let reason = '';
  if (policy === 'reversed') {
    reversed = true;
    reason = 'requested (timeAxis = reversed)';
  } else if (policy === 'auto' && expectDelay && looksReversed(reference, sample, tolerance)) {
    reversed = true;
    reason = `the sample pulse peaks ${(-delay).toFixed(3)} ps before the reference: the delay axis runs backwards`;
    ctx.warn(`time axis reversed automatically: ${reason}`);
  }
  if (reversed) {
    return { reference: reverseTime(reference, reason), sample: reverseTime(sample, reason), reversed, reason, delay: -delay };
  }
  return { reference, sample, reversed, reason, delay };
}

export function requireInput(inputs: Record<string, Dataset>, name: string, analysis: string): Dataset {
  const ds = inputs[name];
  if (!ds) throw new InputError(`${analysis} needs the input "${name}"`, { field: `inputs.${name}`, expected: `--input ${name}=PATH` });
  return ds;
}

export { waveformArrays };
