import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coordValues, type Dataset, datasetToCsv, Registry, readSource, readSources, resultToPlain, runAnalysis, runSample } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin, { makePattern, stackPatterns } from '../src/index';
import { profileValue } from '../src/models/profiles';
import { readCifStructure } from '../src/structure/cif-structure';
import { stickProfile } from '../src/structure/profile';
import { simulatePattern } from '../src/structure/simulate';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';
import { dataFile, hasData } from './helpers';

const registry = new Registry();
registry.register(plugin);
const cu = ANODE_WAVELENGTHS.Cu!;
const radiation = { kAlpha1: cu.kAlpha1, kAlpha2: cu.kAlpha2, kAlpha2Ratio: 0.5, wavelength: cu.kAlpha1, anode: 'Cu', probe: 'x-ray' as const };

async function read(rel: string): Promise<Dataset> {
  return (await readSource(registry, dataFile(rel))).dataset;
}

describe('the plugin', () => {
  it('registers readers, analyses and views with namespaced ids', () => {
    expect(plugin.analyses!.map((a) => a.id)).toEqual(
      expect.arrayContaining(['xrd.find-peaks', 'xrd.fit-peaks', 'xrd.simulate', 'xrd.identify', 'xrd.track-peaks', 'xrd.lattice']),
    );
    expect(plugin.views!.length).toBeGreaterThanOrEqual(7);
  });
});

describe.skipIf(!hasData)('analyses on real files', () => {
  it('xrd.simulate on LiFePO4.cif gives peaks with twoTheta, d, hkl, intensity', async () => {
    const result = await runAnalysis(registry, 'xrd.simulate', { input: await read('cif/LiFePO4_Pnma.cif') }, {});
    const plain = resultToPlain(result) as { peaks: { twoTheta: number; d: number; hkl: number[]; intensity: number }[] };
    const strongest = plain.peaks.reduce((a, b) => (b.intensity > a.intensity ? b : a));
    expect(strongest.intensity).toBe(100);
    const p200 = plain.peaks.find((p) => p.hkl.join(',') === '2,0,0')!;
    expect(p200.twoTheta).toBeCloseTo(17.1646, 3);
    expect(p200.d).toBeCloseTo(5.166, 3);
    const view = await registry.view('xrd.sticks').item.render(result, {}, { logger: console as never });
    expect(view.type).toBe('vega-lite');
  });
  it('xrd.find-peaks and xrd.fit-peaks on the LaB6 GSAS file (Cu doublet forced: the file names no anode)', async () => {
    const ds = await read('patterns/gsas2tut_NIST660CBI.gsas');
    const found = resultToPlain(await runAnalysis(registry, 'xrd.find-peaks', { input: ds }, { dropKAlpha2: 'on' })) as { peaks: { twoTheta: number }[] };
    expect(found.peaks.some((p) => Math.abs(p.twoTheta - 87.73) < 0.02)).toBe(true);
    expect(found.peaks.some((p) => Math.abs(p.twoTheta - 21.28) < 0.03)).toBe(true); // LaB6 (100)
    expect(found.peaks.some((p) => Math.abs(p.twoTheta - 88.01) < 0.03)).toBe(false); // its Kα2 line is dropped
    const fit = await runAnalysis(registry, 'xrd.fit-peaks', { input: ds }, { centers: [87.735], doublet: 'on', halfWidth: 0.43 });
    const plain = resultToPlain(fit) as { peaks: { center: { value: number; stderr: number }; fwhm: { value: number } }[] };
    expect(plain.peaks[0]!.center.value).toBeCloseTo(87.7357, 3);
    expect(plain.peaks[0]!.center.stderr).toBeGreaterThan(0);
    expect(fit.provenance.at(-1)!.warnings?.[0]).toMatch(/assuming Cu/);
  });
  it('xrd.lattice on the LaB6 pattern refines a ≈ 4.157 Å (NIST SRM 660 family)', async () => {
    const ds = await read('patterns/gsas2tut_NIST660CBI.gsas');
    const result = await runAnalysis(registry, 'xrd.lattice', { input: ds, structure: await read('cif/LaB6_Pm-3m_NIST660c.cif') }, { doublet: 'on' });
    const plain = resultToPlain(result) as { cell: { a: { value: number; stderr: number } }; reflections: unknown[]; system: string };
    expect(plain.system).toBe('cubic');
    expect(plain.reflections.length).toBeGreaterThan(8);
    expect(Math.abs(plain.cell.a.value - 4.1569)).toBeLessThan(0.003);
    expect(plain.cell.a.stderr).toBeLessThan(0.001);
  });
  it('xrd.identify picks LaB6 for the LaB6 standard out of all ten CIFs', async () => {
    const cifs = [
      'LiFePO4_Pnma.cif',
      'FePO4_Pnma_heterosite.cif',
      'LiCoO2_R-3m.cif',
      'LaB6_Pm-3m_NIST660c.cif',
      'CeO2_Fm-3m_NIST674b.cif',
      'Si_Fd-3m_NIST640c.cif',
      'graphite_P63mmc.cif',
      'LiC6_P6mmm.cif',
      'LiNiO2_R-3m.cif',
      'LiMn2O4_Fd-3m_xrdautoanalyzer.cif',
    ];
    const refs = (
      await readSources(
        registry,
        cifs.map((c) => dataFile(`cif/${c}`)),
      )
    ).dataset;
    expect((refs.values!.structures as unknown[]).length).toBe(10);
    const result = await runAnalysis(registry, 'xrd.identify', { input: await read('patterns/gsas2tut_LaB6_Jan2018.raw'), references: refs }, {});
    const plain = resultToPlain(result) as { identified: string[]; candidates: { name: string; score: number }[] };
    expect(plain.candidates[0]!.name).toMatch(/LaB6/);
    expect(plain.identified[0]).toMatch(/LaB6/);
  });
});

describe('operando series: tracking and lattice versus time (synthetic)', () => {
  const x = Float64Array.from({ length: 1500 }, (_, i) => 20 + i * 0.02);
  it('tracks a shifting, growing peak and refines a growing cubic cell', async () => {
    const cell0 = 5.4116;
    const times = [0, 600, 1200, 1800, 2400];
    const patterns = times.map((t, k) => {
      const a = cell0 * (1 + 0.001 * k);
      const ce = { ...readCifLike(a) };
      const sticks = simulatePattern(ce, { wavelength: cu.kAlpha1, twoThetaRange: [15, 55] }).map((p) => ({
        twoTheta: p.twoTheta,
        intensity: p.intensity * (1 + 0.1 * k),
      }));
      const prof = stickProfile(x, sticks, { fwhm: 0.08, eta: 0.4, kAlpha2: { lambdaRatio: cu.kAlpha2 / cu.kAlpha1, intensityRatio: 0.5 } });
      const y = prof.map((v, i) => 200 + 50 * v + 0.5 * (x[i] as number));
      return makePattern({
        x,
        intensity: y,
        variances: 'poisson',
        radiation,
        meta: { startTime: new Date(Date.UTC(2024, 0, 1, 10, 0, t)).toISOString().replace('.000', '') },
      });
    });
    const series = stackPatterns(patterns);
    expect(Array.from(coordValues(series.coords.time!))).toEqual(times);
    const tracked = await runAnalysis(registry, 'xrd.track-peaks', { input: series }, { count: 2 });
    const c1 = tracked.data.peak1_center!.values;
    expect(c1.length).toBe(5);
    expect(tracked.data.peak2_center).toBeDefined();
    expect((c1[4] as number) < (c1[0] as number)).toBe(true); // a grows → 2θ decreases
    expect(Math.sqrt(tracked.data.peak1_center!.variances![0] as number)).toBeGreaterThan(0);
    const area = tracked.data.peak1_area!.values;
    expect((area[4] as number) / (area[0] as number)).toBeCloseTo(1.4, 1);
    const csv = datasetToCsv(tracked);
    expect(csv.split('\n')[0]).toMatch(/^time \(s\),.*peak1_center \(°\),peak1_center_stderr/);
    const cif = `data_CeO2\n_cell_length_a ${cell0}\n_cell_length_b ${cell0}\n_cell_length_c ${cell0}\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x+1/2,y+1/2,z'\n'x+1/2,y,z+1/2'\n'x,y+1/2,z+1/2'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCe 0 0 0\nO1 0.25 0.25 0.25\nO2 0.75 0.75 0.75\n`;
    const structure = (await readSource(registry, { name: 'c.cif', bytes: new TextEncoder().encode(cif) })).dataset;
    const lattice = await runAnalysis(registry, 'xrd.lattice', { input: series, structure }, {});
    const a = lattice.data.a!.values;
    for (let k = 0; k < 5; k++) expect(a[k] as number).toBeCloseTo(cell0 * (1 + 0.001 * k), 4);
    // the plain result keeps every pattern's volume; the last refinement sits under `last`
    const plain = resultToPlain(lattice) as any;
    expect(plain.volume.values).toHaveLength(5);
    expect(plain.volume.values[4]).toBeCloseTo((cell0 * 1.004) ** 3, 1);
    expect(plain.last.pattern).toBe(5);
    expect(plain.last.cell.a.value).toBeCloseTo(a[4] as number, 10);
    expect(plain.last.volume.unit).toBe('Å^3');
    const img = await registry.view('xrd.heatmap').item.render(series, {}, { logger: console as never });
    expect(img.type).toBe('image');
  });
});

function readCifLike(a: number) {
  const cif = `data_x\n_cell_length_a ${a}\n_cell_length_b ${a}\n_cell_length_c ${a}\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'x+1/2,y+1/2,z'\n'x+1/2,y,z+1/2'\n'x,y+1/2,z+1/2'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCe 0 0 0\nO1 0.25 0.25 0.25\nO2 0.75 0.75 0.75\n`;
  return readCifStructure(cif, 'x.cif');
}
describe('sample data (what `ionscope demo` runs)', () => {
  const root = fileURLToPath(new URL('../', import.meta.url));
  // a sample path is a file or a folder of files (an operando series)
  const load = (rel: string) => {
    const path = `${root}${rel}`;
    if (!statSync(path).isDirectory()) return { name: rel, bytes: new Uint8Array(readFileSync(path)) };
    return readdirSync(path)
      .sort()
      .map((f) => ({ name: `${rel}/${f}`, bytes: new Uint8Array(readFileSync(`${path}/${f}`)) }));
  };
  for (const sample of plugin.sampleData ?? []) {
    it(`${sample.id}: ${sample.analyses.map((a) => a.analysis).join(', ')}`, async () => {
      for await (const { step, analysis, ok, result, error } of runSample(registry, sample, { load })) {
        if (!ok || !result || !analysis) throw error;
        expect(result.kind).toBe(analysis.produces);
        for (const viewId of analysis.views ?? []) {
          const view = await registry.view(viewId).item.render(result, {}, { logger: console as never });
          expect(['vega-lite', 'image']).toContain(view.type);
        }
        if (step.analysis === 'xrd.identify')
          expect((result.values!.identified as string[]).map((n) => n.replace(/ .*/, '')).sort()).toEqual(['FePO4', 'LiFePO4']);
        if (step.analysis === 'xrd.pawley') expect((result.values!.cell as { a: { value: number } }).a.value).toBeCloseTo(10.332, 2);
        if (step.analysis === 'xrd.lattice' && sample.id === 'operando-lfp') expect(result.data.a!.values[0]).toBeCloseTo(10.332, 2);
      }
    });
  }
});

describe('xrd.process', () => {
  it('subtracts a background, smooths (Savitzky–Golay), normalises and converts 2θ to d', async () => {
    const x = Float64Array.from({ length: 2001 }, (_, i) => 20 + i * 0.02);
    const y = x.map((t) => 100 + 1000 * profileValue('gaussian', t - 40, 0.2, []));
    const ds = makePattern({ x, intensity: y, radiation });
    const r = await runAnalysis(registry, 'xrd.process', { input: ds }, { background: 'snip', savitzkyGolay: 5, normalize: 'max', axis: 'd' });
    const d = coordValues(r.coords.d!);
    expect(d[1]! > d[0]!).toBe(true);
    const v = r.data.intensity!.values;
    let iMax = 0;
    for (let i = 0; i < v.length; i++) if ((v[i] as number) > (v[iMax] as number)) iMax = i;
    expect(v[iMax]).toBeCloseTo(100, 0);
    expect(d[iMax]).toBeCloseTo(cu.kAlpha1 / (2 * Math.sin((40 * Math.PI) / 360)), 3);
    expect(Math.abs(v[0] as number)).toBeLessThan(1);
  });
});
