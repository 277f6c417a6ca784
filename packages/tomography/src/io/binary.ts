/** Typed-array views of raw bytes in either byte order, shared by the binary readers and writers. */
import { DTYPE_CONSTRUCTORS, type DType, type NumericArray, ParseError } from '@ionscope/core';

export const DTYPE_BYTES: Record<DType, number> = { float64: 8, float32: 4, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4 };

/** True on little-endian hosts (every platform Node and browsers run on today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Copies `count` elements of `dtype` starting at byte `offset` into a new typed array, swapping
 * bytes when the file's byte order differs from the host's. Throws a ParseError (naming `file`)
 * when the bytes run out.
 */
export function readTypedArray(bytes: Uint8Array, offset: number, count: number, dtype: DType, littleEndian: boolean, file?: string): NumericArray {
  const size = DTYPE_BYTES[dtype];
  const need = count * size;
  if (!Number.isSafeInteger(need) || offset < 0 || offset + need > bytes.length) {
    throw new ParseError(`the data needs ${need} bytes from byte ${offset} but the file has ${bytes.length}`, {
      file,
      offset,
      expected: `${count} ${dtype} values`,
      found: `${Math.max(0, bytes.length - offset)} bytes`,
    });
  }
  const copy = bytes.slice(offset, offset + need);
  if (size > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytesInPlace(copy, size);
  const Ctor = DTYPE_CONSTRUCTORS[dtype];
  return new Ctor(copy.buffer, 0, count);
}

/** Reverses the byte order of every `size`-byte word in place. */
export function swapBytesInPlace(bytes: Uint8Array, size: number): void {
  if (size === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else if (size === 4) {
    for (let i = 0; i + 3 < bytes.length; i += 4) {
      let t = bytes[i];
      bytes[i] = bytes[i + 3];
      bytes[i + 3] = t;
      t = bytes[i + 1];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = t;
    }
  } else if (size === 8) {
    for (let i = 0; i + 7 < bytes.length; i += 8) {
      for (let k = 0; k < 4; k++) {
        const t = bytes[i + k];
        bytes[i + k] = bytes[i + 7 - k];
        bytes[i + 7 - k] = t;
      }
    }
  }
}

/** The bytes of a typed array in the requested byte order (a copy). */
export function typedArrayBytes(values: NumericArray, littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  if (values.BYTES_PER_ELEMENT > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytesInPlace(out, values.BYTES_PER_ELEMENT);
  return out;
}

/** Product of a shape, or NaN when it is not a list of non-negative safe integers. */
export function checkedShapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isSafeInteger(s) || s < 0) return Number.NaN;
    n *= s;
    if (!Number.isSafeInteger(n)) return Number.NaN;
  }
  return n;
}

/** Converts any numeric array to Float32Array (no copy when it already is one). */
export function toFloat32(values: NumericArray): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** Splits a file name into its lower-case extension (with the dot) and the rest. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
