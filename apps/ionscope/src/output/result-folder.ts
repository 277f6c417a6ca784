import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Dataset,
  datasetToCsv,
  datasetToJson,
  dimSizes,
  type JsonValue,
  type Logger,
  type Registry,
  renderView,
  resultToPlain,
  silentLogger,
  type ViewOutput,
  writeNexus,
} from '@ionscope/core';
import { fileError } from '../cli/errors';
import { vegaLiteToSvg } from './render-vega';

/** A file the CLI wrote, described for RO-Crate. */
export interface WrittenFile {
  /** Path relative to the folder it was written into (POSIX separators). */
  path: string;
  sha256: string;
  encodingFormat: string;
  contentSize: number;
}

/** One entry of `views.json`: which view a picture in the folder shows. */
export interface ViewFileEntry {
  id: string;
  title?: string;
  file: string;
  mediaType: 'image/svg+xml' | 'image/png';
  alt?: string;
}

/** The names of the files in a result folder; `ionscope report` reads the same names. */
export const ResultFiles = { json: 'result.json', nexus: 'result.nxs', csv: 'result.csv', views: 'views.json', crate: 'ro-crate-metadata.json' } as const;

/**
 * Data variables above this many elements go to `result.nxs` (lossless NeXus/HDF5) instead of
 * `result.json`: as JSON text a volume is hundreds of megabytes and past V8's string limit.
 */
export const LARGE_ARRAY_ELEMENTS = 1 << 22;

/**
 * The lossless JSON of a result, with data variables above {@link LARGE_ARRAY_ELEMENTS} left out
 * (and named in `values.largeArrays`, pointing at `result.nxs`). Returns the names left out.
 */
export function resultJson(result: Dataset): { json: string; largeArrays: string[] } {
  const { largeArrays, small } = splitLargeArrays(result);
  if (largeArrays.length === 0) return { json: JSON.stringify(datasetToJson(result)), largeArrays };
  const slim: Dataset = { ...small, values: { ...(result.values ?? {}), largeArrays: { file: ResultFiles.nexus, variables: largeArrays } } };
  // Masks over dimensions that only the left-out arrays had cannot be validated without them.
  const sizes = dimSizes({ ...slim, masks: undefined });
  if (slim.masks) slim.masks = Object.fromEntries(Object.entries(slim.masks).filter(([, m]) => m.dims.every((d) => sizes.has(d))));
  return { json: JSON.stringify(datasetToJson(slim)), largeArrays };
}

/** The names of the data variables above {@link LARGE_ARRAY_ELEMENTS}, and the result without them. */
function splitLargeArrays(result: Dataset): { largeArrays: string[]; small: Dataset } {
  const largeArrays = Object.entries(result.data)
    .filter(([, v]) => v.values.length > LARGE_ARRAY_ELEMENTS)
    .map(([name]) => name);
  if (largeArrays.length === 0) return { largeArrays, small: result };
  const small: Dataset = { ...result, data: Object.fromEntries(Object.entries(result.data).filter(([name]) => !largeArrays.includes(name))) };
  if (small.signal && !(small.signal in small.data)) delete small.signal;
  return { largeArrays, small };
}

/**
 * What `analyze --json` prints as `result`: core's `resultToPlain`, except that a data variable
 * above {@link LARGE_ARRAY_ELEMENTS} is described (unit, dims, shape) instead of listed, with where
 * its values are: `result.nxs` in the output folder, or how to get them. A 256³ volume as JSON
 * numbers is hundreds of megabytes on stdout and gigabytes of memory to build.
 */
export function plainResult(result: Dataset, outDir?: string): Record<string, JsonValue> {
  const { largeArrays, small } = splitLargeArrays(result);
  const plain = resultToPlain(small);
  for (const name of largeArrays) {
    const v = result.data[name] as Dataset['data'][string];
    plain[name] = {
      unit: v.unit,
      dims: [...v.dims],
      shape: [...v.shape],
      values: null,
      ...(outDir
        ? { file: join(outDir, ResultFiles.nexus) }
        : { omitted: `${v.values.length} values, too many for JSON: give --out DIR to have them in DIR/${ResultFiles.nexus}` }),
    };
  }
  return plain;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes bytes or text and returns its RO-Crate description. */
export function writeTracked(dir: string, name: string, content: Uint8Array | string, encodingFormat: string): WrittenFile {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const path = join(dir, name);
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw fileError(error, path, 'cannot write');
  }
  return { path: name, sha256: sha256(bytes), encodingFormat, contentSize: bytes.byteLength };
}

/** Renders views of a result; a view that fails is logged and left out (the result still counts). */
export async function renderViews(
  registry: Registry,
  viewIds: readonly string[],
  result: Dataset,
  logger: Logger = silentLogger,
): Promise<{ id: string; output: ViewOutput }[]> {
  const out: { id: string; output: ViewOutput }[] = [];
  for (const id of viewIds) {
    try {
      out.push({ id, output: await renderView(registry, id, result, {}, { logger }) });
    } catch (error) {
      logger.warn(`view ${id} was not drawn: ${(error as Error).message}`);
    }
  }
  return out;
}

/** A safe file-name part from a contribution id (`impedance.nyquist` stays as it is). */
export function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Writes one result into `dir`: `result.json` (lossless dataset JSON; arrays too large for JSON go
 * to `result.nxs`, see {@link resultJson}), `result.csv` (its 1-D table
 * or its values; `csv: false` leaves it out, as batches do: creating a file costs ~0.3 ms), one picture per view (`view-<id>.svg` from Vega-Lite, `view-<id>.png` for image
 * views) and `views.json` listing them. Returns the files written.
 */
export async function writeResultFolder(
  dir: string,
  result: Dataset,
  views: { id: string; output: ViewOutput }[],
  logger: Logger = silentLogger,
  options: { csv?: boolean } = {},
): Promise<WrittenFile[]> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw fileError(error, dir, 'cannot create');
  }
  const files: WrittenFile[] = [];
  const { json, largeArrays } = resultJson(result);
  if (largeArrays.length) {
    files.push(writeTracked(dir, ResultFiles.nexus, await writeNexus(result), 'application/x-hdf5'));
    logger.info(`${largeArrays.join(', ')} ${largeArrays.length === 1 ? 'is' : 'are'} large: the full result is in ${ResultFiles.nexus}`);
  }
  files.push(writeTracked(dir, ResultFiles.json, json, 'application/json'));
  if (options.csv !== false) files.push(writeTracked(dir, ResultFiles.csv, datasetToCsv(result), 'text/csv'));
  const entries: ViewFileEntry[] = [];
  for (const { id, output } of views) {
    try {
      if (output.type === 'image') {
        const name = `view-${fileSafe(id)}.png`;
        files.push(writeTracked(dir, name, output.bytes, 'image/png'));
        entries.push({ id, title: output.title, file: name, mediaType: 'image/png', ...(output.alt ? { alt: output.alt } : {}) });
      } else {
        const svg = await vegaLiteToSvg(output.spec);
        const name = `view-${fileSafe(id)}.svg`;
        files.push(writeTracked(dir, name, svg, 'image/svg+xml'));
        entries.push({ id, title: output.title, file: name, mediaType: 'image/svg+xml' });
      }
    } catch (error) {
      logger.warn(`view ${id} could not be saved: ${(error as Error).message}`);
    }
  }
  if (entries.length) files.push(writeTracked(dir, ResultFiles.views, JSON.stringify(entries, null, 2), 'application/json'));
  return files;
}
