import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDataset, explicitCoord, Registry, readSource, renderView, resultToPlain, runAnalysis, variable } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { projectionsOf, volumeDataset, volumeOf } from '../src/kinds';
import { hasData, readF32, rng, warnSkip } from './helpers';
import { rmseInCircle } from './phantom';

const registry = new Registry();
registry.register(plugin);
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const example = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(examples + name)) });
const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('plugin', () => {
  it('registers, and its sample files exist', () => {
    expect(registry.analyses().map((a) => a.id)).toEqual(
      expect.arrayContaining([
        'tomography.reconstruct',
        'tomography.segment',
        'tomography.porosity',
        'tomography.tortuosity',
        'tomography.surface-area',
        'tomography.particles',
      ]),
    );
    for (const s of plugin.sampleData)
      for (const f of Object.values(s.files)) expect(existsSync(fileURLToPath(new URL(`../${f}`, import.meta.url)))).toBe(true);
  });
});

describe('tooth sample: automatic centre and reconstruction', () => {
  it('reconstructs with the centre found near 290–296 px and renders slices', async () => {
    const { dataset } = await readSource(registry, example('tooth.h5'));
    const vol = await runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, { centre: 'auto', filter: 'shepp-logan' });
    const c = vol.values?.centre as number;
    expect(c).toBeGreaterThan(290);
    expect(c).toBeLessThan(296);
    const v = volumeOf(vol);
    expect(v.shape).toEqual([2, 640, 640]);
    // the tooth is denser than the background: the centre of the slice is above the edge mean
    let inner = 0;
    let outer = 0;
    for (let i = 0; i < 640; i++)
      for (let j = 0; j < 640; j++) {
        const r = Math.hypot(i - 320, j - 320);
        if (r < 100) inner += v.values[640 * 640 + i * 640 + j] as number;
        if (r > 280 && r < 300) outer += v.values[640 * 640 + i * 640 + j] as number;
      }
    expect(inner / 31400).toBeGreaterThan(outer / 36400);
    const view = await renderView(registry, 'tomography.slices', vol, { axis: 'z', index: 1 });
    expect(view.type).toBe('image');
    if (view.type === 'image') expect(Array.from(view.bytes.subarray(0, 4))).toEqual(PNG);
    const sino = await renderView(registry, 'tomography.sinogram', dataset, {});
    expect(sino.type).toBe('image');
  });
});

describe('ring removal on the real tooth scan', () => {
  it('shrinks the ring profile of the background (angular mean, r = 200–300 px) without moving the background level', async () => {
    const { dataset } = await readSource(registry, example('tooth.h5'));
    const ringRms = async (ringRemoval: string) => {
      const vol = await runAnalysis(
        registry,
        'tomography.reconstruct',
        { input: dataset },
        { centre: 295.75, filter: 'shepp-logan', ringRemoval, ringSize: 11, rows: [0, 1] },
      );
      const v = volumeOf(vol).values;
      const prof = new Float64Array(320);
      const cnt = new Float64Array(320);
      for (let i = 0; i < 640; i++)
        for (let j = 0; j < 640; j++) {
          const r = Math.hypot(i - 320, j - 320);
          if (r > 200 && r < 300) {
            prof[Math.floor(r)] += v[i * 640 + j] as number;
            cnt[Math.floor(r)]++;
          }
        }
      let mean = 0;
      for (let k = 201; k < 300; k++) mean += (prof[k] as number) / (cnt[k] as number) / 99;
      let rs = 0;
      for (let k = 201; k < 300; k++) rs += ((prof[k] as number) / (cnt[k] as number) - mean) ** 2;
      return { rms: Math.sqrt(rs / 99), mean, values: vol.values as Record<string, unknown> };
    };
    const none = await ringRms('none');
    const sorting = await ringRms('sorting');
    const both = await ringRms('both');
    expect(sorting.rms).toBeLessThan(none.rms / 2);
    expect(both.rms).toBeLessThan(none.rms / 5);
    expect(Math.abs(both.mean - none.mean)).toBeLessThan(2e-5);
    // Münch et al. 2009 with its defaults (db5, 4 levels, σ = 2): measured 7.06e-5 → 1.61e-5 µm⁻¹ (4.4×), mean moved 7.6e-6
    const wavelet = await ringRms('wavelet-fft');
    expect(wavelet.rms).toBeLessThan(none.rms / 4);
    expect(Math.abs(wavelet.mean - none.mean)).toBeLessThan(1e-5);
    expect(wavelet.values.ringRemovalMethod).toMatchObject({ wavelet: 'db5', levels: 4, levelsUsed: 4, sigma: 2 });
    expect(both.values.ringRemovalMethod).toMatchObject({ size: 11, largeSnr: 3 });
  });
});

warnSkip('reconstruct analysis on a Shepp–Logan sinogram dataset');
describe.skipIf(!hasData)('sinogram datasets', () => {
  it('tomography.reconstruct on a tomography.sinogram reproduces the FBP accuracy', async () => {
    const n = 256;
    const na = 180;
    const raw = readF32('shepp_logan/sinogram_256_180.f32');
    const sino = new Float32Array(na * n);
    for (let d = 0; d < n; d++) for (let a = 0; a < na; a++) sino[a * n + d] = raw[d * na + a] as number;
    const ds = createDataset({
      kind: 'tomography.sinogram',
      data: { sinogram: variable(['row', 'angle', 'col'], sino, '', { shape: [1, na, n] }) },
      coords: {
        theta: explicitCoord(
          'angle',
          Float64Array.from({ length: na }, (_, i) => i),
          '°',
        ),
      },
    });
    const vol = await runAnalysis(registry, 'tomography.reconstruct', { input: ds }, { centre: 128, padding: 'zero' });
    expect(vol.values?.angularRange).toEqual({ value: 179, unit: '°' });
    expect(rmseInCircle(volumeOf(vol).values, readF32('shepp_logan/phantom_256.f32'), n)).toBeLessThan(0.03266);
  });
});

describe('electrode sample: porosity, tortuosity, surface area, particles', () => {
  it('runs the four analyses with units and the CLI result fields', async () => {
    const { dataset } = await readSource(registry, example('electrode_nmc_crop64.tif'));
    expect(volumeOf(dataset).voxelSizeUm).toBeCloseTo(0.390625, 9);
    const por = await runAnalysis(registry, 'tomography.porosity', { input: dataset }, { phase: 0 });
    expect(por.values?.porosity).toBeCloseTo(0.38982, 4);
    const tau = await runAnalysis(
      registry,
      'tomography.tortuosity',
      { input: dataset },
      { phase: 0, direction: 'z', allDirections: true, bulkDiffusivity: '1e-9 m^2/s' },
    );
    const plain = resultToPlain(tau);
    expect(plain.direction).toBe('z');
    expect(plain.porosity).toBeCloseTo(0.38982, 4);
    expect(plain.tau as number).toBeGreaterThan(1.5);
    expect(plain.tau as number).toBeLessThan(5);
    const deff = plain.effectiveDiffusivity as { value: number; unit: string };
    expect(deff.unit).toBe('m^2/s');
    expect(deff.value).toBeCloseTo((1e-9 * 0.38982) / (plain.tau as number), 12);
    expect((plain.byDirection as unknown[]).length).toBe(3);
    expect((plain.solver as { tolerance: number }).tolerance).toBe(1e-4);
    const sa = await runAnalysis(registry, 'tomography.surface-area', { input: dataset }, {});
    const phases = sa.values?.phases as { label: number; faceCounting: { value: number; unit: string }; marchingCubes: { value: number } }[];
    expect(phases.map((p) => p.label)).toEqual([0, 85, 170]);
    expect(phases[0]?.faceCounting.unit).toBe('µm^-1');
    // marching cubes gives less area than face counting on voxel data
    for (const p of phases) expect(p.marchingCubes.value).toBeLessThan(p.faceCounting.value);
    const parts = await runAnalysis(registry, 'tomography.particles', { input: dataset }, { phase: 85 });
    expect(parts.values?.count as number).toBeGreaterThan(0);
    expect((parts.values as { d50: { unit: string } }).d50.unit).toBe('µm');
    const chart = await renderView(registry, 'tomography.particle-sizes', parts);
    expect(chart.type).toBe('vega-lite');
    const fr = await renderView(registry, 'tomography.fractions', por);
    expect(fr.type).toBe('vega-lite');
    const slices = await renderView(registry, 'tomography.slices', dataset, {});
    expect(slices.type).toBe('image');
    const mip = await renderView(registry, 'tomography.mip', dataset, { axis: 'x' });
    expect(mip.type).toBe('image');
  });
});

describe('segmentation', () => {
  it('Otsu on a noisy two-phase volume recovers the phase fraction', async () => {
    const n = 32;
    const r = rng(5);
    const truth = new Uint8Array(n ** 3);
    const grey = new Float32Array(n ** 3);
    for (let i = 0; i < truth.length; i++) {
      const z = Math.floor(i / (n * n));
      truth[i] = z < 12 ? 1 : 0;
      grey[i] = (truth[i] ? 2 : 1) + 0.15 * (r() + r() + r() - 1.5);
    }
    const vol = volumeDataset({ values: grey, shape: [n, n, n], voxelSizeUm: 2 });
    const labels = await runAnalysis(registry, 'tomography.segment', { input: vol }, { method: 'otsu', smoothing: 'median', names: ['matrix', 'dense'] });
    expect(labels.kind).toBe('tomography.labels');
    const l = volumeOf(labels);
    let agree = 0;
    for (let i = 0; i < truth.length; i++) if (l.values[i] === truth[i]) agree++;
    expect(agree / truth.length).toBeGreaterThan(0.999);
    expect(l.voxelSizeUm).toBe(2);
    const por = await runAnalysis(registry, 'tomography.porosity', { input: labels }, { phase: 1 });
    expect(por.values?.porosity).toBeCloseTo(12 / 32, 2);
    expect((por.values as { volumeFractions: { name: string }[] }).volumeFractions[1]?.name).toBe('dense');
    const hist = await renderView(registry, 'tomography.histogram', vol, {});
    expect(hist.type).toBe('vega-lite');
    await expect(runAnalysis(registry, 'tomography.porosity', { input: vol }, {})).rejects.toThrow(/grey values/);
  });
});

describe('writers round-trip through the readers', () => {
  it('TIFF (uint16 conversion and labels), NRRD and NXtomo', async () => {
    const { dataset } = await readSource(registry, example('electrode_nmc_crop64.tif'));
    const tiff = registry.writer('tomography.tiff').item;
    const bytes = await tiff.write(dataset, { dtype: 'keep' }, { logger: console as never });
    const back = await readSource(registry, { name: 'x.tif', bytes });
    expect(Array.from(volumeOf(back.dataset).values.subarray(0, 5000))).toEqual(Array.from(volumeOf(dataset).values.subarray(0, 5000)));
    expect(volumeOf(back.dataset).voxelSizeUm).toBeCloseTo(0.390625, 9);
    const nrrd = await registry.writer('tomography.nrrd').item.write(dataset, {}, { logger: console as never });
    const backN = await readSource(registry, { name: 'x.nrrd', bytes: nrrd });
    expect(volumeOf(backN.dataset).values.length).toBe(64 ** 3);
    const { dataset: tooth } = await readSource(registry, example('tooth.h5'));
    const nx = await registry.writer('tomography.nxtomo').item.write(tooth, {}, { logger: console as never });
    const backX = await readSource(registry, { name: 'tooth.nxs', bytes: nx });
    expect(backX.choice.reader.id).toBe('tomography.nxtomo');
    const a = projectionsOf(tooth);
    const b = projectionsOf(backX.dataset);
    expect(b.shape).toEqual(a.shape);
    expect(b.flats?.count).toBe(10);
    expect(b.darks?.count).toBe(10);
    for (let i = 0; i < a.theta.length; i++) expect(b.theta[i]).toBeCloseTo(a.theta[i] as number, 12);
    expect(b.projections[12345]).toBe(a.projections[12345]);
  });
});
