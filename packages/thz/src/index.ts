/**
 * @packageDocumentation @ionscope/thz: THz time-domain spectroscopy for ionscope. Readers for
 * time traces and 2-D maps, optical constants of slabs (with Fabry–Pérot echoes), thin-film
 * conductivity, conductivity-model fits, optical-pump/THz-probe kinetics and 2-D nonlinear spectra.
 *
 * Fourier convention: Ẽ(ω) = Σ E(t) e^{+iωt} Δt (fields ∝ e^{−iωt}), so ñ = n + iκ with κ ≥ 0 for
 * absorbing media and σ = σ1 + iσ2 with Drude σ = σ0/(1 − iωτ).
 */
import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { fitModelAnalysis } from './analyses/fit-model';
import { opticalConstantsAnalysis } from './analyses/optical-constants';
import { pumpProbeAnalysis } from './analyses/pump-probe';
import { spectrumAnalysis } from './analyses/spectrum';
import { thinFilmAnalysis } from './analyses/thin-film';
import { twoDSpectrumAnalysis } from './analyses/two-d-spectrum';
import { KIND_DEFINITIONS } from './kinds';
import { readers } from './readers/index';
import { sampleData } from './sample-data';
import { views } from './views/index';

export default definePlugin({
  id: 'thz',
  name: 'THz time-domain spectroscopy',
  version: packageJson.version,
  apiVersion: '^1',
  description: 'THz-TDS: optical constants, thin-film conductivity and models, optical-pump/THz-probe, 2-D nonlinear THz.',
  technique: { label: 'terahertz time-domain spectroscopy' },
  license: 'MIT',
  kinds: KIND_DEFINITIONS,
  readers,
  analyses: [spectrumAnalysis, opticalConstantsAnalysis, thinFilmAnalysis, fitModelAnalysis, pumpProbeAnalysis, twoDSpectrumAnalysis],
  views,
  sampleData,
});

export * from './constants';
export * from './kinds';
export * from './layer-stack';
export * from './map2d';
export * from './readers/index';
export * from './waveform';
