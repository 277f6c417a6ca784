/**
 * `npm run bench:large` (manual, minutes): a volume several times larger than the memory budget
 * through the real CLI. Writes a synthetic projection set (spheres, uint16 counts, angle × row ×
 * col .npy + flat, dark, angles) into a scratch folder, then runs
 * `ionscope analyze SET -a tomography.reconstruct -p maxInMemoryMB=B --out OUT` under
 * `/usr/bin/time -f %M` for several numbers of slices, and records peak RSS, wall time and the
 * size of the streamed NRRD. The projection file is above the CLI's 256 MiB ranged threshold at
 * the default size, so it is read a slab of rows at a time as well. One thread by default (the
 * memory figures); `--threads 2` reconstructs the slabs on the CLI's worker threads.
 *
 *   npx tsx bench/large-volume.ts [--size 1024] [--angles 360] [--slices 128,512] [--budget 256] [--threads 1] [--dir /tmp/ionscope-large]
 *
 * Writes bench-results/tomography-large-volume.json at the repository root.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot as repo, timedAnalyze } from './cli-analyze';
import { writeProjectionSet } from './projection-set';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
};
const size = Number(arg('size', '1024'));
const angles = Number(arg('angles', '360'));
const sliceCounts = arg('slices', '128,512').split(',').map(Number);
const budget = Number(arg('budget', '256'));
const threads = arg('threads', '1');
const scratch = arg('dir', '/tmp/ionscope-large');

const runs: Record<string, unknown>[] = [];
for (const slices of sliceCounts) {
  const dir = join(scratch, `set-${size}x${slices}x${angles}`);
  const inputBytes = writeProjectionSet(dir, { size, rows: slices, angles });
  const out = join(scratch, `out-${slices}`);
  rmSync(out, { recursive: true, force: true });
  const load = loadavg()[0];
  const run = timedAnalyze(
    [dir, '-a', 'tomography.reconstruct', '-p', `centre=${size / 2}`, '-p', `maxInMemoryMB=${budget}`, '--threads', threads, '--out', out],
    { cwd: scratch },
  );
  const result = run.result;
  const volumeBytes = slices * size * size * 4;
  runs.push({
    volume: `${slices} × ${size} × ${size} float32`,
    volumeMiB: volumeBytes / 2 ** 20,
    inputMiB: inputBytes / 2 ** 20,
    budgetMiB: budget,
    peakRssMiB: run.peakRssMiB,
    wallS: run.wallS,
    userS: run.userS,
    threads: result.threads,
    reconstructionS: result.reconstructionMs / 1000,
    slabRows: result.memory?.slabRows,
    streamedMiB: result.volumeFile ? result.volumeFile.size.value / 2 ** 20 : undefined,
    kind: result.kind,
    loadAtStart: load,
  });
  rmSync(out, { recursive: true, force: true });
}

console.log(
  `\nvolumes through \`ionscope analyze … -p maxInMemoryMB=${budget} --threads ${threads} --out\` (${angles} angles, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
);
console.log('volume                         | volume MiB | input MiB | slab rows | peak RSS MiB | wall s');
for (const r of runs)
  console.log(
    `${String(r.volume).padEnd(30)} | ${String(Math.round(r.volumeMiB as number)).padStart(10)} | ${String(Math.round(r.inputMiB as number)).padStart(9)} | ${String(r.slabRows).padStart(9)} | ${(r.peakRssMiB as number).toFixed(0).padStart(12)} | ${(r.wallS as number).toFixed(1).padStart(6)}`,
  );
mkdirSync(join(repo, 'bench-results'), { recursive: true });
writeFileSync(join(repo, 'bench-results', 'tomography-large-volume.json'), JSON.stringify({ package: 'tomography', case: 'large-volume', runs }, null, 2));
