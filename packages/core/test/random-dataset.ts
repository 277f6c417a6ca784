/** Random datasets for property tests: every dtype, 0–3 dims (sizes 0–4), regular and explicit
 * coordinates with bin edges, masks, variances, odd names, JSON values, metadata and provenance. */
import fc from 'fast-check';
import {
  createDataset,
  type Dataset,
  DTYPE_CONSTRUCTORS,
  type DType,
  explicitCoord,
  type JsonValue,
  type ProvenanceStep,
  regularCoord,
  variable,
} from '../src/index';

export const step = (operation: string, params: unknown): ProvenanceStep => ({
  type: 'analysis',
  operation,
  plugin: operation.split('.')[0] as string,
  pluginVersion: '1.2.3',
  coreVersion: '0.1.0',
  params: params as ProvenanceStep['params'],
  inputs: [{ name: 'input', fileName: 'a.csv', sha256: 'a'.repeat(64), kind: 'toy.curve' }],
  startedAt: '2024-03-01T14:05:00.000Z',
  durationMs: 12,
  warnings: ['λ at the edge of the grid'],
});

const NAMES = ['x', 'y', 'signal', 'a/b', '.', 'µ value', 'x_errors', 'T'];
const DIMS = ['d0', 'd1', 'd2'];

function randomArray(g: fc.GeneratorValue, dtype: DType, n: number) {
  const Ctor = DTYPE_CONSTRUCTORS[dtype];
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) {
    if (dtype === 'float64') out[i] = g(fc.double);
    else if (dtype === 'float32') out[i] = g(fc.float);
    else {
      const bits = Number(dtype.replace(/\D/g, ''));
      const signed = dtype.startsWith('int');
      out[i] = g(fc.integer, { min: signed ? -(2 ** (bits - 1)) : 0, max: signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 });
    }
  }
  return out;
}

/**
 * @param options.finiteJson keep NaN, ±∞ and -0 out of `values`, `meta` and params (the plain JSON
 *   form cannot spell them; NeXus can).
 */
export function randomDataset(g: fc.GeneratorValue, options: { finiteJson?: boolean } = {}): Dataset {
  const json = (depth: number) =>
    options.finiteJson ? fc.jsonValue({ maxDepth: depth, noUnicodeString: false }).filter(isPlainJson) : fc.jsonValue({ maxDepth: depth });
  const sizes = DIMS.map(() => g(fc.integer, { min: 0, max: 4 }));
  const dtypes = Object.keys(DTYPE_CONSTRUCTORS) as DType[];
  const data: Dataset['data'] = {};
  const nVars = g(fc.integer, { min: 1, max: 3 });
  for (let k = 0; k < nVars; k++) {
    const dims = DIMS.filter(() => g(fc.boolean));
    const shape = dims.map((d) => sizes[DIMS.indexOf(d)] as number);
    const n = shape.reduce((a, b) => a * b, 1);
    const dtype = g(fc.constantFrom, ...dtypes);
    const withVariances = g(fc.boolean);
    const varType = g(fc.constantFrom, 'float64' as const, 'float32' as const);
    data[g(fc.constantFrom, ...NAMES)] = {
      dims,
      shape,
      values: randomArray(g, dtype, n),
      unit: g(fc.constantFrom, '', 'm', 'µm', 'Ω·cm²', 'counts'),
      ...(withVariances ? { variances: randomArray(g, varType, n) as Float64Array | Float32Array } : {}),
      ...(g(fc.boolean) ? { label: g(fc.string) } : {}),
    };
  }
  const coords: Dataset['coords'] = {};
  DIMS.forEach((dim, i) => {
    const mode = g(fc.constantFrom, 'none', 'regular', 'explicit');
    const binEdges = g(fc.boolean);
    const length = (sizes[i] as number) + (binEdges ? 1 : 0);
    // data variables, coordinates and values keys share one namespace (validateDataset)
    const name = g(fc.constantFrom, dim, ...NAMES.filter((n) => !(n in data)));
    if (mode === 'regular') {
      coords[name] = regularCoord(
        dim,
        g(fc.double, { noNaN: true, noDefaultInfinity: true }),
        g(fc.double, { noNaN: true, noDefaultInfinity: true }),
        length,
        'mm',
        {
          binEdges,
        },
      );
    } else if (mode === 'explicit') {
      coords[name] = explicitCoord(dim, randomArray(g, g(fc.constantFrom, ...dtypes), length), 's', { binEdges });
    }
  });
  const masks = g(fc.boolean)
    ? {
        [g(fc.constantFrom, ...NAMES)]: (() => {
          const dims = DIMS.filter(() => g(fc.boolean));
          const n = dims.reduce((a, d) => a * (sizes[DIMS.indexOf(d)] as number), 1);
          return { dims, values: Uint8Array.from({ length: n }, () => (g(fc.boolean) ? 1 : 0)), ...(g(fc.boolean) ? { reason: g(fc.string) } : {}) };
        })(),
      }
    : undefined;
  const names = Object.keys(data);
  const ds: Dataset = {
    kind: g(fc.constantFrom, 'test.random', 'nexus.data', 'a-b.c-d.e'),
    ...(g(fc.boolean) ? { signal: g(fc.constantFrom, ...names) } : {}),
    data,
    coords,
    ...(masks ? { masks } : {}),
    ...(g(fc.boolean) ? { values: g(fc.dictionary, fc.string(), json(2)) as Record<string, JsonValue> } : {}),
    meta: {
      ...(g(fc.boolean) ? { title: g(fc.string) } : {}),
      ...(g(fc.boolean) ? { extra: g(fc.dictionary, fc.string(), json(2)) } : {}),
    },
    provenance: g(fc.boolean)
      ? [
          step(
            'test.random',
            g(() => json(2)),
          ),
        ]
      : [],
  };
  // Only keep consistent datasets (the generator can pick clashing dims for a coordinate name).
  try {
    createDataset(ds);
  } catch {
    return createDataset({ kind: 'test.fallback', data: { y: variable(['i'], Float64Array.of(1), '') } });
  }
  return ds;
}

/** JSON that survives JSON.stringify → JSON.parse unchanged (no -0). */
function isPlainJson(value: unknown): boolean {
  if (typeof value === 'number') return !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (value && typeof value === 'object') return Object.values(value).every(isPlainJson);
  return true;
}
