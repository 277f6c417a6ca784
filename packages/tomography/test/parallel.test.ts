/**
 * Reconstruction on the host's threads (`ctx.parallel`): slabs go to the worker module's
 * `reconstructSlab` task and come back in any order. The host here does what worker threads do to
 * the data (structured clone of every input and result) and finishes tasks in a shuffled order, so
 * the volume must still equal the one-thread reconstruction bit for bit, in memory and streamed.
 * (apps/ionscope/test/cli-parallel.test.ts runs the same through real worker threads.)
 */
import { type Dataset, type FileSource, memoryOutputSink, type OutputSink, type ParallelHost, Registry, readSources, runAnalysis } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { sphereSinogram, spherePhantom } from '../bench/synthetic';
import plugin from '../src/index';
import { encodeNpy } from '../src/io/npy';
import { projectionsDataset } from '../src/kinds';
import { rng } from './helpers';
import { newLog, threadedHost } from './parallel-host';
import { coneProjections, KAK_SLANEY_3D, scalePhantom } from './phantom3d';

const registry = new Registry();
registry.register(plugin);

/** Counts of spheres with noisy flats and darks and two bad detector columns (rings): 48 angles, 14 rows × 40 columns. */
function scan(): FileSource[] {
  const [na, nr, nc] = [48, 14, 40];
  const theta = Float64Array.from({ length: na }, (_, i) => (i * Math.PI) / na);
  const spheres = spherePhantom(nc, 10, 11);
  const random = rng(3);
  const counts = new Uint16Array(na * nr * nc);
  const sino = new Float32Array(na * nc);
  for (let r = 0; r < nr; r++) {
    sphereSinogram(spheres, (r - nr / 2 + 0.5) * 2, theta, nc, sino);
    for (let a = 0; a < na; a++)
      for (let k = 0; k < nc; k++) {
        const gain = k === 9 ? 0.8 : k === 27 ? 1.15 : 1;
        counts[(a * nr + r) * nc + k] = Math.round(gain * 3900 * Math.exp(-0.03 * (sino[a * nc + k] as number)) + 100 + 5 * random());
      }
  }
  const files: Record<string, Uint8Array> = {
    'projections.npy': encodeNpy(counts, [na, nr, nc]),
    'flat.npy': encodeNpy(
      new Uint16Array(nr * nc).map(() => 4000 + Math.round(30 * random())),
      [1, nr, nc],
    ),
    'dark.npy': encodeNpy(
      new Uint16Array(nr * nc).map(() => 100 + Math.round(3 * random())),
      [1, nr, nc],
    ),
    'angles.npy': encodeNpy(
      Float64Array.from(theta, (t) => (t * 180) / Math.PI),
      [na],
    ),
  };
  return Object.entries(files).map(([name, bytes]) => ({ name: `scan/${name}`, bytes }));
}

const memorySink = memoryOutputSink;

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const params = { centre: 'auto', filter: 'hann', ringRemoval: 'both', ringSize: 5, pixelSize: 2 };

async function reconstruct(p: Record<string, unknown>, host?: ParallelHost, output?: OutputSink): Promise<Dataset> {
  const { dataset } = await readSources(registry, scan());
  return runAnalysis(registry, 'tomography.reconstruct', { input: dataset }, p, { ...(host ? { parallel: host } : {}), ...(output ? { output } : {}) });
}

describe('reconstruction on the host’s threads', () => {
  it('FBP with ring removal: the same bits as one thread, slabs finishing out of order', async () => {
    const serial = await reconstruct(params);
    const log = newLog();
    const threaded = await reconstruct(params, threadedHost(3, log));
    expect(log.plugins).toEqual(['tomography:./dist/worker.js']);
    // 14 rows on 3 threads: slabs of ⌈14 / 6⌉ = 3 rows, 5 slabs, at most 3 + 1 in flight
    expect(log.tasks).toBe(5);
    expect(log.maxConcurrent).toBeGreaterThan(1);
    expect(log.maxConcurrent).toBeLessThanOrEqual(4);
    expect(log.completionOrder).not.toEqual([...log.completionOrder].sort((a, b) => a - b));
    expect(serial.values?.threads).toBe(1);
    expect(threaded.values?.threads).toBe(3);
    expect(threaded.values?.centre).toBe(serial.values?.centre);
    // the bad columns were found in every slab and counted the same way
    expect(serial.values?.stripeColumnsCorrected).toBeGreaterThanOrEqual(14);
    expect(threaded.values?.stripeColumnsCorrected).toBe(serial.values?.stripeColumnsCorrected);
    const a = serial.data.attenuation?.values as Float32Array;
    const b = threaded.data.attenuation?.values as Float32Array;
    expect(a.length).toBe(14 * 40 * 40);
    expect(bits(b).equals(bits(a))).toBe(true);
  });

  it('streamed under a tiny budget: the NRRD equals the one-thread volume, with the budget shared by the slabs in flight', async () => {
    const serial = await reconstruct(params);
    const sink = memorySink();
    const log = newLog();
    const streamed = await reconstruct({ ...params, maxInMemoryMB: 0.05 }, threadedHost(2, log), sink);
    expect(streamed.kind).toBe('tomography.volume-file');
    expect(streamed.values?.memory).toMatchObject({ slabRows: 1, slabsInFlight: 3 });
    expect(log.tasks).toBe(14);
    const file = sink.files.get('reconstruction.nrrd') as Uint8Array;
    const offset = (streamed.values as { volumeFile: { dataOffset: number } }).volumeFile.dataOffset;
    const a = serial.data.attenuation?.values as Float32Array;
    expect(Buffer.from(file.subarray(offset)).equals(bits(a))).toBe(true);
  });

  it('SIRT slabs on threads give the same bits too', async () => {
    const p = { centre: 20, algorithm: 'sirt', iterations: 8, rows: [3, 9] };
    const serial = await reconstruct(p);
    const threaded = await reconstruct(p, threadedHost(2, newLog()));
    expect(threaded.values?.threads).toBe(2);
    expect(bits(threaded.data.attenuation?.values as Float32Array).equals(bits(serial.data.attenuation?.values as Float32Array))).toBe(true);
  });

  it('wavelet–Fourier ring removal on threads gives the same bits (each thread keeps its own filter)', async () => {
    const p = { centre: 20, ringRemoval: 'wavelet-fft', ringLevels: 2, ringSigma: 1.5, ringWavelet: 'db4' };
    const serial = await reconstruct(p);
    const threaded = await reconstruct(p, threadedHost(2, newLog()));
    expect(threaded.values?.threads).toBe(2);
    expect(serial.values?.ringRemovalMethod).toMatchObject({ wavelet: 'db4', levels: 2, sigma: 1.5 });
    expect(bits(threaded.data.attenuation?.values as Float32Array).equals(bits(serial.data.attenuation?.values as Float32Array))).toBe(true);
    const plain = await reconstruct({ centre: 20 });
    expect(bits(plain.data.attenuation?.values as Float32Array).equals(bits(serial.data.attenuation?.values as Float32Array))).toBe(false);
  });

  it('FDK cone beam on threads: slabs of ⌈slices / (2·threads)⌉ slices, each with its own detector rows, the same bits as one thread', async () => {
    const n = 32;
    const views = 40;
    const theta = Float64Array.from({ length: views }, (_, i) => (2 * Math.PI * i) / views);
    const geometry = { sourceOrigin: 30_000, sourceDetector: 60_000, pixelSize: 700, centre: 15.3, centreRow: 15.5 };
    const lineIntegrals = coneProjections(scalePhantom(KAK_SLANEY_3D, 4000), { ...geometry, rows: n, cols: n, theta });
    const input = projectionsDataset({ projections: Float32Array.from(lineIntegrals, (p) => p * 1e-4), shape: [views, n, n], theta, unit: '' });
    const p = { sourceOrigin: 30, sourceDetector: 60, detectorPixelSize: 700, centre: 15.3, centreRow: 15.5, input: 'attenuation' };
    const serial = await runAnalysis(registry, 'tomography.reconstruct-cone', { input }, p);
    const log = newLog();
    const threaded = await runAnalysis(registry, 'tomography.reconstruct-cone', { input }, p, { parallel: threadedHost(3, log) });
    // 32 slices on 3 threads: ⌈32 / 6⌉ = 6 slices per slab, 6 slabs, at most 3 + 1 in flight
    expect(log.tasks).toBe(6);
    expect(log.maxConcurrent).toBeLessThanOrEqual(4);
    expect(serial.values?.threads).toBe(1);
    expect(threaded.values?.threads).toBe(3);
    const a = serial.data.attenuation?.values as Float32Array;
    const b = threaded.data.attenuation?.values as Float32Array;
    expect(a.some((v) => v !== 0)).toBe(true);
    expect(bits(b).equals(bits(a))).toBe(true);
  });

  it('a slab that fails fails the analysis and cancels the slabs still in flight', async () => {
    const log = newLog();
    await expect(reconstruct({ ...params, centre: 20 }, threadedHost(2, log, 1))).rejects.toThrow(/tomography.reconstruct failed: worker thread died/);
    expect(log.signals.length).toBeGreaterThan(0);
    expect(log.signals.every((s) => s.aborted)).toBe(true);
  });

  it('one row, or no host: the slabs run inline', async () => {
    const log = newLog();
    const one = await reconstruct({ ...params, centre: 20, rows: [5, 6] }, threadedHost(2, log));
    expect(one.values?.threads).toBe(1);
    expect(log.tasks).toBe(0);
  });
});
