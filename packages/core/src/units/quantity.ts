import { UnitError } from '../errors';
import { convert } from './parse';

/** A number with its unit and, when known, its standard uncertainty (1σ, same unit). */
export interface Quantity {
  value: number;
  unit: string;
  /** Standard error (1σ) in `unit`. Omitted when the method gives none. */
  stderr?: number;
}

const QUANTITY_PATTERN = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$/;

/**
 * Reads a quantity written as text: `450um`, `450 µm`, `1.54184 Å`, `10 kHz`, `-2.5e-3 mA`.
 * A bare number is returned with an empty unit.
 */
export function parseQuantity(text: string): { value: number; unit: string } {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    throw new UnitError(`cannot read the quantity "${text}"`, { expected: 'a number followed by an optional unit, e.g. "450 µm"' });
  }
  return { value: Number(match[1]), unit: match[2] ?? '' };
}

/**
 * Reads a quantity and expresses it in `targetUnit`. A bare number is taken to be in `targetUnit`
 * already. Throws a {@link UnitError} when the unit is not convertible.
 */
export function quantityIn(text: string | number, targetUnit: string): number {
  if (typeof text === 'number') return text;
  const { value, unit } = parseQuantity(text);
  if (unit === '') return value;
  return convert(value, unit, targetUnit);
}

/** Formats a quantity as `value ± stderr unit` with a sensible number of digits. */
export function formatQuantity(q: Quantity, digits = 4): string {
  const value = Number.isFinite(q.value) ? Number(q.value.toPrecision(digits)).toString() : String(q.value);
  const unit = q.unit ? ` ${q.unit}` : '';
  if (q.stderr === undefined || !Number.isFinite(q.stderr)) return `${value}${unit}`;
  return `${value} ± ${Number(q.stderr.toPrecision(2))}${unit}`;
}
