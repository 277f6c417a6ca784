import { createDataset, type Dataset, explicitCoord, regularCoord, runAnalysis, variable } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { createMap2d } from '../src/map2d';
import { erfc, expGauss, kineticsModel } from '../src/models/kinetics';
import { drudeSigma } from '../src/models/dielectric';
import { applyTransfer, gaussianDerivativePulse, gaussianNoise, timeAxis } from '../src/models/synthetic';
import { tinkhamTransmission } from '../src/models/thin-film';
import { createWaveform } from '../src/waveform';
import { hasData, readData, thzRegistry, warnSkip } from './data';

describe('kinetics model', () => {
  it('erfc matches reference values to 1.2e-7 relative', () => {
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [-1, 1.8427007929497148],
      [4, 1.541725790028002e-8],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) / v - 1)).toBeLessThan(1.2e-7);
  });
  it('the IRF-convolved exponential tends to the bare exponential for a narrow IRF and never overflows', () => {
    expect(expGauss(3, 1e-4, 2)).toBeCloseTo(Math.exp(-1.5), 9);
    expect(expGauss(-50, 0.1, 0.01)).toBe(0);
    expect(Number.isFinite(expGauss(-5, 0.05, 1e-3))).toBe(true);
    // area: ∫ exp-Gauss dt = τ
    let s = 0;
    for (let t = -5; t < 60; t += 0.001) s += expGauss(t, 0.3, 4) * 0.001;
    expect(s).toBeCloseTo(4, 3);
  });
});

/** Drude scattering time of the synthetic photocarriers (fs): short, so σ is nearly flat and ΔE/E = T − 1 exactly. */
const DRUDE_TAU = 3;

/** A synthetic TRTS map: Drude photoconductivity σ0(delay) following known kinetics. */
function syntheticMap(noise: number) {
  const truth = { t0: 0.5, irfFwhm: 0.4, A1: 0.05, tau1: 3, C: 0.01 };
  const model = kineticsModel(1, true);
  const delays = Float64Array.from([-2, -1, -0.5, 0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 10, 15, 20, 30]);
  const profile = new Float64Array(delays.length);
  model.evaluate([truth.t0, truth.irfFwhm, truth.A1, truth.tau1, truth.C], delays, profile);
  const time = timeAxis(0, 0.02, 600);
  const ref = gaussianDerivativePulse(time, { t0: 3, width: 0.15, amplitude: 1 });
  const nSub = 3.42;
  // ΔE/E at the peak ≈ −Z0σ_s/(1 + n + Z0σ_s) for a flat σ: choose σ_s so ΔE/E(peak) = −profile
  const rand = gaussianNoise(9);
  const field = new Float64Array(delays.length * time.length);
  const sheets: number[] = [];
  delays.forEach((_, j) => {
    const x = profile[j] as number; // fractional drop of transmission
    const sheet0 = ((1 + nSub) * x) / (1 - x) / 376.730313668; // σ_s so that T = 1 − x at ω → 0
    sheets.push(sheet0);
    const pumped = applyTransfer(ref, 0.02, (nu, h) => {
      const s = drudeSigma(nu, sheet0, DRUDE_TAU, { re: 0, im: 0 });
      const t = tinkhamTransmission(s.re, s.im, 1, nSub);
      h.re = t.re;
      h.im = t.im;
    });
    for (let i = 0; i < time.length; i++) field[j * time.length + i] = (pumped[i] as number) + noise * rand();
  });
  const refMap = new Float64Array(delays.length * time.length);
  delays.forEach((_, j) => {
    for (let i = 0; i < time.length; i++) refMap[j * time.length + i] = (ref[i] as number) + noise * rand();
  });
  return {
    truth,
    sheets,
    pumped: createMap2d({ delay: delays, time, field }),
    reference: createMap2d({ delay: delays, time, field: refMap }),
  };
}

describe('thz.pump-probe on a synthetic Drude photoconductor map', async () => {
  const { truth, sheets, pumped, reference } = syntheticMap(2e-5);
  const result = await runAnalysis(thzRegistry(), 'thz.pump-probe', { pumped, reference }, { substrateIndex: 3.42, fMin: '0.2THz', fMax: '2.5THz' });

  it('recovers the kinetics (t0, IRF, amplitude, lifetime, offset) within their errors', () => {
    const kin = result.values?.kinetics as { parameters: { name: string; value: number; stderr: number }[] };
    // ΔE/E = −(1 − T(peak)): our truth is the drop in transmission, so the fitted amplitudes are −truth
    const expected: Record<string, number> = { t0: truth.t0, irfFwhm: truth.irfFwhm, A1: -truth.A1, tau1: truth.tau1, C: -truth.C };
    for (const p of kin.parameters) {
      const t = expected[p.name] as number;
      expect(Math.abs(p.value - t), `${p.name} ${p.value} ± ${p.stderr}`).toBeLessThan(Math.max(5 * p.stderr, 0.03 * Math.abs(t)));
    }
  });
  it('recovers the Drude photoconductivity spectrum at each delay (sheet, S)', () => {
    const f = result.coords.frequency as { start: number; step: number; length: number };
    const nf = f.length;
    const s1 = result.data.sheet1!.values;
    const s2 = result.data.sheet2!.values;
    for (const j of [6, 10, 15]) {
      for (const i of [0, Math.floor(nf / 2), nf - 1]) {
        const truthS = drudeSigma(f.start + i * f.step, sheets[j] as number, DRUDE_TAU, { re: 0, im: 0 });
        expect(Math.abs((s1[j * nf + i] as number) - truthS.re)).toBeLessThan(
          0.03 * (sheets[j] as number) + 3 * Math.sqrt(result.data.sheet1!.variances![j * nf + i] as number),
        );
        expect(Math.abs((s2[j * nf + i] as number) - truthS.im)).toBeLessThan(
          0.03 * (sheets[j] as number) + 3 * Math.sqrt(result.data.sheet2!.variances![j * nf + i] as number),
        );
      }
    }
  });
});

warnSkip('pump–probe real data');

describe.skipIf(!hasData)('real pump–probe data', () => {
  it('GaAs map (mcgillthz, reflection): delays completed from the reference map, ΔE/E kinetics fitted, σ_s at each delay', async () => {
    const result = await runAnalysis(
      thzRegistry(),
      'thz.pump-probe',
      { pumped: await readData('mcgillthz_gaas_trts/GaAsEpump400nm.dat'), reference: await readData('mcgillthz_gaas_trts/GaAsEref400nm.dat') },
      { geometry: 'reflection', substrateIndex: 3.6, fMin: '0.4THz', fMax: '2THz' },
    );
    const delays = Array.from((result.coords.delay as { values: Float64Array }).values);
    expect(delays.length).toBe(20);
    expect(delays.slice(-3)).toEqual([5, 10, 100]);
    expect(result.provenance.at(-1)?.warnings?.some((w) => w.includes('taken from the reference map'))).toBe(true);
    const dEE = result.data.dEoverE!.values;
    expect(Math.abs(dEE[0] as number)).toBeLessThan(0.01); // before the pump
    const max = Math.max(...Array.from(dEE));
    expect(max).toBeGreaterThan(0.02);
    expect(max).toBeLessThan(0.1);
    const kin = result.values?.kinetics as { parameters: { name: string; value: number }[] };
    const t0 = kin.parameters.find((p) => p.name === 't0')!.value;
    expect(t0).toBeGreaterThan(-0.3);
    expect(t0).toBeLessThan(1);
    // photoexcited GaAs surface: Re σ_s > 0 at 1 THz a few ps after the pump
    const f = result.coords.frequency as { start: number; step: number; length: number };
    const j = delays.indexOf(3);
    const i = Math.round((1 - f.start) / f.step);
    expect(result.data.sheet1!.values[j * f.length + i] as number).toBeGreaterThan(0);
  });
  it('SnO2 (nelly, ΔE input): multilayer solution and Tinkham agree (as nelly checks) and give Re σ > 0', async () => {
    const inputs = { pumped: await readData('nelly_sno2_trts/sno2_photo_smp.tim'), reference: await readData('nelly_sno2_trts/sno2_photo_ref.tim') };
    const layers = await readData('nelly_sno2_trts/sno2_photo_input.json');
    const stack = await runAnalysis(thzRegistry(), 'thz.pump-probe', { ...inputs, layers }, {});
    expect(stack.values?.pumpedInput).toBe('pump-induced change ΔE');
    const tinkham = await runAnalysis(thzRegistry(), 'thz.pump-probe', { ...inputs, layers }, { method: 'thin-film' });
    const a = stack.data.sigma1!.values;
    const b = tinkham.data.sigma1!.values;
    const f = stack.coords.frequency as { start: number; step: number; length: number };
    for (const nu of [0.6, 1.0, 1.5, 2.0]) {
      const i = Math.round((nu - f.start) / f.step);
      expect(a[i] as number).toBeGreaterThan(0);
      expect(Math.abs((a[i] as number) / (b[i] as number) - 1)).toBeLessThan(0.1);
    }
  });
});

it('single waveform pairs give one delay', async () => {
  const time = timeAxis(0, 0.02, 400);
  const ref = gaussianDerivativePulse(time, { t0: 2, width: 0.15 });
  const mk = (y: Float64Array) => createWaveform({ time, traces: [y], timeAxis: { sourceUnit: 'ps', unitFrom: 'x', reversed: false } });
  const result = await runAnalysis(
    thzRegistry(),
    'thz.pump-probe',
    { pumped: mk(ref.map((v) => 0.9 * v)), reference: mk(ref) },
    { substrateIndex: 2, delay: '5ps', fMin: '0.3THz', fMax: '2THz' },
  );
  expect(Array.from((result.coords.delay as { values: Float64Array }).values)).toEqual([5]);
  expect(result.data.dEoverE!.values[0]).toBeCloseTo(-0.1, 6);
  // T = 0.9 flat → σ_s = (1 + 2)/Z0 · (1/0.9 − 1)
  expect(result.data.sheet1!.values[10]).toBeCloseTo((3 / 376.730313668) * (1 / 0.9 - 1), 6);
  void createDataset;
  void explicitCoord;
  void regularCoord;
  void variable;
  void ({} as Dataset);
});
