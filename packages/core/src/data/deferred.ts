/**
 * Arrays that stay in their file: a reader given a file larger than memory (a ranged
 * {@link FileSource}) returns a dataset whose small parts (coordinates, flats, metadata) are in
 * memory as usual and whose large arrays are {@link DeferredArray}s, read in pieces on demand.
 *
 * A dataset carries them in an extra `deferred` field ({@link DeferredDataset}); the ordinary
 * `data` holds only what is in memory. Analyses that declare `acceptsDeferred: true` read them
 * block by block; for every other analysis core calls {@link materializeDeferred} first, so they
 * see ordinary in-memory datasets. Deferred arrays are handles on an open file in this process:
 * serialising the dataset (JSON, NeXus) leaves them out.
 */
import { DataError, ParseError, throwIfAborted } from '../errors';
import { DTYPE_CONSTRUCTORS, type DType, type NumericArray, shapeSize } from './arrays';
import { type Dataset, dimSizes, validateDataset } from './dataset';
import { variable } from './variable';

/** A row-major n-d array left in its file, read by hyperslabs. */
export interface DeferredArray {
  dims: readonly string[];
  shape: readonly number[];
  dtype: DType;
  unit: string;
  label?: string;
  /**
   * Reads the block that starts at `start` and spans `count` along each dimension (both one entry
   * per dimension), as a new row-major typed array of `dtype` (host byte order).
   */
  read(start: readonly number[], count: readonly number[], signal?: AbortSignal): Promise<NumericArray>;
}

/** A dataset with arrays still in the file. `data` holds only what is in memory. */
export interface DeferredDataset extends Dataset {
  deferred: Record<string, DeferredArray>;
  /** The name that becomes `signal` once the arrays are read (one of `deferred`). */
  deferredSignal?: string;
}

/** The deferred arrays of a dataset (empty for an ordinary dataset). */
export function deferredArrays(ds: Dataset): Record<string, DeferredArray> {
  return (ds as Partial<DeferredDataset>).deferred ?? {};
}

/** True when some of the dataset's arrays are still in the file. */
export function hasDeferred(ds: Dataset): ds is DeferredDataset {
  return Object.keys(deferredArrays(ds)).length > 0;
}

const BYTES: Record<DType, number> = { float64: 8, float32: 4, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4 };

/** Bytes the deferred arrays would take in memory. */
export function deferredByteLength(ds: Dataset): number {
  let n = 0;
  for (const a of Object.values(deferredArrays(ds))) n += shapeSize(a.shape) * BYTES[a.dtype];
  return n;
}

/**
 * Adds deferred arrays to a dataset and checks them against it: names that do not clash with
 * `data`, whole-number shapes, and dimension sizes that agree with the coordinates and variables.
 * `signal` names the array that becomes the dataset's signal once read.
 */
export function withDeferred(ds: Dataset, arrays: Record<string, DeferredArray>, options: { signal?: string } = {}): DeferredDataset {
  const sizes = dimSizes(ds);
  for (const [name, a] of Object.entries(arrays)) {
    const where = `deferred.${name}`;
    if (name in ds.data) throw new DataError(`"${name}" is both in data and deferred`, { field: where });
    if (a.dims.length !== a.shape.length) throw new DataError(`${where} has ${a.dims.length} dims but a ${a.shape.length}-d shape`, { field: where });
    a.dims.forEach((d, i) => {
      const n = a.shape[i] as number;
      if (!Number.isSafeInteger(n) || n < 0) throw new DataError(`${where} has an invalid size ${n} along "${d}"`, { field: `${where}.shape` });
      const known = sizes.get(d);
      if (known !== undefined && known !== n) throw new DataError(`dimension "${d}" has size ${known} elsewhere but ${n} in ${where}`, { field: where });
      sizes.set(d, n);
    });
  }
  if (options.signal !== undefined && !(options.signal in arrays)) {
    throw new DataError(`signal "${options.signal}" is not one of the deferred arrays`, { field: 'deferredSignal' });
  }
  const out: DeferredDataset = { ...ds, deferred: { ...deferredArrays(ds), ...arrays } };
  if (options.signal !== undefined) out.deferredSignal = options.signal;
  return out;
}

/**
 * Reads every deferred array into memory and returns an ordinary dataset (the deferred signal
 * becomes `signal`). Throws a DataError when an array is too large for one typed array.
 */
export async function materializeDeferred(ds: Dataset, options: { signal?: AbortSignal } = {}): Promise<Dataset> {
  if (!hasDeferred(ds)) return ds;
  const { deferred, deferredSignal, ...rest } = ds;
  const data = { ...rest.data };
  for (const [name, a] of Object.entries(deferred)) {
    throwIfAborted(options.signal);
    let values: NumericArray;
    try {
      values = await a.read(
        a.shape.map(() => 0),
        a.shape,
        options.signal,
      );
    } catch (error) {
      if (error instanceof RangeError) {
        const bytes = shapeSize(a.shape) * BYTES[a.dtype];
        throw new DataError(`"${name}" (${(bytes / 2 ** 20).toFixed(0)} MiB) is too large to read into memory: ${error.message}`, {
          field: `deferred.${name}`,
          expected: 'an analysis that reads it in pieces, or a smaller selection',
        });
      }
      throw error;
    }
    data[name] = variable(a.dims, values, a.unit, { shape: a.shape, ...(a.label ? { label: a.label } : {}) });
  }
  const out: Dataset = { ...rest, data };
  if (deferredSignal !== undefined && out.signal === undefined) out.signal = deferredSignal;
  validateDataset(out);
  return out;
}

/** Checks an ordinary dataset's part and its deferred arrays (what readSource checks). */
export function validateWithDeferred(ds: Dataset): void {
  validateDataset(ds);
  if (hasDeferred(ds)) withDeferred({ ...ds, deferred: {} } as Dataset, ds.deferred, ds.deferredSignal !== undefined ? { signal: ds.deferredSignal } : {});
}

/** Where a raw row-major array sits in a file, for {@link rawDeferredArray}. */
export interface RawArrayLayout {
  dims: readonly string[];
  shape: readonly number[];
  dtype: DType;
  unit: string;
  label?: string;
  /** Byte offset of the first element in the file. */
  offset: number;
  littleEndian: boolean;
  /** Reads bytes [start, end) of the file (`readSourceRange` of a FileSource). */
  readBytes(start: number, end: number): Promise<Uint8Array>;
  /** File name for error messages. */
  file?: string;
}

/**
 * A {@link DeferredArray} over an uncompressed row-major array in a file (NumPy `.npy`, raw NRRD,
 * raw binary, one-strip TIFF pages...). A block is read as one byte range per contiguous run: the
 * trailing dimensions read whole are merged into the run, so rows [r0, r1) of every projection of
 * an angle × row × col stack take one read per angle.
 */
export function rawDeferredArray(layout: RawArrayLayout): DeferredArray {
  const { shape, dtype, offset, littleEndian } = layout;
  const size = BYTES[dtype];
  const nd = shape.length;
  const strides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d] as number;
  }
  const swap = size > 1 && littleEndian !== HOST_LITTLE_ENDIAN;
  return {
    dims: [...layout.dims],
    shape: [...shape],
    dtype,
    unit: layout.unit,
    ...(layout.label ? { label: layout.label } : {}),
    async read(start, count, signal) {
      if (start.length !== nd || count.length !== nd) throw new DataError(`a block of a ${nd}-d array needs ${nd} starts and counts`, { field: 'read' });
      for (let d = 0; d < nd; d++) {
        const a = start[d] as number;
        const c = count[d] as number;
        if (!Number.isSafeInteger(a) || !Number.isSafeInteger(c) || a < 0 || c < 0 || a + c > (shape[d] as number)) {
          throw new DataError(`block [${a}, ${a + c}) is outside 0…${shape[d]} along "${layout.dims[d]}"`, { field: `read.${layout.dims[d]}` });
        }
      }
      const total = shapeSize(count);
      const out = new DTYPE_CONSTRUCTORS[dtype](total);
      if (total === 0) return out;
      const outBytes = new Uint8Array(out.buffer);
      // k: the first dimension from which the block covers whole trailing dimensions
      let k = nd - 1;
      while (k > 0 && count[k] === shape[k] && start[k] === 0) k--;
      const runElements = (count[k] as number) * (strides[k] as number);
      const runBytes = runElements * size;
      const outer = count.slice(0, k) as number[];
      const index = new Array<number>(k).fill(0);
      const runs = shapeSize(outer);
      for (let r = 0; r < runs; r++) {
        throwIfAborted(signal);
        let element = (start[k] as number) * (strides[k] as number);
        for (let d = 0; d < k; d++) element += ((start[d] as number) + (index[d] as number)) * (strides[d] as number);
        const from = offset + element * size;
        const bytes = await layout.readBytes(from, from + runBytes);
        if (bytes.length !== runBytes) {
          throw new ParseError(`the data end early: ${bytes.length} of ${runBytes} bytes from byte ${from}`, {
            file: layout.file,
            offset: from,
            expected: `${shapeSize(shape)} ${dtype} values from byte ${offset}`,
          });
        }
        outBytes.set(bytes, r * runBytes);
        for (let d = k - 1; d >= 0; d--) {
          index[d] = (index[d] as number) + 1;
          if ((index[d] as number) < (outer[d] as number)) break;
          index[d] = 0;
        }
      }
      if (swap) swapBytes(outBytes, size);
      return out;
    },
  };
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}
