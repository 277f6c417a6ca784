import { readdirSync } from 'node:fs';
import { coordValues, readSource, type Dataset } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { map2dArrays } from '../src/map2d';
import { layerStackOf } from '../src/layer-stack';
import { timeAxisOf, waveformArrays } from '../src/waveform';
import { DATA_DIR, dataFile, hasData, thzRegistry, warnSkip } from './data';

warnSkip('real-file reader tests');

const EXPECTED_READER: Record<string, string> = {
  '.tim': 'thz.nelly-tim',
  '.json': 'thz.nelly-input',
  '.DAT': 'thz.text-trace',
};

describe.skipIf(!hasData)('every file in shared/data/thz reads', () => {
  const registry = thzRegistry();
  const files = hasData
    ? readdirSync(DATA_DIR, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.endsWith('.md'))
        .map((e) => `${e.parentPath.slice(DATA_DIR.length)}/${e.name}`.replace(/^\//, ''))
    : [];
  it('finds the 19 data files', () => {
    expect(files.length).toBe(19);
  });
  for (const rel of files) {
    it(rel, async () => {
      const { dataset, choice } = await readSource(registry, dataFile(rel));
      const ext = /\.[^.]+$/.exec(rel)?.[0] ?? '';
      if (rel.includes('phoeniks')) expect(choice.reader.id).toBe('thz.phoeniks-trace');
      else if (rel.includes('gaas_trts')) expect(choice.reader.id).toBe('thz.map2d-text');
      else expect(choice.reader.id).toBe(EXPECTED_READER[ext]);
      if (dataset.kind === 'thz.waveform') {
        const w = waveformArrays(dataset);
        expect(w.time.length).toBeGreaterThan(700);
        expect(w.dt).toBeGreaterThan(0.004);
        expect(w.dt).toBeLessThan(0.06);
        expect(timeAxisOf(dataset).unit).toBe('ps');
      }
    });
  }
});

describe.skipIf(!hasData)('reader details', () => {
  it('phoeniks BNA: ps axis, 1800 points, 33.3 fs, 10000 averaged waveforms', async () => {
    const { dataset } = await readSource(thzRegistry(), dataFile('phoeniks_bna_450um/reference_mean.txt'));
    const w = waveformArrays(dataset);
    expect(w.time.length).toBe(1800);
    expect(w.time[0]).toBeCloseTo(-750.0786770965326, 9);
    expect(w.dt).toBeCloseTo(0.033333, 5);
    expect(w.regular).toBe(true);
    expect(dataset.values?.averagedWaveforms).toBe(10000);
    expect(timeAxisOf(dataset).unitFrom).toBe('header');
  });
  it('nelly Si: sample and reference on different time axes', async () => {
    const r = waveformArrays(await readDataset('nelly_si_464um/si_ref_air.tim'));
    const s = waveformArrays(await readDataset('nelly_si_464um/si_ref_smp.tim'));
    expect(r.time[0]).toBeCloseTo(575.499516, 6);
    expect(s.time[0]).toBeCloseTo(579.50065, 6);
    expect(r.dt).toBeCloseTo(0.00516, 5);
  });
  it('mcgillthz Si: 0–40 ps at 50 fs (unit from the step size)', async () => {
    const ds = await readDataset('mcgillthz_si_520um/Silicon.DAT');
    const w = waveformArrays(ds);
    expect(w.time.length).toBe(801);
    expect(w.time[800]).toBeCloseTo(40, 9);
    expect(timeAxisOf(ds).unitFrom).toBe('step-size');
  });
  it('nelly SnO2 input: five-layer sample stack, four-layer reference, unknown = sno2_ill (1 µm)', async () => {
    const stack = layerStackOf(await readDataset('nelly_sno2_trts/sno2_photo_input.json'));
    expect(stack.sample.length).toBe(5);
    expect(stack.reference?.length).toBe(4);
    expect(stack.unknown).toBe(3);
    expect(stack.sample[3]?.thickness).toBeCloseTo(1e-6, 12);
    expect(stack.sample[1]?.n).toEqual({ re: 1.95, im: 0 });
  });
  it('nelly quartz input: 225 µm slab', async () => {
    const ds = await readDataset('nelly_quartz_225um/sio2_ref_input.json');
    const stack = layerStackOf(ds);
    expect(stack.sample[stack.unknown]?.thickness).toBeCloseTo(225e-6, 12);
    expect(stack.reference).toBeUndefined();
  });
  it('GaAs map: 20 delays × 1000 times; pump file header misses the last three delays (masked)', async () => {
    const ref = await readDataset('mcgillthz_gaas_trts/GaAsEref400nm.dat');
    const pump = await readDataset('mcgillthz_gaas_trts/GaAsEpump400nm.dat');
    const r = map2dArrays(ref);
    const p = map2dArrays(pump);
    expect(r.nDelay).toBe(20);
    expect(r.nTime).toBe(1000);
    expect(Array.from(r.delay.slice(-3))).toEqual([5, 10, 100]);
    expect(p.nDelay).toBe(20);
    expect(pump.values?.missingDelays).toBe(3);
    expect(Number.isNaN(p.delay[19])).toBe(true);
    expect(pump.masks?.missingDelay?.values.reduce((a, b) => a + b, 0)).toBe(3);
    expect(p.time[0]).toBeCloseTo(0.01, 9);
    // field at delay index 0 (−0.2 ps), first time row
    expect(p.field[0]).toBeCloseTo(2.78910686800002e-6, 15);
    expect(coordValues(ref.coords.delay!)[0]).toBeCloseTo(-0.2, 12);
  });
});

async function readDataset(rel: string): Promise<Dataset> {
  return (await readSource(thzRegistry(), dataFile(rel))).dataset;
}
