import { DTYPE_CONSTRUCTORS, type DType, isNumericArray, type NumericArray } from '../data/arrays';
import { type Coordinate, explicitCoord, regularCoord } from '../data/coordinate';
import { type Dataset, type Mask, validateDataset } from '../data/dataset';
import type { JsonValue } from '../data/json';
import { type Metadata, MetadataSchema } from '../data/metadata';
import type { ProvenanceStep } from '../data/provenance';
import type { Variable } from '../data/variable';
import { IonscopeError, ParseError } from '../errors';
import type { H5Dataset, H5Group, H5Module } from '../hdf5/h5wasm-runtime';
import { loadH5wasm } from '../hdf5/h5wasm-runtime';
import { openHdf5 } from '../hdf5/open';
import { ATTR, H5_DTYPE, hdf5ErrorSummary, NEXUS_GENERIC_KIND, parseLosslessJson } from './nexus-conventions';

type Node = H5Group | H5Dataset;

interface ReadState {
  h5: H5Module;
  file: string;
}

/**
 * Reads a NeXus/HDF5 file into datasets, one per NXdata group found.
 *
 * Files written by {@link writeNexus} come back exactly as written (kind, dtypes, dims, regular
 * coordinates, masks, variances, values, metadata, provenance). NXdata written by other software is
 * read by the NeXus conventions (`@signal`/`@axes`/`@<axis>_indices`, and the older `signal=1`/
 * `axis=n`/`primary` attributes on the datasets), with `units`, `long_name` and `<signal>_errors`
 * (or `errors`), as kind {@link NEXUS_GENERIC_KIND}. Axes of the wrong length or with several
 * dimensions are left out and listed in `meta.extra.nexus.skipped`.
 *
 * Throws a ParseError naming the file (and the HDF5 path) when the bytes are not HDF5, the file is
 * damaged, or it holds no NXdata with a signal.
 */
export async function readNexus(bytes: Uint8Array, fileName = 'input.nxs'): Promise<Dataset[]> {
  const { h5 } = await loadH5wasm();
  let opened: Awaited<ReturnType<typeof openHdf5>>;
  try {
    opened = await openHdf5(bytes, fileName);
  } catch (error) {
    // openHdf5 puts HDF5's whole error stack in the message; keep its most specific line.
    if (error instanceof ParseError && error.message.includes('HDF5-DIAG')) {
      throw new ParseError(`HDF5 could not open the file: ${hdf5ErrorSummary(error)}`, { file: fileName, offset: 0, cause: error });
    }
    throw error;
  }
  try {
    const state: ReadState = { h5, file: fileName };
    const out: Dataset[] = [];
    const entries = childGroups(state, opened.file as H5Group).filter((g) => ['NXentry', 'NXsubentry'].includes(nxClass(g) ?? ''));
    for (const entry of entries) {
      if (attrString(entry, ATTR.kind) !== undefined && entry.get('data') instanceof h5.Group) out.push(readIonscopeEntry(state, entry));
      else out.push(...readForeignEntry(state, entry));
    }
    if (entries.length === 0) {
      for (const group of childGroups(state, opened.file as H5Group)) {
        if (nxClass(group) === 'NXdata') {
          const ds = readForeignNxData(state, group, undefined);
          if (ds) out.push(ds);
        }
      }
    }
    if (out.length === 0) {
      throw new ParseError('no NeXus NXdata group with a signal found', {
        file: fileName,
        expected: 'an NXentry holding an NXdata group whose @signal names a numeric dataset',
      });
    }
    return out;
  } catch (error) {
    if (error instanceof IonscopeError) throw error;
    throw new ParseError(`HDF5 could not read the file: ${hdf5ErrorSummary(error)}`, { file: fileName, cause: error });
  } finally {
    opened.close();
  }
}

// ---------------------------------------------------------------- files written by ionscope

function readIonscopeEntry(state: ReadState, entry: H5Group): Dataset {
  const where = entry.path;
  const kind = attrString(entry, ATTR.kind) as string;
  const group = entry.get('data') as H5Group;
  const data: Record<string, Variable> = {};
  const coords: Record<string, Coordinate> = {};
  const errors = new Map<string, NumericArray>();
  const variances = new Map<string, NumericArray>();
  for (const key of group.keys()) {
    const node = group.get(key);
    if (!(node instanceof state.h5.Dataset)) continue;
    const role = attrString(node, ATTR.role);
    const name = attrString(node, ATTR.name) ?? key;
    const path = node.path;
    if (role === 'data') {
      const v: Variable = {
        dims: parseJsonAttr(state, node, ATTR.dims) as string[],
        shape: node.shape ?? [],
        values: readNumeric(state, node),
        unit: attrString(node, 'units') ?? '',
      };
      const label = attrString(node, 'long_name');
      if (label !== undefined) v.label = label;
      data[name] = v;
    } else if (role === 'errors') errors.set(name, readNumeric(state, node));
    else if (role === 'variances') variances.set(name, readNumeric(state, node));
    else if (role === 'coord') coords[name] = readIonscopeCoord(state, node, path);
  }
  for (const [name, v] of Object.entries(data)) {
    const exact = variances.get(name);
    const err = errors.get(name);
    if (exact) v.variances = exact as Float64Array | Float32Array;
    else if (err) v.variances = squares(err);
  }

  let masks: Record<string, Mask> | undefined;
  const maskGroup = entry.get('masks');
  if (maskGroup instanceof state.h5.Group) {
    masks = {};
    for (const key of maskGroup.keys()) {
      const node = maskGroup.get(key);
      if (!(node instanceof state.h5.Dataset) || attrString(node, ATTR.role) !== 'mask') continue;
      const values = readNumeric(state, node);
      const mask: Mask = {
        dims: parseJsonAttr(state, node, ATTR.dims) as string[],
        values: values instanceof Uint8Array ? values : Uint8Array.from(values),
      };
      const reason = attrString(node, ATTR.reason);
      if (reason !== undefined) mask.reason = reason;
      masks[attrString(node, ATTR.name) ?? key] = mask;
    }
  }

  const extra = entry.get('ionscope');
  let meta: Metadata = {};
  let values: Record<string, JsonValue> | undefined;
  let signal: string | undefined;
  if (extra instanceof state.h5.Group) {
    const metaText = stringDataset(state, extra, 'meta');
    if (metaText !== undefined) meta = parseJsonText(state, metaText, `${extra.path}/meta`) as Metadata;
    const valuesText = stringDataset(state, extra, 'values');
    if (valuesText !== undefined) values = parseJsonText(state, valuesText, `${extra.path}/values`) as Record<string, JsonValue>;
    signal = stringDataset(state, extra, 'signal');
  }

  const steps: { index: number; step: ProvenanceStep }[] = [];
  for (const key of entry.keys()) {
    const node = entry.get(key);
    if (!(node instanceof state.h5.Group) || attrString(node, ATTR.role) !== 'provenance') continue;
    const note = node.get('note');
    const text = note instanceof state.h5.Group ? stringDataset(state, note, 'data') : undefined;
    if (text === undefined) throw new ParseError('provenance step without its JSON note', { file: state.file, field: node.path, expected: 'note/data' });
    const indexNode = node.get('sequence_index');
    const index = indexNode instanceof state.h5.Dataset ? Number(readNumeric(state, indexNode)[0]) : steps.length + 1;
    steps.push({ index, step: parseJsonText(state, text, `${node.path}/note/data`) as ProvenanceStep });
  }
  steps.sort((a, b) => a.index - b.index);

  const ds: Dataset = {
    kind,
    ...(signal !== undefined ? { signal } : {}),
    data,
    coords,
    ...(masks ? { masks } : {}),
    ...(values !== undefined ? { values } : {}),
    meta,
    provenance: steps.map((s) => s.step),
  };
  try {
    validateDataset(ds);
  } catch (error) {
    throw new ParseError(`the entry does not make a consistent dataset: ${(error as Error).message}`, { file: state.file, field: where, cause: error });
  }
  return ds;
}

function readIonscopeCoord(state: ReadState, node: H5Dataset, path: string): Coordinate {
  const dim = attrString(node, ATTR.dim);
  if (dim === undefined) throw new ParseError('coordinate without its dimension', { file: state.file, field: path, expected: `an @${ATTR.dim} attribute` });
  const unit = attrString(node, 'units') ?? '';
  const label = attrString(node, 'long_name');
  const binEdges = attrNumber(node, ATTR.binEdges) === 1;
  const options = { ...(binEdges ? { binEdges } : {}), ...(label !== undefined ? { label } : {}) };
  const start = attrNumber(node, ATTR.regularStart);
  const step = attrNumber(node, ATTR.regularStep);
  if (start !== undefined && step !== undefined) {
    const length = (node.shape ?? [0])[0] ?? 0;
    return regularCoord(dim, start, step, length, unit, options);
  }
  return explicitCoord(dim, readNumeric(state, node), unit, options);
}

// ---------------------------------------------------------------- NeXus from other software

function readForeignEntry(state: ReadState, entry: H5Group): Dataset[] {
  const groups = childGroups(state, entry).filter((g) => nxClass(g) === 'NXdata');
  const preferred = attrString(entry, 'default');
  groups.sort((a, b) => Number(lastName(b.path) === preferred) - Number(lastName(a.path) === preferred));
  const found = groups.length ? groups : findNxData(state, entry, 3);
  const out: Dataset[] = [];
  for (const group of found) {
    const ds = readForeignNxData(state, group, entry);
    if (ds) out.push(ds);
  }
  return out;
}

function findNxData(state: ReadState, group: H5Group, depth: number): H5Group[] {
  if (depth <= 0) return [];
  const out: H5Group[] = [];
  for (const child of childGroups(state, group)) {
    if (nxClass(child) === 'NXdata') out.push(child);
    else out.push(...findNxData(state, child, depth - 1));
  }
  return out;
}

function readForeignNxData(state: ReadState, group: H5Group, entry: H5Group | undefined): Dataset | undefined {
  const skipped: string[] = [];
  const datasets = new Map<string, H5Dataset>();
  for (const key of group.keys()) {
    const node = safeGet(group, key);
    if (node instanceof state.h5.Dataset) datasets.set(key, node);
  }
  const signalKey = findSignal(group, datasets);
  if (signalKey === undefined) return undefined;
  const signalNode = datasets.get(signalKey) as H5Dataset;
  const shape = signalNode.shape ?? [];
  const rank = shape.length;

  // Dimension i → axis dataset name, by @axes, legacy @axis=n, then @<axis>_indices.
  const dimAxis: (string | undefined)[] = new Array(rank).fill(undefined);
  const axesList = axisNames(group, 'axes') ?? axisNames(signalNode, 'axes');
  if (axesList && axesList.length === rank) axesList.forEach((a, i) => (dimAxis[i] = a === '.' ? undefined : a));
  for (const [key, node] of datasets) {
    const axis = attrNumber(node, 'axis');
    if (axis === undefined || !Number.isInteger(axis) || axis < 1 || axis > rank) continue;
    const current = dimAxis[axis - 1];
    if (current === undefined || attrNumber(node, 'primary') === 1) dimAxis[axis - 1] = key;
  }
  for (const attr of Object.keys(group.attrs)) {
    if (!attr.endsWith('_indices')) continue;
    const axis = attr.slice(0, -'_indices'.length);
    const value = group.attrs[attr]?.value;
    const indices = typeof value === 'number' ? [value] : isNumericArray(value) ? Array.from(value) : undefined;
    if (!indices || !datasets.has(axis)) continue;
    if (indices.length === 1 && Number.isInteger(indices[0]) && (indices[0] as number) >= 0 && (indices[0] as number) < rank) {
      dimAxis[indices[0] as number] = axis;
    } else if (indices.length > 1) {
      skipped.push(`${axis}: spans dimensions ${indices.join(',')} (only 1-D coordinates are read)`);
    }
  }

  const coords: Record<string, Coordinate> = {};
  const dims: string[] = [];
  for (let i = 0; i < rank; i++) {
    const axis = dimAxis[i];
    const node = axis === undefined ? undefined : datasets.get(axis);
    let dim = `dim_${i}`;
    if (axis !== undefined && node && !(axis in coords)) {
      const axisShape = node.shape ?? [];
      const n = shape[i] as number;
      const length = axisShape[0];
      if (axisShape.length !== 1) skipped.push(`${axis}: ${axisShape.length}-D axis (only 1-D coordinates are read)`);
      else if (length !== n && length !== n + 1) skipped.push(`${axis}: ${length} values for a dimension of ${n}`);
      else {
        const values = tryNumeric(state, node);
        if (!values) skipped.push(`${axis}: not numeric`);
        else {
          dim = axis;
          const label = attrString(node, 'long_name');
          coords[axis] = explicitCoord(axis, values, unitOf(node), { binEdges: length === n + 1, ...(label !== undefined ? { label } : {}) });
        }
      }
    } else if (axis !== undefined && !node) skipped.push(`${axis}: named in @axes but not in the group`);
    dims.push(dim);
  }

  const data: Record<string, Variable> = {};
  const addVariable = (name: string, node: H5Dataset) => {
    const values = readNumeric(state, node);
    const v: Variable = { dims, shape, values, unit: unitOf(node) };
    const label = attrString(node, 'long_name');
    if (label !== undefined) v.label = label;
    const errNode = datasets.get(`${name}_errors`) ?? (name === signalKey ? datasets.get('errors') : undefined);
    if (errNode && sameShape(errNode.shape ?? [], shape)) {
      const err = tryNumeric(state, errNode);
      if (err) v.variances = squares(err);
    }
    data[name] = v;
  };
  addVariable(signalKey, signalNode);
  for (const aux of axisNames(group, 'auxiliary_signals') ?? []) {
    const node = datasets.get(aux);
    if (node && aux !== signalKey && sameShape(node.shape ?? [], shape) && tryNumeric(state, node)) addVariable(aux, node);
    else skipped.push(`${aux}: auxiliary signal missing, non-numeric or of another shape`);
  }

  const meta: Metadata = {};
  const nexus: Record<string, unknown> = { data: group.path };
  if (entry) {
    nexus.entry = entry.path;
    const title = stringDataset(state, entry, 'title');
    if (title) meta.title = title;
    const start = stringDataset(state, entry, 'start_time');
    if (start && MetadataSchema.shape.startTime.safeParse(start).success) meta.startTime = start;
    else if (start) nexus.start_time = start;
    const definition = stringDataset(state, entry, 'definition');
    if (definition) nexus.definition = definition;
  }
  if (skipped.length) nexus.skipped = skipped;
  meta.extra = { nexus };
  const ds: Dataset = { kind: NEXUS_GENERIC_KIND, signal: signalKey, data, coords, meta, provenance: [] };
  try {
    validateDataset(ds);
  } catch (error) {
    throw new ParseError(`NXdata group does not make a consistent dataset: ${(error as Error).message}`, {
      file: state.file,
      field: group.path,
      cause: error,
    });
  }
  return ds;
}

/** The signal dataset: `@signal` on the group, else the legacy `signal=1` attribute, else `data`. */
function findSignal(group: H5Group, datasets: Map<string, H5Dataset>): string | undefined {
  const named = attrString(group, 'signal');
  if (named !== undefined && datasets.has(named)) return named;
  for (const [key, node] of datasets) {
    const flag = node.attrs.signal?.value;
    if (flag === 1 || flag === '1' || (isNumericArray(flag) && flag[0] === 1)) return key;
  }
  return datasets.has('data') ? 'data' : undefined;
}

/** A list of names from a string-array attribute, or a string split on `:`/`,` (older files). */
function axisNames(node: Node, name: string): string[] | undefined {
  const value = node.attrs[name]?.value;
  if (typeof value === 'string') {
    return value
      .split(/[:,]/)
      .map((s) => cleanString(s).trim())
      .filter((s) => s !== '');
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).map((s) => cleanString(s).trim());
  return undefined;
}

// ---------------------------------------------------------------- small helpers

function childGroups(state: ReadState, group: H5Group): H5Group[] {
  const out: H5Group[] = [];
  for (const key of group.keys()) {
    const node = safeGet(group, key);
    if (node instanceof state.h5.Group) out.push(node);
  }
  return out;
}

/** `group.get` that treats a broken or external link as absent. */
function safeGet(group: H5Group, key: string): unknown {
  try {
    return group.get(key);
  } catch {
    return undefined;
  }
}

function nxClass(node: Node): string | undefined {
  return attrString(node, ATTR.nxClass);
}

function attrString(node: Node, name: string): string | undefined {
  const attr = node.attrs[name];
  if (!attr) return undefined;
  const value = attr.value;
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return cleanString(value[0]);
  return undefined;
}

function attrNumber(node: Node, name: string): number | undefined {
  const value = node.attrs[name]?.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (isNumericArray(value) && value.length === 1) return value[0] as number;
  return undefined;
}

/** Fixed-length HDF5 strings come back NUL-padded. */
function cleanString(s: string): string {
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

function unitOf(node: H5Dataset): string {
  return attrString(node, 'units') ?? attrString(node, 'unit') ?? '';
}

function stringDataset(state: ReadState, group: H5Group, name: string): string | undefined {
  const node = safeGet(group, name);
  if (!(node instanceof state.h5.Dataset)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return cleanString(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return cleanString(value[0]);
  return undefined;
}

function parseJsonAttr(state: ReadState, node: H5Dataset, name: string): unknown {
  const text = attrString(node, name);
  if (text === undefined) throw new ParseError(`missing attribute @${name}`, { file: state.file, field: node.path });
  return parseJsonText(state, text, `${node.path}@${name}`);
}

function parseJsonText(state: ReadState, text: string, field: string): unknown {
  try {
    return parseLosslessJson(text);
  } catch (error) {
    throw new ParseError('invalid JSON', { file: state.file, field, expected: 'JSON text', found: text.slice(0, 40), cause: error });
  }
}

const DTYPE_BY_H5 = new Map<string, DType>(Object.entries(H5_DTYPE).map(([k, v]) => [v, k as DType]));

/** A numeric dataset as a typed array of its own dtype; 64-bit integers become float64. */
function readNumeric(state: ReadState, node: H5Dataset): NumericArray {
  const values = tryNumeric(state, node);
  if (!values) throw new ParseError('not a numeric dataset', { file: state.file, field: node.path, expected: 'integers or floating-point numbers' });
  return values;
}

/** Larger arrays cannot be read in one piece into h5wasm's 32-bit WASM memory. */
const MAX_READ_BYTES = 1.5e9;

function tryNumeric(state: ReadState, node: H5Dataset): NumericArray | undefined {
  const shape = node.shape ?? [];
  const elementBytes = (node.metadata as { size?: number }).size ?? 8;
  const bytes = shape.reduce((a, b) => a * b, 1) * elementBytes;
  if (bytes > MAX_READ_BYTES) {
    throw new ParseError(`dataset of shape [${shape.join(', ')}] is too large to read in one piece`, {
      file: state.file,
      field: node.path,
      expected: `at most ${MAX_READ_BYTES / 1e9} GB per array`,
    });
  }
  const value = node.value;
  if (isNumericArray(value) && !(value instanceof Uint8ClampedArray)) return value as NumericArray;
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Float64Array.from(value, Number);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    const dtype = typeof node.dtype === 'string' ? DTYPE_BY_H5.get(node.dtype) : undefined;
    const Ctor = dtype ? DTYPE_CONSTRUCTORS[dtype] : Float64Array;
    return Ctor.of(Number(value));
  }
  return undefined;
}

function squares(errors: NumericArray): Float64Array | Float32Array {
  const out = errors instanceof Float32Array ? new Float32Array(errors.length) : new Float64Array(errors.length);
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i] as number;
    out[i] = e * e;
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
