import type { Dataset } from '../data/dataset';
import { validateWithDeferred } from '../data/deferred';
import { toIonscopeError, throwIfAborted } from '../errors';
import { type FileSource, SNIFF_BYTES } from '../plugin/contract';
import type { ReaderChoice, Registry } from '../registry/registry';
import { sha256Hex } from '../util/checksum';
import { type Logger, silentLogger } from '../util/logger';
import { CORE_VERSION } from '../version';
import { completeSource, isPartialSource, sourceSize } from './file-source';

export interface ReadOptions {
  /** Force a reader instead of sniffing. */
  readerId?: string;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface ReadOutcome {
  dataset: Dataset;
  choice: ReaderChoice;
}

/**
 * Reads one file with the best reader: sniffs, reads, checks the dataset, fills `meta.source`
 * (file name, size, sha256, reader) and starts the provenance chain. Any failure comes back as an
 * IonscopeError that names the file. The input bytes are never modified.
 */
export async function readSource(registry: Registry, source: FileSource, options: ReadOptions = {}): Promise<ReadOutcome> {
  const logger = options.logger ?? silentLogger;
  throwIfAborted(options.signal);
  const choice = registry.chooseReader({ name: source.name, head: source.bytes.subarray(0, SNIFF_BYTES), size: sourceSize(source) }, options.readerId);
  const started = Date.now();
  let dataset: Dataset;
  let file: ReadFile;
  try {
    const given = await prepareSource(source, choice, logger);
    file = { name: given.name, size: sourceSize(given), sha256: await checksumOf(given, logger) };
    dataset = await choice.reader.read(given, { logger, signal: options.signal });
    validateWithDeferred(dataset);
  } catch (error) {
    throw toIonscopeError(error, { file: source.name, what: `${choice.reader.id} failed` });
  }
  return { choice, dataset: finishRead(dataset, choice, [file], started) };
}

/** A file as the provenance records it. */
interface ReadFile {
  name: string;
  size: number;
  sha256?: string;
}

/**
 * What the chosen reader gets: a partial (ranged) source as it is when the reader declares
 * `ranged`, otherwise the whole file read through `range`.
 */
async function prepareSource(source: FileSource, choice: ReaderChoice, logger: Logger): Promise<FileSource> {
  if (!isPartialSource(source) || choice.reader.ranged) return source;
  logger.debug(`${source.name}: ${choice.reader.id} reads whole files; reading all ${sourceSize(source)} bytes`);
  return completeSource(source);
}

/** The source's SHA-256: given by the host, or computed from whole bytes (a partial source without one has none). */
async function checksumOf(source: FileSource, logger: Logger): Promise<string | undefined> {
  if (source.sha256) return source.sha256;
  if (!isPartialSource(source)) return sha256Hex(source.bytes);
  logger.warn(`${source.name}: no checksum (a ranged source without sha256; the host should give one)`);
  return undefined;
}

/**
 * Reads several files as one dataset with a reader's `readMany` (a folder of TIFF slices, a series
 * of patterns). The reader is chosen by sniffing the first file unless given.
 */
export async function readSources(registry: Registry, sources: FileSource[], options: ReadOptions = {}): Promise<ReadOutcome> {
  const first = sources[0];
  if (!first) throw toIonscopeError(new Error('no files to read'));
  if (sources.length === 1) return readSource(registry, first, options);
  const logger = options.logger ?? silentLogger;
  const choice = registry.chooseReader({ name: first.name, head: first.bytes.subarray(0, SNIFF_BYTES), size: sourceSize(first) }, options.readerId);
  if (!choice.reader.readMany) {
    throw toIonscopeError(new Error(`reader ${choice.reader.id} reads one file at a time; give a single file`), { file: first.name });
  }
  const started = Date.now();
  let dataset: Dataset;
  let files: ReadFile[];
  try {
    const given = await Promise.all(
      sources.map(async (s) => {
        const p = await prepareSource(s, choice, logger);
        const sha256 = await checksumOf(p, logger);
        return sha256 ? { ...p, sha256 } : p;
      }),
    );
    files = given.map((s) => ({ name: s.name, size: sourceSize(s), ...(s.sha256 ? { sha256: s.sha256 } : {}) }));
    dataset = await choice.reader.readMany(given, { logger, signal: options.signal });
    validateWithDeferred(dataset);
  } catch (error) {
    throw toIonscopeError(error, { file: first.name, what: `${choice.reader.id} failed` });
  }
  return { choice, dataset: finishRead(dataset, choice, files, started) };
}

function finishRead(dataset: Dataset, choice: ReaderChoice, files: ReadFile[], started: number): Dataset {
  const [first, ...rest] = files;
  const source = {
    ...(dataset.meta.source ?? {}),
    fileName: first?.name ?? '',
    sha256: first?.sha256,
    size: first?.size,
    reader: choice.reader.id,
    ...(rest.length ? { parts: files.map((f) => ({ fileName: f.name, sha256: f.sha256, size: f.size })) } : {}),
  };
  const plugin = choice.plugin;
  return {
    ...dataset,
    meta: {
      ...dataset.meta,
      source,
      technique: dataset.meta.technique ?? {
        id: plugin.id,
        ...(plugin.technique?.iri ? { iri: plugin.technique.iri } : {}),
        label: plugin.technique?.label ?? plugin.name,
      },
    },
    provenance: [
      ...dataset.provenance,
      {
        type: 'read',
        operation: choice.reader.id,
        plugin: plugin.id,
        pluginVersion: plugin.version,
        coreVersion: CORE_VERSION,
        inputs: files.map((f) => ({ name: 'file', fileName: f.name, sha256: f.sha256 })),
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
      },
    ],
  };
}
