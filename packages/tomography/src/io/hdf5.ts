/** Small helpers over h5wasm objects (as opened by core's `openHdf5`) used by the HDF5 readers. */
import { type H5Dataset, type H5File, type H5Group, type NumericArray, ParseError, isNumericArray } from '@ionscope/core';

type Entity = ReturnType<H5Group['get']>;

export function isGroup(e: Entity | undefined): e is H5Group {
  return !!e && (e as { type?: string }).type === 'Group';
}

export function isDataset(e: Entity | undefined): e is H5Dataset {
  return !!e && (e as { type?: string }).type === 'Dataset';
}

/** The object at `path`, or undefined when it does not exist (h5wasm throws for some missing paths). */
export function getEntity(file: H5File | H5Group, path: string): Entity | undefined {
  try {
    return file.get(path) ?? undefined;
  } catch {
    return undefined;
  }
}

export function getDataset(file: H5File | H5Group, path: string): H5Dataset | undefined {
  const e = getEntity(file, path);
  return isDataset(e) ? e : undefined;
}

/** Converts what h5wasm returns for a numeric dataset to an ionscope numeric array. */
export function toNumericArray(value: unknown, fileName: string, path: string): NumericArray {
  if (isNumericArray(value)) return value as NumericArray;
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Float64Array.from(value as ArrayLike<bigint>, (b) => Number(b));
  if (typeof value === 'number') return Float64Array.of(value);
  if (typeof value === 'bigint') return Float64Array.of(Number(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return Float64Array.from(value as number[]);
  throw new ParseError('expected a numeric dataset', { file: fileName, field: path, found: typeof value });
}

/** Reads a numeric dataset and checks its rank. */
export function readNumeric(file: H5File | H5Group, path: string, fileName: string, rank?: number): { values: NumericArray; shape: number[] } {
  const ds = getDataset(file, path);
  if (!ds) throw new ParseError(`missing dataset ${path}`, { file: fileName, field: path });
  const shape = ds.shape ?? [];
  if (rank !== undefined && shape.length !== rank) {
    throw new ParseError(`${path} has ${shape.length} dimensions`, {
      file: fileName,
      field: path,
      expected: `${rank} dimensions`,
      found: `[${shape.join(', ')}]`,
    });
  }
  let value: unknown;
  try {
    value = ds.value;
  } catch (error) {
    throw new ParseError(`${path} could not be read: ${(error as Error).message}`, { file: fileName, field: path, cause: error });
  }
  return { values: toNumericArray(value, fileName, path), shape };
}

/** A string attribute or scalar string dataset, trimmed; undefined when absent. */
export function attrString(obj: { attrs: Record<string, { value: unknown }> } | undefined, name: string): string | undefined {
  if (!obj) return undefined;
  try {
    const a = obj.attrs[name];
    if (!a) return undefined;
    const v = a.value;
    if (typeof v === 'string') return v.trim();
    if (Array.isArray(v) && typeof v[0] === 'string') return (v[0] as string).trim();
    if (typeof v === 'number') return String(v);
    return undefined;
  } catch {
    return undefined;
  }
}

export function datasetString(file: H5File | H5Group, path: string): string | undefined {
  const ds = getDataset(file, path);
  if (!ds) return undefined;
  try {
    const v = ds.value;
    if (typeof v === 'string') return v.trim();
    if (Array.isArray(v) && typeof v[0] === 'string') return (v[0] as string).trim();
    if (v instanceof Uint8Array) return new TextDecoder().decode(v).replace(/\0+$/, '').trim();
  } catch {
    return undefined;
  }
  return undefined;
}

/** A scalar number from a dataset (first element), undefined when absent or not numeric. */
export function datasetNumber(file: H5File | H5Group, path: string): number | undefined {
  const ds = getDataset(file, path);
  if (!ds) return undefined;
  try {
    const v = ds.value as unknown;
    const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : isNumericArray(v) ? (v as NumericArray)[0] : undefined;
    return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
  } catch {
    return undefined;
  }
}

/** ASCII strings found in the first bytes of a file (HDF5 link names sit near the start). */
export function headContains(head: Uint8Array, needle: string): boolean {
  const codes = Array.from(needle, (c) => c.charCodeAt(0));
  const first = codes[0] as number;
  outer: for (let i = head.indexOf(first); i >= 0 && i + codes.length <= head.length; i = head.indexOf(first, i + 1)) {
    for (let k = 1; k < codes.length; k++) if (head[i + k] !== codes[k]) continue outer;
    return true;
  }
  return false;
}
