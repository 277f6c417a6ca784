/** The numeric typed arrays ionscope stores, and their dtype names (NumPy/HDF5 spelling). */
export type NumericArray = Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

export type DType = 'float64' | 'float32' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32';

export const DTYPE_CONSTRUCTORS = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
} as const;

export function dtypeOf(values: NumericArray): DType {
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int8Array) return 'int8';
  if (values instanceof Uint8Array) return 'uint8';
  if (values instanceof Int16Array) return 'int16';
  if (values instanceof Uint16Array) return 'uint16';
  if (values instanceof Int32Array) return 'int32';
  return 'uint32';
}

export function isNumericArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

/** Number of elements of a row-major array with this shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Minimum and maximum ignoring NaN; `[NaN, NaN]` for an empty or all-NaN array. */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}
