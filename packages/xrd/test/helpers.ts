import { existsSync, readFileSync } from 'node:fs';

export const DATA = new URL('../../../../shared/data/xrd/', import.meta.url).pathname;
export const PEERS = new URL('../../../../shared/peers/xrd/', import.meta.url).pathname;
export const hasData = existsSync(DATA);
export const hasPeers = existsSync(PEERS);
if (!hasData) console.warn(`[skip] ${DATA} not found: real-file XRD tests skipped`);
if (!hasPeers) console.warn(`[skip] ${PEERS} not found: peer comparisons skipped`);

export function dataFile(rel: string): { name: string; bytes: Uint8Array } {
  return { name: rel.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(`${DATA}${rel}`)) };
}

export const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} } } as never;
