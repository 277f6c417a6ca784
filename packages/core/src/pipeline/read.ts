import type { Dataset } from '../data/dataset';
import { validateDataset } from '../data/dataset';
import { toIonscopeError, throwIfAborted } from '../errors';
import { type FileSource, SNIFF_BYTES } from '../plugin/contract';
import type { ReaderChoice, Registry } from '../registry/registry';
import { sha256Hex } from '../util/checksum';
import { type Logger, silentLogger } from '../util/logger';
import { CORE_VERSION } from '../version';

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
  const choice = registry.chooseReader({ name: source.name, head: source.bytes.subarray(0, SNIFF_BYTES), size: source.bytes.length }, options.readerId);
  const started = Date.now();
  const sha256 = source.sha256 ?? (await sha256Hex(source.bytes));
  let dataset: Dataset;
  try {
    dataset = await choice.reader.read(source, { logger, signal: options.signal });
    validateDataset(dataset);
  } catch (error) {
    throw toIonscopeError(error, { file: source.name, what: `${choice.reader.id} failed` });
  }
  return {
    choice,
    dataset: finishRead(dataset, choice, [{ name: source.name, bytes: source.bytes, sha256 }], started),
  };
}

/**
 * Reads several files as one dataset with a reader's `readMany` (a folder of TIFF slices, a series
 * of patterns). The reader is chosen by sniffing the first file unless given.
 */
export async function readSources(registry: Registry, sources: FileSource[], options: ReadOptions = {}): Promise<ReadOutcome> {
  const first = sources[0];
  if (!first) throw toIonscopeError(new Error('no files to read'));
  if (sources.length === 1) return readSource(registry, first, options);
  const choice = registry.chooseReader({ name: first.name, head: first.bytes.subarray(0, SNIFF_BYTES), size: first.bytes.length }, options.readerId);
  if (!choice.reader.readMany) {
    throw toIonscopeError(new Error(`reader ${choice.reader.id} reads one file at a time; give a single file`), { file: first.name });
  }
  const started = Date.now();
  const withSums = await Promise.all(sources.map(async (s) => ({ ...s, sha256: s.sha256 ?? (await sha256Hex(s.bytes)) })));
  let dataset: Dataset;
  try {
    dataset = await choice.reader.readMany(withSums, { logger: options.logger ?? silentLogger, signal: options.signal });
    validateDataset(dataset);
  } catch (error) {
    throw toIonscopeError(error, { file: first.name, what: `${choice.reader.id} failed` });
  }
  return { choice, dataset: finishRead(dataset, choice, withSums, started) };
}

function finishRead(dataset: Dataset, choice: ReaderChoice, files: { name: string; bytes: Uint8Array; sha256: string }[], started: number): Dataset {
  const [first, ...rest] = files;
  const source = {
    ...(dataset.meta.source ?? {}),
    fileName: first?.name ?? '',
    sha256: first?.sha256,
    size: first?.bytes.length,
    reader: choice.reader.id,
    ...(rest.length ? { parts: files.map((f) => ({ fileName: f.name, sha256: f.sha256, size: f.bytes.length })) } : {}),
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
