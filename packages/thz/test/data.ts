/** Paths to the shared real data and peer figures (read-only, never copied into the repo). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Dataset, type FileSource, readSource, Registry } from '@ionscope/core';
import plugin from '../src/index';

export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/thz/', import.meta.url));
export const PEERS_FILE = fileURLToPath(new URL('../../../../shared/peers/thz/results.json', import.meta.url));
export const hasData = existsSync(DATA_DIR);
export const hasPeers = existsSync(PEERS_FILE);

export function warnSkip(what: string): void {
  if (!hasData) console.warn(`[skip] ${what}: ${DATA_DIR} is absent`);
}

export function dataFile(rel: string): FileSource {
  const bytes = new Uint8Array(readFileSync(DATA_DIR + rel));
  return { name: rel.split('/').pop() as string, bytes };
}

export function thzRegistry(): Registry {
  const r = new Registry();
  r.register(plugin, 'thz');
  return r;
}

export async function readData(rel: string, registry = thzRegistry()): Promise<Dataset> {
  return (await readSource(registry, dataFile(rel))).dataset;
}

export interface PeerPoint {
  f_thz: number;
  n: number;
  'alpha_cm-1': number;
}

export function peerRun(name: string): { at: PeerPoint[]; thickness_um: number; gate_ps?: number[] } {
  return JSON.parse(readFileSync(PEERS_FILE, 'utf8')).runs[name];
}
