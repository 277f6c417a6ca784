/**
 * Helpers for {@link FileSource}s that may be *ranged*: only the head is in `bytes`, the rest is
 * read on demand with `range` (a file larger than memory). Readers that declare `ranged: true`
 * use these to read a header and byte ranges the same way whether the source is whole or partial.
 */
import { InputError, ParseError } from '../errors';
import type { FileSource } from '../plugin/contract';

/** Size of the whole file behind a source. */
export function sourceSize(source: FileSource): number {
  return source.size ?? source.bytes.length;
}

/** True when `bytes` holds only the head of the file and the rest must be read with `range`. */
export function isPartialSource(source: FileSource): boolean {
  return sourceSize(source) > source.bytes.length;
}

/**
 * Bytes [start, end) of the file (`end` clamped to its size): a view of `bytes` when they hold the
 * range, otherwise read with `range`. Throws a ParseError naming the file when the file ends early.
 */
export async function readSourceRange(source: FileSource, start: number, end: number): Promise<Uint8Array> {
  const size = sourceSize(source);
  const stop = Math.min(end, size);
  if (!(start >= 0) || !Number.isSafeInteger(start) || !Number.isSafeInteger(stop)) {
    throw new InputError(`invalid byte range [${start}, ${end})`, { file: source.name, field: 'range' });
  }
  if (stop <= start) return new Uint8Array(0);
  if (stop <= source.bytes.length) return source.bytes.subarray(start, stop);
  if (!source.range) {
    throw new InputError('the source holds only the head of the file and cannot read the rest', {
      file: source.name,
      expected: 'a FileSource with range() when size > bytes.length',
    });
  }
  const bytes = await source.range(start, stop);
  if (bytes.length !== stop - start) {
    throw new ParseError(`the file ended early: ${bytes.length} of ${stop - start} bytes from byte ${start}`, {
      file: source.name,
      offset: start,
      expected: `${stop - start} bytes`,
    });
  }
  return bytes;
}

/**
 * The source with the whole file in `bytes` (read through `range` when it was partial). Core does
 * this for readers that do not declare `ranged: true`; the memory needed is the file's size.
 */
export async function completeSource(source: FileSource): Promise<FileSource> {
  if (!isPartialSource(source)) return source;
  const bytes = await readSourceRange(source, 0, sourceSize(source));
  return { ...source, bytes, size: bytes.length };
}
