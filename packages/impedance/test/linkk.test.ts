import { describe, expect, it } from 'vitest';
import { linKK, simulateCircuit } from '../src/index';
import { exampleData, hasPeers, peers } from './data';

describe('Lin-KK (Schönleber et al. 2014)', () => {
  it.skipIf(!hasPeers)('exampleData.csv below 1 kHz, c = 0.5, with capacitance: M = 26 and μ = 0.3063 as impedance.py', () => {
    const { f, re, im } = exampleData();
    const keep = [...f.keys()].filter((i) => f[i]! < 1000);
    const ref = peers().linKK.docs_example_f_below_1kHz;
    expect(keep.length).toBe(ref.n_points);
    const r = linKK(
      keep.map((i) => f[i]!),
      keep.map((i) => re[i]!),
      keep.map((i) => im[i]!),
      { c: 0.5, maxM: 100, addCapacitance: true },
    );
    expect(r.M).toBe(26);
    expect(Math.abs(r.mu - ref.mu)).toBeLessThan(0.01);
    const maxRe = Math.max(...r.residualReal.map(Math.abs)) * 100;
    const maxIm = Math.max(...r.residualImag.map(Math.abs)) * 100;
    expect(maxRe).toBeCloseTo(ref.max_abs_resid_real_pct, 1);
    expect(maxIm).toBeCloseTo(ref.max_abs_resid_imag_pct, 1);
  });

  it.skipIf(!hasPeers)('full range with the defaults of the peer runs', () => {
    const { f, re, im } = exampleData();
    for (const [key, opts] of [
      ['c0.85_complex_addcap_full_range', { c: 0.85, addCapacitance: true }],
      ['c0.5_complex_addcap_full_range', { c: 0.5, addCapacitance: true }],
    ] as const) {
      const ref = peers().linKK[key];
      const keep = [...f.keys()].filter((i) => im[i]! <= 0);
      const r = linKK(
        keep.map((i) => f[i]!),
        keep.map((i) => re[i]!),
        keep.map((i) => im[i]!),
        { ...opts, maxM: 100 },
      );
      expect(r.M, key).toBe(ref.M);
      expect(Math.abs(r.mu - ref.mu), key).toBeLessThan(0.01);
    }
  });

  it('a KK-compliant synthetic spectrum with 0.1 % noise gives noise-like residuals', () => {
    const f = Array.from({ length: 60 }, (_, i) => 10 ** (5 - i * 0.12));
    const z = simulateCircuit('R0-p(R1,CPE1)-p(R2,C2)', [0.5, 2, 1e-4, 0.8, 3, 0.5], f);
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    const re = f.map((_, i) => z.Zreal[i]! * (1 + 0.001 * rnd()));
    const im = f.map((_, i) => z.Zimag[i]! * (1 + 0.001 * rnd()));
    const r = linKK(f, re, im, { c: 0.5 });
    expect(r.mu).toBeLessThanOrEqual(0.5);
    for (let i = 0; i < f.length; i++) {
      expect(Math.abs(r.residualReal[i]!)).toBeLessThan(0.005);
      expect(Math.abs(r.residualImag[i]!)).toBeLessThan(0.005);
    }
  });

  it('a drifting (non-KK) spectrum shows large residuals', () => {
    const f = Array.from({ length: 60 }, (_, i) => 10 ** (5 - i * 0.12));
    const z = simulateCircuit('R0-p(R1,C1)', [1, 5, 1e-4], f);
    // Drift: the real part grows during the sweep (time runs with the index).
    const re = f.map((_, i) => z.Zreal[i]! * (1 + 0.002 * i));
    const r = linKK(f, re, Array.from(z.Zimag), { c: 0.85 });
    const worst = Math.max(...r.residualReal.map(Math.abs), ...r.residualImag.map(Math.abs));
    expect(worst).toBeGreaterThan(0.01);
  });
});
