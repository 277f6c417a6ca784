import { IonscopeError, loadH5wasm, readSource } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { map2dArrays } from '../src/map2d';
import { timeAxisOf, waveformArrays } from '../src/waveform';
import { thzRegistry } from './data';

/** Writes an HDF5 file in h5wasm's memory FS and returns its bytes. */
async function makeHdf5(build: (file: InstanceType<Awaited<ReturnType<typeof loadH5wasm>>['h5']['File']>) => void): Promise<Uint8Array> {
  const { h5, FS } = await loadH5wasm();
  const path = `/thz-test-${Math.random().toString(36).slice(2)}.h5`;
  const file = new h5.File(path, 'w');
  build(file);
  file.close();
  const bytes = FS.readFile(path);
  FS.unlink(path);
  return bytes;
}

const pulse = (t: number) => (t - 5) * Math.exp(-(((t - 5) / 0.3) ** 2));

describe('HDF5 reader', () => {
  it('reads an NXdata group with three repeats (fs axis) as mean ± SEM', async () => {
    const n = 200;
    const timeFs = Float64Array.from({ length: n }, (_, i) => i * 50);
    const repeats = [0, 1, 2].map((k) => Float64Array.from({ length: n }, (_, i) => pulse(i * 0.05) + (k - 1) * 1e-3));
    const field = new Float64Array(3 * n);
    repeats.forEach((r, k) => field.set(r, k * n));
    const bytes = await makeHdf5((f) => {
      const g = f.create_group('entry').create_group('thz_data');
      g.create_attribute('NX_class', 'NXdata');
      g.create_attribute('signal', 'field');
      g.create_attribute('axes', ['time']);
      g.create_dataset({ name: 'field', data: field, shape: [3, n], dtype: '<d' });
      g.create_dataset({ name: 'time', data: timeFs, dtype: '<d' }).create_attribute('units', 'fs');
    });
    const { dataset, choice } = await readSource(thzRegistry(), { name: 'trace.h5', bytes });
    expect(choice.reader.id).toBe('thz.hdf5');
    const w = waveformArrays(dataset);
    expect(w.time[n - 1]).toBeCloseTo(9.95, 12);
    expect(timeAxisOf(dataset).sourceUnit).toBe('fs');
    expect(w.field[100]).toBeCloseTo(pulse(5), 12);
    // sample variance of (−1, 0, 1)·1e-3 is 1e-6; variance of the mean 1e-6/3
    expect(w.variance?.[100]).toBeCloseTo(1e-6 / 3, 15);
    expect(dataset.data.traces?.shape).toEqual([3, n]);
  });
  it('reads a delay × time map as thz.map2d', async () => {
    const nt = 64;
    const nd = 5;
    const field = Float64Array.from({ length: nd * nt }, (_, i) => Math.sin(i));
    const bytes = await makeHdf5((f) => {
      f.create_dataset({ name: 'time', data: Float64Array.from({ length: nt }, (_, i) => i * 0.02) }).create_attribute('units', 'ps');
      f.create_dataset({ name: 'pump_delay', data: Float64Array.from([0, 1, 2, 3, 4]) }).create_attribute('units', 'ps');
      f.create_dataset({ name: 'E_field', data: field, shape: [nd, nt], dtype: '<d' });
    });
    const { dataset } = await readSource(thzRegistry(), { name: 'map.h5', bytes });
    const m = map2dArrays(dataset);
    expect(m.nDelay).toBe(5);
    expect(m.field[3 * nt + 7]).toBeCloseTo(Math.sin(3 * nt + 7), 12);
  });
  it('a file without a THz trace gives a ParseError naming what was expected', async () => {
    const bytes = await makeHdf5((f) => {
      f.create_dataset({ name: 'something', data: Float64Array.from([1, 2, 3]) });
    });
    const err = await readSource(thzRegistry(), { name: 'other.h5', bytes }, { readerId: 'thz.hdf5' }).catch((e) => e);
    expect(err).toBeInstanceOf(IonscopeError);
    expect(err.message).toMatch(/other\.h5.*no THz trace found.*expected a group with a time dataset/);
  });
});

describe('HDF5 reader fuzzing', () => {
  it('corrupted HDF5 bytes give an IonscopeError or a dataset', async () => {
    const fc = (await import('fast-check')).default;
    const { readers } = await import('../src/readers/index');
    const reader = readers.find((r) => r.id === 'thz.hdf5')!;
    const good = await makeHdf5((f) => {
      f.create_dataset({ name: 'time', data: Float64Array.from({ length: 64 }, (_, i) => i * 0.02) });
      f.create_dataset({ name: 'field', data: Float64Array.from({ length: 64 }, (_, i) => pulse(i * 0.02)) });
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(good.length),
        async (flips, cut) => {
          const bytes = good.slice(0, Math.max(cut, 16));
          for (const [i, v] of flips) if (i >= 8 && i < bytes.length) bytes[i] = v;
          try {
            await reader.read({ name: 'fuzz.h5', bytes }, { logger: console as never });
          } catch (error) {
            expect(error).toBeInstanceOf(IonscopeError);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
