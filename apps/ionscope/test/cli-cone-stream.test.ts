/**
 * Cone-beam (FDK) reconstruction out of core through the CLI: a small laboratory micro-CT scan
 * (exact cone-beam chords through two spheres, uint16 counts with a flat and a dark) read as a
 * ranged source (IONSCOPE_RANGED_ABOVE_MIB=0) and reconstructed by `ionscope analyze … --out DIR`
 * under a tiny memory budget on worker threads: DIR/reconstruction.nrrd must equal the in-memory
 * one-thread reconstruction bit for bit.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneJson, runCli } from './helpers';
import { hasTomography, npy, nrrdData, tomography } from './tomography-scan';

if (!hasTomography) console.warn(`[skip] cone-beam streaming through the CLI: ${tomography}/dist is not built`);

// source 40 mm from the axis, detector at 80 mm, 0.8 mm pitch: 32 columns × 28 rows, 90 views over 360°
const [views, rows, cols] = [90, 28, 32];
const [D, Dsd, pitch] = [40_000, 80_000, 800]; // µm
const spheres = [
  { c: [0, 0, 0], r: 4000, mu: 2e-4 },
  { c: [2000, -1500, 2500], r: 1500, mu: 3e-4 },
]; // µm, µm⁻¹

/** Exact line integral of the spheres along the ray from `o` in direction `d` (any length). */
function chord(o: number[], d: number[]): number {
  const len = Math.hypot(d[0] as number, d[1] as number, d[2] as number);
  let sum = 0;
  for (const s of spheres) {
    const w = [(o[0] as number) - (s.c[0] as number), (o[1] as number) - (s.c[1] as number), (o[2] as number) - (s.c[2] as number)];
    const b = (w[0] * (d[0] as number) + w[1] * (d[1] as number) + w[2] * (d[2] as number)) / len;
    const disc = b * b - (w[0] * w[0] + w[1] * w[1] + w[2] * w[2] - s.r * s.r);
    if (disc > 0) sum += 2 * Math.sqrt(disc) * s.mu;
  }
  return sum;
}

/** The scan as the tomography plugin's `.npy` folder (geometry of its recon/fdk.ts). */
function writeConeScan(dir: string): void {
  const counts = new Uint16Array(views * rows * cols);
  for (let a = 0; a < views; a++) {
    const beta = (2 * Math.PI * a) / views;
    const [cb, sb] = [Math.cos(beta), Math.sin(beta)];
    const src = [D * sb, -D * cb, 0];
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < cols; k++) {
        const u = (k - (cols - 1) / 2) * pitch;
        const v = (r - (rows - 1) / 2) * pitch;
        const p = chord(src, [-Dsd * sb + u * cb, Dsd * cb + u * sb, v]);
        counts[(a * rows + r) * cols + k] = Math.round(100 + 3900 * Math.exp(-p));
      }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'projections.npy'), npy(counts, [views, rows, cols]));
  writeFileSync(join(dir, 'flat.npy'), npy(new Uint16Array(rows * cols).fill(4000), [1, rows, cols]));
  writeFileSync(join(dir, 'dark.npy'), npy(new Uint16Array(rows * cols).fill(100), [1, rows, cols]));
  writeFileSync(
    join(dir, 'angles.npy'),
    npy(
      Float64Array.from({ length: views }, (_, a) => (a * 360) / views),
      [views],
    ),
  );
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ionscope-cone-'));
  writeFileSync(join(dir, 'ionscope.config.json'), JSON.stringify({ plugins: [tomography] }));
  writeConeScan(join(dir, 'scans', 'spheres'));
  return dir;
}

const common = ['-a', 'tomography.reconstruct-cone', '-p', 'sourceOrigin=40mm', '-p', 'sourceDetector=80mm', '-p', 'detectorPixelSize=800um'];
const ranged = { IONSCOPE_RANGED_ABOVE_MIB: '0' };

describe.skipIf(!hasTomography)('cone-beam volumes larger than the memory budget through the CLI', () => {
  it('analyze --out on 2 threads streams reconstruction.nrrd from a ranged scan, equal to the in-memory one-thread volume', async () => {
    const cwd = project();
    const memory = await runCli(['analyze', 'scans/spheres', ...common, '--threads', '1', '--json'], { cwd });
    expect(memory.code, memory.stderr).toBe(0);
    const inMemory = oneJson(memory.stdout).result;
    expect(inMemory.kind).toBe('tomography.volume');
    const reference = Float32Array.from(inMemory.attenuation.values as number[]);
    expect(reference.length).toBe(rows * cols * cols);
    // the big sphere (2·10⁻⁴ µm⁻¹) at the centre
    const centre = reference[((rows >> 1) * cols + (cols >> 1)) * cols + (cols >> 1)] as number;
    expect(Math.abs(centre - 2e-4)).toBeLessThan(0.2e-4);

    const streamed = await runCli(['analyze', 'scans/spheres', ...common, '-p', 'maxInMemoryMB=0.05', '--threads', '2', '--out', 'out', '--json'], {
      cwd,
      env: ranged,
    });
    expect(streamed.code, streamed.stderr).toBe(0);
    const out = oneJson(streamed.stdout).result;
    expect(out.kind).toBe('tomography.volume-file');
    expect(out.threads).toBe(2);
    expect(out.volumeFile).toMatchObject({ name: 'reconstruction.nrrd', shape: [rows, cols, cols], dtype: 'float32', unit: 'µm^-1' });
    expect(out.memory).toMatchObject({ streamed: true, slabsInFlight: 3 });
    expect(out.projectionsRead.from).toMatch(/file/);
    expect(out.projectionsRead.bytes.value).toBeLessThanOrEqual(views * rows * cols * 2);
    const bytes = new Uint8Array(readFileSync(join(cwd, 'out', 'reconstruction.nrrd')));
    expect(out.volumeFile.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const { header, values } = nrrdData(bytes);
    expect(header).toMatch(/sizes: 32 32 28\n/);
    expect(header).toMatch(/spacings: 400 400 400\n/);
    expect(Buffer.from(values.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
  });

  it('without --out, a cone volume over the budget is refused with what to do', async () => {
    const cwd = project();
    const r = await runCli(['analyze', 'scans/spheres', ...common, '-p', 'maxInMemoryMB=0.05', '--json'], { cwd, env: ranged });
    expect(r.code).toBe(1);
    const error = oneJson(r.stdout).error;
    expect(error.message).toMatch(/28 × 32 × 32 float32 = 0\.1 MiB\) is larger than maxInMemoryMB = 0\.05/);
    expect(JSON.stringify(error)).toMatch(/--out DIR/);
  });
});
