/**
 * Putting a reference and a sample on one time step. Traces with the same step but different
 * start times (the nelly Si files) need no interpolation at all: each is transformed on its own
 * grid and the start-time difference enters exactly as the phase factor e^{iω(t_start − t0)}
 * (see spectrum.ts). Traces with different steps, or irregular ones, are resampled onto the finer
 * step by cubic-spline interpolation over their own span.
 */
import { resampleUniform } from './resample';
import type { WaveformArrays } from '../waveform';

export interface GridTrace {
  time: Float64Array;
  field: Float64Array;
  variance?: Float64Array;
}

export interface CommonStep {
  dt: number;
  reference: GridTrace;
  sample: GridTrace;
  /** 'shared-grid' (identical axes), 'phase-shift' (same step, different start) or 'resampled'. */
  method: 'shared-grid' | 'phase-shift' | 'resampled';
}

const SAME_STEP = 1e-6;

export function onCommonStep(reference: WaveformArrays, sample: WaveformArrays): CommonStep {
  const sameStep = reference.regular && sample.regular && Math.abs(reference.dt - sample.dt) <= SAME_STEP * reference.dt;
  if (sameStep) {
    const sameStart =
      Math.abs((reference.time[0] as number) - (sample.time[0] as number)) <= SAME_STEP * reference.dt && reference.time.length === sample.time.length;
    return { dt: reference.dt, reference, sample, method: sameStart ? 'shared-grid' : 'phase-shift' };
  }
  const dt = Math.min(reference.dt, sample.dt);
  return { dt, reference: resampleUniform(reference, dt), sample: resampleUniform(sample, dt), method: 'resampled' };
}
