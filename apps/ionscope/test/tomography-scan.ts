/**
 * A small synthetic tomography scan for the CLI tests (a folder of .npy files the tomography
 * plugin reads as one projection set) and a reader of the NRRD files the CLI streams.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './helpers';

/** The tomography plugin package in this repository (tests that need its dist skip visibly without it). */
export const tomography = join(appRoot, '..', '..', 'packages', 'tomography');
export const hasTomography = existsSync(join(tomography, 'dist', 'index.js')) && existsSync(join(tomography, 'dist', 'worker.js'));

/** A version-1 .npy file (little-endian, C order). */
export function npy(values: Uint16Array | Float64Array, shape: number[]): Uint8Array {
  const descr = values instanceof Uint16Array ? '<u2' : '<f8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return out;
}

/**
 * Counts of three discs (exact chord lengths), 90 angles over 180°, 16 rows × 64 columns, with a
 * flat and a dark. `rings` gives detector columns 20 and 41 a wrong gain (stripes in the
 * sinograms, rings in the slices).
 */
export function writeScan(dir: string, options: { rings?: boolean } = {}): void {
  const [na, nr, nc] = [90, 16, 64];
  const discs = [
    { x: 0, y: 0, r: 22, mu: 0.01 },
    { x: 8, y: -5, r: 6, mu: 0.03 },
    { x: -10, y: 9, r: 4, mu: -0.005 },
  ];
  const counts = new Uint16Array(na * nr * nc);
  for (let a = 0; a < na; a++) {
    const t = (a * Math.PI) / na;
    for (let k = 0; k < nc; k++) {
      let line = 0;
      for (const d of discs) {
        const s = k - nc / 2 - (d.x * Math.cos(t) + d.y * Math.sin(t));
        if (Math.abs(s) < d.r) line += 2 * d.mu * Math.sqrt(d.r * d.r - s * s);
      }
      const gain = options.rings && k === 20 ? 0.85 : options.rings && k === 41 ? 1.1 : 1;
      for (let r = 0; r < nr; r++) counts[(a * nr + r) * nc + k] = Math.round(100 + gain * 3900 * Math.exp(-line * (1 + r / nr)));
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'projections.npy'), npy(counts, [na, nr, nc]));
  writeFileSync(join(dir, 'flat.npy'), npy(new Uint16Array(nr * nc).fill(4000), [1, nr, nc]));
  writeFileSync(join(dir, 'dark.npy'), npy(new Uint16Array(nr * nc).fill(100), [1, nr, nc]));
  writeFileSync(
    join(dir, 'angles.npy'),
    npy(
      Float64Array.from({ length: na }, (_, a) => (a * 180) / na),
      [na],
    ),
  );
}

/** The float32 data of an attached raw NRRD, after the blank line that ends its header. */
export function nrrdData(bytes: Uint8Array): { header: string; values: Float32Array } {
  let end = 0;
  while (!(bytes[end] === 10 && bytes[end + 1] === 10)) end++;
  const data = bytes.slice(end + 2);
  return { header: new TextDecoder().decode(bytes.subarray(0, end)), values: new Float32Array(data.buffer) };
}
