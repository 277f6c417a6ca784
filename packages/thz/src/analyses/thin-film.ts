/**
 * `thz.thin-film`: sheet conductance σ_s(ω) and conductivity σ(ω) of a thin film on a substrate from
 * the film-on-substrate waveform (sample) and the bare-substrate waveform (reference), by the
 * Tinkham thin-film formula (see models/thin-film.ts).
 */
import { type AnalysisContribution, createDataset, type Dataset, type JsonValue, quantityParam, regularCoord, variable, z } from '@ionscope/core';
import { SPEED_OF_LIGHT } from '../constants';
import { pairSpectra } from '../extraction/pair-spectra';
import { KIND } from '../kinds';
import { type SheetResult, tinkhamSheet } from '../models/thin-film';
import { orientPair, pairOptions, timeDomainParams, waveformArrays } from './common';

export const thinFilmParams = z.object({
  substrateIndex: z.number().positive().describe('refractive index of the substrate (e.g. 3.42 for Si, 1.95 for quartz)'),
  ambientIndex: z.number().positive().default(1).describe('index of the medium on the other side of the film'),
  filmThickness: quantityParam('m', { description: 'film thickness, to turn sheet conductance into conductivity', positive: true }).optional(),
  substrateDifference: quantityParam('m', { description: 'sample substrate thicker than the reference substrate by this much (phase correction)' }).default(0),
  ...timeDomainParams,
});

export type ThinFilmParams = z.output<typeof thinFilmParams>;

/** Conductivity dataset (thz.conductivity) from sheet values over a frequency band. */
export function conductivityDataset(
  frequency: Float64Array,
  sheetRe: Float64Array,
  sheetIm: Float64Array,
  sheetStd: Float64Array,
  thickness: number | undefined,
  extraData: Record<string, { values: Float64Array; unit: string; label: string }>,
  values: Record<string, JsonValue>,
): Dataset {
  const m = frequency.length;
  const sq = (a: Float64Array) => a.map((v) => v * v);
  const data: Dataset['data'] = {
    sheet1: variable(['frequency'], sheetRe, 'S', { variances: sq(sheetStd), label: 'sheet conductance Re σ_s' }),
    sheet2: variable(['frequency'], sheetIm, 'S', { variances: sq(sheetStd), label: 'sheet conductance Im σ_s' }),
  };
  if (thickness) {
    data.sigma1 = variable(
      ['frequency'],
      sheetRe.map((v) => v / thickness),
      'S/m',
      { variances: sq(sheetStd.map((v) => v / thickness)), label: 'σ1' },
    );
    data.sigma2 = variable(
      ['frequency'],
      sheetIm.map((v) => v / thickness),
      'S/m',
      { variances: sq(sheetStd.map((v) => v / thickness)), label: 'σ2' },
    );
  }
  for (const [name, v] of Object.entries(extraData)) data[name] = variable(['frequency'], v.values, v.unit, { label: v.label });
  const f0 = frequency[0] as number;
  return createDataset({
    kind: KIND.conductivity,
    signal: thickness ? 'sigma1' : 'sheet1',
    coords: { frequency: regularCoord('frequency', f0, m > 1 ? (frequency[1] as number) - f0 : 0, m, 'THz') },
    data,
    values: { ...values, ...(thickness ? { filmThickness: { value: thickness, unit: 'm' } } : {}) },
  });
}

export const thinFilmAnalysis: AnalysisContribution<typeof thinFilmParams> = {
  id: 'thz.thin-film',
  name: 'Thin-film conductivity (Tinkham)',
  description: 'Sheet conductance and conductivity of a thin film on a substrate from film/substrate and bare-substrate waveforms.',
  inputs: {
    sample: { accepts: [KIND.waveform], description: 'waveform through the film on its substrate' },
    reference: { accepts: [KIND.waveform], description: 'waveform through the bare substrate' },
  },
  params: thinFilmParams,
  produces: KIND.conductivity,
  views: ['thz.conductivity-plot'],
  references: ['M. Tinkham, Phys. Rev. 104, 845 (1956)', 'R. E. Glover, M. Tinkham, Phys. Rev. 108, 243 (1957)'],
  run(inputs, params, ctx) {
    // A conducting film advances the pulse slightly, so only a large lead (> 0.2 ps) counts as a
    // backwards axis here.
    const oriented = orientPair(inputs.reference as Dataset, inputs.sample as Dataset, params.timeAxis, ctx, true, 0.2);
    const s = pairSpectra(waveformArrays(oriented.reference, 'reference'), waveformArrays(oriented.sample, 'sample'), pairOptions(params));
    const m = s.frequency.length;
    const re = new Float64Array(m);
    const im = new Float64Array(m);
    const sd = new Float64Array(m);
    const out: SheetResult = { re: 0, im: 0, sensitivity: 0 };
    const nb = params.substrateIndex;
    const na = params.ambientIndex;
    for (let i = 0; i < m; i++) {
      const w = s.omega[i] as number;
      const mag = Math.exp(s.lnAbsH[i] as number);
      const ph = (s.phase[i] as number) - ((nb - 1) * w * params.substrateDifference) / SPEED_OF_LIGHT;
      tinkhamSheet(mag * Math.cos(ph), mag * Math.sin(ph), na, nb, out);
      re[i] = out.re;
      im[i] = out.im;
      sd[i] = out.sensitivity * Math.sqrt(s.lnHVariance[i] as number);
    }
    const transmission = s.lnAbsH.map(Math.exp);
    return conductivityDataset(
      s.frequency,
      re,
      im,
      sd,
      params.filmThickness,
      {
        transmission: { values: transmission, unit: '', label: '|T| = |E_film/E_substrate|' },
        phase: { values: s.phase, unit: 'rad', label: 'phase of T' },
        dynamicRange: { values: s.bandDynamicRange, unit: '', label: 'reference dynamic range' },
      },
      {
        method: 'Tinkham thin-film formula σ_s = (n_a + n_b)/Z0 · (1/T − 1)',
        substrateIndex: nb,
        ambientIndex: na,
        timeAxis: { reversed: oriented.reversed, peakDelay: { value: oriented.delay, unit: 'ps' } },
        grid: s.gridMethod,
        band: { fMin: { value: s.frequency[0] ?? 0, unit: 'THz' }, fMax: { value: s.frequency[m - 1] ?? 0, unit: 'THz' } },
        noise: { floor: s.dynamicRange.floor, floorFrom: s.dynamicRange.floorFrom },
      },
    );
  },
};
