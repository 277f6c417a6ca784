import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { patternArrays } from '../src/kinds';
import { kAlpha2Position, type ProfileShape, profileValue } from '../src/models/profiles';
import { fitProfile } from '../src/peaks/fit';
import { readGsas } from '../src/readers/gsas';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';
import { DATA, dataFile, hasData, hasPeers, PEERS } from './helpers';

const cu = ANODE_WAVELENGTHS.Cu!;
const doublet = { lambdaRatio: cu.kAlpha2 / cu.kAlpha1, intensityRatio: 0.5 };

/** Deterministic Poisson-like noise (Box–Muller on a fixed LCG). */
function noisy(y: Float64Array, seed = 1): Float64Array {
  let s = seed;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return (s + 0.5) / 4294967296;
  };
  return y.map((v) => v + Math.sqrt(Math.max(v, 1)) * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd()));
}

describe('profile shapes', () => {
  it('are unit-area with the given FWHM', () => {
    const cases: [ProfileShape, number[]][] = [
      ['gaussian', []],
      ['lorentzian', []],
      ['pseudo-voigt', [0.3]],
      ['pearson7', [1.7]],
      ['split-pseudo-voigt', [0.2, 0.4, 0.7]],
    ];
    for (const [shape, sp] of cases) {
      let area = 0;
      const h = 1e-4;
      for (let u = -200; u <= 200; u += h * 10) area += profileValue(shape, u, 0.1, sp) * h * 10;
      expect(area, shape).toBeCloseTo(1, shape === 'lorentzian' || shape === 'pseudo-voigt' || shape === 'pearson7' || shape === 'split-pseudo-voigt' ? 2 : 5);
      if (shape !== 'split-pseudo-voigt') expect(profileValue(shape, 0.05, 0.1, sp) / profileValue(shape, 0, 0.1, sp), shape).toBeCloseTo(0.5, 10);
    }
  });
});

describe('synthetic fits recover known peaks', () => {
  const x = Float64Array.from({ length: 400 }, (_, i) => 40 + i * 0.005);
  it('a Kα1/Kα2 pseudo-Voigt doublet with a sloping background', () => {
    const truth = { c: 41.0, w: 0.06, eta: 0.4, a: 50 };
    const clean = x.map(
      (xi) =>
        100 +
        5 * (xi - 41) +
        truth.a *
          (profileValue('pseudo-voigt', xi - truth.c, truth.w, [truth.eta]) +
            0.5 * profileValue('pseudo-voigt', xi - kAlpha2Position(truth.c, doublet.lambdaRatio), truth.w, [truth.eta])),
    );
    const r = fitProfile(x, noisy(clean, 3), { shape: 'pseudo-voigt', peaks: [{ center: 40.99, fwhm: 0.05 }], doublet });
    const p = r.peaks[0]!;
    expect(r.converged).toBe(true);
    for (const [fit, t] of [
      [p.center, truth.c],
      [p.fwhm, truth.w],
      [p.area, truth.a],
      [p.shape.eta!, truth.eta],
    ] as const)
      expect(Math.abs(fit.value - t)).toBeLessThan(4 * fit.stderr + 1e-9);
    expect(r.reducedChiSquare).toBeGreaterThan(0.7);
    expect(r.reducedChiSquare).toBeLessThan(1.4);
  });
  it('two overlapping Gaussians, a Pearson VII and a split pseudo-Voigt', () => {
    const g = x.map((xi) => 20 + 300 * profileValue('gaussian', xi - 40.9, 0.1, []) + 200 * profileValue('gaussian', xi - 41.05, 0.12, []));
    const r = fitProfile(x, noisy(g, 5), { shape: 'gaussian', peaks: [{ center: 40.88 }, { center: 41.07 }], backgroundOrder: 0 });
    expect(r.peaks[0]!.center.value).toBeCloseTo(40.9, 2);
    expect(r.peaks[1]!.center.value).toBeCloseTo(41.05, 2);
    expect(r.peaks[0]!.area.value).toBeCloseTo(300, -1);
    const pvii = x.map((xi) => 10 + 100 * profileValue('pearson7', xi - 41, 0.08, [3]));
    const rp = fitProfile(x, pvii, { shape: 'pearson7', peaks: [{ center: 41.01 }], backgroundOrder: 0, sigma: new Float64Array(x.length).fill(0.01) });
    expect(rp.peaks[0]!.shape.m!.value).toBeCloseTo(3, 3);
    const split = x.map((xi) => 10 + 100 * profileValue('split-pseudo-voigt', xi - 41, 0.06, [0.12, 0.2, 0.6]));
    const rs = fitProfile(x, split, {
      shape: 'split-pseudo-voigt',
      peaks: [{ center: 41.01, fwhm: 0.08 }],
      backgroundOrder: 0,
      sigma: new Float64Array(x.length).fill(0.01),
    });
    expect(rs.peaks[0]!.fwhm.value).toBeCloseTo(0.06, 4);
    expect(rs.peaks[0]!.shape.fwhmRight!.value).toBeCloseTo(0.12, 4);
  });
});

describe.skipIf(!hasData || !hasPeers)('LaB6 (321) of NIST660CBI.gsas vs lmfit', () => {
  it('Kα1/Kα2 pV doublet: centre within 0.001°, FWHM within 3 %, η within 0.05; ≤ 5 ms', () => {
    const peer = JSON.parse(readFileSync(`${PEERS}fit_LaB6_321_ka2.json`, 'utf8'));
    const { x, y, sigma } = patternArrays(readGsas(dataFile('patterns/gsas2tut_NIST660CBI.gsas')));
    const opts = { shape: 'pseudo-voigt' as const, peaks: [{ center: 87.73, fwhm: 0.08 }], range: peer.window_2theta as [number, number], sigma, doublet };
    const r = fitProfile(x, y, opts);
    expect(r.x.length).toBe(peer.n_points_fit);
    const p = r.peaks[0]!;
    expect(Math.abs(p.center.value - peer.center_2theta.value)).toBeLessThan(0.001);
    expect(Math.abs(p.fwhm.value / peer.fwhm_2theta.value - 1)).toBeLessThan(0.03);
    expect(Math.abs(p.shape.eta!.value - peer.eta_lorentz_fraction.value)).toBeLessThan(0.05);
    expect(p.center.stderr / peer.center_2theta.stderr).toBeGreaterThan(0.8);
    expect(p.center.stderr / peer.center_2theta.stderr).toBeLessThan(1.25);
    expect(r.reducedChiSquare).toBeLessThan(3);
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      fitProfile(x, y, opts);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    // The fastest of 30 runs: robust to other processes on the shared machine (the median is in the bench).
    expect(times[0]).toBeLessThan(5);
  });
  it('a single pseudo-Voigt misfits badly (χ²ᵣ > 50), as lmfit found', () => {
    const { x, y, sigma } = patternArrays(readGsas(dataFile('patterns/gsas2tut_NIST660CBI.gsas')));
    const r = fitProfile(x, y, { shape: 'pseudo-voigt', peaks: [{ center: 87.73, fwhm: 0.08 }], range: [87.3, 88.4], sigma });
    expect(r.reducedChiSquare).toBeGreaterThan(50);
  });
});
void DATA;
