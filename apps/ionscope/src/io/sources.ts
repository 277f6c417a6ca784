import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileSource } from '@ionscope/core';
import { fileError } from '../cli/errors';

/** Reads one file as a FileSource named by the path as the user gave it. */
export function readFileSource(path: string, name = path): FileSource {
  try {
    const buffer = readFileSync(path);
    return { name, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
  } catch (error) {
    throw fileError(error, name);
  }
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
