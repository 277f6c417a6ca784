import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Registry, type FileSource, readSource, readSources } from '@ionscope/core';
import h5wasm from 'h5wasm/node';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { encodeNpy } from '../src/io/npy';
import { encodeNrrd } from '../src/io/nrrd';
import { encodeTiffStack } from '../src/io/tiff-encode';
import { projectionsOf, volumeOf } from '../src/kinds';
import { readNxtomo } from '../src/readers/nxtomo';
import { dataFile, hasData, rng, warnSkip } from './helpers';

const registry = new Registry();
registry.register(plugin);

warnSkip('reader tests on the real files');

describe.skipIf(!hasData)('readers on /work/shared/data/tomography', () => {
  it('reads the TomoPy tooth (DXchange): shape, flats, darks, theta in degrees → rad', async () => {
    const { dataset, choice } = await readSource(registry, dataFile('tomopy_tooth_dxchange.h5'));
    expect(choice.reader.id).toBe('tomography.dxchange');
    expect(dataset.kind).toBe('tomography.projections');
    const p = projectionsOf(dataset);
    expect(p.shape).toEqual([181, 2, 640]);
    expect(p.flats?.count).toBe(10);
    expect(p.darks?.count).toBe(10);
    expect(dataset.coords.theta?.unit).toBe('rad');
    expect(p.theta[0]).toBeCloseTo(0, 12);
    expect((p.theta[180] as number) * (180 / Math.PI)).toBeCloseTo(179.0055, 3);
    expect(dataset.values?.thetaUnitInFile).toBe('deg');
    expect(dataset.values?.thetaUnitSource).toBe('attribute');
    expect(dataset.meta.sample?.name).toBe('Tooth');
  });

  it('reads the ALS 8.3.2 per-image layout: 20 projections, flats, darks, pixel size', async () => {
    const { dataset, choice } = await readSource(registry, dataFile('dxchange_test_read_stack.h5'));
    expect(choice.reader.id).toBe('tomography.als832');
    const p = projectionsOf(dataset);
    expect(p.shape).toEqual([20, 10, 10]);
    expect(p.flats?.count).toBe(4);
    expect(p.darks?.count).toBe(2);
    expect(p.pixelSizeUm).toBeCloseTo(0.645, 9);
    expect(p.theta[19]).toBeCloseTo(Math.PI, 12);
    expect(p.projections).toBeInstanceOf(Uint16Array);
  });

  it('reads the TomoPy .npy set as projections with angles in radians', async () => {
    const names = ['tomopy_test_tomo.npy', 'tomopy_test_flat.npy', 'tomopy_test_dark.npy', 'tomopy_test_angle.npy'];
    const { dataset } = await readSources(registry, names.map(dataFile));
    const p = projectionsOf(dataset);
    expect(p.shape).toEqual([16, 8, 46]);
    expect(p.flats?.count).toBe(2);
    expect(p.darks?.count).toBe(2);
    expect(p.flats?.values[0]).toBe(1000);
    expect(p.darks?.values[0]).toBe(10);
    expect(dataset.values?.thetaUnitInFile).toBe('rad');
    expect(p.theta[15]).toBeCloseTo((168.75 * Math.PI) / 180, 10);
  });

  it('reads a single .npy as a volume', async () => {
    const { dataset } = await readSource(registry, dataFile('tomopy_test_test_stripe_data.npy'));
    const v = volumeOf(dataset);
    expect(v.shape).toEqual([100, 3, 30]);
    expect(v.values).toBeInstanceOf(Float32Array);
    let min = Infinity;
    let max = -Infinity;
    for (const x of v.values) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeCloseTo(0.133, 2);
    expect(max).toBeCloseTo(0.753, 2);
  });

  it('reads the 256³ TauFactor electrode TIFF (deflate, uint8, labels 0/85/170)', async () => {
    const { dataset, choice } = await readSource(registry, dataFile('taufactor_electrode_nmc_3phase_256.tiff'));
    expect(choice.reader.id).toBe('tomography.tiff');
    const v = volumeOf(dataset);
    expect(v.shape).toEqual([256, 256, 256]);
    const counts = new Map<number, number>();
    for (const x of v.values) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([0, 85, 170]);
    expect((counts.get(0) as number) / v.values.length).toBeCloseTo(0.449917, 6);
  });
});

describe('TIFF writer (hand-written) read back by utif', () => {
  const cases = [
    ['uint8', new Uint8Array(3 * 5 * 7).map((_, i) => (i * 7) % 256)],
    ['uint16', new Uint16Array(3 * 5 * 7).map((_, i) => (i * 977) % 65536)],
    ['int16', new Int16Array(3 * 5 * 7).map((_, i) => ((i * 977) % 65536) - 32768)],
    ['uint32', new Uint32Array(3 * 5 * 7).map((_, i) => i * 123457)],
    ['int32', new Int32Array(3 * 5 * 7).map((_, i) => (i - 50) * 1234567)],
    ['float32', new Float32Array(3 * 5 * 7).map((_, i) => Math.sin(i) * 1e3)],
  ] as const;
  for (const [name, values] of cases) {
    it(`round-trips a 3-page ${name} stack with its voxel size`, async () => {
      const bytes = encodeTiffStack(values, { width: 7, height: 5, pages: 3, voxelSizeUm: 0.390625 });
      const { dataset } = await readSource(registry, { name: `stack.tif`, bytes });
      const v = volumeOf(dataset);
      expect(v.shape).toEqual([3, 5, 7]);
      expect(v.values.constructor).toBe(values.constructor);
      expect(Array.from(v.values)).toEqual(Array.from(values));
      expect(v.voxelSizeUm).toBeCloseTo(0.390625, 9);
    });
  }

  it('stacks a folder of single-page TIFFs in natural order', async () => {
    const pages = [0, 1, 2, 10].map((k) => ({ name: `slice_${k}.tif`, bytes: encodeTiffStack(new Uint16Array(6).fill(k), { width: 3, height: 2, pages: 1 }) }));
    const { dataset } = await readSources(registry, [pages[3], pages[1], pages[0], pages[2]] as FileSource[]);
    const v = volumeOf(dataset);
    expect(v.shape).toEqual([4, 2, 3]);
    expect([v.values[0], v.values[6], v.values[12], v.values[18]]).toEqual([0, 1, 2, 10]);
  });
});

describe('NRRD (raw binary with a header)', () => {
  const values = new Float32Array(2 * 3 * 4).map((_, i) => i * 0.5 - 3);
  it('round-trips an attached raw NRRD with voxel size and kind', async () => {
    const bytes = encodeNrrd(
      new Uint8Array(24).map((_, i) => i % 3),
      [2, 3, 4],
      { spacingUm: 1.5, keyValues: { ionscope_kind: 'tomography.labels' } },
    );
    const { dataset } = await readSource(registry, { name: 'v.nrrd', bytes });
    expect(dataset.kind).toBe('tomography.labels');
    const v = volumeOf(dataset);
    expect(v.shape).toEqual([2, 3, 4]);
    expect(v.voxelSizeUm).toBeCloseTo(1.5, 12);
    expect(v.values[5]).toBe(2);
  });
  it('reads a detached big-endian header + raw file, and gzip encoding', async () => {
    const be = new Uint8Array(values.length * 4);
    const dv = new DataView(be.buffer);
    values.forEach((x, i) => dv.setFloat32(i * 4, x, false));
    const header = `NRRD0004\ntype: float\ndimension: 3\nsizes: 4 3 2\nendian: big\nencoding: raw\nspacings: 2 2 2\nunits: "mm" "mm" "mm"\ndata file: vol.raw\n`;
    const { dataset } = await readSources(registry, [
      { name: 'vol.nhdr', bytes: new TextEncoder().encode(header) },
      { name: 'vol.raw', bytes: be },
    ]);
    const v = volumeOf(dataset);
    expect(Array.from(v.values)).toEqual(Array.from(values));
    expect(v.voxelSizeUm).toBeCloseTo(2000, 9);
    const gz = gzipSync(Buffer.from(values.buffer));
    const head = new TextEncoder().encode('NRRD0004\ntype: float\ndimension: 3\nsizes: 4 3 2\nendian: little\nencoding: gzip\n\n');
    const { dataset: d2 } = await readSource(registry, { name: 'g.nrrd', bytes: new Uint8Array([...head, ...gz]) });
    expect(Array.from(volumeOf(d2).values)).toEqual(Array.from(values));
    expect(volumeOf(d2).voxelSizeUm).toBeUndefined();
  });
});

describe('NumPy .npy', () => {
  it('round-trips and reads Fortran order and big-endian', async () => {
    const a = new Int16Array([1, 2, 3, 4, 5, 6]);
    const { dataset } = await readSource(registry, { name: 'a.npy', bytes: encodeNpy(a, [1, 2, 3]) });
    expect(Array.from(volumeOf(dataset).values)).toEqual([1, 2, 3, 4, 5, 6]);
    // a 2×3 Fortran-ordered big-endian float64 array [[1,2,3],[4,5,6]] stored column-major
    const header = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
    const pad = ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const h = new TextEncoder().encode(header + pad);
    const body = new Uint8Array(48);
    [1, 4, 2, 5, 3, 6].forEach((x, i) => new DataView(body.buffer).setFloat64(i * 8, x, false));
    const bytes = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8, ...h, ...body]);
    const { dataset: d2 } = await readSource(registry, { name: 'f.npy', bytes });
    expect(volumeOf(d2).shape).toEqual([1, 2, 3]);
    expect(Array.from(volumeOf(d2).values)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('NXtomo', () => {
  it('splits frames by image_key and converts rotation_angle degrees to radians', async () => {
    await h5wasm.ready;
    const dir = mkdtempSync(join(tmpdir(), 'nxtomo-'));
    const path = join(dir, 'scan.nxs');
    const f = new h5wasm.File(path, 'w');
    const entry = f.create_group('entry');
    entry.create_attribute('NX_class', 'NXentry');
    entry.create_dataset({ name: 'definition', data: 'NXtomo' });
    const det = entry.create_group('instrument').create_group('detector');
    const keys = new Int32Array([2, 1, 0, 0, 0, 0, 1, 3]);
    const frames = new Uint16Array(8 * 2 * 3).map((_, i) => Math.floor(i / 6) * 100 + (i % 6));
    det.create_dataset({ name: 'data', data: frames, shape: [8, 2, 3] });
    det.create_dataset({ name: 'image_key', data: keys });
    det.create_dataset({ name: 'x_pixel_size', data: new Float64Array([6.5e-6]) });
    (det.get('x_pixel_size') as any).create_attribute('units', 'm');
    const sample = entry.create_group('sample');
    sample.create_dataset({ name: 'rotation_angle', data: new Float64Array([0, 0, 0, 45, 90, 135, 180, 0]) });
    (sample.get('rotation_angle') as any).create_attribute('units', 'degree');
    sample.create_dataset({ name: 'name', data: 'NMC electrode' });
    f.close();
    const source = { name: 'scan.nxs', bytes: new Uint8Array(readFileSync(path)) };
    const { dataset, choice } = await readSource(registry, source);
    expect(choice.reader.id).toBe('tomography.nxtomo');
    const p = projectionsOf(dataset);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(Array.from(p.theta)).toEqual([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
    expect(p.projections[0]).toBe(200);
    expect(p.flats?.count).toBe(2);
    expect(p.flats?.values[6]).toBe(600);
    expect(p.darks?.values[0]).toBe(0);
    expect(p.pixelSizeUm).toBeCloseTo(6.5, 9);
    expect(dataset.values?.invalidFrames).toBe(1);
    expect(dataset.meta.sample?.name).toBe('NMC electrode');
    await expect(readNxtomo({ name: 'x.nxs', bytes: new Uint8Array(10) })).rejects.toThrow(/not an HDF5 file/);
  });
});

describe('sniffers', () => {
  it('give each sample to the right reader and none to random bytes', () => {
    const r = rng(1);
    const noise = new Uint8Array(4096).map(() => Math.floor(r() * 256));
    const scores = plugin.readers.map((rd) => rd.sniff({ name: 'x.bin', head: noise }));
    expect(Math.max(...scores)).toBe(0);
  });
});
