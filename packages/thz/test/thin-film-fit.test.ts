import { createDataset, type Dataset, regularCoord, runAnalysis, variable } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { VACUUM_PERMITTIVITY } from '../src/constants';
import type { Layer } from '../src/layer-stack';
import { buildModel, parseModel } from '../src/models/conductivity-model';
import { drudeSigma, epsilonOfSigma, indexOfEpsilon } from '../src/models/dielectric';
import { gaussianNoise } from '../src/models/synthetic';
import { syntheticStackPair } from '../src/models/synthetic-slab';
import { createWaveform } from '../src/waveform';
import { thzRegistry } from './data';

const SIGMA0 = 2e5; // S/m
const TAU = 40; // fs
const FILM = 100e-9;
const N_SUB = 3.42;

const drudeIndex = (nu: number) => {
  const s = drudeSigma(nu, SIGMA0, TAU, { re: 0, im: 0 });
  const e = epsilonOfSigma(nu, s, { re: 0, im: 0 });
  return indexOfEpsilon({ re: 1 + e.re, im: e.im });
};

function wave(time: Float64Array, traces: Float64Array[], name: string): Dataset {
  return createWaveform({ time, traces, timeAxis: { sourceUnit: 'ps', unitFrom: 'format', reversed: false }, meta: { source: { fileName: name } } });
}

describe('thin film on a substrate (synthetic Drude film, Tinkham)', async () => {
  const air = { re: 1, im: 0 };
  const sub = { re: N_SUB, im: 0 };
  const layers: Layer[] = [
    { name: 'air', thickness: 0, n: air },
    { name: 'film', thickness: FILM, n: 'solve' },
    { name: 'substrate', thickness: 500e-6, n: sub },
    { name: 'air', thickness: 0, n: air },
  ];
  const reference: Layer[] = [
    { name: 'air', thickness: 0, n: air },
    { name: 'substrate', thickness: 500e-6, n: sub },
    { name: 'air', thickness: 0, n: air },
  ];
  // Both traces through the substrate: simulate film+substrate and bare substrate against air, then
  // use the bare-substrate trace as the reference.
  const withFilm = syntheticStackPair({ layers, index: drudeIndex, dt: 0.01, start: 0, window: 16, t0: 3, width: 0.1 });
  const bare = syntheticStackPair({
    layers: reference.map((l, i) => (i === 1 ? { ...l, n: 'solve' as const } : l)),
    index: () => sub,
    dt: 0.01,
    start: 0,
    window: 16,
    t0: 3,
    width: 0.1,
  });
  const sample = wave(withFilm.time, withFilm.sample, 'film.txt');
  const substrate = wave(bare.time, bare.sample, 'substrate.txt');
  const result = await runAnalysis(
    thzRegistry(),
    'thz.thin-film',
    { sample, reference: substrate },
    { substrateIndex: N_SUB, filmThickness: '100nm', fMin: '0.3THz', fMax: '3THz', offsetPoints: 0 },
  );

  it('recovers σ1 and σ2 of the Drude film within 1.5 % of σ0 (Tinkham neglects O(k0·d·n_sub))', () => {
    const f = result.coords.frequency as { start: number; step: number; length: number };
    let worst = 0;
    for (let i = 0; i < f.length; i++) {
      const truth = drudeSigma(f.start + i * f.step, SIGMA0, TAU, { re: 0, im: 0 });
      worst = Math.max(worst, Math.abs((result.data.sigma1!.values[i] as number) - truth.re), Math.abs((result.data.sigma2!.values[i] as number) - truth.im));
    }
    expect(worst / SIGMA0).toBeLessThan(0.015);
    expect(result.data.sheet1?.unit).toBe('S');
    expect(result.data.sigma1?.unit).toBe('S/m');
  });

  it('a Drude fit of that spectrum gives σ_DC and τ', async () => {
    const fit = await runAnalysis(thzRegistry(), 'thz.fit-model', { input: result }, { model: 'drude', weighted: false, effectiveMass: 0.26 });
    const params = fit.values?.parameters as { name: string; value: number; stderr: number }[];
    const sigma0 = params.find((p) => p.name === 'drude.sigma0')!;
    const tau = params.find((p) => p.name === 'drude.tau')!;
    expect(Math.abs(sigma0.value / SIGMA0 - 1)).toBeLessThan(0.01);
    expect(Math.abs(tau.value / TAU - 1)).toBeLessThan(0.03);
    expect(sigma0.stderr).toBeGreaterThan(0);
    const derived = fit.values?.derived as { name: string; value: number; unit: string }[];
    const mobility = derived.find((d) => d.name === 'drude.mobility')!;
    // μ = eτ/m* = 1.602e-19 × 40e-15 / (0.26 × 9.109e-31) m²/Vs = 270.6 cm²/Vs
    expect(Math.abs(mobility.value / 270.6 - 1)).toBeLessThan(0.03);
    expect(mobility.value).toBeCloseTo(((1.602176634e-19 * tau.value * 1e-15) / (0.26 * 9.1093837015e-31)) * 1e4, 6);
    expect(mobility.unit).toBe('cm^2/(V s)');
  });
});

/** A thz.conductivity dataset with σ from a model plus Gaussian noise of `noise` S/m. */
function conductivityData(model: string, p: number[], noise: number, seed = 3): Dataset {
  const nu = Float64Array.from({ length: 120 }, (_, i) => 0.2 + i * 0.025);
  const re = new Float64Array(nu.length);
  const im = new Float64Array(nu.length);
  buildModel(parseModel(model), false).evaluate(p, nu, re, im);
  const rand = gaussianNoise(seed);
  for (let i = 0; i < nu.length; i++) {
    re[i] = (re[i] as number) + noise * rand();
    im[i] = (im[i] as number) + noise * rand();
  }
  const v = new Float64Array(nu.length).fill(noise * noise);
  return createDataset({
    kind: 'thz.conductivity',
    coords: { frequency: regularCoord('frequency', 0.2, 0.025, nu.length, 'THz') },
    data: { sigma1: variable(['frequency'], re, 'S/m', { variances: v }), sigma2: variable(['frequency'], im, 'S/m', { variances: v }) },
  });
}

describe('thz.fit-model recovers known parameters from noisy synthetic spectra', () => {
  const check = (values: { name: string; value: number; stderr: number }[], truth: Record<string, number>) => {
    for (const [name, t] of Object.entries(truth)) {
      const p = values.find((v) => v.name === name)!;
      expect(p, name).toBeDefined();
      expect(p.stderr, name).toBeGreaterThan(0);
      expect(Math.abs(p.value - t), `${name}: ${p.value} ± ${p.stderr} vs ${t}`).toBeLessThan(4 * p.stderr);
    }
  };
  it('Drude–Smith (σ0 = 5e4 S/m, τ = 25 fs, c = −0.8) → σ_DC = σ0(1 + c)', async () => {
    const fit = await runAnalysis(thzRegistry(), 'thz.fit-model', { input: conductivityData('drude-smith', [5e4, 25, -0.8], 300) }, { model: 'drude-smith' });
    check(fit.values?.parameters as never, { 'drude-smith.sigma0': 5e4, 'drude-smith.tau': 25, 'drude-smith.c': -0.8 });
    const dc = (fit.values!.derived as { name: string; value: number; stderr: number }[]).find((d) => d.name === 'drude-smith.dcConductivity')!;
    expect(Math.abs(dc.value - 1e4)).toBeLessThan(4 * dc.stderr);
    expect(fit.values?.reducedChiSquare as number).toBeLessThan(1.5);
  });
  it('Drude + Lorentz (rattling mode at 1.8 THz, γ 0.15 THz)', async () => {
    const truth = [3e3, 60, 0.8, 1.8, 0.15];
    const fit = await runAnalysis(thzRegistry(), 'thz.fit-model', { input: conductivityData('drude+lorentz', truth, 20) }, { model: 'drude+lorentz' });
    check(fit.values?.parameters as never, { 'drude.sigma0': 3e3, 'drude.tau': 60, 'lorentz.deltaEps': 0.8, 'lorentz.nu0': 1.8, 'lorentz.gamma': 0.15 });
    const wn = (fit.values!.derived as { name: string; value: number }[]).find((d) => d.name === 'lorentz.wavenumber')!;
    expect(wn.value).toBeCloseTo(60.04, 1);
  });
  it('Debye relaxation (Δε = 3, τ = 200 fs) plus background', async () => {
    const fit = await runAnalysis(
      thzRegistry(),
      'thz.fit-model',
      { input: conductivityData('debye+background', [3, 200, 0.5], 5) },
      { model: 'debye+background' },
    );
    check(fit.values?.parameters as never, { 'debye.deltaEps': 3, 'debye.tau': 200, 'background.deltaEpsInf': 0.5 });
  });
  it('an unknown component is a ParamsError naming the choices', async () => {
    await expect(runAnalysis(thzRegistry(), 'thz.fit-model', { input: conductivityData('drude', [1e3, 20], 1) }, { model: 'drude+plasmon' })).rejects.toThrow(
      /unknown model component "plasmon"/,
    );
  });
});

it('σ = −iε0ωΔε sign check: a lossy Lorentz mode has σ1 > 0 at resonance', () => {
  const re = new Float64Array(1);
  const im = new Float64Array(1);
  buildModel(parseModel('lorentz'), false).evaluate([1, 2, 0.2], Float64Array.of(2), re, im);
  expect(re[0]).toBeCloseTo((VACUUM_PERMITTIVITY * 2 * Math.PI * 2e12 * (1 * 4)) / (0.2 * 2), 6);
});
