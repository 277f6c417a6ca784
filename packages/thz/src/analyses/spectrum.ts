/**
 * `thz.spectrum`: amplitude and phase spectrum of one waveform with its noise floor and dynamic
 * range (Jepsen & Fischer 2005) — the first look at a measurement's usable band.
 */
import { type AnalysisContribution, createDataset, type Dataset, quantityParam, regularCoord, variable, z } from '@ionscope/core';
import { autoNoiseBand } from '../extraction/pair-spectra';
import { KIND } from '../kinds';
import { rmsAmplitude } from '../spectra/dynamic-range';
import { unwrapReducedPhase } from '../spectra/unwrap';
import { prepareTrace } from '../time-domain/preprocess';
import { paddedLength, spectrumOf } from '../time-domain/spectrum';
import { pairOptions, timeDomainParams, waveformArrays } from './common';

export const spectrumParams = z.object({
  ...timeDomainParams,
  fMaxOutput: quantityParam('THz', { description: 'highest frequency kept in the result', positive: true }).default(15),
});

export const spectrumAnalysis: AnalysisContribution<typeof spectrumParams> = {
  id: 'thz.spectrum',
  name: 'Amplitude spectrum and dynamic range',
  description: 'FFT of one waveform (e^{+iωt} convention) with the noise floor, the dynamic range and the usable band.',
  inputs: { input: { accepts: [KIND.waveform] } },
  params: spectrumParams,
  produces: KIND.spectrum,
  views: ['thz.spectrum-plot'],
  references: ['P. U. Jepsen, B. M. Fischer, Opt. Lett. 30, 29 (2005)'],
  run(inputs, params) {
    const w = waveformArrays(inputs.input as Dataset);
    const opts = pairOptions(params);
    const t = prepareTrace(w.time, w.field, w.variance, { offsetPoints: opts.offsetPoints, window: opts.window });
    const nfft = paddedLength(w.time.length, w.dt, opts.df);
    const s = spectrumOf(t.field, w.time[0] as number, w.dt, nfft, t.peakTime);
    const nyquist = (s.re.length - 1) * s.df;
    const band = opts.noiseBand ?? autoNoiseBand(nyquist);
    const floor = rmsAmplitude(s.re, s.im, Math.round(band[0] / s.df), Math.round(band[1] / s.df) + 1);
    const m = Math.min(s.re.length, Math.floor(Math.min(nyquist, params.fMaxOutput) / s.df) + 1);
    const amp = new Float64Array(m);
    let max = 0;
    for (let k = 0; k < m; k++) {
      amp[k] = Math.hypot(s.re[k] as number, s.im[k] as number);
      if ((amp[k] as number) > max) max = amp[k] as number;
    }
    const dr = amp.map((a) => a / floor);
    let peak = 0;
    for (let k = 0; k < m; k++) if ((amp[k] as number) > (amp[peak] as number)) peak = k;
    // Phase relative to the pulse peak (t0 = peak time), unwrapped outward from the spectral maximum.
    const ph = unwrapReducedPhase(s.frequency.subarray(0, m), s.re.subarray(0, m), s.im.subarray(0, m), {
      delay: 0,
      anchor: peak,
      fitFrom: 1,
      fitTo: Math.max(2, peak),
    });
    let lo = peak;
    let hi = peak;
    while (lo > 1 && (dr[lo - 1] as number) >= opts.minDynamicRange) lo--;
    while (hi < m - 1 && (dr[hi + 1] as number) >= opts.minDynamicRange) hi++;
    return createDataset({
      kind: KIND.spectrum,
      signal: 'amplitude',
      coords: { frequency: regularCoord('frequency', 0, s.df, m, 'THz') },
      data: {
        amplitude: variable(['frequency'], amp, `${inputs.input?.data.field?.unit ?? 'a.u.'} ps`, { label: '|E(ν)|' }),
        amplitudeDb: variable(
          ['frequency'],
          amp.map((a) => 20 * Math.log10(a / max)),
          'dB',
          { label: 'amplitude re maximum' },
        ),
        phase: variable(['frequency'], ph.phase, 'rad', { label: 'phase relative to the pulse peak' }),
        dynamicRange: variable(['frequency'], dr, '', { label: 'dynamic range' }),
      },
      values: {
        peakFrequency: { value: peak * s.df, unit: 'THz' },
        peakTime: { value: t.peakTime, unit: 'ps' },
        maxDynamicRange: Math.max(...dr),
        noiseFloorDb: 20 * Math.log10(floor / max),
        noiseBand: { from: band[0], to: band[1], unit: 'THz' },
        minDynamicRange: opts.minDynamicRange,
        usableBand: { from: lo * s.df, to: hi * s.df, unit: 'THz' },
        fft: { nfft, df: { value: s.df, unit: 'THz' }, convention: 'E(ω) = Σ E(t) e^{+iω(t − t_peak)} Δt' },
      },
    });
  },
};
