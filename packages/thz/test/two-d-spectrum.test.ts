import { runAnalysis } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { spectrum2d } from '../src/analyses/two-d-spectrum';
import { createMap2d } from '../src/map2d';
import { findPeaks2d } from '../src/spectra/peaks2d';
import { createWaveform } from '../src/waveform';
import { thzRegistry } from './data';

/**
 * Synthetic 2-D THz experiment: pulse B fixed at t = 0, pulse A arriving at t = −τ, and a nonlinear
 * signal with four known pathways cos(2π(f_τ τ + f_t t) + φ) under Gaussian envelopes.
 */
const PATHWAYS = [
  { fTau: 1.0, fT: 1.0, a: 1.0, phi: 0.3 },
  { fTau: -1.0, fT: 1.0, a: 0.6, phi: 1.1 },
  { fTau: 0.0, fT: 2.0, a: 0.5, phi: -0.4 },
  { fTau: 2.0, fT: 2.0, a: 0.35, phi: 2.0 },
];

function synthetic(nTau = 96, nT = 160, dTau = 0.05, dt = 0.05) {
  const delay = Float64Array.from({ length: nTau }, (_, j) => j * dTau);
  const time = Float64Array.from({ length: nT }, (_, i) => -2 + i * dt);
  const pulse = (t: number) => -(t / 0.15) * Math.exp(-((t / 0.15) ** 2));
  const A = new Float64Array(nTau * nT);
  const B = new Float64Array(nTau * nT);
  const AB = new Float64Array(nTau * nT);
  const NL = new Float64Array(nTau * nT);
  for (let j = 0; j < nTau; j++) {
    const tau = delay[j] as number;
    for (let i = 0; i < nT; i++) {
      const t = time[i] as number;
      const k = j * nT + i;
      A[k] = pulse(t + tau);
      B[k] = pulse(t);
      const env = Math.exp(-(((t - 2) / 1.6) ** 2)) * Math.exp(-(((tau - 2.4) / 1.4) ** 2));
      let nl = 0;
      for (const p of PATHWAYS) nl += p.a * Math.cos(2 * Math.PI * (p.fTau * tau + p.fT * t) + p.phi);
      NL[k] = 0.05 * env * nl;
      AB[k] = (A[k] as number) + (B[k] as number) + (NL[k] as number);
    }
  }
  const map = (field: Float64Array) => createMap2d({ delay, time, field });
  return {
    NL,
    AB: map(AB),
    A: map(A),
    B: map(B),
    time,
    Bwave: createWaveform({ time, traces: [B.slice(0, nT)], timeAxis: { sourceUnit: 'ps', unitFrom: 'x', reversed: false } }),
  };
}

describe('thz.2d-spectrum on synthetic data with known pathways', async () => {
  const s = synthetic();
  const result = await runAnalysis(thzRegistry(), 'thz.2d-spectrum', { input: s.AB, pulseA: s.A, pulseB: s.Bwave }, { threshold: 0.15 });
  const peaks = result.values?.peaks as { excitationFrequency: { value: number }; detectionFrequency: { value: number }; relative: number }[];

  it('E_NL removes both pulses (B given as one trace, broadcast over τ)', () => {
    const nl = result.data.nonlinear!.values;
    let worst = 0;
    for (let k = 0; k < nl.length; k++) worst = Math.max(worst, Math.abs((nl[k] as number) - (s.NL[k] as number)));
    expect(worst).toBeLessThan(1e-12);
  });
  it('finds exactly the four pathways at their (ν_τ, ν_t) within 0.03 THz, strongest first', () => {
    expect(peaks.length).toBe(4);
    for (const p of PATHWAYS) {
      const hit = peaks.find((q) => Math.abs(q.excitationFrequency.value - p.fTau) < 0.03 && Math.abs(q.detectionFrequency.value - p.fT) < 0.03);
      expect(hit, `pathway (${p.fTau}, ${p.fT})`).toBeDefined();
    }
    expect(Math.abs((peaks[0]?.excitationFrequency.value ?? 0) - 1)).toBeLessThan(0.03);
    expect(peaks[1]?.relative).toBeCloseTo(0.6, 1);
  });
  it('rejects maps on different grids', async () => {
    const other = synthetic(64);
    await expect(runAnalysis(thzRegistry(), 'thz.2d-spectrum', { input: s.AB, pulseA: other.A, pulseB: s.B }, {})).rejects.toThrow(/pulseA is 64×160/);
  });
});

describe('2-D transform details', () => {
  it.each([
    [64, 64],
    [256, 512],
  ])('a single plane wave (%i × %i) lands on its bin with the magnitude N·M·ΔτΔt / 2', (nTau, nT) => {
    const field = new Float64Array(nTau * nT);
    // f_τ = 1.25 THz, f_t = 2.5 THz at Δ = 0.1 ps: exactly on bins for these sizes
    for (let j = 0; j < nTau; j++) for (let i = 0; i < nT; i++) field[j * nT + i] = Math.cos(2 * Math.PI * (1.25 * j * 0.1 + 2.5 * i * 0.1));
    const s = spectrum2d(field, nTau, nT, 0.1, 0.1, { window: 'none', padFactor: 1 });
    const peaks = findPeaks2d(s.magnitude, s.rows, s.cols, { threshold: 1 });
    expect(peaks.length).toBe(1);
    expect(s.nuTauStart + (peaks[0]?.row ?? 0) * s.dNuTau).toBeCloseTo(1.25, 9);
    expect((peaks[0]?.col ?? 0) * s.dNuT).toBeCloseTo(2.5, 9);
    expect(peaks[0]?.value).toBeCloseTo((nTau * nT * 0.01) / 2, 6);
  });
});
