/**
 * The CLI's {@link OutputSink}: files an analysis streams (a reconstructed volume larger than
 * memory) are written straight into the result folder, hashed while they are written, and listed
 * for the RO-Crate like every other output.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, type OutputSink, type OutputStream } from '@ionscope/core';
import { fileError } from '../cli/errors';
import type { WrittenFile } from './result-folder';

/** File names the result folder uses itself. */
const RESERVED = new Set(['result.json', 'result.nxs', 'result.csv', 'views.json', 'ro-crate-metadata.json', 'summary.json', 'results.csv', 'results.jsonl']);

export interface FolderSink extends OutputSink {
  /** Files closed so far (paths relative to the folder). */
  readonly written: WrittenFile[];
}

/** A sink writing into `dir` (created on the first file). Writes are synchronous: a chunk is on disk when `write` resolves. */
export function folderSink(dir: string): FolderSink {
  const written: WrittenFile[] = [];
  const names = new Set<string>();
  return {
    written,
    async create(name, options = {}): Promise<OutputStream> {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || RESERVED.has(name) || names.has(name)) {
        throw new InputError(`cannot create the output file "${name}"`, {
          field: 'output',
          expected: 'a plain file name not used yet in this folder (letters, digits, . _ -)',
        });
      }
      names.add(name);
      const path = join(dir, name);
      let fd: number;
      try {
        mkdirSync(dir, { recursive: true });
        fd = openSync(path, 'w');
      } catch (error) {
        throw fileError(error, path, 'cannot write');
      }
      const hash = createHash('sha256');
      let size = 0;
      let open = true;
      const finish = () => {
        if (open) closeSync(fd);
        open = false;
      };
      return {
        async write(chunk) {
          if (!open) throw new Error(`${name} is closed`);
          try {
            for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
          } catch (error) {
            throw fileError(error, path, 'cannot write');
          }
          hash.update(chunk);
          size += chunk.length;
        },
        async close() {
          finish();
          const file: WrittenFile = {
            path: name,
            sha256: hash.digest('hex'),
            encodingFormat: options.mediaType ?? 'application/octet-stream',
            contentSize: size,
          };
          written.push(file);
          return { name, size, sha256: file.sha256, mediaType: file.encodingFormat, location: path };
        },
        async abort() {
          finish();
          rmSync(path, { force: true });
        },
      };
    },
  };
}
