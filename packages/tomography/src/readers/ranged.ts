/**
 * Helpers for readers that take ranged sources (files larger than memory, see core's
 * `FileSource.range`): the header comes from the first bytes, the data stay in the file as a
 * deferred array read in row blocks when an analysis asks for them.
 */
import { type DeferredArray, type DType, type FileSource, ParseError, rawDeferredArray, readSourceRange, shapeSize, sourceSize } from '@ionscope/core';
import { DTYPE_BYTES } from '../io/binary';

/** The first `max` bytes of the file (its head is usually in `bytes` already). */
export async function headBytes(source: FileSource, max: number): Promise<Uint8Array> {
  return source.bytes.length >= Math.min(max, sourceSize(source)) ? source.bytes : readSourceRange(source, 0, max);
}

/** A deferred array over raw row-major data at `offset`, checked against the file's size. */
export function rawDataInFile(
  source: FileSource,
  layout: { dims: readonly string[]; shape: readonly number[]; dtype: DType; littleEndian: boolean; offset: number; unit?: string },
): DeferredArray {
  const need = shapeSize(layout.shape) * DTYPE_BYTES[layout.dtype];
  const size = sourceSize(source);
  if (!(layout.offset >= 0) || layout.offset + need > size) {
    throw new ParseError(`the data need ${need} bytes from byte ${layout.offset} but the file has ${size}`, {
      file: source.name,
      offset: layout.offset,
      expected: `${shapeSize(layout.shape)} ${layout.dtype} values`,
      found: `${Math.max(0, size - layout.offset)} bytes`,
    });
  }
  return rawDeferredArray({
    ...layout,
    unit: layout.unit ?? '',
    readBytes: (start, end) => readSourceRange(source, start, end),
    file: source.name,
  });
}
