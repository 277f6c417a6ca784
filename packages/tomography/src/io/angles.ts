/**
 * Rotation angles in radians whatever the file says. Files label angles inconsistently (DXchange
 * writes degrees with a `units` attribute, TomoPy test data are radians without one), so the unit
 * comes from the attribute when it names one, otherwise from the range: a scan whose angles span
 * more than 2π + 0.1 cannot be in radians, so it is taken as degrees. The decision and its source
 * are returned so readers can record them.
 */
import { ParseError } from '@ionscope/core';

export interface RadianAngles {
  theta: Float64Array;
  unitInFile: 'deg' | 'rad';
  /** how the unit was decided */
  unitSource: 'attribute' | 'range';
}

const DEGREE_NAMES = new Set(['deg', 'degree', 'degrees', '°']);
const RADIAN_NAMES = new Set(['rad', 'radian', 'radians']);

export function anglesToRadians(values: ArrayLike<number>, unitAttribute: string | undefined, file?: string, field = 'theta'): RadianAngles {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new ParseError(`angle ${i} is not a finite number`, { file, field: `${field}[${i}]`, found: String(v) });
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const unit = unitAttribute?.trim().toLowerCase();
  let unitInFile: 'deg' | 'rad';
  let unitSource: 'attribute' | 'range';
  if (unit && DEGREE_NAMES.has(unit)) {
    unitInFile = 'deg';
    unitSource = 'attribute';
  } else if (unit && RADIAN_NAMES.has(unit)) {
    unitInFile = 'rad';
    unitSource = 'attribute';
  } else {
    unitInFile = maxAbs > 2 * Math.PI + 0.1 ? 'deg' : 'rad';
    unitSource = 'range';
  }
  const theta = new Float64Array(values.length);
  const f = unitInFile === 'deg' ? Math.PI / 180 : 1;
  for (let i = 0; i < values.length; i++) theta[i] = (values[i] as number) * f;
  return { theta, unitInFile, unitSource };
}

/** n angles evenly spaced over [start, start + range), in radians. */
export function evenAngles(n: number, rangeRad = Math.PI, start = 0, endpoint = false): Float64Array {
  const out = new Float64Array(n);
  const step = n > 1 ? rangeRad / (endpoint ? n - 1 : n) : 0;
  for (let i = 0; i < n; i++) out[i] = start + i * step;
  return out;
}
