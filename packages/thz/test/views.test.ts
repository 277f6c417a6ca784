import { type Dataset, renderView, runAnalysis } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { createMap2d } from '../src/map2d';
import { slabStack } from '../src/layer-stack';
import { indexOfEpsilon, lorentzEpsilon } from '../src/models/dielectric';
import { syntheticStackPair } from '../src/models/synthetic-slab';
import { createWaveform } from '../src/waveform';
import { thzRegistry } from './data';

/** vega and vega-lite come with the CLI workspace; without them the specs are only checked structurally. */
const renderers = await Promise.all([import('vega'), import('vega-lite')]).catch(() => {
  console.warn('[skip] vega/vega-lite not installed: Vega-Lite specs are checked without rendering');
  return undefined;
});

async function svgOf(spec: Record<string, unknown>): Promise<string | undefined> {
  if (!renderers) return undefined;
  const [vega, vl] = renderers;
  const view = new vega.View(vega.parse(vl.compile(spec as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const index = (nu: number) => {
  const e = lorentzEpsilon(nu, 0.5, 2.5, 0.2, { re: 0, im: 0 });
  return indexOfEpsilon({ re: 4 + e.re, im: e.im });
};

describe('every view renders (Vega-Lite compiles to SVG; maps are PNG)', async () => {
  const registry = thzRegistry();
  const pair = syntheticStackPair({ layers: slabStack(300e-6).sample, index, dt: 0.02, start: 0, window: 27, t0: 5, width: 0.12, noise: 1e-3, repeats: 4 });
  const wave = (traces: Float64Array[]) => createWaveform({ time: pair.time, traces, timeAxis: { sourceUnit: 'ps', unitFrom: 'x', reversed: false } });
  const sample = wave(pair.sample);
  const reference = wave(pair.reference);
  const oc = await runAnalysis(registry, 'thz.optical-constants', { sample, reference }, { thickness: '300um' });
  const spectrum = await runAnalysis(registry, 'thz.spectrum', { input: reference }, {});
  const fit = await runAnalysis(registry, 'thz.fit-model', { input: oc }, { model: 'lorentz+background', fMin: '0.3THz', fMax: '2.3THz' });
  const delays = Float64Array.from({ length: 8 }, (_, j) => j - 1);
  const mapField = new Float64Array(8 * pair.time.length);
  const refField = new Float64Array(8 * pair.time.length);
  for (let j = 0; j < 8; j++) {
    mapField.set(
      (pair.reference[0] as Float64Array).map((v) => v * (1 - (j > 1 ? 0.05 * Math.exp(-(j - 1) / 3) : 0))),
      j * pair.time.length,
    );
    refField.set(pair.reference[0] as Float64Array, j * pair.time.length);
  }
  const pumped = createMap2d({ delay: delays, time: pair.time, field: mapField });
  const unpumped = createMap2d({ delay: delays, time: pair.time, field: refField });
  const pp = await runAnalysis(registry, 'thz.pump-probe', { pumped, reference: unpumped }, { substrateIndex: 3.4, fMin: '0.3THz', fMax: '2THz' });
  const twoD = await runAnalysis(registry, 'thz.2d-spectrum', { input: pumped, pulseA: unpumped, pulseB: reference }, { threshold: 0.5 });
  const cases: [string, Dataset][] = [
    ['thz.waveform-plot', sample],
    ['thz.spectrum-plot', spectrum],
    ['thz.optical-constants-plot', oc],
    ['thz.transfer-plot', oc],
    ['thz.conductivity-plot', oc],
    ['thz.model-fit-plot', fit],
    ['thz.kinetics-plot', pp],
    ['thz.photoconductivity-plot', pp],
    ['thz.map2d-image', pumped],
    ['thz.2d-map', twoD],
  ];
  it('covers every view of the plugin', () => {
    expect(new Set(cases.map(([id]) => id))).toEqual(new Set(plugin.views?.map((v) => v.id)));
  });
  for (const [id, ds] of cases) {
    it(id, async () => {
      const out = await renderView(registry, id, ds);
      if (out.type === 'image') {
        expect(Array.from(out.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
        expect(out.width).toBeGreaterThan(50);
      } else {
        expect(out.spec.$schema).toMatch(/vega-lite\/v6/);
        const svg = await svgOf(out.spec);
        if (svg !== undefined) {
          expect(svg).toMatch(/^<svg/);
          expect(svg.length).toBeGreaterThan(2000);
          // units appear in axis titles
          if (id !== 'thz.kinetics-plot') expect(svg).toMatch(/THz|ps/);
        }
      }
    });
  }
});
