import { readFileSync } from 'node:fs';
import { type Dataset, Registry, readSource, readSources, runAnalysis } from '@ionscope/core';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';

const registry = new Registry();
registry.register(plugin);
const root = new URL('../', import.meta.url).pathname;
const file = (p: string) => ({ name: p, bytes: new Uint8Array(readFileSync(`${root}${p}`)) });

/** Every view of every analysis compiles with Vega-Lite and renders to SVG (or is a PNG). */
describe('views render', () => {
  it('pattern, peaks, fit, sticks, identification, tracking, lattice, Williamson–Hall, waterfall, heatmap', async () => {
    const pattern = (await readSource(registry, file('examples/operando-lfp/lfp_charge_10.xy'))).dataset;
    const series = (
      await readSources(
        registry,
        ['01', '05', '10', '15', '20'].map((k) => file(`examples/operando-lfp/lfp_charge_${k}.xy`)),
      )
    ).dataset;
    const cif = (await readSource(registry, file('examples/cif/LiFePO4_Pnma.cif'))).dataset;
    const refs = (await readSources(registry, [file('examples/cif/LiFePO4_Pnma.cif'), file('examples/cif/FePO4_Pnma_heterosite.cif')])).dataset;
    const results: Dataset[] = [
      pattern,
      await runAnalysis(registry, 'xrd.find-peaks', { input: pattern }, {}),
      await runAnalysis(registry, 'xrd.fit-peaks', { input: pattern }, { maxPeaks: 3 }),
      await runAnalysis(registry, 'xrd.simulate', { input: cif }, {}),
      await runAnalysis(registry, 'xrd.identify', { input: pattern, references: refs }, {}),
      await runAnalysis(registry, 'xrd.track-peaks', { input: series }, { centers: [17.15, 18.05] }),
      await runAnalysis(registry, 'xrd.lattice', { input: series, structure: cif }, { minIntensity: 20 }),
      await runAnalysis(registry, 'xrd.size-strain', { input: pattern }, {}),
      series,
    ];
    let rendered = 0;
    for (const ds of results) {
      for (const view of plugin.views!.filter((v) => v.accepts.includes(ds.kind))) {
        const out = await view.render(ds, {}, { logger: console as never });
        if (out.type === 'image') {
          expect(Array.from(out.bytes.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
        } else {
          const svg = await new vega.View(vega.parse(vl.compile(out.spec as never).spec), { renderer: 'none' }).toSVG();
          expect(svg.length, `${view.id} on ${ds.kind}`).toBeGreaterThan(1000);
        }
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(10);
  });
});
