/**
 * `thz.optical-constants`: complex refractive index, absorption, permittivity and conductivity of a
 * slab (or of the unknown layer of a nelly layer stack) from a sample and a reference waveform.
 */
import { type AnalysisContribution, createDataset, type Dataset, type JsonValue, ParamsError, quantityParam, regularCoord, variable, z } from '@ionscope/core';
import { type ExtractionOptions, extractOpticalConstants, type OpticalConstants } from '../extraction/optical-constants';
import { pairSpectra } from '../extraction/pair-spectra';
import { refineThickness } from '../extraction/thickness';
import { KIND } from '../kinds';
import { type LayerStack, layerStackOf, slabStack } from '../layer-stack';
import { orientPair, pairOptions, timeDomainParams, waveformArrays } from './common';

export const opticalConstantsParams = z.object({
  thickness: quantityParam('m', { description: 'sample thickness (e.g. 450um); taken from the layer stack when one is given', positive: true }).optional(),
  method: z.enum(['fabry-perot', 'no-echo']).default('fabry-perot').describe('fabry-perot: iterative with the echoes inside the window; no-echo: closed form'),
  echoes: z
    .union([z.literal('auto'), z.number().int().min(0)])
    .default('auto')
    .describe('echoes kept in the sample layer (auto: those inside the time window)'),
  echoMargin: quantityParam('ps', { description: 'an echo closer than this to the window end is not counted', min: 0 }).default(0.5),
  thicknessUncertainty: quantityParam('m', {
    description: 'standard uncertainty of the thickness, added in quadrature (δn ≈ (n − 1)δd/d, δα ≈ α δd/d)',
    min: 0,
  }).default(0),
  refineThickness: z.boolean().default(false).describe('refine the thickness by minimising the total variation of n and κ'),
  thicknessRange: z.number().positive().max(0.5).default(0.05).describe('relative search range of the thickness refinement'),
  epsInfinity: z.number().default(1).describe('ε∞ subtracted when converting ε to σ = −iε0ω(ε − ε∞)'),
  ...timeDomainParams,
});

export type OpticalConstantsParams = z.output<typeof opticalConstantsParams>;

const REFERENCES = [
  'L. Duvillaret, F. Garet, J.-L. Coutaz, IEEE J. Sel. Top. Quantum Electron. 2, 739 (1996)',
  'I. Pupeza, R. Wilk, M. Koch, Opt. Express 15, 4335 (2007)',
  'P. U. Jepsen, J. Infrared Millim. Terahertz Waves 40, 395 (2019) (reduced-phase unwrapping)',
  'P. U. Jepsen, B. M. Fischer, Opt. Lett. 30, 29 (2005) (dynamic range, α_max)',
];

function stackFrom(inputs: Record<string, Dataset>, params: OpticalConstantsParams): { stack: LayerStack; band?: { fMin?: number; fMax?: number } } {
  const layers = inputs.layers;
  if (layers) {
    let stack = layerStackOf(layers);
    if (params.thickness !== undefined) {
      stack = { ...stack, sample: stack.sample.map((l, i) => (i === stack.unknown ? { ...l, thickness: params.thickness as number } : l)) };
    }
    const band = layers.values?.band as { fMin?: { value: number }; fMax?: { value: number } } | undefined;
    return { stack, band: { ...(band?.fMin ? { fMin: band.fMin.value } : {}), ...(band?.fMax ? { fMax: band.fMax.value } : {}) } };
  }
  if (params.thickness === undefined) {
    throw new ParamsError('the sample thickness is needed', { field: 'params.thickness', expected: 'a length such as 450um (or --input layers=input.json)' });
  }
  return { stack: slabStack(params.thickness) };
}

export function opticalConstantsDataset(o: OpticalConstants, values: Record<string, JsonValue>): Dataset {
  const m = o.frequency.length;
  const sq = (a: Float64Array) => a.map((v) => v * v);
  const unreliable = new Uint8Array(m);
  for (let i = 0; i < m; i++) if (!o.converged[i] || (o.alpha[i] as number) > (o.alphaMax[i] as number)) unreliable[i] = 1;
  const f0 = o.frequency[0] as number;
  const df = m > 1 ? (o.frequency[1] as number) - f0 : 0;
  const h = o.spectra;
  const transmission = new Float64Array(m);
  for (let i = 0; i < m; i++) transmission[i] = Math.exp(h.lnAbsH[i] as number);
  return createDataset({
    kind: KIND.opticalConstants,
    signal: 'n',
    coords: { frequency: regularCoord('frequency', f0, df, m, 'THz') },
    data: {
      n: variable(['frequency'], o.n, '', { variances: sq(o.nStd), label: 'refractive index n' }),
      kappa: variable(['frequency'], o.kappa, '', { variances: sq(o.kappaStd), label: 'extinction coefficient κ' }),
      alpha: variable(['frequency'], o.alpha, 'cm^-1', { variances: sq(o.alphaStd), label: 'absorption coefficient α' }),
      alphaMax: variable(['frequency'], o.alphaMax, 'cm^-1', { label: 'largest measurable α' }),
      dynamicRange: variable(['frequency'], o.dynamicRange, '', { label: 'reference dynamic range' }),
      eps1: variable(['frequency'], o.eps1, '', {
        variances: sq(o.sigmaStd.map((s, i) => s / (8.8541878128e-12 * 2 * Math.PI * 1e12 * (o.frequency[i] as number)))),
        label: 'ε1',
      }),
      eps2: variable(['frequency'], o.eps2, '', {
        variances: sq(o.sigmaStd.map((s, i) => s / (8.8541878128e-12 * 2 * Math.PI * 1e12 * (o.frequency[i] as number)))),
        label: 'ε2',
      }),
      sigma1: variable(['frequency'], o.sigma1, 'S/m', { variances: sq(o.sigmaStd), label: 'σ1' }),
      sigma2: variable(['frequency'], o.sigma2, 'S/m', { variances: sq(o.sigmaStd), label: 'σ2' }),
      transmission: variable(['frequency'], transmission, '', { label: '|H| = |E_sample/E_reference|' }),
      phase: variable(['frequency'], h.phase, 'rad', { label: 'unwrapped phase of H' }),
    },
    masks: { unreliable: { dims: ['frequency'], values: unreliable, reason: 'not converged, or α above α_max (Jepsen & Fischer 2005)' } },
    values,
  });
}

/**
 * Adds the thickness uncertainty in quadrature: to first order ñ − 1 ∝ 1/d at fixed phase, so
 * δn = (n − 1)δd/d and δκ = κ δd/d (δα = α δd/d); σ follows from ε = ñ².
 */
function addThicknessUncertainty(o: OpticalConstants, sd: number): void {
  const rel = sd / o.thickness;
  for (let i = 0; i < o.n.length; i++) {
    const dn = ((o.n[i] as number) - 1) * rel;
    const dk = (o.kappa[i] as number) * rel;
    o.nStd[i] = Math.hypot(o.nStd[i] as number, dn);
    o.kappaStd[i] = Math.hypot(o.kappaStd[i] as number, dk);
    o.alphaStd[i] = Math.hypot(o.alphaStd[i] as number, (o.alpha[i] as number) * rel);
    const w = 2 * Math.PI * 1e12 * (o.frequency[i] as number);
    const dEps = 2 * Math.hypot(o.n[i] as number, o.kappa[i] as number) * Math.hypot(dn, dk);
    o.sigmaStd[i] = Math.hypot(o.sigmaStd[i] as number, 8.8541878128e-12 * w * dEps);
  }
}

export const opticalConstantsAnalysis: AnalysisContribution<typeof opticalConstantsParams> = {
  id: 'thz.optical-constants',
  name: 'Optical constants of a slab (n, κ, α, ε, σ)',
  description:
    'Transfer function of sample vs reference → complex index per frequency (Newton on the Fabry–Pérot model with the echoes inside the window, or the closed-form no-echo solution), with noise-propagated uncertainties, dynamic range and α_max. Backwards delay axes are detected and fixed.',
  inputs: {
    sample: { accepts: [KIND.waveform], description: 'waveform through the sample' },
    reference: { accepts: [KIND.waveform], description: 'waveform without the sample (air)' },
    layers: { accepts: [KIND.layerStack], optional: true, description: 'nelly input JSON: thickness and layer stack' },
    dark: { accepts: [KIND.waveform], optional: true, description: 'trace with the THz beam blocked (noise floor)' },
  },
  params: opticalConstantsParams,
  produces: KIND.opticalConstants,
  views: ['thz.optical-constants-plot', 'thz.transfer-plot'],
  references: REFERENCES,
  run(inputs, params, ctx) {
    const { stack, band } = stackFrom(inputs, params);
    const oriented = orientPair(inputs.reference as Dataset, inputs.sample as Dataset, params.timeAxis, ctx);
    const options: ExtractionOptions = {
      ...pairOptions(params, band),
      ...(inputs.dark ? { dark: waveformArrays(inputs.dark, 'dark') } : {}),
      stack,
      method: params.method,
      echoes: params.echoes,
      echoMargin: params.echoMargin,
      epsInfinity: params.epsInfinity,
      signal: ctx.signal,
    };
    const ref = waveformArrays(oriented.reference, 'reference');
    const sam = waveformArrays(oriented.sample, 'sample');
    let result: OpticalConstants;
    let thicknessValue: Record<string, JsonValue> = {
      value: stack.sample[stack.unknown]?.thickness ?? 0,
      unit: 'm',
      ...(params.thicknessUncertainty > 0 ? { stderr: params.thicknessUncertainty } : {}),
    };
    let refinement: JsonValue = null;
    if (params.refineThickness) {
      const spectra = pairSpectra(ref, sam, options);
      const r = refineThickness(spectra, options, params.thicknessRange);
      result = r.result;
      thicknessValue = { value: r.thickness, unit: 'm', nominal: thicknessValue.value as number };
      refinement = {
        method: 'total variation of n and κ',
        totalVariation: r.totalVariation,
        scan: r.scan.map((s) => ({ thickness: s.thickness, totalVariation: s.totalVariation })),
      };
    } else {
      result = extractOpticalConstants(ref, sam, options);
    }
    if (params.thicknessUncertainty > 0) addThicknessUncertainty(result, params.thicknessUncertainty);
    const notConverged = result.converged.length - result.converged.reduce((a, b) => a + b, 0);
    if (notConverged) ctx.warn(`${notConverged} of ${result.converged.length} frequencies did not converge (masked)`);
    const above = result.alpha.reduce((c, a, i) => c + (a > (result.alphaMax[i] as number) ? 1 : 0), 0);
    if (above) ctx.warn(`α exceeds α_max at ${above} frequencies (masked as unreliable)`);
    const s = result.spectra;
    return opticalConstantsDataset(result, {
      thickness: thicknessValue,
      method: params.method === 'fabry-perot' ? 'Fabry–Pérot model with the echoes inside the window, Newton per frequency' : 'closed-form no-echo extraction',
      echoes: result.echoes.map((k) => (Number.isFinite(k) ? k : 'all')),
      layers: stack.sample.map((l) => l.name),
      unknownLayer: stack.sample[stack.unknown]?.name ?? 'sample',
      timeAxis: { reversed: oriented.reversed, ...(oriented.reason ? { reason: oriented.reason } : {}), peakDelay: { value: oriented.delay, unit: 'ps' } },
      grid: s.gridMethod,
      fft: { nfft: s.refSpectrum.nfft, df: { value: s.refSpectrum.df, unit: 'THz' }, convention: 'E(ω) = Σ E(t) e^{+iωt} Δt; ñ = n + iκ, κ ≥ 0 absorbs' },
      band: { fMin: { value: s.frequency[0] ?? 0, unit: 'THz' }, fMax: { value: s.frequency[s.frequency.length - 1] ?? 0, unit: 'THz' } },
      phaseUnwrapping: {
        method: 'reduced phase (Jepsen 2019)',
        offsetCycles: s.phaseOffsetCycles,
        fitBand: { from: s.phaseFitBand[0], to: s.phaseFitBand[1], unit: 'THz' },
      },
      noise: {
        note: 'uncertainties propagate the measured noise (and the thickness uncertainty when given); alignment, drift and model errors are not included',
        floor: s.dynamicRange.floor,
        floorFrom: s.dynamicRange.floorFrom,
        uncertainty: s.noiseFrom as unknown as JsonValue,
      },
      maxDynamicRange: Math.max(...s.bandDynamicRange),
      convergence: { converged: result.converged.length - notConverged, total: result.converged.length, evaluations: result.iterations },
      ...(refinement ? { thicknessRefinement: refinement } : {}),
    });
  },
};
