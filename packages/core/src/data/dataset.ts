import { DataError } from '../errors';
import { shapeSize } from './arrays';
import { type Coordinate, coordDimSize } from './coordinate';
import type { JsonValue } from './json';
import { type Metadata, MetadataSchema } from './metadata';
import type { ProvenanceStep } from './provenance';
import { checkVariable, type Variable } from './variable';

/** A boolean mask over some dimensions: 1 marks an excluded point. */
export interface Mask {
  dims: readonly string[];
  values: Uint8Array;
  /** Why the points are masked ("inductive points", "Z'' > 0", "detector gap"). */
  reason?: string;
}

/**
 * The unit of data exchange: what readers return, analyses take and give, views draw and writers
 * save. Shaped like a NeXus NXdata group (and an xarray/scipp Dataset): named data variables share
 * named coordinates; `signal` names the main variable. Scalar and structured results (fitted
 * parameters with standard errors, peak tables) live in `values`.
 */
export interface Dataset {
  /** Namespaced kind: `impedance.spectrum`, `xrd.pattern`, `thz.waveform`, `tomography.volume`... */
  kind: string;
  /** The main data variable (NXdata @signal). Defaults to the first key of `data`. */
  signal?: string;
  data: Record<string, Variable>;
  coords: Record<string, Coordinate>;
  masks?: Record<string, Mask>;
  /** Results that are not arrays over coordinates: quantities, tables, flags. JSON only. */
  values?: Record<string, JsonValue>;
  meta: Metadata;
  provenance: ProvenanceStep[];
}

export interface DatasetInit {
  kind: string;
  signal?: string;
  data?: Record<string, Variable>;
  coords?: Record<string, Coordinate>;
  masks?: Record<string, Mask>;
  values?: Record<string, JsonValue>;
  meta?: Metadata;
  provenance?: ProvenanceStep[];
}

/** Builds a dataset and validates it (see {@link validateDataset}). */
export function createDataset(init: DatasetInit): Dataset {
  const ds: Dataset = {
    kind: init.kind,
    data: init.data ?? {},
    coords: init.coords ?? {},
    meta: init.meta ?? {},
    provenance: init.provenance ?? [],
  };
  if (init.signal) ds.signal = init.signal;
  if (init.masks) ds.masks = init.masks;
  if (init.values) ds.values = init.values;
  validateDataset(ds);
  return ds;
}

const KIND_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/** Size of every dimension used by the dataset's variables, coordinates and masks. */
export function dimSizes(ds: Dataset): Map<string, number> {
  const sizes = new Map<string, number>();
  const claim = (dim: string, size: number, where: string) => {
    const known = sizes.get(dim);
    if (known !== undefined && known !== size) {
      throw new DataError(`dimension "${dim}" has size ${known} elsewhere but ${size} in ${where}`, { field: where });
    }
    sizes.set(dim, size);
  };
  for (const [name, v] of Object.entries(ds.data)) v.dims.forEach((d, i) => claim(d, v.shape[i] as number, `data.${name}`));
  for (const [name, c] of Object.entries(ds.coords)) claim(c.dim, coordDimSize(c), `coords.${name}`);
  return sizes;
}

/**
 * Checks that the dataset is internally consistent: a namespaced kind, variables whose shapes
 * match their values, coordinates whose lengths match the dimension sizes (N or N+1 for bin
 * edges), masks over known dimensions, and metadata that passes {@link MetadataSchema}.
 * Throws a {@link DataError} naming the offending field.
 */
export function validateDataset(ds: Dataset): void {
  if (!KIND_PATTERN.test(ds.kind)) {
    throw new DataError(`dataset kind "${ds.kind}" is not namespaced`, { field: 'kind', expected: 'plugin.kind, e.g. impedance.spectrum' });
  }
  for (const [name, v] of Object.entries(ds.data)) checkVariable(v, `data.${name}`);
  checkNamesAreDistinct(ds);
  const sizes = dimSizes(ds);
  if (ds.signal !== undefined && !(ds.signal in ds.data)) {
    throw new DataError(`signal "${ds.signal}" is not one of the data variables`, { field: 'signal', found: Object.keys(ds.data).join(', ') });
  }
  for (const [name, mask] of Object.entries(ds.masks ?? {})) {
    let n = 1;
    for (const d of mask.dims) {
      const size = sizes.get(d);
      if (size === undefined) throw new DataError(`mask "${name}" uses unknown dimension "${d}"`, { field: `masks.${name}` });
      n *= size;
    }
    if (mask.values.length !== n) {
      throw new DataError(`mask "${name}" has ${mask.values.length} entries for ${n} points`, { field: `masks.${name}` });
    }
  }
  const meta = MetadataSchema.safeParse(ds.meta);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    throw new DataError(`invalid metadata: ${issue?.message ?? 'unknown problem'}`, { field: `meta.${issue?.path.join('.') ?? ''}` });
  }
}

/**
 * Data variables, coordinates and `values` keys share one namespace: the plain result
 * (`resultToPlain`, what `ionscope analyze --json` prints) puts them side by side, and a name used
 * twice would hide one of them.
 */
function checkNamesAreDistinct(ds: Dataset): void {
  for (const name of Object.keys(ds.coords)) {
    if (Object.hasOwn(ds.data, name)) {
      throw new DataError(`"${name}" is both a data variable and a coordinate`, { field: `coords.${name}`, expected: 'a name not used by a data variable' });
    }
  }
  for (const key of Object.keys(ds.values ?? {})) {
    const clash =
      key === 'kind' ? 'the dataset kind' : Object.hasOwn(ds.data, key) ? 'a data variable' : Object.hasOwn(ds.coords, key) ? 'a coordinate' : undefined;
    if (clash) {
      throw new DataError(`values.${key} has the name of ${clash}, which it would hide in the plain result`, {
        field: `values.${key}`,
        expected: 'a name not used by a data variable, a coordinate or "kind"',
      });
    }
  }
}

/** The name of the main data variable. */
export function signalName(ds: Dataset): string {
  const name = ds.signal ?? Object.keys(ds.data)[0];
  if (name === undefined) throw new DataError(`dataset of kind "${ds.kind}" has no data variables`, { field: 'data' });
  return name;
}

/** The main data variable. */
export function signalOf(ds: Dataset): Variable {
  return ds.data[signalName(ds)] as Variable;
}

/** The coordinate that labels a dimension: the one named after it, else the first along it. */
export function dimCoord(ds: Dataset, dim: string): Coordinate | undefined {
  const named = ds.coords[dim];
  if (named && named.dim === dim) return named;
  return Object.values(ds.coords).find((c) => c.dim === dim);
}

/** Shape of the main signal as `{dim: size}` (for summaries). */
export function describeShape(ds: Dataset): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [dim, size] of dimSizes(ds)) out[dim] = size;
  return out;
}

/** A shallow copy with some fields replaced (arrays are shared, never mutated). */
export function withChanges(ds: Dataset, changes: Partial<Dataset>): Dataset {
  return { ...ds, ...changes };
}

/** Total number of elements in all data variables (for size summaries). */
export function elementCount(ds: Dataset): number {
  let n = 0;
  for (const v of Object.values(ds.data)) n += shapeSize(v.shape);
  return n;
}
