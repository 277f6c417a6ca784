import type { KindDefinition } from '@ionscope/core';

/** Dataset kinds of the THz plugin. Units: time in ps, frequency in THz, field in a.u. */
export const KIND = {
  waveform: 'thz.waveform',
  map2d: 'thz.map2d',
  layerStack: 'thz.layer-stack',
  spectrum: 'thz.spectrum',
  opticalConstants: 'thz.optical-constants',
  conductivity: 'thz.conductivity',
  modelFit: 'thz.model-fit',
  pumpProbe: 'thz.pump-probe',
  spectrum2d: 'thz.spectrum2d',
} as const;

export const KIND_DEFINITIONS: KindDefinition[] = [
  {
    id: KIND.waveform,
    description:
      'A THz time-domain trace: `field` (a.u.) over dim `time` (ps, increasing, true causal order). Repeated traces in one file become their mean with `variances` = variance of the mean; the raw repeats are kept in `traces` (dims trace × time). `values.timeAxis` records any reordering or reversal.',
  },
  {
    id: KIND.map2d,
    description:
      'A 2-D THz map: `field` (a.u.) over dims `delay` (pump–probe or excitation delay, ps) × `time` (THz gate time, ps). Used for optical-pump/THz-probe scans and 2-D nonlinear THz.',
  },
  {
    id: KIND.layerStack,
    description:
      'A multilayer description (nelly input JSON): `values.sample` and optional `values.reference` are lists of layers from the incidence side, each {name, thickness (m), n: number | {re, im} | "solve"}; no data arrays.',
  },
  {
    id: KIND.spectrum,
    description: 'Amplitude and unwrapped phase of a waveform over dim `frequency` (THz), with the noise floor and dynamic range.',
  },
  {
    id: KIND.opticalConstants,
    description:
      'Complex refractive index n + iκ (κ ≥ 0 absorbs), α (cm⁻¹), ε = ε1 + iε2 and σ = σ1 + iσ2 (S/m) over dim `frequency` (THz), with uncertainties (variances), dynamic range and the largest measurable α (alphaMax).',
  },
  {
    id: KIND.conductivity,
    description:
      'Complex (sheet) conductivity over dim `frequency` (THz): `sigma1`, `sigma2` in S/m and `sheet1`, `sheet2` in S, with variances; for photoconductivity a `delay` dim may be present.',
  },
  {
    id: KIND.modelFit,
    description: 'A conductivity/permittivity model fitted to a spectrum: parameters with standard errors, derived quantities, the model curve and residuals.',
  },
  {
    id: KIND.pumpProbe,
    description:
      'Optical-pump/THz-probe result: `dEoverE` over dim `delay` (ps) with its kinetics fit (exponentials ⊗ Gaussian IRF) and the photoconductivity `sheet1`/`sheet2` (S), `sigma1`/`sigma2` (S/m) over (delay × frequency).',
  },
  {
    id: KIND.spectrum2d,
    description: '2-D Fourier magnitude of the nonlinear signal over dims `excitationFrequency` × `detectionFrequency` (THz) with picked peaks.',
  },
];
