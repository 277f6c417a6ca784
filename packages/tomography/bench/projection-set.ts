/**
 * Synthetic projection sets on disk for the CLI benchmarks: spheres (exact chord lengths) as uint16
 * counts, written as the folder of `.npy` files the plugin reads as one scan (projections
 * angle × row × col, one flat, one dark, angles in degrees). Written projection by projection, so
 * sets larger than memory can be made.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../src/io/npy';
import { type Sphere, spherePhantom } from './synthetic';

export interface ProjectionSetSize {
  /** detector columns (= slice size) */
  size: number;
  /** detector rows (= slices) */
  rows: number;
  /** projections over 180° */
  angles: number;
}

/** One projection (rows × cols) of the spheres at angle θ, as uint16 counts (flat 4000, dark 100). */
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

/** Writes the set into `dir` (kept when it is there already); returns the projection file's size in bytes. */
export function writeProjectionSet(dir: string, { size, rows, angles }: ProjectionSetSize): number {
  const file = join(dir, 'projections.npy');
  if (existsSync(file) && existsSync(join(dir, 'angles.npy'))) return statSync(file).size;
  mkdirSync(dir, { recursive: true });
  const spheres = spherePhantom(size, 60, 5);
  const fd = openSync(file, 'w');
  writeSync(fd, encodeNpy(new Uint16Array(0), [angles, rows, size]));
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
