/**
 * Volumes larger than memory, made small: ranged sources (the file read in pieces), projections
 * left in the file and read a slab of rows at a time, and a reconstruction streamed to an output
 * sink under a deliberately tiny memory budget. Every path must give the same numbers as the
 * in-memory one, bit for bit.
 */
import {
  IonscopeError,
  silentLogger,
  type Dataset,
  deferredArrays,
  type FileSource,
  hasDeferred,
  materializeDeferred,
  Registry,
  readSource,
  readSources,
  renderView,
  runAnalysis,
} from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sphereSinogram, spherePhantom } from '../bench/synthetic';
import plugin from '../src/index';
import { encodeNpy } from '../src/io/npy';
import { encodeNrrd } from '../src/io/nrrd';
import { volumeOf } from '../src/kinds';
import { npyReader } from '../src/readers/npy';
import { nrrdReader } from '../src/readers/nrrd';
import { tiffReader } from '../src/readers/tiff';
import { encodeTiffStack } from '../src/io/tiff-encode';
import { decodeTiffStack } from '../src/io/tiff-decode';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checksumReportingSink, rng } from './helpers';

const registry = new Registry();
registry.register(plugin);

/** A ranged source: only `head` bytes in memory, the rest through range() (counted). */
function ranged(name: string, bytes: Uint8Array, head = 65536): FileSource & { calls: number } {
  const s = {
    name,
    bytes: bytes.subarray(0, head),
    size: bytes.length,
    sha256: '0'.repeat(64),
    calls: 0,
    range: async (a: number, b: number) => {
      s.calls++;
      return bytes.slice(a, Math.min(b, bytes.length));
    },
  };
  return s;
}

/** Synthetic counts: spheres, 60 angles over 180°, 12 rows × 48 columns, flats and darks with noise. */
function projectionSet() {
  const [na, nr, nc] = [60, 12, 48];
  const theta = Float64Array.from({ length: na }, (_, i) => (i * Math.PI) / na);
  const spheres = spherePhantom(nc, 12, 3);
  const random = rng(7);
  const flat = new Uint16Array(2 * nr * nc).map(() => 4000 + Math.round(50 * random()));
  const dark = new Uint16Array(nr * nc).map(() => 100 + Math.round(4 * random()));
  const counts = new Uint16Array(na * nr * nc);
  const sino = new Float32Array(na * nc);
  for (let r = 0; r < nr; r++) {
    sphereSinogram(spheres, (r - nr / 2 + 0.5) * 3, theta, nc, sino);
    for (let a = 0; a < na; a++)
      for (let k = 0; k < nc; k++) counts[(a * nr + r) * nc + k] = Math.round(3900 * Math.exp(-0.02 * (sino[a * nc + k] as number)) + 100 + 3 * random());
  }
  const files = {
    'projections.npy': encodeNpy(counts, [na, nr, nc]),
    'flat.npy': encodeNpy(flat, [2, nr, nc]),
    'dark.npy': encodeNpy(dark, [1, nr, nc]),
    'angles.npy': encodeNpy(
      Float64Array.from(theta, (t) => (t * 180) / Math.PI),
      [na],
    ),
  };
  return { shape: [na, nr, nc] as const, counts, files };
}

const set = projectionSet();
const whole = () => Object.entries(set.files).map(([name, bytes]) => ({ name, bytes }));
const partial = () => Object.entries(set.files).map(([name, bytes]) => (name === 'projections.npy' ? ranged(name, bytes, 128) : { name, bytes }));
const params = { centre: 'auto', filter: 'shepp-logan', pixelSize: 2, slabRows: 4 };

describe('ranged readers', () => {
  it('leave a .npy projection stack in the file and read the same numbers on demand', async () => {
    const { dataset } = await readSources(registry, partial());
    expect(hasDeferred(dataset)).toBe(true);
    expect(dataset.data.projections).toBeUndefined();
    expect(dataset.data.flats?.shape).toEqual([2, 12, 48]);
    const p = deferredArrays(dataset).projections;
    expect(p?.shape).toEqual([60, 12, 48]);
    expect(p?.unit).toBe('counts');
    const rows = await p?.read([0, 5, 0], [60, 2, 48]);
    for (let a = 0; a < 60; a += 13) for (let k = 0; k < 48; k += 5) expect(rows?.[(a * 2 + 1) * 48 + k]).toBe(set.counts[(a * 12 + 6) * 48 + k]);
    const mem = await materializeDeferred(dataset);
    expect(Array.from(mem.data.projections?.values ?? [])).toEqual(Array.from(set.counts));
  });

  it('leave a single .npy volume and a raw NRRD (attached or detached) in the file', async () => {
    const values = Float32Array.from({ length: 5 * 6 * 7 }, (_, i) => Math.sin(i) * 100);
    const npy = await readSource(registry, ranged('v.npy', encodeNpy(values, [5, 6, 7]), 100));
    const nrrd = await readSource(registry, ranged('v.nrrd', encodeNrrd(values, [5, 6, 7], { spacingUm: 0.5 }), 200));
    const body = encodeNrrd(values, [5, 6, 7]).subarray(-values.length * 4);
    const nhdr = new TextEncoder().encode('NRRD0004\ntype: float\ndimension: 3\nsizes: 7 6 5\nendian: little\nencoding: raw\ndata file: v.raw\n');
    const pair = await readSources(registry, [{ name: 'v.nhdr', bytes: nhdr }, ranged('v.raw', body, 16)]);
    for (const ds of [npy.dataset, nrrd.dataset, pair.dataset]) {
      expect(hasDeferred(ds)).toBe(true);
      expect(Array.from(volumeOf(await materializeDeferred(ds)).values)).toEqual(Array.from(values));
    }
    expect(volumeOf(await materializeDeferred(nrrd.dataset)).voxelSizeUm).toBe(0.5);
    // non-ranged analyses see an ordinary dataset
    const seg = await runAnalysis(registry, 'tomography.segment', { input: npy.dataset }, { method: 'otsu' });
    expect(seg.data.labels?.shape).toEqual([5, 6, 7]);
  });

  it('refuse a ranged file shorter than its header says', async () => {
    const bytes = encodeNpy(new Float32Array(4 * 4 * 4), [4, 4, 4]);
    await expect(readSource(registry, ranged('cut.npy', bytes.subarray(0, bytes.length - 10), 64))).rejects.toThrow(/needs? 256 bytes/);
  });
});

/** A big-endian int16 TIFF, `pages` × 5 × 4, two rows per strip (three strips a page), page data before each IFD. */
function bigEndianTiff(pages: number, values: Int16Array): Uint8Array {
  const [h, w, rps] = [5, 4, 2];
  const strips = Math.ceil(h / rps);
  const out: number[] = [0x4d, 0x4d, 0, 42, 0, 0, 0, 0];
  const u16 = (v: number) => out.push((v >> 8) & 0xff, v & 0xff);
  const u32 = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const set32 = (at: number, v: number) => out.splice(at, 4, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  let link = 4;
  for (let p = 0; p < pages; p++) {
    const offsets: number[] = [];
    for (let s = 0; s < strips; s++) {
      offsets.push(out.length);
      for (let y = s * rps; y < Math.min(h, (s + 1) * rps); y++) for (let x = 0; x < w; x++) u16(values[(p * h + y) * w + x]! & 0xffff);
    }
    const arrays = out.length;
    for (const o of offsets) u32(o);
    for (let s = 0; s < strips; s++) u32(Math.min(rps, h - s * rps) * w * 2);
    set32(link, out.length);
    const entries: [number, number, number, number][] = [
      [256, 3, 1, w << 16],
      [257, 3, 1, h << 16],
      [258, 3, 1, 16 << 16],
      [259, 3, 1, 1 << 16],
      [262, 3, 1, 1 << 16],
      [273, 4, strips, arrays],
      [277, 3, 1, 1 << 16],
      [278, 3, 1, rps << 16],
      [279, 4, strips, arrays + 4 * strips],
      [339, 3, 1, 2 << 16],
    ];
    u16(entries.length);
    for (const [tag, type, n, v] of entries) {
      u16(tag);
      u16(type);
      u32(n);
      u32(v);
    }
    link = out.length;
    u32(0);
  }
  return Uint8Array.from(out);
}

describe('ranged TIFF stacks', () => {
  it('leave an uncompressed stack in the file and read blocks equal to the whole decode (LE one strip, BE several strips)', async () => {
    const le = encodeTiffStack(
      new Uint16Array(6 * 7 * 9).map((_, i) => (i * 37) % 65536),
      { width: 9, height: 7, pages: 6, voxelSizeUm: 2.5 },
    );
    const beValues = Int16Array.from({ length: 3 * 5 * 4 }, (_, i) => (i - 30) * 1000);
    const be = bigEndianTiff(3, beValues);
    for (const [name, bytes] of [
      ['le.tif', le],
      ['be.tif', be],
    ] as const) {
      const whole = decodeTiffStack(bytes, name);
      const { dataset } = await readSource(registry, ranged(name, bytes, 16));
      expect(hasDeferred(dataset)).toBe(true);
      const v = volumeOf(await materializeDeferred(dataset));
      expect(Array.from(v.values)).toEqual(Array.from(whole.values));
      expect(v.voxelSizeUm).toBe(whole.pixelSizeUm ?? whole.spacingUm);
      const a = deferredArrays(dataset).volume;
      const [nz, ny, nx] = [whole.pages, whole.height, whole.width];
      const block = await a?.read([1, 1, 1], [nz - 1, ny - 2, nx - 2]);
      const want: number[] = [];
      for (let z = 1; z < nz; z++) for (let y = 1; y < ny - 1; y++) for (let x = 1; x < nx - 1; x++) want.push(whole.values[(z * ny + y) * nx + x] as number);
      expect(Array.from(block ?? [])).toEqual(want);
    }
    expect(Array.from(decodeTiffStack(be, 'be.tif').values)).toEqual(Array.from(beValues));
  });

  it('decode anything else whole (the TauFactor crop, compressed or not, reads the same)', async () => {
    const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../examples/electrode_nmc_crop64.tif', import.meta.url))));
    const { dataset } = await readSource(registry, ranged('crop.tif', bytes, 64));
    expect(Array.from(volumeOf(await materializeDeferred(dataset)).values)).toEqual(Array.from(decodeTiffStack(bytes).values));
  });
});

describe('ranged readers on damaged files (fast-check)', () => {
  const valid = {
    npy: encodeNpy(
      Float32Array.from({ length: 4 * 5 * 6 }, (_, i) => i),
      [4, 5, 6],
    ),
    nrrd: encodeNrrd(
      Int16Array.from({ length: 4 * 5 * 6 }, (_, i) => i - 60),
      [4, 5, 6],
      { spacingUm: 3 },
    ),
    tiff: encodeTiffStack(
      new Uint16Array(4 * 5 * 6).map((_, i) => i * 99),
      { width: 6, height: 5, pages: 4, voxelSizeUm: 1 },
    ),
  };
  for (const [name, reader] of [
    ['npy', npyReader],
    ['nrrd', nrrdReader],
    ['tiff', tiffReader],
  ] as const) {
    it(`${name}: a dataset whose deferred arrays read back, or an IonscopeError, never another exception`, async () => {
      const bytes = valid[name];
      const damaged = fc.oneof(
        fc.integer({ min: 0, max: bytes.length }).map((n) => bytes.slice(0, n)),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((flips) => {
          const b = bytes.slice();
          for (const [i, v] of flips) b[i] = v;
          return b;
        }),
      );
      await fc.assert(
        fc.asyncProperty(damaged, fc.integer({ min: 16, max: 200 }), async (b, head) => {
          try {
            const ds = await reader.read(ranged(`fuzz.${name}`, b, head), { logger: silentLogger });
            await materializeDeferred(ds);
          } catch (error) {
            if (!(error instanceof IonscopeError)) throw error;
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('reconstruction in bounded memory', () => {
  let inMemory: Dataset;
  const reference = async () => {
    inMemory ??= await runAnalysis(registry, 'tomography.reconstruct', { input: (await readSources(registry, whole())).dataset }, params);
    return inMemory;
  };

  it('reads projections from the file a slab at a time and gives the in-memory volume exactly', async () => {
    const ref = await reference();
    const source = partial();
    const { dataset } = await readSources(registry, source);
    const lazy = await runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, params);
    expect(lazy.kind).toBe('tomography.volume');
    expect(lazy.values?.centre).toBe(ref.values?.centre);
    expect(Array.from(lazy.data.attenuation?.values ?? [])).toEqual(Array.from(ref.data.attenuation?.values ?? []));
    // one read per angle and slab of rows, plus the mode/centre probes: never the whole file at once
    expect((source[0] as FileSource & { calls: number }).calls).toBeGreaterThan(60);
  });

  it('streams a volume over the budget to the sink: NRRD equal to the in-memory volume, previews, statistics', async () => {
    const ref = await reference();
    const refValues = ref.data.attenuation?.values as Float32Array;
    const sink = checksumReportingSink();
    const { dataset } = await readSources(registry, partial());
    const result = await runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, { ...params, maxInMemoryMB: 0.05 }, { output: sink });
    expect(result.kind).toBe('tomography.volume-file');
    const file = result.values?.volumeFile as Record<string, unknown>;
    expect(file).toMatchObject({ name: 'reconstruction.nrrd', shape: [12, 48, 48], dtype: 'float32', unit: 'µm^-1', sha256: 'f'.repeat(64) });
    expect(result.values?.memory).toMatchObject({ slabRows: 1 });
    const bytes = sink.files.get('reconstruction.nrrd') as Uint8Array;
    expect((file.size as { value: number }).value).toBe(bytes.length);
    const back = await readSource(registry, { name: 'reconstruction.nrrd', bytes });
    const v = volumeOf(back.dataset);
    expect(v.shape).toEqual([12, 48, 48]);
    expect(v.voxelSizeUm).toBe(2);
    expect(v.unit).toBe('µm^-1');
    expect(Array.from(new Uint8Array(v.values.buffer, v.values.byteOffset, v.values.byteLength))).toEqual(Array.from(new Uint8Array(refValues.buffer)));
    // previews: the central xy slice and the maximum along z, exactly
    const xy = result.data.sliceXY?.values as Float32Array;
    expect(Array.from(xy)).toEqual(Array.from(refValues.subarray(6 * 48 * 48, 7 * 48 * 48)));
    const mipZ = result.data.mipZ?.values as Float32Array;
    for (let p = 0; p < 48 * 48; p += 97) {
      let m = Number.NEGATIVE_INFINITY;
      for (let z = 0; z < 12; z++) m = Math.max(m, refValues[z * 48 * 48 + p] as number);
      expect(mipZ[p]).toBe(m);
    }
    const stats = result.values?.statistics as { min: number; max: number; mean: number };
    expect(stats.max).toBe(Math.max(...refValues));
    expect(stats.mean).toBeCloseTo(refValues.reduce((s, x) => s + x, 0) / refValues.length, 6);
    for (const view of ['tomography.slices', 'tomography.mip', 'tomography.histogram']) {
      const out = await renderView(registry, view, result);
      expect(out.type).toBe(view === 'tomography.histogram' ? 'vega-lite' : 'image');
    }
  });

  it('says how to proceed when the volume is over budget and there is nowhere to stream it', async () => {
    const { dataset } = await readSources(registry, whole());
    await expect(runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, { ...params, maxInMemoryMB: 0.05 })).rejects.toThrow(
      /larger than maxInMemoryMB = 0.05.*--out DIR/,
    );
    await expect(runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, { ...params, output: 'file' })).rejects.toThrow(/output folder/);
    // within the budget, or asked for memory: in memory as before
    const mem = await runAnalysis(
      registry,
      'tomography.reconstruct',
      { input: dataset },
      { ...params, maxInMemoryMB: 0.05, output: 'memory' },
      { output: checksumReportingSink() },
    );
    expect(mem.kind).toBe('tomography.volume');
  });
});
