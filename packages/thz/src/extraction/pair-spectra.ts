/**
 * From a reference/sample pair of traces to the measured transfer function: DC offset, window,
 * one time step for both, zero padding, FFT (e^{+iωt} convention), band selection, reduced-phase
 * unwrapping, dynamic range. Shared by the slab, thin-film and pump–probe analyses.
 */
import { RAD_PER_S_PER_THZ } from '../constants';
import { type DynamicRange, dynamicRangeOf, rmsAmplitude } from '../spectra/dynamic-range';
import { unwrapReducedPhase } from '../spectra/unwrap';
import { onCommonStep } from '../time-domain/grid';
import { type PreparedTrace, prepareTrace } from '../time-domain/preprocess';
import { nextSmooth, type Spectrum, spectralNoiseVariance, spectrumOf, zoomSpectrumOf } from '../time-domain/spectrum';
import type { WindowSpec } from '../time-domain/windows';
import type { WaveformArrays } from '../waveform';

export interface PairOptions {
  offsetPoints: number;
  window: WindowSpec;
  /** Requested frequency step (THz) for zero padding. */
  df: number;
  /** Analysis band (THz); undefined = automatic from the dynamic range. */
  fMin?: number;
  fMax?: number;
  /** Minimum reference dynamic range for the automatic band. */
  minDynamicRange: number;
  /** Low-frequency band (THz) for the phase extrapolation; undefined = automatic. */
  phaseFit?: [number, number];
  /** Noise band (THz) for the spectral floor; undefined = automatic. */
  noiseBand?: [number, number];
  /** Optional dark trace (THz blocked) for the noise floor. */
  dark?: WaveformArrays;
}

export interface PairSpectra {
  reference: PreparedTrace;
  sample: PreparedTrace;
  refSpectrum: Spectrum;
  samSpectrum: Spectrum;
  /** Bins [from, to) of the analysis band. */
  from: number;
  to: number;
  /** Frequency (THz) and ω (rad/s) of the band bins. */
  frequency: Float64Array;
  omega: Float64Array;
  /** ln|H| and unwrapped phase of H over the band. */
  lnAbsH: Float64Array;
  phase: Float64Array;
  /** Variance of Re and of Im of ln H per band bin (noise propagation). */
  lnHVariance: Float64Array;
  dynamicRange: DynamicRange;
  /** DR of the reference over the band. */
  bandDynamicRange: Float64Array;
  phaseOffsetCycles: number;
  gridMethod: string;
  phaseFitBand: [number, number];
  noiseBand: [number, number];
  /** How the spectral noise of each trace was estimated. */
  noiseFrom: { reference: string; sample: string };
}

/** Automatic noise band: the top quarter below Nyquist, but no higher than 15–20 THz. */
/** Re and Im of a prepared trace's natural-resolution spectrum. */
function coarseOf(t: PreparedTrace, dt: number, t0: number): [Float64Array, Float64Array] {
  const c = spectrumOf(t.field, t.time[0] as number, dt, nextSmooth(t.field.length), t0);
  return [c.re, c.im];
}

/** An even 2·3·5-smooth FFT length ≥ n. */
function nextSmoothLength(n: number): number {
  return nextSmooth(n);
}

export function autoNoiseBand(nyquist: number): [number, number] {
  return nyquist <= 26.7 ? [0.75 * nyquist, nyquist] : [15, 20];
}

export function pairSpectra(ref: WaveformArrays, sam: WaveformArrays, options: PairOptions): PairSpectra {
  const grid = onCommonStep(ref, sam);
  const r = prepareTrace(grid.reference.time, grid.reference.field, grid.reference.variance, { offsetPoints: options.offsetPoints, window: options.window });
  const s = prepareTrace(grid.sample.time, grid.sample.field, grid.sample.variance, { offsetPoints: options.offsetPoints, window: options.window });
  const dt = grid.dt;
  const t0 = r.time[0] as number;
  const noiseBand = options.noiseBand ?? autoNoiseBand(0.5 / dt);

  // 1. The reference at its natural resolution (no padding): noise floor, dynamic range, band.
  const coarse = spectrumOf(r.field, t0, dt, nextSmoothLength(r.field.length), t0);
  const cdf = coarse.df;
  const cbins = coarse.re.length;
  let floor: number;
  let floorFrom: string;
  if (options.dark) {
    const dg = onCommonStep(ref, options.dark);
    const d = prepareTrace(dg.sample.time, dg.sample.field, undefined, { offsetPoints: options.offsetPoints, window: options.window });
    const E_d = spectrumOf(d.field, d.time[0] as number, dt, nextSmoothLength(d.field.length), t0);
    const lo = Math.max(1, Math.round((options.fMin ?? 0.1) / E_d.df));
    const hi = Math.min(E_d.re.length, Math.round((options.fMax ?? noiseBand[0]) / E_d.df));
    floor = rmsAmplitude(E_d.re, E_d.im, lo, hi);
    floorFrom = 'dark trace (RMS over the band)';
  } else {
    floor = rmsAmplitude(coarse.re, coarse.im, Math.round(noiseBand[0] / cdf), Math.round(noiseBand[1] / cdf) + 1);
    floorFrom = `reference spectrum RMS amplitude ${noiseBand[0].toFixed(2)}–${noiseBand[1].toFixed(2)} THz`;
  }
  if (!(floor > 0)) floor = Number.MIN_VALUE;
  const coarseDR = dynamicRangeOf(coarse.re, coarse.im, floor, floorFrom);
  let cpeak = 1;
  for (let k = 1; k < cbins; k++) if ((coarseDR.dynamicRange[k] as number) > (coarseDR.dynamicRange[cpeak] as number)) cpeak = k;
  let fLo = options.fMin;
  let fHi = options.fMax;
  if (fLo === undefined) {
    let k = cpeak;
    while (k > 1 && (coarseDR.dynamicRange[k - 1] as number) >= options.minDynamicRange) k--;
    fLo = Math.max(k * cdf, 0.1);
  }
  if (fHi === undefined) {
    let k = cpeak;
    while (k < cbins - 1 && (coarseDR.dynamicRange[k + 1] as number) >= options.minDynamicRange) k++;
    fHi = k * cdf;
  }
  if (!(fHi > fLo)) fHi = fLo + 2 * options.df;

  // 2. Both traces zero padded to Δf exactly, but only from 0 to the top of the band (zoom DFT).
  const df = options.df;
  const fTop = Math.max(fHi, options.phaseFit?.[1] ?? 0);
  const bins = Math.floor(fTop / df + 1e-9) + 2;
  const E_r = zoomSpectrumOf(r.field, t0, dt, df, bins, t0);
  const E_s = zoomSpectrumOf(s.field, s.time[0] as number, dt, df, bins, t0);
  const dynamicRange = dynamicRangeOf(E_r.re, E_r.im, floor, floorFrom);
  let peak = 1;
  for (let k = 1; k < bins; k++) if ((dynamicRange.dynamicRange[k] as number) > (dynamicRange.dynamicRange[peak] as number)) peak = k;
  let from = Math.max(1, Math.ceil(fLo / df - 1e-9));
  let to = Math.min(bins, Math.floor(fHi / df + 1e-9) + 1);
  if (to - from < 2) {
    from = Math.max(1, peak - 1);
    to = Math.min(bins, peak + 2);
  }

  // H = E_s / E_r over [1, to): unwrap with the reduced phase.
  const hRe = new Float64Array(to);
  const hIm = new Float64Array(to);
  for (let k = 0; k < to; k++) {
    const ar = E_s.re[k] as number;
    const ai = E_s.im[k] as number;
    const br = E_r.re[k] as number;
    const bi = E_r.im[k] as number;
    const den = br * br + bi * bi || Number.MIN_VALUE;
    hRe[k] = (ar * br + ai * bi) / den;
    hIm[k] = (ai * br - ar * bi) / den;
  }
  const fitBand: [number, number] = options.phaseFit ?? [from * df, Math.max(from * df + 0.3, Math.min(peak, to - 1) * df)];
  const unwrap = unwrapReducedPhase(E_r.frequency.subarray(0, to), hRe, hIm, {
    delay: s.peakTime - r.peakTime,
    anchor: Math.min(Math.max(peak, from), to - 1),
    fitFrom: Math.max(1, Math.round(fitBand[0] / df)),
    fitTo: Math.min(to, Math.round(fitBand[1] / df) + 1),
  });

  const m = to - from;
  const frequency = new Float64Array(m);
  const omega = new Float64Array(m);
  const lnAbsH = new Float64Array(m);
  const phase = new Float64Array(m);
  const lnHVariance = new Float64Array(m);
  const bandDR = new Float64Array(m);
  // Noise per spectral component (Re or Im): from repeated traces when the waveform has them,
  // else half the squared spectral noise floor of that trace (white noise; the pre-pulse baseline
  // of real traces often holds signal — echoes, precursors — and would overstate it).
  const sampleFloor = options.dark ? floor : rmsAmplitude(...coarseOf(s, dt, t0), Math.round(noiseBand[0] / cdf), Math.round(noiseBand[1] / cdf) + 1);
  const vr = r.noiseFrom === 'repeats' ? spectralNoiseVariance(r.weights, r.noiseVariance, dt) : 0.5 * floor * floor;
  const vs = s.noiseFrom === 'repeats' ? spectralNoiseVariance(s.weights, s.noiseVariance, dt) : 0.5 * sampleFloor * sampleFloor;
  for (let i = 0; i < m; i++) {
    const k = from + i;
    const f = E_r.frequency[k] as number;
    frequency[i] = f;
    omega[i] = RAD_PER_S_PER_THZ * f;
    lnAbsH[i] = 0.5 * Math.log((hRe[k] as number) ** 2 + (hIm[k] as number) ** 2);
    phase[i] = unwrap.phase[k] as number;
    const ar2 = (E_r.re[k] as number) ** 2 + (E_r.im[k] as number) ** 2;
    const as2 = (E_s.re[k] as number) ** 2 + (E_s.im[k] as number) ** 2;
    lnHVariance[i] = vs / as2 + vr / ar2;
    bandDR[i] = dynamicRange.dynamicRange[k] as number;
  }
  return {
    reference: r,
    sample: s,
    refSpectrum: E_r,
    samSpectrum: E_s,
    from,
    to,
    frequency,
    omega,
    lnAbsH,
    phase,
    lnHVariance,
    dynamicRange,
    bandDynamicRange: bandDR,
    phaseOffsetCycles: unwrap.offsetCycles,
    gridMethod: grid.method,
    phaseFitBand: fitBand,
    noiseBand,
    noiseFrom: {
      reference: r.noiseFrom === 'repeats' ? 'variance of the mean of repeated traces' : options.dark ? 'dark-trace spectral floor' : 'spectral noise floor',
      sample: s.noiseFrom === 'repeats' ? 'variance of the mean of repeated traces' : options.dark ? 'dark-trace spectral floor' : 'spectral noise floor',
    },
  };
}
