import {
  coordLength,
  coordRange,
  type Dataset,
  type DeferredDataset,
  deferredArrays,
  describeShape,
  finiteRange,
  isRegular,
  type JsonValue,
  type Quantity,
  signalName,
} from '@ionscope/core';

/** A JSON summary of a dataset: what `ionscope inspect` shows (no bulk arrays). */
export interface DatasetSummary {
  kind: string;
  signal?: string;
  shape: Record<string, number>;
  data: Record<
    string,
    { dims: string[]; shape: number[]; unit: string; dtype: string; range: [number | null, number | null]; variances: boolean; label?: string }
  >;
  coords: Record<
    string,
    { dim: string; unit: string; length: number; range: [number | null, number | null]; spacing: 'regular' | 'explicit'; binEdges?: boolean }
  >;
  masks: Record<string, { dims: string[]; masked: number; reason?: string }>;
  /** Arrays left in the file (a file larger than memory read by a ranged reader): read on demand. */
  deferred?: Record<string, { dims: string[]; shape: number[]; unit: string; dtype: string; label?: string }>;
  values: Record<string, JsonValue>;
  meta: Dataset['meta'];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function summarizeDataset(ds: Dataset): DatasetSummary {
  const data: DatasetSummary['data'] = {};
  for (const [name, v] of Object.entries(ds.data)) {
    const [lo, hi] = finiteRange(v.values);
    data[name] = {
      dims: [...v.dims],
      shape: [...v.shape],
      unit: v.unit,
      dtype: v.values.constructor.name.replace('Array', '').toLowerCase(),
      range: [finite(lo), finite(hi)],
      variances: Boolean(v.variances),
      ...(v.label ? { label: v.label } : {}),
    };
  }
  const coords: DatasetSummary['coords'] = {};
  for (const [name, c] of Object.entries(ds.coords)) {
    const [lo, hi] = coordRange(c);
    coords[name] = {
      dim: c.dim,
      unit: c.unit,
      length: coordLength(c),
      range: [finite(lo), finite(hi)],
      spacing: isRegular(c) ? 'regular' : 'explicit',
      ...(c.binEdges ? { binEdges: true } : {}),
    };
  }
  const masks: DatasetSummary['masks'] = {};
  for (const [name, m] of Object.entries(ds.masks ?? {})) {
    let masked = 0;
    for (let i = 0; i < m.values.length; i++) if (m.values[i]) masked++;
    masks[name] = { dims: [...m.dims], masked, ...(m.reason ? { reason: m.reason } : {}) };
  }
  const deferred: NonNullable<DatasetSummary['deferred']> = {};
  for (const [name, a] of Object.entries(deferredArrays(ds)))
    deferred[name] = { dims: [...a.dims], shape: [...a.shape], unit: a.unit, dtype: a.dtype, ...(a.label ? { label: a.label } : {}) };
  const inFile = Object.keys(deferred).length > 0;
  let signal: string | undefined = inFile ? (ds as DeferredDataset).deferredSignal : undefined;
  try {
    signal ??= signalName(ds);
  } catch {
    signal = undefined;
  }
  const shape = describeShape(ds);
  for (const a of Object.values(deferred)) a.dims.forEach((d, i) => (shape[d] = a.shape[i] as number));
  return { kind: ds.kind, ...(signal ? { signal } : {}), shape, data, coords, masks, ...(inFile ? { deferred } : {}), values: ds.values ?? {}, meta: ds.meta };
}

/** `1.23 ± 0.04 Ω` style text for a number that may have a unit and an uncertainty. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(4);
}

export function isQuantity(value: unknown): value is Quantity {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Quantity).value === 'number' && 'unit' in value;
}

export function formatValue(value: JsonValue): string {
  if (isQuantity(value)) {
    const q = value as Quantity;
    const err = typeof q.stderr === 'number' ? ` ± ${formatNumber(q.stderr)}` : '';
    return `${formatNumber(q.value)}${err}${q.unit ? ` ${q.unit}` : ''}`;
  }
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return value.length > 6 ? `[${value.length} items]` : JSON.stringify(value);
  if (value && typeof value === 'object') return JSON.stringify(value).slice(0, 120);
  return String(value);
}

/** Human lines for `values` (quantities with ±, nested groups indented). */
export function formatValues(values: Record<string, JsonValue>, indent = '  '): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && !isQuantity(value)) {
      lines.push(`${indent}${key}:`);
      lines.push(...formatValues(value as Record<string, JsonValue>, `${indent}  `));
    } else {
      lines.push(`${indent}${key}: ${formatValue(value)}`);
    }
  }
  return lines;
}

/** Human lines describing a dataset summary (for `inspect` and `analyze` without --json). */
export function formatSummary(s: DatasetSummary, show: { values?: boolean; meta?: boolean } = {}): string[] {
  const lines = [
    `kind:   ${s.kind}`,
    `shape:  ${
      Object.entries(s.shape)
        .map(([d, n]) => `${d}=${n}`)
        .join(', ') || '(scalar)'
    }`,
  ];
  lines.push('data:');
  for (const [name, v] of Object.entries(s.data)) {
    const range = v.range[0] === null ? 'no finite values' : `${formatNumber(v.range[0])} … ${formatNumber(v.range[1] as number)}`;
    lines.push(
      `  ${name}${name === s.signal ? ' (signal)' : ''} [${v.dims.join(', ')}] ${v.dtype} ${v.unit || '(no unit)'}: ${range}${v.variances ? ', with variances' : ''}`,
    );
  }
  for (const [name, a] of Object.entries(s.deferred ?? {}))
    lines.push(
      `  ${name}${name === s.signal ? ' (signal)' : ''} [${a.dims.join(', ')}] ${a.dtype} ${a.unit || '(no unit)'}: left in the file, read in pieces (${a.shape.join(' × ')})`,
    );
  lines.push('axes:');
  for (const [name, c] of Object.entries(s.coords)) {
    const range = c.range[0] === null ? '' : `${formatNumber(c.range[0])} … ${formatNumber(c.range[1] as number)}`;
    lines.push(`  ${name} along ${c.dim}: ${c.length} ${c.spacing} values ${range} ${c.unit || '(no unit)'}${c.binEdges ? ' (bin edges)' : ''}`);
  }
  for (const [name, m] of Object.entries(s.masks)) lines.push(`mask ${name}: ${m.masked} points masked${m.reason ? ` (${m.reason})` : ''}`);
  if (show.values !== false && Object.keys(s.values).length) lines.push('values:', ...formatValues(s.values));
  if (show.meta !== false)
    lines.push(
      'metadata:',
      ...JSON.stringify(s.meta, null, 2)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  return lines;
}
