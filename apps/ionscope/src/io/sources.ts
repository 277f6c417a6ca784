import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type FileSource, SNIFF_BYTES } from '@ionscope/core';
import { fileError } from '../cli/errors';

/** Bytes of a ranged source's head kept in memory (headers of every ranged reader fit; less for a lower threshold, at least the sniffed 64 KiB). */
const HEAD_BYTES = 1 << 20;

/**
 * Files larger than this are handed to readers as ranged sources (head in memory, the rest read on
 * demand): `IONSCOPE_RANGED_ABOVE_MIB` (MiB, default 256; 0 makes every file ranged, for tests).
 */
export function rangedThreshold(): number {
  const env = process.env.IONSCOPE_RANGED_ABOVE_MIB;
  const mib = env === undefined || env === '' ? 256 : Number(env);
  return Number.isFinite(mib) && mib >= 0 ? mib * 2 ** 20 : 256 * 2 ** 20;
}

/**
 * Reads one file as a FileSource named by the path as the user gave it. A file above
 * {@link rangedThreshold} becomes a ranged source: its first MiB in `bytes`, `size` and `range()`
 * (each call opens, reads and closes the file, so nothing stays open), and a SHA-256 computed by
 * streaming the file. Core gives whole files to readers that cannot read ranges.
 */
export function readFileSource(path: string, name = path): FileSource {
  try {
    const size = statSync(path).size;
    const threshold = rangedThreshold();
    const head = Math.min(HEAD_BYTES, Math.max(SNIFF_BYTES, threshold));
    if (size > threshold && size > head) {
      return {
        name,
        bytes: readRange(path, 0, head),
        size,
        sha256: hashFile(path),
        range: async (start, end) => readRange(path, start, Math.min(end, size)),
      };
    }
    const buffer = readFileSync(path);
    return { name, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    throw fileError(error, name);
  }
}

/** Bytes [start, end) of a file (shorter only at its end). */
function readRange(path: string, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return done === out.length ? out : out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 of a file read in 8 MiB pieces (bounded memory). */
function hashFile(path: string): string {
  const hash = createHash('sha256');
  const buffer = new Uint8Array(8 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; ; ) {
      const n = readSync(fd, buffer, 0, buffer.length, at);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Size of the file behind a source (a ranged source's `size`, else its bytes). */
export function sourceBytes(source: FileSource): number {
  return source.size ?? source.bytes.length;
}

/** The regular, non-hidden files of a folder, sorted naturally (`2.tif` before `10.tif`). */
export function listFolder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw fileError(error, dir);
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return entries
    .filter((e) => !e.startsWith('.'))
    .map((e) => join(dir, e))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    })
    .sort(collator.compare);
}

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A path given on the command line: a file is one source; a folder is all its files, read
 * together by the reader's `readMany` (a stack of slices, a series of patterns).
 */
export function readInput(path: string): FileSource | FileSource[] {
  if (!isFolder(path)) return readFileSource(path);
  const files = listFolder(path);
  if (files.length === 0) throw fileError(Object.assign(new Error('the folder has no files'), { code: 'EEMPTY' }), path);
  return files.map((f) => readFileSource(f));
}
