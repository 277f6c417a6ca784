import { DataError } from '../errors';
import { finiteRange, type NumericArray } from './arrays';

interface CoordinateBase {
  /** The dimension this coordinate runs along. */
  dim: string;
  unit: string;
  /** When true the coordinate holds N+1 bin edges for a dimension of size N. */
  binEdges?: boolean;
  label?: string;
}

/** A coordinate given value by value (any spacing, any order). */
export interface ExplicitCoordinate extends CoordinateBase {
  values: NumericArray;
}

/** A regularly spaced coordinate: value(i) = start + i·step, stored without materialising it. */
export interface RegularCoordinate extends CoordinateBase {
  start: number;
  step: number;
  /** Number of stored points (N, or N+1 for bin edges). */
  length: number;
}

export type Coordinate = ExplicitCoordinate | RegularCoordinate;

export function isRegular(c: Coordinate): c is RegularCoordinate {
  return (c as RegularCoordinate).step !== undefined && (c as ExplicitCoordinate).values === undefined;
}

export function explicitCoord(dim: string, values: NumericArray, unit: string, options: { binEdges?: boolean; label?: string } = {}): ExplicitCoordinate {
  const c: ExplicitCoordinate = { dim, values, unit };
  if (options.binEdges) c.binEdges = true;
  if (options.label) c.label = options.label;
  return c;
}

export function regularCoord(
  dim: string,
  start: number,
  step: number,
  length: number,
  unit: string,
  options: { binEdges?: boolean; label?: string } = {},
): RegularCoordinate {
  if (!Number.isFinite(start) || !Number.isFinite(step) || !Number.isInteger(length) || length < 0) {
    throw new DataError(`regular coordinate "${dim}" needs finite start/step and a non-negative integer length`, {
      field: dim,
      found: `start=${start}, step=${step}, length=${length}`,
    });
  }
  const c: RegularCoordinate = { dim, start, step, length, unit };
  if (options.binEdges) c.binEdges = true;
  if (options.label) c.label = options.label;
  return c;
}

/** Number of stored coordinate values. */
export function coordLength(c: Coordinate): number {
  return isRegular(c) ? c.length : c.values.length;
}

/** Size of the dimension the coordinate describes (one less than the length for bin edges). */
export function coordDimSize(c: Coordinate): number {
  return coordLength(c) - (c.binEdges ? 1 : 0);
}

/** The coordinate's values as a Float64Array (materialised for regular coordinates). */
export function coordValues(c: Coordinate): Float64Array {
  if (!isRegular(c)) return c.values instanceof Float64Array ? c.values : Float64Array.from(c.values);
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.start + i * c.step;
  return out;
}

/** Value at index i without materialising. */
export function coordAt(c: Coordinate, i: number): number {
  return isRegular(c) ? c.start + i * c.step : (c.values[i] as number);
}

/** Bin centres for an edge coordinate (the values themselves otherwise). */
export function coordCenters(c: Coordinate): Float64Array {
  const v = coordValues(c);
  if (!c.binEdges) return v;
  const out = new Float64Array(Math.max(0, v.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * ((v[i] as number) + (v[i + 1] as number));
  return out;
}

/** [min, max] of the coordinate values (NaN ignored). */
export function coordRange(c: Coordinate): [number, number] {
  if (isRegular(c)) {
    if (c.length === 0) return [Number.NaN, Number.NaN];
    const end = c.start + (c.length - 1) * c.step;
    return [Math.min(c.start, end), Math.max(c.start, end)];
  }
  return finiteRange(c.values);
}
