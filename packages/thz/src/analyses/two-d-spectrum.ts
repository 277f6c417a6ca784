/**
 * `thz.2d-spectrum`: 2-D nonlinear THz spectroscopy (Elsaesser, Reimann & Woerner, "Concepts and
 * Applications of Nonlinear Terahertz Spectroscopy", 2019; Kuehn et al., J. Phys. Chem. B 115,
 * 5448 (2011)). From the field transmitted with both pulses, E_AB(τ, t), and with each pulse alone,
 * E_A and E_B, the nonlinear signal is E_NL = E_AB − E_A − E_B. Its 2-D Fourier transform over the
 * excitation delay τ and the detection time t,
 *     S(ν_τ, ν_t) = Σ_τ Σ_t E_NL(τ, t) e^{+2πi(ν_τ τ + ν_t t)} Δτ Δt,
 * shows each nonlinear pathway as a peak: a component cos(2π(f_τ τ + f_t t)) appears at
 * (ν_τ, ν_t) = (f_τ, f_t). Only ν_t ≥ 0 is kept (E_NL is real); ν_τ runs over both signs
 * (rephasing and non-rephasing pathways).
 */
import { type AnalysisContribution, createDataset, type Dataset, DataError, type JsonValue, regularCoord, variable, z } from '@ionscope/core';
import { FFT2D, nextPowerOfTwo } from '@ionscope/numerics';
import { KIND } from '../kinds';
import { map2dArrays } from '../map2d';
import { findPeaks2d } from '../spectra/peaks2d';
import { waveformArrays } from '../waveform';

export const twoDSpectrumParams = z.object({
  window: z.enum(['none', 'hann']).default('hann').describe('window applied along both axes before the transform'),
  padFactor: z.number().int().min(1).max(8).default(2).describe('zero padding: transform size = next power of two ≥ padFactor × samples'),
  threshold: z.number().min(0).max(1).default(0.1).describe('peaks below this fraction of the map maximum are ignored'),
  maxPeaks: z.number().int().min(1).max(100).default(12),
  minDetectionFrequency: z.number().min(0).default(0.05).describe('ignore peaks below this detection frequency (THz): DC residue'),
});

export type TwoDSpectrumParams = z.output<typeof twoDSpectrumParams>;

interface Field2d {
  nDelay: number;
  nTime: number;
  delay: Float64Array;
  time: Float64Array;
  field: Float64Array;
}

function asField(ds: Dataset, name: string, shape?: Field2d): Field2d {
  if (ds.kind === KIND.map2d) {
    const m = map2dArrays(ds, name);
    return { nDelay: m.nDelay, nTime: m.nTime, delay: m.delay, time: m.time, field: m.field };
  }
  if (!shape) throw new DataError(`${name} must be a 2-D map`, { field: `inputs.${name}`, expected: KIND.map2d });
  // A single trace (a pulse that does not move with τ) is the same at every delay.
  const w = waveformArrays(ds, name);
  if (w.time.length !== shape.nTime) throw new DataError(`${name} has ${w.time.length} time points, the map ${shape.nTime}`, { field: `inputs.${name}` });
  const field = new Float64Array(shape.nDelay * shape.nTime);
  for (let j = 0; j < shape.nDelay; j++) field.set(w.field, j * shape.nTime);
  return { ...shape, field };
}

function uniformStep(values: Float64Array, what: string): number {
  const n = values.length;
  const step = ((values[n - 1] as number) - (values[0] as number)) / (n - 1);
  for (let i = 1; i < n; i++) {
    const d = (values[i] as number) - (values[i - 1] as number);
    if (!(Math.abs(d - step) <= 1e-3 * Math.abs(step))) {
      throw new DataError(`the ${what} axis is not uniformly spaced`, {
        field: what,
        expected: 'a uniform grid for the 2-D Fourier transform',
        found: `step ${d} vs mean ${step}`,
      });
    }
  }
  return step;
}

/** The 2-D magnitude spectrum of a real (delay × time) map: rows = ν_τ (shifted, ascending), cols = ν_t ≥ 0. */
export function spectrum2d(
  field: Float64Array,
  nDelay: number,
  nTime: number,
  dTau: number,
  dt: number,
  params: Pick<TwoDSpectrumParams, 'window' | 'padFactor'>,
) {
  const rows = nextPowerOfTwo(params.padFactor * nDelay);
  const cols = nextPowerOfTwo(params.padFactor * nTime);
  const re = new Float64Array(rows * cols);
  const im = new Float64Array(rows * cols);
  const hann = (i: number, n: number) => (params.window === 'hann' && n > 1 ? 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)) : 1);
  const wt = Float64Array.from({ length: nTime }, (_, i) => hann(i, nTime));
  for (let j = 0; j < nDelay; j++) {
    const wj = hann(j, nDelay);
    for (let i = 0; i < nTime; i++) re[j * cols + i] = (field[j * nTime + i] as number) * wj * (wt[i] as number);
  }
  // Separate output buffers: numerics' FFT2D corrupts in-place transforms of rows ≥ 128 long
  // (its in-place check compares array objects, not the subarray views FFT2D passes).
  const outRe = new Float64Array(rows * cols);
  const outIm = new Float64Array(rows * cols);
  new FFT2D(rows, cols).transform(re, im, outRe, outIm);
  const half = cols / 2 + 1;
  const magnitude = new Float64Array(rows * half);
  const scale = Math.abs(dTau * dt);
  for (let k = 0; k < rows; k++) {
    // For real input S = conj(X) of the numerics (e^{−}) transform, so |S_{k,l}| = |X_{k,l}|.
    const dst = (k + rows / 2) % rows; // fftshift along ν_τ
    for (let l = 0; l < half; l++) {
      magnitude[dst * half + l] = Math.hypot(outRe[k * cols + l] as number, outIm[k * cols + l] as number) * scale;
    }
  }
  const dNuTau = 1 / (rows * dTau);
  const dNuT = 1 / (cols * dt);
  return { magnitude, rows, cols: half, nuTauStart: -(rows / 2) * dNuTau, dNuTau, dNuT };
}

export const twoDSpectrumAnalysis: AnalysisContribution<typeof twoDSpectrumParams> = {
  id: 'thz.2d-spectrum',
  name: '2-D nonlinear THz spectrum',
  description: 'E_NL = E_AB − E_A − E_B, its 2-D Fourier magnitude over (excitation, detection) frequency, and the peaks on the map.',
  inputs: {
    input: { accepts: [KIND.map2d], description: 'E_AB(τ, t): both pulses' },
    pulseA: { accepts: [KIND.map2d, KIND.waveform], description: 'E_A: pulse A alone (map, or one trace if it does not move with τ)' },
    pulseB: { accepts: [KIND.map2d, KIND.waveform], description: 'E_B: pulse B alone' },
  },
  params: twoDSpectrumParams,
  produces: KIND.spectrum2d,
  views: ['thz.2d-map'],
  references: [
    'T. Elsaesser, K. Reimann, M. Woerner, Concepts and Applications of Nonlinear Terahertz Spectroscopy (Morgan & Claypool, 2019)',
    'W. Kuehn, K. Reimann, M. Woerner, T. Elsaesser, R. Hey, J. Phys. Chem. B 115, 5448 (2011)',
  ],
  run(inputs, params, ctx) {
    const ab = asField(inputs.input as Dataset, 'input');
    const a = asField(inputs.pulseA as Dataset, 'pulseA', ab);
    const b = asField(inputs.pulseB as Dataset, 'pulseB', ab);
    for (const [name, f] of [
      ['pulseA', a],
      ['pulseB', b],
    ] as const) {
      if (f.nDelay !== ab.nDelay || f.nTime !== ab.nTime) {
        throw new DataError(`${name} is ${f.nDelay}×${f.nTime}, E_AB is ${ab.nDelay}×${ab.nTime}`, {
          field: `inputs.${name}`,
          expected: 'maps on the same (delay, time) grid',
        });
      }
    }
    const dTau = uniformStep(ab.delay, 'delay');
    const dt = uniformStep(ab.time, 'time');
    const n = ab.nDelay * ab.nTime;
    const nl = new Float64Array(n);
    for (let i = 0; i < n; i++) nl[i] = (ab.field[i] as number) - (a.field[i] as number) - (b.field[i] as number);
    ctx.progress(0.3, '2-D Fourier transform');
    const s = spectrum2d(nl, ab.nDelay, ab.nTime, dTau, dt, params);
    let max = 0;
    for (const v of s.magnitude) if (v > max) max = v;
    const peaks = findPeaks2d(s.magnitude, s.rows, s.cols, {
      threshold: params.threshold * max,
      maxPeaks: params.maxPeaks,
      colFrom: Math.ceil(params.minDetectionFrequency / s.dNuT),
    });
    if (!peaks.length) ctx.warn('no peak above the threshold on the 2-D map');
    return createDataset({
      kind: KIND.spectrum2d,
      signal: 'magnitude',
      coords: {
        excitationFrequency: regularCoord('excitationFrequency', s.nuTauStart, s.dNuTau, s.rows, 'THz', { label: 'ν_τ (excitation)' }),
        detectionFrequency: regularCoord('detectionFrequency', 0, s.dNuT, s.cols, 'THz', { label: 'ν_t (detection)' }),
        delay: regularCoord('delay', ab.delay[0] as number, dTau, ab.nDelay, 'ps'),
        time: regularCoord('time', ab.time[0] as number, dt, ab.nTime, 'ps'),
      },
      data: {
        magnitude: variable(['excitationFrequency', 'detectionFrequency'], s.magnitude, 'a.u.', { shape: [s.rows, s.cols], label: '|S(ν_τ, ν_t)|' }),
        nonlinear: variable(['delay', 'time'], nl, 'a.u.', { shape: [ab.nDelay, ab.nTime], label: 'E_NL = E_AB − E_A − E_B' }),
      },
      values: {
        peaks: peaks.map((p) => ({
          excitationFrequency: { value: s.nuTauStart + p.rowExact * s.dNuTau, unit: 'THz' },
          detectionFrequency: { value: p.colExact * s.dNuT, unit: 'THz' },
          magnitude: { value: p.value, unit: 'a.u.' },
          relative: p.value / max,
        })) as JsonValue,
        resolution: { excitation: { value: s.dNuTau, unit: 'THz' }, detection: { value: s.dNuT, unit: 'THz' } },
        transform: { rows: s.rows, cols: (s.cols - 1) * 2, window: params.window, convention: 'S = ΣΣ E_NL e^{+2πi(ν_τ τ + ν_t t)} Δτ Δt' },
      },
    });
  },
};
