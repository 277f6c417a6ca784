import { extname, relative, sep } from 'node:path';
import * as core from '@ionscope/core';
import { CORE_VERSION, type Dataset, type Registry } from '@ionscope/core';
import packageJson from '../../package.json';
import { buildCrate, type RoCrateFile, type RoCrateInput } from './ro-crate';
import { ResultFiles, type WrittenFile, writeTracked } from './result-folder';

export const CLI_VERSION: string = packageJson.version;

const MEDIA_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.xrdml': 'application/xml',
  '.h5': 'application/x-hdf5',
  '.hdf5': 'application/x-hdf5',
  '.nxs': 'application/x-hdf5',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html',
};

/** A media type from the file extension: core's table when it has one, else a small local one. */
export function mediaTypeOf(path: string): string {
  const fromCore = (core as Record<string, unknown>).mediaTypeForPath as ((p: string) => string) | undefined;
  if (typeof fromCore === 'function') return fromCore(path);
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Path of `absPath` relative to the crate root, with POSIX separators. */
export function cratePath(crateRoot: string, absPath: string): string {
  return relative(crateRoot, absPath).split(sep).join('/');
}

/** An input file of the crate (outside the crate folder its path starts with `../`). */
export function inputFile(crateRoot: string, absPath: string, sha256: string, size: number): RoCrateFile {
  return { path: cratePath(crateRoot, absPath), sha256, encodingFormat: mediaTypeOf(absPath), contentSize: size, role: 'input' };
}

/** Files written under `folder` (paths relative to it) as crate outputs. */
export function outputFiles(crateRoot: string, folder: string, files: WrittenFile[]): RoCrateFile[] {
  const prefix = cratePath(crateRoot, folder);
  return files.map((f) => ({ ...f, path: prefix ? `${prefix}/${f.path}` : f.path, role: 'output' as const }));
}

/** The software entries: the CLI, core, and every plugin that took part. */
export function crateSoftware(registry: Registry, pluginIds: Iterable<string>): RoCrateInput['software'] {
  const software: RoCrateInput['software'] = [
    { name: 'ionscope', version: CLI_VERSION },
    { name: '@ionscope/core', version: CORE_VERSION },
  ];
  for (const id of new Set(pluginIds)) {
    const plugin = registry.plugins().find((p) => p.id === id);
    if (plugin) software.push({ name: plugin.id, version: plugin.version, ...(plugin.homepage ? { url: plugin.homepage } : {}) });
  }
  return software;
}

/** Techniques named by the results' metadata (deduplicated). */
export function crateTechniques(results: Dataset[]): RoCrateInput['techniques'] {
  const seen = new Map<string, { iri?: string; label: string }>();
  for (const ds of results) {
    const t = ds.meta.technique;
    if (!t) continue;
    const label = t.label ?? t.id;
    seen.set(t.iri ?? label, { ...(t.iri ? { iri: t.iri } : {}), label });
  }
  return [...seen.values()];
}

/** The last analysis step of a result's provenance (what the crate's CreateAction describes). */
export function lastAnalysisStep(ds: Dataset) {
  return [...ds.provenance].reverse().find((p) => p.type === 'analysis');
}

/** Writes `ro-crate-metadata.json` into the crate root. */
export function writeCrate(crateRoot: string, input: RoCrateInput): WrittenFile {
  return writeTracked(crateRoot, ResultFiles.crate, JSON.stringify(buildCrate(input), null, 2), 'application/ld+json');
}
