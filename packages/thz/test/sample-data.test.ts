import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Dataset, renderView, runSample } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { indexOfEpsilon, lorentzEpsilon } from '../src/models/dielectric';
import { thzRegistry } from './data';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The sample's analyses as the demo runs them (chained steps included), each view rendered. */
async function runSampleById(id: string) {
  const registry = thzRegistry();
  const sample = plugin.sampleData?.find((s) => s.id === id);
  if (!sample) throw new Error(id);
  const results: Record<string, Dataset> = {};
  const load = (rel: string) => ({ name: rel, bytes: new Uint8Array(readFileSync(root + rel)) });
  for await (const outcome of runSample(registry, sample, { load })) {
    if (!outcome.ok || !outcome.result) throw outcome.error;
    for (const view of outcome.analysis?.views ?? []) await renderView(registry, view, outcome.result);
    results[outcome.step.analysis] = outcome.result;
  }
  return results;
}

describe('demo sample data (synthetic files in examples/) run and give the model values back', () => {
  it('slab: n and α of the Lorentz crystal within the noise', async () => {
    const r = (await runSampleById('slab'))['thz.optical-constants'] as Dataset;
    const f = r.coords.frequency as { start: number; step: number };
    for (const nu of [0.5, 1.0, 1.5]) {
      const i = Math.round((nu - f.start) / f.step);
      const e = lorentzEpsilon(nu, 0.5, 2.5, 0.2, { re: 0, im: 0 });
      const truth = indexOfEpsilon({ re: 4 + e.re, im: e.im });
      const sd = Math.sqrt(r.data.n!.variances![i] as number);
      expect(Math.abs((r.data.n!.values[i] as number) - truth.re)).toBeLessThan(Math.max(4 * sd, 1e-3));
    }
  });
  it('thin film: σ1 at 0.5 THz ≈ Drude σ0/(1 + (ωτ)²)', async () => {
    const r = (await runSampleById('thin-film'))['thz.thin-film'] as Dataset;
    const f = r.coords.frequency as { start: number; step: number };
    const i = Math.round((0.5 - f.start) / f.step);
    const x = 2 * Math.PI * 0.5e12 * 40e-15;
    expect(Math.abs((r.data.sigma1!.values[i] as number) / (2e5 / (1 + x * x)) - 1)).toBeLessThan(0.05);
  });
  it('thin film → Drude fit (chained): σ0 and τ of the generator within the thin-film approximation', async () => {
    const fit = (await runSampleById('thin-film'))['thz.fit-model'] as Dataset;
    const p = Object.fromEntries((fit.values!.parameters as { name: string; value: number; unit: string }[]).map((q) => [q.name, q]));
    expect(p['drude.sigma0']!.unit).toBe('S/m');
    expect(p['drude.tau']!.unit).toBe('fs');
    // truth 2·10⁵ S/m and 40 fs; the Tinkham formula neglects the phase across the film (|n|kd ≈ 0.1–0.2)
    expect(Math.abs(p['drude.sigma0']!.value / 2e5 - 1)).toBeLessThan(0.01);
    expect(Math.abs(p['drude.tau']!.value / 40 - 1)).toBeLessThan(0.03);
  });
  it('pump–probe: the 2.5 ps decay is recovered', async () => {
    const r = (await runSampleById('pump-probe'))['thz.pump-probe'] as Dataset;
    const tau = (r.values!.kinetics as { parameters: { name: string; value: number; stderr: number }[] }).parameters.find((p) => p.name === 'tau1')!;
    expect(Math.abs(tau.value - 2.5)).toBeLessThan(Math.max(4 * tau.stderr, 0.15));
  });
  it('2-D: the three pathways are the strongest peaks', async () => {
    const r = (await runSampleById('2d-nonlinear'))['thz.2d-spectrum'] as Dataset;
    const peaks = (r.values!.peaks as { excitationFrequency: { value: number }; detectionFrequency: { value: number } }[]).slice(0, 3);
    for (const [a, b] of [
      [1, 1],
      [-1, 1],
      [0, 2],
    ]) {
      expect(
        peaks.some((p) => Math.abs(p.excitationFrequency.value - (a as number)) < 0.08 && Math.abs(p.detectionFrequency.value - (b as number)) < 0.05),
      ).toBe(true);
    }
  });
});
