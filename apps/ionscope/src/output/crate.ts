import { relative, sep } from 'node:path';
import { buildRoCrate, CORE_VERSION, mediaTypeForPath, type Dataset, type Registry, type RoCrateFile, type RoCrateInput } from '@ionscope/core';
import packageJson from '../../package.json';
import { ResultFiles, type WrittenFile, writeTracked } from './result-folder';

export const CLI_VERSION: string = packageJson.version;

/** Path of `absPath` relative to the crate root, with POSIX separators. */
export function cratePath(crateRoot: string, absPath: string): string {
  return relative(crateRoot, absPath).split(sep).join('/');
}

/** An input file of the crate (outside the crate folder its path starts with `../`). */
export function inputFile(crateRoot: string, absPath: string, sha256: string, size: number): RoCrateFile {
  return { path: cratePath(crateRoot, absPath), sha256, encodingFormat: mediaTypeForPath(absPath), contentSize: size, role: 'input' };
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
  return writeTracked(crateRoot, ResultFiles.crate, JSON.stringify(buildRoCrate(input), null, 2), 'application/ld+json');
}
