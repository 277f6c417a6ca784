import { describe, expect, it } from 'vitest';
import { fitCircuit, simulateCircuit } from '../src/index';
import { exampleData, hasPeers, peers } from './data';

/** exampleData.csv without the inductive points (Z″ > 0): impedance.py's ignoreBelowX, 57 points. */
function capacitivePoints() {
  const { f, re, im } = exampleData();
  const keep = [...im.keys()].filter((i) => im[i]! <= 0);
  return { f: keep.map((i) => f[i]!), re: keep.map((i) => re[i]!), im: keep.map((i) => im[i]!) };
}

const CIRCUIT = 'R0-p(R1,C1)-p(R2-Wo1,C2)';
const GUESS = [0.01, 0.01, 100, 0.01, 0.05, 100, 1];

describe.skipIf(!hasPeers)('fit of exampleData.csv against impedance.py 1.7.1', () => {
  const ref = hasPeers ? peers().fits.default_unweighted : undefined;
  /**
   * impedance.py (scipy curve_fit, method 'trf', default xtol = gtol = 1e-8) stops before the
   * minimum along the flat Warburg valley: its χ² is 1.4e-4 higher than the stationary point.
   * Re-running the same model in scipy 1.17.1 with xtol = ftol = gtol = 1e-15 reaches these values
   * (measured for this test; R0 ... C2), which we reproduce. Against impedance.py itself every
   * parameter but the Warburg pair is within 0.5 %, and the Warburg pair within 0.4 of its standard error.
   */
  const converged: Record<string, number> = { R0: 0.0165186, R1: 0.00867858, C1: 3.321761, R2: 0.005390379, Wo1_0: 0.06370286, Wo1_1: 237.8472, C2: 0.21953 };

  it('57 points: parameters within 0.5 % of impedance.py (Warburg within 0.4 σ), stderr within 10 %', () => {
    const d = capacitivePoints();
    expect(d.f.length).toBe(57);
    const fit = fitCircuit(d.f, d.re, d.im, { circuit: CIRCUIT, initialGuess: GUESS });
    expect(fit.converged).toBe(true);
    expect(fit.names).toEqual(['R0', 'R1', 'C1', 'R2', 'Wo1_0', 'Wo1_1', 'C2']);
    fit.names.forEach((name, k) => {
      const value = ref.parameters[name];
      const se = ref.std_errors_conf[name];
      if (name.startsWith('Wo1')) expect(Math.abs(fit.values[k]! - value) / se, `${name} in σ`).toBeLessThan(0.4);
      else expect(Math.abs(fit.values[k]! - value) / value, name).toBeLessThan(0.005);
      expect(Math.abs(fit.values[k]! - converged[name]!) / converged[name]!, `${name} vs converged`).toBeLessThan(1e-5);
      expect(Math.abs(fit.stderr[k]! - se) / se, `${name} stderr`).toBeLessThan(0.1);
    });
    // Same model: at impedance.py's parameters our χ² is its sum of squares; ours is lower.
    const at = simulateCircuit(
      CIRCUIT,
      fit.names.map((n) => ref.parameters[n]),
      d.f,
    );
    let ss = 0;
    for (let i = 0; i < d.f.length; i++) ss += (at.Zreal[i]! - d.re[i]!) ** 2 + (at.Zimag[i]! - d.im[i]!) ** 2;
    expect(Math.abs(ss - ref.residual.sum_sq_unweighted_ohm2) / ss).toBeLessThan(1e-10);
    expect(fit.chiSquare).toBeLessThan(ref.residual.sum_sq_unweighted_ohm2);
    expect(fit.chiSquare / ref.residual.sum_sq_unweighted_ohm2).toBeGreaterThan(0.9998);
    expect(fit.unidentifiable).toEqual([]);
  });

  it('the automatic initial guess finds a lower minimum and flags its loose Warburg time constant', () => {
    // impedance.py's basin-hopping run (peers) reaches χ² = 1.406e-5 with a long Warburg τ; from the
    // automatic start we reach that basin (χ² 1.4031e-5, 28 % below the default fit), where
    // the data no longer fix τ: the fit must say so.
    const d = capacitivePoints();
    const fit = fitCircuit(d.f, d.re, d.im, { circuit: CIRCUIT });
    const global = peers().fits.global_opt_basinhopping_niter20.residual.sum_sq_unweighted_ohm2;
    expect(fit.chiSquare).toBeLessThan(ref.residual.sum_sq_unweighted_ohm2);
    expect(fit.chiSquare / global).toBeLessThan(1.001);
    expect(fit.unidentifiable).toContain('Wo1_1');
  });

  it('multi-start escapes the local minimum a poor start falls into', () => {
    const d = capacitivePoints();
    const poor = [0.1, 0.1, 0.01, 0.1, 0.1, 0.1, 0.01];
    const single = fitCircuit(d.f, d.re, d.im, { circuit: CIRCUIT, initialGuess: poor });
    const multi = fitCircuit(d.f, d.re, d.im, { circuit: CIRCUIT, initialGuess: poor, multiStart: 10, seed: 1 });
    expect(single.chiSquare).toBeGreaterThan(1e-4);
    expect(multi.chiSquare).toBeLessThan(1.5e-5);
  });

  it('modulus weighting leaves the Warburg element unidentifiable, as impedance.py finds', () => {
    const d = capacitivePoints();
    const fit = fitCircuit(d.f, d.re, d.im, { circuit: CIRCUIT, initialGuess: GUESS, weighting: 'modulus' });
    const w = hasPeers ? peers().fits.weight_by_modulus : undefined;
    expect(fit.unidentifiable).toEqual(expect.arrayContaining(['Wo1_0', 'Wo1_1']));
    for (const name of ['R0', 'R1', 'R2']) {
      const k = fit.names.indexOf(name);
      expect(Math.abs(fit.values[k]! - w.parameters[name]) / w.parameters[name], name).toBeLessThan(0.02);
    }
  });
});

describe('synthetic spectra with known parameters', () => {
  const f = Array.from({ length: 50 }, (_, i) => 10 ** (5 - (i * 7) / 49));
  const truth = [0.02, 0.01, 1e-3, 0.85, 0.03, 50];
  const circuit = 'R0-p(R1,CPE1)-Wo1';
  const clean = simulateCircuit(circuit, truth, f);

  it('recovers the parameters from an automatic initial guess', () => {
    const fit = fitCircuit(f, clean.Zreal, clean.Zimag, { circuit });
    truth.forEach((v, k) => expect(Math.abs(fit.values[k]! - v) / v, fit.names[k]).toBeLessThan(1e-6));
  });

  it('respects fixed parameters and bounds', () => {
    const fit = fitCircuit(f, clean.Zreal, clean.Zimag, { circuit, fixed: { R0: 0.021 }, bounds: { CPE1_1: [0.5, 0.8] } });
    expect(fit.values[0]).toBe(0.021);
    expect(fit.stderr[0]).toBe(0);
    expect(fit.values[3]).toBeLessThanOrEqual(0.8);
    expect(fit.atBound).toContain('CPE1_1');
  });

  it('with 1 % proportional noise the stderr covers the truth and weighting choices all converge', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const re = clean.Zreal.map((v) => v * (1 + 0.01 * gauss()));
    const im = clean.Zimag.map((v) => v * (1 + 0.01 * gauss()));
    for (const weighting of ['unit', 'modulus', 'proportional'] as const) {
      const fit = fitCircuit(f, re, im, { circuit, weighting });
      expect(fit.converged, weighting).toBe(true);
      truth.forEach((v, k) => expect(Math.abs(fit.values[k]! - v), `${weighting} ${fit.names[k]}`).toBeLessThan(5 * fit.stderr[k]! + 1e-9));
    }
  });
});
