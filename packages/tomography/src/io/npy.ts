/**
 * NumPy `.npy` files (format versions 1–3, NEP 1): a magic string, a Python-literal header
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (16, 8, 46), }` padded to 64 bytes, then the
 * raw array. Fortran-ordered arrays are transposed to row-major on reading.
 */
import { type DType, dtypeOf, type NumericArray, ParseError } from '@ionscope/core';
import { checkedShapeSize, DTYPE_BYTES, readTypedArray, typedArrayBytes } from './binary';

export interface NpyArray {
  values: NumericArray;
  shape: number[];
  dtype: DType;
  /** the descr string as found (`<f4`) */
  descr: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function isNpy(head: Uint8Array): boolean {
  return MAGIC.every((b, i) => head[i] === b);
}

const KIND_SIZE_TO_DTYPE: Record<string, DType> = {
  f4: 'float32',
  f8: 'float64',
  i1: 'int8',
  u1: 'uint8',
  b1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
};

/** The header of an .npy file: what the array is and where its data start. */
export interface NpyHeader {
  shape: number[];
  dtype: DType;
  descr: string;
  fortranOrder: boolean;
  littleEndian: boolean;
  /** Byte offset of the first element. */
  dataOffset: number;
  /** Number of elements. */
  count: number;
}

/**
 * Parses the header of an .npy file from its first bytes (all of the header must be there: for
 * version 1, at most 65,545 bytes). Throws a ParseError naming the header field on bad input.
 */
export function parseNpyHeader(bytes: Uint8Array, file?: string): NpyHeader {
  if (bytes.length < 10 || !isNpy(bytes)) throw new ParseError('not a NumPy .npy file', { file, offset: 0, expected: 'the magic string \\x93NUMPY' });
  const major = bytes[6] as number;
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = bytes[8] | (bytes[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new ParseError('truncated .npy header', { file, offset: 8 });
    headerLength = (bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (bytes[11] << 24)) >>> 0;
    start = 12;
  } else {
    throw new ParseError(`unsupported .npy format version ${major}`, { file, offset: 6, expected: 'version 1, 2 or 3' });
  }
  if (start + headerLength > bytes.length)
    throw new ParseError('the .npy header runs past the end of the file', { file, offset: 8, expected: `${headerLength} header bytes` });
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  if (descr === undefined) throw new ParseError("the .npy header has no 'descr'", { file, field: 'descr', found: header.slice(0, 60) });
  const fortranText = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  if (fortranText === undefined) throw new ParseError("the .npy header has no 'fortran_order'", { file, field: 'fortran_order' });
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) throw new ParseError("the .npy header has no 'shape'", { file, field: 'shape' });
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  const count = checkedShapeSize(shape);
  if (!Number.isFinite(count)) throw new ParseError('invalid shape in the .npy header', { file, field: 'shape', found: shapeText });
  const m = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const dtype = m ? KIND_SIZE_TO_DTYPE[`${m[2]}${m[3]}`] : undefined;
  if (!m || !dtype)
    throw new ParseError(`unsupported dtype ${descr}`, {
      file,
      field: 'descr',
      expected: 'a little- or big-endian int8–uint32, float32 or float64',
      found: descr,
    });
  return { shape, dtype, descr, fortranOrder: fortranText === 'True', littleEndian: m[1] !== '>', dataOffset: start + headerLength, count };
}

/** Parses an .npy file. Throws a ParseError naming the header field on bad input. */
export function parseNpy(bytes: Uint8Array, file?: string): NpyArray {
  const h = parseNpyHeader(bytes, file);
  let values = readTypedArray(bytes, h.dataOffset, h.count, h.dtype, h.littleEndian, file);
  if (h.fortranOrder && h.shape.length > 1) values = fortranToC(values, h.shape);
  return { values, shape: h.shape, dtype: h.dtype, descr: h.descr };
}

/** Reorders a column-major (Fortran) array to row-major. */
function fortranToC(values: NumericArray, shape: number[]): NumericArray {
  const n = values.length;
  const out = new (values.constructor as new (n: number) => NumericArray)(n);
  const nd = shape.length;
  const fStride = new Array<number>(nd);
  fStride[0] = 1;
  for (let d = 1; d < nd; d++) fStride[d] = (fStride[d - 1] as number) * (shape[d - 1] as number);
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < n; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += (idx[d] as number) * (fStride[d] as number);
    out[c] = values[f] as number;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return out;
}

const DTYPE_TO_DESCR: Record<DType, string> = {
  float64: '<f8',
  float32: '<f4',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
};

/** Encodes a row-major array as a version-1 .npy file. */
export function encodeNpy(values: NumericArray, shape: readonly number[]): Uint8Array {
  const dtype = dtypeOf(values);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${DTYPE_TO_DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + head.length + values.length * DTYPE_BYTES[dtype]);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = head.length & 0xff;
  out[9] = head.length >> 8;
  out.set(head, 10);
  out.set(typedArrayBytes(values, true), 10 + head.length);
  return out;
}
