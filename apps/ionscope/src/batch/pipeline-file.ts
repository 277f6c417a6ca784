import { readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError, type PipelineSpec, parsePipelineSpec } from '@ionscope/core';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { fileError } from '../cli/errors';

/** One input of a batch: a file, or a folder read as one dataset. */
export interface BatchInput {
  index: number;
  /** Absolute path. */
  path: string;
  /** Path relative to the pipeline file's folder, as shown in messages and tables. */
  name: string;
  folder: boolean;
}

export interface LoadedPipeline {
  file: string;
  /** Folder of the pipeline file: input globs and `with` paths are relative to it. */
  dir: string;
  /** `name` from the file, else the file's base name. */
  name: string;
  spec: PipelineSpec;
}

/** Reads and validates `pipeline.yaml` / `pipeline.json` (core's PipelineSpecSchema). */
export function loadPipelineFile(path: string): LoadedPipeline {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError(error, path);
  }
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`the pipeline is not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`, {
      file: path,
    });
  }
  const spec = parsePipelineSpec(value, path);
  return { file, dir: dirname(file), name: spec.name ?? basename(file, extname(file)), spec };
}

/**
 * The batch's inputs: every file the `inputs` globs match (relative to the pipeline's folder),
 * in natural order, without duplicates. A pattern ending in `/` matches folders, each read as one
 * dataset (a stack of slices). Throws a ConfigError when nothing matches.
 */
export async function expandInputs(pipeline: LoadedPipeline): Promise<BatchInput[]> {
  const patterns = Array.isArray(pipeline.spec.inputs) ? pipeline.spec.inputs : [pipeline.spec.inputs];
  const filePatterns = patterns.filter((p) => !p.endsWith('/'));
  const folderPatterns = patterns.filter((p) => p.endsWith('/')).map((p) => p.replace(/\/+$/, ''));
  const found = new Map<string, boolean>();
  const options = { cwd: pipeline.dir, absolute: true, expandDirectories: false, followSymbolicLinks: true };
  if (filePatterns.length) for (const p of await glob(filePatterns, { ...options, onlyFiles: true })) found.set(resolve(p), false);
  if (folderPatterns.length) for (const p of await glob(folderPatterns, { ...options, onlyDirectories: true })) found.set(resolve(p), true);
  if (found.size === 0) {
    throw new ConfigError(`"inputs" matched no files (${patterns.join(', ')})`, {
      file: pipeline.file,
      field: 'inputs',
      expected: `globs relative to ${pipeline.dir}`,
    });
  }
  const collator = new Intl.Collator('en', { numeric: true });
  return [...found.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([path, folder], index) => ({ index, path, folder, name: displayName(pipeline.dir, path) }));
}

/** `data/a.mpt` for a file under the pipeline's folder, the absolute path otherwise. */
function displayName(dir: string, path: string): string {
  const rel = relative(dir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

/** `with` inputs as absolute paths. */
export function namedInputPaths(pipeline: LoadedPipeline): Record<string, string> {
  return Object.fromEntries(Object.entries(pipeline.spec.with ?? {}).map(([name, p]) => [name, resolve(pipeline.dir, p)]));
}

/** The folder (relative to the run's output folder) that holds one input's results. */
export function perInputFolder(input: Pick<BatchInput, 'name'>): string {
  const parts = input.name
    .replace(/^[A-Za-z]:/, '')
    .split(/[\\/]+/)
    .filter((p) => p && p !== '.')
    .map((p) => (p === '..' ? '_up' : p.replace(/[^A-Za-z0-9._ -]+/g, '_')));
  return ['inputs', ...parts].join('/');
}
