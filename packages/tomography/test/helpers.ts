import { seededUniform } from '@ionscope/numerics';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type FileSource, memoryOutputSink, type OutputSink } from '@ionscope/core';

/** /work/shared/data/tomography (absent in a fresh clone elsewhere: tests skip visibly). */
export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/tomography/', import.meta.url));
export const PEERS_DIR = fileURLToPath(new URL('../../../../shared/peers/tomography/', import.meta.url));
export const hasData = existsSync(DATA_DIR);
export const hasPeers = existsSync(PEERS_DIR);

export function warnSkip(what: string): void {
  if (!hasData) console.warn(`[skip] ${what}: ${DATA_DIR} is absent`);
}

export function dataFile(name: string): FileSource {
  const bytes = new Uint8Array(readFileSync(DATA_DIR + name));
  return { name, bytes };
}

export function readF32(name: string): Float32Array {
  const b = readFileSync(DATA_DIR + name);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

export function peers<T = any>(name: string): T {
  // Python's json writes Infinity/NaN, which JSON.parse rejects
  const text = readFileSync(PEERS_DIR + name, 'utf8')
    .replace(/\b-?Infinity\b/g, (m) => (m.startsWith('-') ? '-1e999' : '1e999'))
    .replace(/\bNaN\b/g, 'null');
  return JSON.parse(text) as T;
}

/** Deterministic pseudo-random numbers (numerics' seeded mulberry32). */
export const rng = seededUniform;

/**
 * core's memory sink, except that `close` reports a checksum of its own: an analysis must pass the
 * sink's answer through (values.volumeFile.sha256) rather than compute one.
 */
export function checksumReportingSink(): OutputSink & { files: Map<string, Uint8Array> } {
  const sink = memoryOutputSink();
  return {
    files: sink.files,
    async create(name, options) {
      const stream = await sink.create(name, options);
      return { ...stream, close: async () => ({ ...(await stream.close()), sha256: 'f'.repeat(64) }) };
    },
  };
}
