/**
 * Names and small helpers shared by the NeXus writer and reader.
 *
 * ionscope's NeXus layout (one NXentry per dataset):
 * ```
 * /                        NXroot   @default=<first entry> @creator @ionscope_format
 *   entry[1..]/            NXentry  @default=data @ionscope_kind
 *     title, start_time             (from meta, for other NeXus software)
 *     sample/              NXsample (name, when meta.sample has one)
 *     data/                NXdata   @signal @axes @<axis>_indices @auxiliary_signals @ionscope_kind
 *       <variable>                  @units @long_name @ionscope_role=data @ionscope_name @ionscope_dims
 *       <variable>_errors           √variances (NeXus convention)
 *       <variable>_variances        exact variances, only when √ then ² would not give them back
 *       <coordinate>                @units @ionscope_role=coord @ionscope_dim [@ionscope_bin_edges]
 *                                   [@ionscope_regular_start @ionscope_regular_step]
 *     masks/               NXcollection: uint8 datasets @ionscope_dims @reason
 *     ionscope/            NXcollection: values, meta (JSON strings), signal (when explicit)
 *     process_<n>/         NXprocess: program, version, sequence_index, date, note/ (NXnote, JSON step)
 * ```
 * Regular coordinates are stored expanded (other software needs the values) plus start/step
 * attributes, so they come back regular.
 */
import type { DType } from '../data/arrays';

/** Format marker written on the root group of files ionscope writes. */
export const NEXUS_IONSCOPE_FORMAT = 'ionscope.nexus/1';

/** The kind given to plain NeXus NXdata written by other software. */
export const NEXUS_GENERIC_KIND = 'nexus.data';

export const ATTR = {
  nxClass: 'NX_class',
  format: 'ionscope_format',
  kind: 'ionscope_kind',
  role: 'ionscope_role',
  name: 'ionscope_name',
  dims: 'ionscope_dims',
  dim: 'ionscope_dim',
  binEdges: 'ionscope_bin_edges',
  regularStart: 'ionscope_regular_start',
  regularStep: 'ionscope_regular_step',
  reason: 'ionscope_reason',
} as const;

export type NexusRole = 'data' | 'errors' | 'variances' | 'coord' | 'mask' | 'provenance';

/** h5wasm dtype spellings (NumPy array-protocol type codes) for each ionscope dtype. */
export const H5_DTYPE: Record<DType, string> = {
  float64: '<d',
  float32: '<f',
  int8: '<b',
  uint8: '<B',
  int16: '<h',
  uint16: '<H',
  int32: '<i',
  uint32: '<I',
};

/**
 * A valid, unused HDF5 link name for `name` in one group: `/` is not allowed in a link name and
 * `.` alone is reserved, so they are replaced; clashes get `_2`, `_3`... The original name is kept
 * in an `ionscope_name` attribute.
 */
export function uniqueLinkName(name: string, used: Set<string>): string {
  let base = name.replace(/\//g, '_');
  if (base === '' || base === '.' || base === '..') base = `_${base.replace(/\./g, 'dot')}`;
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
  used.add(candidate);
  return candidate;
}

const NUMBER_TAG = '$ionscopeNumber';

/**
 * JSON text that keeps NaN, ±Infinity and -0 (JSON has no spelling for them): they are written as
 * `{"$ionscopeNumber": "NaN"}` and restored by {@link parseLosslessJson}.
 */
export function stringifyLossless(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v !== 'number') return v;
    if (Number.isNaN(v)) return { [NUMBER_TAG]: 'NaN' };
    if (v === Number.POSITIVE_INFINITY) return { [NUMBER_TAG]: 'Infinity' };
    if (v === Number.NEGATIVE_INFINITY) return { [NUMBER_TAG]: '-Infinity' };
    if (Object.is(v, -0)) return { [NUMBER_TAG]: '-0' };
    return v;
  });
}

/** Parses JSON written by {@link stringifyLossless}. */
export function parseLosslessJson(text: string): unknown {
  return JSON.parse(text, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === NUMBER_TAG) return Number(v[NUMBER_TAG]);
    }
    return v;
  });
}

/**
 * The most specific line of an HDF5 error stack (h5wasm puts the whole `HDF5-DIAG` dump in the
 * message), e.g. `truncated file: eof = 100, sblock->base_addr = 0, stored_eof = 6170`.
 */
export function hdf5ErrorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = [...text.matchAll(/#\d+: .*? in (\w+)\(\): (.*)$/gm)];
  const last = lines[lines.length - 1];
  if (last) return `${last[2]} (${last[1]})`;
  return text.split('\n')[0] ?? text;
}
