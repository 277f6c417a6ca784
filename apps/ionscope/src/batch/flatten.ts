import type { JsonValue } from '@ionscope/core';

export type Cell = string | number | boolean | null;

/** One input's scalar results as table columns, with the unit of each column. */
export interface FlatRow {
  cells: Record<string, Cell>;
  units: Record<string, string>;
}

const isQuantity = (v: JsonValue): v is { value: number | null; unit?: string; stderr?: number | null } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v && (typeof v.value === 'number' || v.value === null);

/**
 * Flattens a result's `values` into scalar columns: a quantity `{value, unit, stderr}` becomes
 * `name` and `name_stderr` (unit kept aside), nested objects become dotted names, arrays are left
 * out (they are not scalars; the per-input result.json keeps them).
 */
export function flattenValues(values: Record<string, JsonValue> | undefined, prefix = '', into: FlatRow = { cells: {}, units: {} }): FlatRow {
  for (const [key, value] of Object.entries(values ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
      into.cells[name] = value;
    } else if (isQuantity(value)) {
      into.cells[name] = value.value;
      if (typeof value.unit === 'string' && value.unit) into.units[name] = value.unit;
      if (value.stderr !== undefined) {
        into.cells[`${name}_stderr`] = value.stderr;
        if (typeof value.unit === 'string' && value.unit) into.units[`${name}_stderr`] = value.unit;
      }
    } else if (!Array.isArray(value)) {
      flattenValues(value as Record<string, JsonValue>, name, into);
    }
  }
  return into;
}
