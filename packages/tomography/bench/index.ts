/**
 * `npm run bench`: FBP against scikit-image, tortuosity of the 256³ TauFactor electrode, and a
 * 512³ reconstruction from 720 projections through `ionscope analyze --out` (the slabs on the
 * CLI's worker threads, one per core). Writes
 * bench-results/tomography.json at the repository root and prints a table.
 */
import { rmseInCircle } from '../test/phantom';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchEntry, bench, writeBenchResults } from '@ionscope/bench';
import { encodeNpy } from '../src/io/npy';
import { decodeTiffStack } from '../src/io/tiff-decode';
import { removeStripesSorting } from '../src/preprocess/stripes';
import { WaveletStripeFilter } from '../src/preprocess/stripes-wavelet';
import { FbpPlan } from '../src/recon/fbp';
import { fdk } from '../src/recon/fdk';
import { coneProjections, KAK_SLANEY_3D, sampleVolume } from '../test/phantom3d';
import { tortuosity } from '../src/volume/tortuosity/solve';
import { cliBin, repoRoot, timedAnalyze } from './cli-analyze';
import { writeProjectionSet } from './projection-set';

const data = fileURLToPath(new URL('../../../../shared/data/tomography/', import.meta.url));
const peersDir = fileURLToPath(new URL('../../../../shared/peers/tomography/', import.meta.url));
const hasData = existsSync(data);
const results: BenchEntry[] = [];
/**
 * `TOMOGRAPHY_BENCH_ONLY=ring,fdk npm run bench` runs only those sections (fbp, ring, fdk, cli512,
 * tortuosity) and writes bench-results/tomography-partial.json instead of the full file.
 */
const only = process.env.TOMOGRAPHY_BENCH_ONLY?.split(',').map((s) => s.trim());
const runs = (section: string) => !only || only.includes(section);
const notes: Record<string, unknown> = { loadAtStart: loadavg() };

function f32(name: string): Float32Array {
  const b = readFileSync(data + name);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

// --- FBP vs scikit-image ---
if (hasData && runs('fbp')) {
  const peer = JSON.parse(readFileSync(`${peersDir}radon_bench_result.json`, 'utf8')).results as {
    size: number;
    n_angles: number;
    iradon_s_median: number;
    rmse_in_circle: number;
  }[];
  for (const [n, na, target] of [
    [256, 180, undefined],
    [512, 360, 100],
  ] as const) {
    const raw = f32(`shepp_logan/sinogram_${n}_${na}.f32`);
    const phantom = f32(`shepp_logan/phantom_${n}.f32`);
    const sino = new Float32Array(na * n);
    for (let d = 0; d < n; d++) for (let a = 0; a < na; a++) sino[a * n + d] = raw[d * na + a] as number;
    const theta = Float64Array.from({ length: na }, (_, i) => (i * Math.PI) / na);
    const ref = peer.find((p) => p.size === n && p.n_angles === na);
    for (const backend of ['auto', 'js'] as const) {
      const plan = new FbpPlan(theta, n, { filter: 'ramp', backend });
      const out = new Float32Array(n * n);
      const r = bench(`FBP ${n}² × ${na} (${backend === 'auto' ? 'wasm simd' : 'js'})`, () => plan.reconstruct(sino, out), {
        warmup: 3,
        minRuns: 15,
        minTimeMs: 2000,
      });
      // CPU time per call as well: on a shared machine the wall clock includes time spent descheduled
      const cpu: number[] = [];
      for (let k = 0; k < 15; k++) {
        const c0 = process.cpuUsage();
        plan.reconstruct(sino, out);
        const d = process.cpuUsage(c0);
        cpu.push((d.user + d.system) / 1000);
      }
      cpu.sort((x, y) => x - y);
      results.push({
        ...r,
        ...(ref ? { peer: { name: 'scikit-image iradon', ms: ref.iradon_s_median * 1000 } } : {}),
        ...(backend === 'auto' && target ? { targetMs: target } : {}),
        cpuMedianMs: cpu[7],
        rmseInCircle: rmseInCircle(out, phantom, n),
        peerRmseInCircle: ref?.rmse_in_circle,
      });
    }
  }
}

// --- ring filters on one 1800 × 2048 sinogram (a typical synchrotron row) ---
if (runs('ring')) {
  const [na, nd] = [1800, 2048];
  const sino = new Float32Array(na * nd);
  for (let a = 0; a < na; a++)
    for (let k = 0; k < nd; k++) sino[a * nd + k] = Math.max(0, 1 - ((k - 1024 - 300 * Math.cos(a / 573)) / 400) ** 2) + (k % 97 === 5 ? 0.05 : 0);
  const filter = new WaveletStripeFilter(na, nd, { levels: 4, sigma: 2, wavelet: 'db5' });
  const work = new Float32Array(sino.length);
  results.push({
    ...bench(
      `ring removal, wavelet–Fourier (Münch; db5, ${filter.levels} levels) ${na} × ${nd}`,
      () => {
        work.set(sino);
        filter.apply(work);
      },
      { warmup: 1, minRuns: 5, minTimeMs: 2000 },
    ),
    note: 'no peer figure: TomoPy remove_stripe_fw is not in shared/peers',
  });
  results.push(
    bench(
      `ring removal, sorting (Vo algorithm 3, size 21) ${na} × ${nd}`,
      () => {
        work.set(sino);
        removeStripesSorting(work, na, nd, 21);
      },
      { warmup: 1, minRuns: 3, minTimeMs: 2000 },
    ),
  );
}

// --- FDK cone beam: 256³ from 360 views of the 3-D Shepp–Logan phantom (exact line integrals) ---
if (runs('fdk')) {
  const n = 256;
  const views = 360;
  const h = 2 / n;
  const M = 2;
  const [cols, rows] = [288, 324];
  const geometry = { sourceOrigin: 5, sourceDetector: 10, pixelSize: h * M, centre: (cols - 1) / 2, centreRow: rows / 2 };
  const theta = Float64Array.from({ length: views }, (_, i) => (2 * Math.PI * i) / views);
  const t0 = performance.now();
  const projections = Float32Array.from(coneProjections(KAK_SLANEY_3D, { ...geometry, rows, cols, theta }));
  const projectionMs = performance.now() - t0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const rec = fdk(projections, [views, rows, cols], theta, geometry, { size: n, slices: n });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  // the central slice (z = 0, cone angle zero) against the phantom sampled 2×2×2 per voxel
  const truth = sampleVolume(KAK_SLANEY_3D, n, 1, h, 2);
  const slice = rec.volume.subarray((n / 2) * n * n, (n / 2 + 1) * n * n);
  let se = 0;
  let count = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if ((i - n / 2) ** 2 + (j - n / 2) ** 2 <= (0.85 / h) ** 2) {
        se += ((slice[i * n + j] as number) - (truth[i * n + j] as number)) ** 2;
        count++;
      }
  results.push({
    name: 'FDK 256³ from 360 views 324 × 288 (one thread, JavaScript)',
    medianMs: ms,
    p10Ms: ms,
    p90Ms: ms,
    runs: 1,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    nsPerVoxelView: (ms * 1e6) / (n * n * n * (Math.PI / 4) * views),
    centralSliceRmse: Math.sqrt(se / count),
    coneHalfAngleDeg: (rec.coneHalfAngle * 180) / Math.PI,
    projectionGenerationMs: projectionMs,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    note: 'cosine weighting, ramp filtering and back-projection; analytic projections generated beforehand (not timed)',
  });
  // the same through the product path on the CLI's worker threads (in memory: 64 MiB is within the default budget)
  if (existsSync(cliBin) && existsSync(join(repoRoot, 'packages', 'tomography', 'dist', 'worker.js'))) {
    const scratch = join(tmpdir(), 'ionscope-bench-tomography');
    const set = join(scratch, 'cone-256');
    mkdirSync(set, { recursive: true });
    writeFileSync(join(set, 'projections.npy'), encodeNpy(projections, [views, rows, cols]));
    writeFileSync(
      join(set, 'angles.npy'),
      encodeNpy(
        Float64Array.from(theta, (t) => (t * 180) / Math.PI),
        [views],
      ),
    );
    const out = join(scratch, 'cone-out');
    rmSync(out, { recursive: true, force: true });
    const pixelUm = geometry.pixelSize * 1000; // phantom unit = 1 mm
    const args = [set, '-a', 'tomography.reconstruct-cone', '-p', 'sourceOrigin=5', '-p', 'sourceDetector=10', '-p', `detectorPixelSize=${pixelUm}`];
    args.push(
      '-p',
      `centre=${geometry.centre}`,
      '-p',
      `centreRow=${geometry.centreRow}`,
      '-p',
      'input=attenuation',
      '-p',
      `size=${n}`,
      '-p',
      `slices=${n}`,
      '--out',
      out,
    );
    const run = timedAnalyze(args, { cwd: scratch });
    rmSync(out, { recursive: true, force: true });
    results.push({
      name: `FDK 256³ from 360 views: ionscope analyze --out (${run.result.threads} threads)`,
      medianMs: run.wallS * 1000,
      p10Ms: run.wallS * 1000,
      p90Ms: run.wallS * 1000,
      runs: 1,
      threads: run.result.threads,
      reconstructionMs: run.result.reconstructionMs,
      cpuSeconds: run.userS,
      peakRssMiB: run.peakRssMiB,
      note: 'whole command: start-up, reading the 134 MB float32 .npy set, FDK on worker threads, writing the volume (result.nxs) and views',
    });
    // out of core: the projections left in the file (ranged) and read by detector-row band, the volume
    // streamed to reconstruction.nrrd, slabs within a 128 MiB budget; one thread and the CLI's default
    for (const threads of ['1', '2']) {
      const streamedOut = join(scratch, `cone-stream-${threads}`);
      rmSync(streamedOut, { recursive: true, force: true });
      const budgetMiB = 128;
      const streamArgs = [...args.slice(0, -2), '-p', `maxInMemoryMB=${budgetMiB}`, '-p', 'output=file', '--threads', threads, '--out', streamedOut];
      const s = timedAnalyze(streamArgs, { cwd: scratch, env: { IONSCOPE_RANGED_ABOVE_MIB: '0' } });
      // the streamed NRRD against fdk() above (mm⁻¹ → µm⁻¹: the same geometry in other units, so not the same bits)
      const nrrd = readFileSync(join(streamedOut, 'reconstruction.nrrd'));
      const offset = s.result.volumeFile.dataOffset as number;
      const streamed = new Float32Array(nrrd.buffer.slice(nrrd.byteOffset + offset, nrrd.byteOffset + nrrd.length));
      let worst = 0;
      let peak = 0;
      for (let i = 0; i < streamed.length; i++) {
        const want = (rec.volume[i] as number) / 1000;
        worst = Math.max(worst, Math.abs((streamed[i] as number) - want));
        peak = Math.max(peak, Math.abs(want));
      }
      rmSync(streamedOut, { recursive: true, force: true });
      results.push({
        name: `FDK 256³ from 360 views out of core: ranged input, streamed NRRD, maxInMemoryMB=${budgetMiB} (${s.result.threads} thread${s.result.threads > 1 ? 's' : ''})`,
        medianMs: s.wallS * 1000,
        p10Ms: s.wallS * 1000,
        p90Ms: s.wallS * 1000,
        runs: 1,
        threads: s.result.threads,
        reconstructionMs: s.result.reconstructionMs,
        cpuSeconds: s.userS,
        peakRssMiB: s.peakRssMiB,
        budgetMiB,
        memory: s.result.memory,
        projectionBytesRead: s.result.projectionsRead?.bytes?.value,
        projectionStackBytes: s.result.projectionsRead?.stackBytes?.value,
        streamedMiB: s.result.volumeFile.size.value / 2 ** 20,
        maxRelativeDifferenceToFdk: worst / peak,
        note: 'whole command with IONSCOPE_RANGED_ABOVE_MIB=0 and output=file: start-up, input checksum, band reads, FDK slabs, the 64 MiB NRRD, previews and views',
      });
    }
  }
}

// --- 512³ from 720 projections through the product path: `ionscope analyze … --out`, slabs on the CLI's threads ---
if (!runs('cli512')) {
  // skipped on request
} else if (existsSync(cliBin) && existsSync(join(repoRoot, 'packages', 'tomography', 'dist', 'worker.js'))) {
  const n = 512;
  const nAngles = 720;
  const scratch = join(tmpdir(), 'ionscope-bench-tomography');
  const set = join(scratch, `set-${n}x${n}x${nAngles}`);
  // uint16 counts with a flat and a dark (377 MB, above the CLI's ranged threshold: read a slab of rows at a time); kept between runs
  writeProjectionSet(set, { size: n, rows: n, angles: nAngles });
  const out = join(scratch, 'out');
  rmSync(out, { recursive: true, force: true });
  const run = timedAnalyze([set, '-a', 'tomography.reconstruct', '-p', `centre=${n / 2}`, '--out', out], { cwd: scratch });
  rmSync(out, { recursive: true, force: true });
  const ms = run.wallS * 1000;
  results.push({
    name: `512³ from 720 projections: ionscope analyze --out (${run.result.threads} threads)`,
    medianMs: ms,
    p10Ms: ms,
    p90Ms: ms,
    runs: 1,
    targetMs: 60000,
    threads: run.result.threads,
    reconstructionMs: run.result.reconstructionMs,
    cpuSeconds: run.userS,
    peakRssMiB: run.peakRssMiB,
    slabRows: run.result.memory?.slabRows,
    streamedMiB: run.result.volumeFile ? run.result.volumeFile.size.value / 2 ** 20 : undefined,
    note: 'wall time of the whole command: start-up, input checksum, ranged reads with flat/dark/−log, FBP with the ramp filter, the 512 MiB NRRD written, views and RO-Crate',
  });
} else {
  console.warn(`[skip] 512³ through the CLI: build apps/ionscope and packages/tomography first (${cliBin})`);
}

// --- tortuosity of the 256³ electrode ---
if (hasData && runs('tortuosity')) {
  const t = decodeTiffStack(new Uint8Array(readFileSync(`${data}taufactor_electrode_nmc_3phase_256.tiff`)));
  const D = new Uint8Array(t.values.length);
  for (let i = 0; i < D.length; i++) D[i] = t.values[i] === 0 ? 1 : 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const r = tortuosity(D, [256, 256, 256], 0);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  results.push({
    name: 'tortuosity 256³ electrode (pore, z)',
    medianMs: ms,
    p10Ms: ms,
    p90Ms: ms,
    runs: 1,
    targetMs: 60000,
    peer: { name: 'scipy CG + Jacobi (1 core)', ms: 265338 },
    tau: r.tau,
    tauPublished: 2.0772,
    tauFromFlux: r.tauFromFlux,
    porosity: r.porosity,
    iterations: r.iterations,
    tolerance: r.tolerance,
    relativeResidual: r.relativeResidual,
    unknowns: r.unknowns,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssGiB: process.resourceUsage().maxRSS / 2 ** 20,
  });
}

notes.loadAtEnd = loadavg();
notes.note = 'wall-clock medians on a shared 2-core machine; load averages recorded at start and end. The 256³ tortuosity and the 512³ volume run once.';
if (only) notes.sections = only;
writeBenchResults(only ? 'tomography-partial' : 'tomography', results, notes);
