import { coordValues } from '../data/coordinate';
import type { Dataset } from '../data/dataset';
import type { JsonValue } from '../data/json';
import { standardDeviations } from '../data/variable';

const num = (v: number): JsonValue => (Number.isFinite(v) ? v : null);

/**
 * The friendly JSON form of a result, as `ionscope analyze --json` prints it under `result`:
 * `{kind, ...values, <variable>: {unit, dims, values, stderr?}, <coordinate>: {unit, values}}`.
 * Scalar results (`parameters`, `chiSquare`, `peaks`) come first, then every data variable and
 * coordinate by name (validateDataset keeps these names distinct; for a dataset that was never
 * validated, a name already used is not overwritten). Non-finite numbers become null. Use
 * {@link datasetToJson} for the lossless form.
 */
export function resultToPlain(ds: Dataset): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { kind: ds.kind, ...(ds.values ?? {}) };
  for (const [name, v] of Object.entries(ds.data)) {
    if (name in out) continue;
    const stderr = standardDeviations(v);
    out[name] = {
      unit: v.unit,
      dims: [...v.dims],
      ...(v.dims.length > 1 ? { shape: [...v.shape] } : {}),
      values: Array.from(v.values, num),
      ...(stderr ? { stderr: Array.from(stderr, num) } : {}),
    };
  }
  for (const [name, c] of Object.entries(ds.coords)) {
    if (name in out) continue;
    out[name] = { unit: c.unit, dim: c.dim, values: Array.from(coordValues(c), num), ...(c.binEdges ? { binEdges: true } : {}) };
  }
  return out;
}

/**
 * A CSV table of a dataset's 1-D data: the coordinate of the first dimension, then every variable
 * along it (with a `_stderr` column where variances exist). Units go in the header as `name (unit)`.
 */
export function datasetToCsv(ds: Dataset): string {
  const oneD = Object.entries(ds.data).filter(([, v]) => v.dims.length === 1);
  const dim = oneD[0]?.[1].dims[0];
  if (!dim) return tableFromValues(ds);
  const columns: { header: string; values: ArrayLike<number> }[] = [];
  for (const [name, c] of Object.entries(ds.coords)) {
    if (c.dim === dim && !c.binEdges) columns.push({ header: unitHeader(name, c.unit), values: coordValues(c) });
  }
  for (const [name, v] of oneD) {
    if (v.dims[0] !== dim) continue;
    columns.push({ header: unitHeader(name, v.unit), values: v.values });
    const sd = standardDeviations(v);
    if (sd) columns.push({ header: unitHeader(`${name}_stderr`, v.unit), values: sd });
  }
  const rows = [columns.map((c) => csvCell(c.header)).join(',')];
  const n = Math.max(...columns.map((c) => c.values.length));
  for (let i = 0; i < n; i++) rows.push(columns.map((c) => (i < c.values.length ? String(c.values[i]) : '')).join(','));
  return `${rows.join('\n')}\n`;
}

/** A name/value/stderr/unit table from `values` entries shaped like quantities. */
function tableFromValues(ds: Dataset): string {
  const rows = ['name,value,stderr,unit'];
  const visit = (prefix: string, value: JsonValue) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && 'value' in value) {
      const q = value as { value: JsonValue; stderr?: JsonValue; unit?: JsonValue };
      rows.push([prefix, q.value, q.stderr ?? '', q.unit ?? ''].map((c) => csvCell(String(c))).join(','));
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) visit(prefix ? `${prefix}.${k}` : k, v);
    } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
      rows.push([prefix, String(value), '', ''].map(csvCell).join(','));
    }
  };
  for (const [k, v] of Object.entries(ds.values ?? {})) visit(k, v);
  return `${rows.join('\n')}\n`;
}

function unitHeader(name: string, unit: string): string {
  return unit ? `${name} (${unit})` : name;
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
