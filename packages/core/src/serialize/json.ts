import { DTYPE_CONSTRUCTORS, type DType, dtypeOf, type NumericArray } from '../data/arrays';
import type { Coordinate } from '../data/coordinate';
import { type Dataset, validateDataset } from '../data/dataset';
import type { Variable } from '../data/variable';
import { SerializationError } from '../errors';

/** Format marker of the lossless JSON form. */
export const DATASET_JSON_FORMAT = 'ionscope.dataset/1';

/** A typed array in JSON: dtype plus numbers, with NaN/±Infinity written as strings. */
export interface ArrayJson {
  dtype: DType;
  data: (number | string)[];
}

function encodeArray(values: NumericArray): ArrayJson {
  const data: (number | string)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    // JSON has no NaN, ±Infinity or -0: write them as strings ("-0" keeps the sign bit).
    data[i] = Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v);
  }
  return { dtype: dtypeOf(values), data };
}

function decodeArray(json: ArrayJson, where: string): NumericArray {
  const Ctor = DTYPE_CONSTRUCTORS[json?.dtype as DType];
  if (!Ctor || !Array.isArray(json.data)) {
    throw new SerializationError('not a typed array', { field: where, expected: '{dtype, data}' });
  }
  const out = new Ctor(json.data.length);
  for (let i = 0; i < json.data.length; i++) {
    const v = json.data[i];
    out[i] = typeof v === 'number' ? v : Number(v);
  }
  return out;
}

/** -0 as the string "-0" (JSON.stringify would drop the sign); other numbers as they are. */
function signedZero(v: number): number | string {
  return Object.is(v, -0) ? '-0' : v;
}

/**
 * The dataset as JSON that reads back identically ({@link datasetFromJson}): every typed array keeps
 * its dtype, doubles print with round-trip precision, NaN and infinities survive.
 */
export function datasetToJson(ds: Dataset): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(ds.data)) {
    data[name] = {
      dims: v.dims,
      shape: v.shape,
      unit: v.unit,
      values: encodeArray(v.values),
      ...(v.variances ? { variances: encodeArray(v.variances) } : {}),
      ...(v.label !== undefined ? { label: v.label } : {}),
    };
  }
  const coords: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(ds.coords)) {
    coords[name] = 'values' in c ? { ...c, values: encodeArray(c.values) } : { ...c, start: signedZero(c.start), step: signedZero(c.step) };
  }
  const masks: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(ds.masks ?? {})) masks[name] = { ...m, values: encodeArray(m.values) };
  return {
    format: DATASET_JSON_FORMAT,
    kind: ds.kind,
    ...(ds.signal ? { signal: ds.signal } : {}),
    data,
    coords,
    ...(ds.masks ? { masks } : {}),
    ...(ds.values ? { values: ds.values } : {}),
    meta: ds.meta,
    provenance: ds.provenance,
  };
}

/** Reads the JSON written by {@link datasetToJson} and validates the result. */
export function datasetFromJson(json: unknown, fileName?: string): Dataset {
  const j = json as Record<string, any>;
  if (!j || j.format !== DATASET_JSON_FORMAT) {
    throw new SerializationError('not an ionscope dataset JSON', { file: fileName, field: 'format', expected: DATASET_JSON_FORMAT, found: String(j?.format) });
  }
  try {
    const data: Record<string, Variable> = {};
    for (const [name, v] of Object.entries<any>(j.data ?? {})) {
      data[name] = {
        dims: v.dims,
        shape: v.shape,
        unit: v.unit,
        values: decodeArray(v.values, `data.${name}.values`),
        ...(v.variances ? { variances: decodeArray(v.variances, `data.${name}.variances`) as Float64Array } : {}),
        ...(v.label !== undefined ? { label: v.label } : {}),
      };
    }
    const coords: Record<string, Coordinate> = {};
    for (const [name, c] of Object.entries<any>(j.coords ?? {})) {
      coords[name] = c.values ? { ...c, values: decodeArray(c.values, `coords.${name}.values`) } : { ...c, start: Number(c.start), step: Number(c.step) };
    }
    const masks = j.masks
      ? Object.fromEntries(Object.entries<any>(j.masks).map(([name, m]) => [name, { ...m, values: decodeArray(m.values, `masks.${name}`) as Uint8Array }]))
      : undefined;
    const ds: Dataset = {
      kind: j.kind,
      ...(j.signal ? { signal: j.signal } : {}),
      data,
      coords,
      ...(masks ? { masks } : {}),
      ...(j.values ? { values: j.values } : {}),
      meta: j.meta ?? {},
      provenance: j.provenance ?? [],
    };
    validateDataset(ds);
    return ds;
  } catch (error) {
    if (error instanceof SerializationError) throw error;
    throw new SerializationError(`cannot rebuild the dataset: ${(error as Error).message}`, { file: fileName, cause: error });
  }
}
