/**
 * `npm run bench:large` (manual, minutes): a volume several times larger than the memory budget
 * through the real CLI. Writes a synthetic projection set (spheres, uint16 counts, angle × row ×
 * col .npy + flat, dark, angles) into a scratch folder, then runs
 * `ionscope analyze SET -a tomography.reconstruct -p maxInMemoryMB=B --out OUT` under
 * `/usr/bin/time -f %M` for several numbers of slices, and records peak RSS, wall time and the
 * size of the streamed NRRD. The projection file is above the CLI's 256 MiB ranged threshold at
 * the default size, so it is read a slab of rows at a time as well.
 *
 *   npx tsx bench/large-volume.ts [--size 1024] [--angles 360] [--slices 128,512] [--budget 256] [--dir /tmp/ionscope-large]
 *
 * Writes bench-results/tomography-large-volume.json at the repository root.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNpy } from '../src/io/npy';
import { type Sphere, spherePhantom } from './synthetic';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
};
const size = Number(arg('size', '1024'));
const angles = Number(arg('angles', '360'));
const sliceCounts = arg('slices', '128,512').split(',').map(Number);
const budget = Number(arg('budget', '256'));
const scratch = arg('dir', '/tmp/ionscope-large');
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'apps', 'ionscope', 'dist', 'bin.js');

/** One projection (rows × cols) of the spheres at angle θ: exact chord lengths, as uint16 counts. */
function projection(spheres: Sphere[], theta: number, rows: number, cols: number, out: Uint16Array): void {
  const line = new Float32Array(rows * cols);
  const centre = Math.floor(cols / 2);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  for (const sp of spheres) {
    const p = sp.x * c + sp.y * s + centre;
    for (let r = 0; r < rows; r++) {
      const z = (r - rows / 2 + 0.5) * (cols / rows) * 0.9;
      const h2 = sp.r * sp.r - (z - sp.z) ** 2;
      if (h2 <= 0) continue;
      const rc = Math.sqrt(h2);
      for (let k = Math.max(0, Math.ceil(p - rc)); k <= Math.min(cols - 1, Math.floor(p + rc)); k++) {
        const d = k - p;
        line[r * cols + k] += 2 * sp.value * Math.sqrt(Math.max(0, rc * rc - d * d));
      }
    }
  }
  for (let i = 0; i < line.length; i++) out[i] = Math.round(100 + 3900 * Math.exp((-0.5 * (line[i] as number)) / cols));
}

/** Writes the .npy set for `rows` detector rows (skipped when it is there already). */
function writeSet(dir: string, rows: number): number {
  const file = join(dir, 'projections.npy');
  if (existsSync(file) && existsSync(join(dir, 'angles.npy'))) return statSync(file).size;
  mkdirSync(dir, { recursive: true });
  const spheres = spherePhantom(size, 60, 5);
  const header = encodeNpy(new Uint16Array(0), [angles, rows, size]);
  const fd = openSync(file, 'w');
  writeSync(fd, header);
  const frame = new Uint16Array(rows * size);
  for (let a = 0; a < angles; a++) {
    projection(spheres, (a * Math.PI) / angles, rows, size, frame);
    writeSync(fd, new Uint8Array(frame.buffer));
  }
  closeSync(fd);
  writeFileSync(join(dir, 'flat.npy'), encodeNpy(new Uint16Array(rows * size).fill(4000), [1, rows, size]));
  writeFileSync(join(dir, 'dark.npy'), encodeNpy(new Uint16Array(rows * size).fill(100), [1, rows, size]));
  writeFileSync(
    join(dir, 'angles.npy'),
    encodeNpy(
      Float64Array.from({ length: angles }, (_, a) => (a * 180) / angles),
      [angles],
    ),
  );
  return statSync(file).size;
}

const runs: Record<string, unknown>[] = [];
for (const slices of sliceCounts) {
  const dir = join(scratch, `set-${size}x${slices}x${angles}`);
  const inputBytes = writeSet(dir, slices);
  const out = join(scratch, `out-${slices}`);
  rmSync(out, { recursive: true, force: true });
  const load = loadavg()[0];
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M %e %U',
      process.execPath,
      bin,
      'analyze',
      dir,
      '-a',
      'tomography.reconstruct',
      '-p',
      `centre=${size / 2}`,
      '-p',
      `maxInMemoryMB=${budget}`,
      '--out',
      out,
      '--json',
    ],
    { cwd: scratch, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const wall = (performance.now() - started) / 1000;
  const [rssKb, elapsed, user] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (r.status !== 0) {
    console.error(r.stderr.slice(-2000));
    throw new Error(`ionscope analyze failed for ${slices} slices`);
  }
  const result = JSON.parse(r.stdout).result;
  const volumeBytes = slices * size * size * 4;
  runs.push({
    volume: `${slices} × ${size} × ${size} float32`,
    volumeMiB: volumeBytes / 2 ** 20,
    inputMiB: inputBytes / 2 ** 20,
    budgetMiB: budget,
    peakRssMiB: (rssKb as number) / 1024,
    wallS: elapsed ?? wall,
    userS: user,
    slabRows: result.memory?.slabRows,
    streamedMiB: result.volumeFile ? result.volumeFile.size.value / 2 ** 20 : undefined,
    kind: result.kind,
    loadAtStart: load,
  });
  rmSync(out, { recursive: true, force: true });
}

console.log(
  `\nvolumes through \`ionscope analyze … -p maxInMemoryMB=${budget} --out\` (${angles} angles, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
);
console.log('volume                         | volume MiB | input MiB | slab rows | peak RSS MiB | wall s');
for (const r of runs)
  console.log(
    `${String(r.volume).padEnd(30)} | ${String(Math.round(r.volumeMiB as number)).padStart(10)} | ${String(Math.round(r.inputMiB as number)).padStart(9)} | ${String(r.slabRows).padStart(9)} | ${(r.peakRssMiB as number).toFixed(0).padStart(12)} | ${(r.wallS as number).toFixed(1).padStart(6)}`,
  );
mkdirSync(join(repo, 'bench-results'), { recursive: true });
writeFileSync(join(repo, 'bench-results', 'tomography-large-volume.json'), JSON.stringify({ package: 'tomography', case: 'large-volume', runs }, null, 2));
