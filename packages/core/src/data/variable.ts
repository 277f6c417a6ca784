import { DataError } from '../errors';
import { type NumericArray, shapeSize } from './arrays';

/**
 * An n-dimensional array of numbers with named dimensions and a unit (NeXus NXdata signal, scipp
 * Variable). Values are row-major: the last dimension varies fastest. `variances` (σ², same unit
 * squared) are optional and, when present, have the same length as `values`.
 */
export interface Variable {
  dims: readonly string[];
  shape: readonly number[];
  values: NumericArray;
  unit: string;
  variances?: Float64Array | Float32Array;
  /** A longer label for plots and reports ("Re Z", "intensity"). */
  label?: string;
}

/** Builds a variable and checks that shape, dims and lengths agree. */
export function variable(
  dims: readonly string[],
  values: NumericArray,
  unit: string,
  options: { shape?: readonly number[]; variances?: Float64Array | Float32Array; label?: string } = {},
): Variable {
  const shape = options.shape ?? (dims.length === 1 ? [values.length] : undefined);
  if (!shape) throw new DataError(`a ${dims.length}-d variable needs an explicit shape`, { field: 'shape' });
  const v: Variable = { dims: [...dims], shape: [...shape], values, unit };
  if (options.variances) v.variances = options.variances;
  if (options.label) v.label = options.label;
  checkVariable(v, 'variable');
  return v;
}

/** Throws a {@link DataError} naming `where` when the variable is inconsistent. */
export function checkVariable(v: Variable, where: string): void {
  if (v.dims.length !== v.shape.length) {
    throw new DataError(`${where} has ${v.dims.length} dims but a ${v.shape.length}-d shape`, { field: where });
  }
  if (new Set(v.dims).size !== v.dims.length) {
    throw new DataError(`${where} repeats a dimension name`, { field: `${where}.dims`, found: v.dims.join(',') });
  }
  const n = shapeSize(v.shape);
  if (v.values.length !== n) {
    throw new DataError(`${where} has ${v.values.length} values but its shape [${v.shape.join(', ')}] needs ${n}`, { field: where });
  }
  if (v.variances && v.variances.length !== n) {
    throw new DataError(`${where} has ${v.variances.length} variances for ${n} values`, { field: `${where}.variances` });
  }
}

/** Standard deviations (√variances) as a new array, or undefined when there are no variances. */
export function standardDeviations(v: Variable): Float64Array | undefined {
  if (!v.variances) return undefined;
  const out = new Float64Array(v.variances.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(v.variances[i] as number);
  return out;
}
