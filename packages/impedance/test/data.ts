/** Paths to the shared real-data folder; tests skip visibly when it is absent. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '@ionscope/core';

export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
export const PEERS_DIR = fileURLToPath(new URL('../../../../shared/peers/', import.meta.url));
export const hasData = existsSync(`${DATA_DIR}impedance`);
export const hasPeers = existsSync(`${PEERS_DIR}impedance/results.json`);
if (!hasData) console.warn('[skip] ../shared/data/impedance is absent: real-file tests are skipped');
if (!hasPeers) console.warn('[skip] ../shared/peers/impedance is absent: peer comparisons are skipped');

export function dataFile(relative: string): FileSource {
  const path = `${DATA_DIR}${relative}`;
  return { name: relative.split('/').pop() as string, bytes: new Uint8Array(readFileSync(path)) };
}

export function peers(): any {
  return JSON.parse(readFileSync(`${PEERS_DIR}impedance/results.json`, 'utf8'));
}

/** The pyimpspec reference spectrum (data.json): f, Re Z, Im Z. */
export function pyimpspecReference(): { f: number[]; re: number[]; im: number[] } {
  const json = JSON.parse(readFileSync(`${DATA_DIR}impedance/pyimpspec/data.json`, 'utf8'));
  const col = (k: string) =>
    Object.keys(json[k])
      .sort((a, b) => Number(a) - Number(b))
      .map((i) => json[k][i] as number);
  return { f: col('f (Hz)'), re: col('Re(Z) (ohm)'), im: col('Im(Z) (ohm)') };
}

/** exampleData.csv from the package's examples (MIT, bundled) as f, Z′, Z″. */
export function exampleData(): { f: Float64Array; re: Float64Array; im: Float64Array } {
  const text = readFileSync(fileURLToPath(new URL('../examples/exampleData.csv', import.meta.url)), 'utf8');
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map(Number));
  return { f: Float64Array.from(rows, (r) => r[0]!), re: Float64Array.from(rows, (r) => r[1]!), im: Float64Array.from(rows, (r) => r[2]!) };
}
