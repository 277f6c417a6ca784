/**
 * Cone-beam (FDK) reconstruction out of core: projections left in their file and read a band of
 * detector rows per slab, the volume streamed slab by slab to `reconstruction.nrrd` through an
 * output sink, on one thread or on a host's threads. Ground truth: `fdk()` in one slab on the
 * whole normalised stack; every path must give the same bits.
 */
import { type Dataset, ErrorCode, type FileSource, memoryOutputSink, Registry, readSource, readSources, runAnalysis } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index';
import { encodeNpy } from '../src/io/npy';
import { projectionsOf, volumeOf } from '../src/kinds';
import { normalizeProjections } from '../src/preprocess/normalize';
import { fdk, fdkRowsForSlices, fdkSetup } from '../src/recon/fdk';
import { newLog, threadedHost } from './parallel-host';
import { coneProjections, KAK_SLANEY_3D, scalePhantom } from './phantom3d';
import { checksumReportingSink } from './helpers';

const registry = new Registry();
registry.register(plugin);

// a 10 mm phantom on a 40 × 36 detector of 0.8 mm pitch, source 40 mm from the axis, detector at 80 mm (M = 2)
const [views, rows, cols] = [120, 36, 40];
const theta = Float64Array.from({ length: views }, (_, i) => (2 * Math.PI * i) / views);
const geometry = { sourceOrigin: 40_000, sourceDetector: 80_000, pixelSize: 800, centre: 19.5, centreRow: 17.25 };
const lineIntegrals = coneProjections(scalePhantom(KAK_SLANEY_3D, 5000), { ...geometry, rows, cols, theta });
// uint16 counts: flat 10 000 (two frames), dark 100
const counts = Uint16Array.from(lineIntegrals, (p) => Math.round(100 + 9900 * Math.exp(-p * 1e-4)));
const flats = new Uint16Array(2 * rows * cols).map((_, i) => 9990 + (i % 21));
const darks = new Uint16Array(rows * cols).map((_, i) => 98 + (i % 5));
const files: Record<string, Uint8Array> = {
  'projections.npy': encodeNpy(counts, [views, rows, cols]),
  'flat.npy': encodeNpy(flats, [2, rows, cols]),
  'dark.npy': encodeNpy(darks, [1, rows, cols]),
  'angles.npy': encodeNpy(
    Float64Array.from(theta, (t) => (t * 180) / Math.PI),
    [views],
  ),
};
const stackBytes = views * rows * cols * 2;
const params = { sourceOrigin: 40, sourceDetector: 80, detectorPixelSize: 800, centre: 19.5, centreRow: 17.25, filter: 'shepp-logan' };

/** The projection file as a ranged source (only its header in memory), counting the bytes read. */
function rangedProjections(): FileSource & { bytesRead: number; reads: number } {
  const bytes = files['projections.npy'] as Uint8Array;
  const s = {
    name: 'projections.npy',
    bytes: bytes.subarray(0, 128),
    size: bytes.length,
    sha256: '0'.repeat(64),
    bytesRead: 0,
    reads: 0,
    range: async (a: number, b: number) => {
      s.reads++;
      s.bytesRead += Math.min(b, bytes.length) - a;
      return bytes.slice(a, Math.min(b, bytes.length));
    },
  };
  return s;
}

async function dataset(ranged?: FileSource): Promise<Dataset> {
  const sources = Object.entries(files).map(([name, bytes]) => (name === 'projections.npy' && ranged ? ranged : { name, bytes }));
  return (await readSources(registry, sources)).dataset;
}

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The streamed NRRD's voxels, after checking the header through the package's own reader. */
async function streamedVolume(result: Dataset, sink: { files: Map<string, Uint8Array> }): Promise<Float32Array> {
  const bytes = sink.files.get('reconstruction.nrrd') as Uint8Array;
  const file = result.values?.volumeFile as { size: { value: number }; dataOffset: number };
  expect(file.size.value).toBe(bytes.length);
  const back = volumeOf((await readSource(registry, { name: 'reconstruction.nrrd', bytes })).dataset);
  expect(back.unit).toBe('µm^-1');
  expect(back.voxelSizeUm).toBe(400);
  const v = back.values as Float32Array;
  expect(Buffer.from(bytes.subarray(file.dataOffset)).equals(bits(v))).toBe(true);
  return v;
}

let reference: { volume: Float32Array; dataset: Dataset } | undefined;
/** In memory through the analysis, checked against fdk() on the whole normalised stack. */
async function inMemory() {
  if (reference) return reference;
  const input = await dataset();
  const ds = await runAnalysis(registry, 'tomography.reconstruct-cone', { input }, params);
  expect(ds.kind).toBe('tomography.volume');
  const view = projectionsOf(input);
  const normalised = normalizeProjections(view.projections, views, rows * cols, view.flats, view.darks, true).values;
  const direct = fdk(normalised, [views, rows, cols], view.theta, geometry, { filter: 'shepp-logan' });
  const volume = ds.data.attenuation?.values as Float32Array;
  expect(bits(volume).equals(bits(direct.volume))).toBe(true);
  reference = { volume, dataset: ds };
  return reference;
}

describe('tomography.reconstruct-cone out of core', () => {
  it('in memory: the same bits as fdk() on the whole stack, and the right grey level', async () => {
    const { volume, dataset: ds } = await inMemory();
    expect(volume.length).toBe(36 * 40 * 40);
    expect(ds.values?.memory).toMatchObject({ streamed: false, slabs: 1 });
    expect(ds.values?.projectionsRead).toBe('in memory');
    // the brain (1.02, ×1e-4 µm⁻¹ by the counts' scale): mean of a 4³ block at the centre
    let mean = 0;
    for (let k = 16; k < 20; k++) for (let i = 18; i < 22; i++) for (let j = 18; j < 22; j++) mean += (volume[(k * 40 + i) * 40 + j] as number) / 64;
    expect(Math.abs(mean - 1.02e-4)).toBeLessThan(0.03e-4);
  });

  it('streams a volume over the budget to the sink from projections left in the file: NRRD bit for bit, previews, statistics', async () => {
    const { volume } = await inMemory();
    const source = rangedProjections();
    const sink = checksumReportingSink();
    const result = await runAnalysis(
      registry,
      'tomography.reconstruct-cone',
      { input: await dataset(source) },
      { ...params, maxInMemoryMB: 0.1 },
      { output: sink },
    );
    expect(result.kind).toBe('tomography.volume-file');
    expect(result.values?.volumeFile).toMatchObject({
      name: 'reconstruction.nrrd',
      shape: [36, 40, 40],
      dtype: 'float32',
      unit: 'µm^-1',
      sha256: 'f'.repeat(64),
    });
    const memory = result.values?.memory as { slabs: number; slabSlices: number; maxBandRows: number; overBudget?: boolean; streamed: boolean };
    expect(memory.streamed).toBe(true);
    // a 0.1 MiB budget is less than one slice's row band (≈ 9 rows × 120 views × 40 columns × 4 B):
    // slabs of twice the one-slice working set (8 slices), flagged as over budget
    expect(memory.overBudget).toBe(true);
    expect(memory.slabSlices).toBe(8);
    expect(memory.slabs).toBe(5);
    expect(memory.maxBandRows).toBeLessThan(rows / 2);
    expect(bits(await streamedVolume(result, sink)).equals(bits(volume))).toBe(true);
    // the stack was never read whole: one band of rows per slab
    const read = result.values?.projectionsRead as { bytes: { value: number }; stackBytes: { value: number } };
    expect(read.stackBytes.value).toBe(stackBytes);
    expect(source.bytesRead).toBeGreaterThanOrEqual(read.bytes.value);
    expect(source.bytesRead / source.reads).toBeLessThan(stackBytes / views);
    // consecutive bands overlap: the overlap is kept, so every detector row is read at most once
    expect(read.bytes.value).toBeLessThanOrEqual(stackBytes);
    // previews: the central xy slice and the maximum along z, exactly; statistics over every voxel
    expect(bits(result.data.sliceXY?.values as Float32Array).equals(bits(volume.subarray(18 * 1600, 19 * 1600)))).toBe(true);
    const mipZ = result.data.mipZ?.values as Float32Array;
    for (let p = 0; p < 1600; p += 37) {
      let m = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < 36; k++) m = Math.max(m, volume[k * 1600 + p] as number);
      expect(mipZ[p]).toBe(m);
    }
    const stats = result.values?.statistics as { min: number; max: number; mean: number };
    expect(stats.max).toBe(Math.max(...volume));
    expect(stats.min).toBe(Math.min(...volume));
    expect(stats.mean).toBeCloseTo(volume.reduce((s, x) => s + x, 0) / volume.length, 9);
  });

  it('reads fewer bytes than the stack when the slices need fewer rows', async () => {
    const source = rangedProjections();
    const slices = 8;
    const result = await runAnalysis(
      registry,
      'tomography.reconstruct-cone',
      { input: await dataset(source) },
      { ...params, slices, maxInMemoryMB: 0.1, output: 'memory' },
    );
    expect(result.values?.memory).toMatchObject({ slabs: 2 });
    const read = result.values?.projectionsRead as { bytes: { value: number } };
    // at most the rows the 8 slices project onto (15 of 36), each once; the file also gave the reader its 64 KiB head
    const [r0, r1] = fdkRowsForSlices(fdkSetup([views, rows, cols], theta, geometry, { slices }), 0, slices);
    expect(r1 - r0).toBeLessThan(rows / 2);
    expect(read.bytes.value).toBeLessThanOrEqual((r1 - r0) * views * cols * 2);
    expect(read.bytes.value).toBeLessThan(stackBytes / 2);
    expect(source.bytesRead - read.bytes.value).toBeLessThanOrEqual(65536 + 64);
    // and the slices equal fdk() on the whole stack with the same grid
    const input = await dataset();
    const view = projectionsOf(input);
    const normalised = normalizeProjections(view.projections, views, rows * cols, view.flats, view.darks, true).values;
    const direct = fdk(normalised, [views, rows, cols], view.theta, geometry, { filter: 'shepp-logan', slices });
    expect(bits(result.data.attenuation?.values as Float32Array).equals(bits(direct.volume))).toBe(true);
  });

  it('on a host’s threads, streamed or in memory: the same bits, slabs written in order, at most threads + 1 in flight', async () => {
    const { volume } = await inMemory();
    for (const [budget, output] of [
      [0.1, true],
      [256, false],
    ] as const) {
      const log = newLog();
      const sink = checksumReportingSink();
      const result = await runAnalysis(
        registry,
        'tomography.reconstruct-cone',
        { input: await dataset(rangedProjections()) },
        { ...params, maxInMemoryMB: budget },
        { parallel: threadedHost(2, log), ...(output ? { output: sink } : {}) },
      );
      const memory = result.values?.memory as { slabs: number; slabsInFlight: number };
      expect(result.values?.threads).toBe(2);
      expect(log.tasks).toBe(memory.slabs);
      expect(memory.slabs).toBeGreaterThanOrEqual(4);
      expect(memory.slabsInFlight).toBe(3);
      expect(log.maxConcurrent).toBeLessThanOrEqual(3);
      expect(log.completionOrder).not.toEqual([...log.completionOrder].sort((a, b) => a - b));
      const got = output ? await streamedVolume(result, sink) : (result.data.attenuation?.values as Float32Array);
      expect(bits(got).equals(bits(volume))).toBe(true);
    }
  });

  it('output: file streams whatever the size; over the budget with no output folder is a DataError naming the field', async () => {
    const { volume } = await inMemory();
    const input = await dataset();
    const sink = checksumReportingSink();
    const file = await runAnalysis(registry, 'tomography.reconstruct-cone', { input }, { ...params, output: 'file' }, { output: sink });
    expect(file.kind).toBe('tomography.volume-file');
    expect(bits(await streamedVolume(file, sink)).equals(bits(volume))).toBe(true);

    // a budget that holds a few slices per slab: within it, the same bits again
    const thinSink = checksumReportingSink();
    const thin = await runAnalysis(
      registry,
      'tomography.reconstruct-cone',
      { input: await dataset(rangedProjections()) },
      { ...params, maxInMemoryMB: 1, output: 'file' },
      { output: thinSink },
    );
    const thinMemory = thin.values?.memory as { slabs: number; slabMB: number; overBudget?: boolean };
    expect(thinMemory.overBudget).toBeUndefined();
    expect(thinMemory.slabMB).toBeLessThanOrEqual(0.5);
    expect(thinMemory.slabs).toBeGreaterThanOrEqual(4);
    expect(bits(await streamedVolume(thin, thinSink)).equals(bits(volume))).toBe(true);

    const over = runAnalysis(registry, 'tomography.reconstruct-cone', { input }, { ...params, maxInMemoryMB: 0.1 });
    // core re-labels the DataError with the input's name, keeping its code and field
    await expect(over).rejects.toMatchObject({ code: ErrorCode.InvalidData, field: 'params.maxInMemoryMB' });
    await expect(over).rejects.toThrow(/0\.2 MiB\) is larger than maxInMemoryMB = 0\.1.*--out DIR/);
    await expect(runAnalysis(registry, 'tomography.reconstruct-cone', { input }, { ...params, output: 'file' })).rejects.toMatchObject({
      field: 'params.output',
    });
    // asked for memory: in memory whatever the budget, in small slabs
    const mem = await runAnalysis(
      registry,
      'tomography.reconstruct-cone',
      { input },
      { ...params, maxInMemoryMB: 0.1, output: 'memory' },
      { output: checksumReportingSink() },
    );
    expect(mem.kind).toBe('tomography.volume');
    expect(mem.values?.memory).toMatchObject({ slabs: 5 });
    expect(bits(mem.data.attenuation?.values as Float32Array).equals(bits(volume))).toBe(true);
  });

  it('a slab that fails fails the analysis, cancels the slabs in flight and gives the half-written file up', async () => {
    const log = newLog();
    const sink = memoryOutputSink();
    await expect(
      runAnalysis(
        registry,
        'tomography.reconstruct-cone',
        { input: await dataset() },
        { ...params, maxInMemoryMB: 0.1 },
        { parallel: threadedHost(2, log, 2), output: sink },
      ),
    ).rejects.toThrow(/tomography.reconstruct-cone failed: worker thread died/);
    expect(log.signals.length).toBeGreaterThan(0);
    expect(log.signals.every((s) => s.aborted)).toBe(true);
    expect(sink.aborted).toEqual(['reconstruction.nrrd']);
    expect(sink.files.size).toBe(0);
  });
});
