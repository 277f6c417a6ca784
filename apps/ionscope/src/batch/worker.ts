/**
 * The piscina worker of `ionscope run`. Each worker discovers and registers the plugins once,
 * reads the fixed `with` inputs once, then runs core's runPipeline on every input of each chunk it
 * is sent, writing per-input results itself (so the main thread only collects table rows).
 */
import { join } from 'node:path';
import { type Dataset, type FileSource, memoryLogger, type Registry, readSource, readSources, runPipeline, toIonscopeError } from '@ionscope/core';
import Piscina from 'piscina';
import { loadRegistry } from '../discovery/load';
import { listFolder, readFileSource, readInput, sourceBytes } from '../io/sources';
import { type FolderSink, folderSink } from '../output/folder-sink';
import { createThreadHost, type ThreadHost } from '../parallel/thread-host';
import { fileSafe, sha256, type WrittenFile, writeResultFolder, writeTracked } from '../output/result-folder';
import { flattenValues } from './flatten';
import { perInputFolder } from './pipeline-file';
import type { ChunkTask, ItemOutcome, WorkerSetup } from './protocol';

const setup = Piscina.workerData as WorkerSetup;

interface WorkerState {
  registry: Registry;
  named: Record<string, Dataset>;
  /** Threads for the analyses' tasks when this worker has cores to spare (fewer workers than cores). */
  host?: ThreadHost;
}

let state: Promise<WorkerState> | undefined;

async function init(): Promise<WorkerState> {
  const { registry, plugins } = await loadRegistry({ cwd: setup.cwd, mode: setup.discover });
  const named: Record<string, Dataset> = {};
  for (const [name, path] of Object.entries(setup.named)) {
    // a fixed input may be a folder too (read with readMany, like the primary inputs)
    const input = readInput(path);
    named[name] = Array.isArray(input) ? (await readSources(registry, input.map(withSum))).dataset : (await readSource(registry, withSum(input))).dataset;
  }
  const host = setup.threads > 1 ? createThreadHost(plugins, { size: setup.threads, logger: memoryLogger() }) : undefined;
  return { registry, named, ...(host ? { host } : {}) };
}

function withSum(source: FileSource): FileSource {
  source.sha256 ??= sha256(source.bytes);
  return source;
}

async function runItem(s: WorkerState, item: ChunkTask['items'][number]): Promise<ItemOutcome> {
  const started = performance.now();
  try {
    const sources = item.folder
      ? listFolder(item.path).map((p) => withSum(readFileSource(p, `${item.name}/${p.slice(item.path.length + 1)}`)))
      : [withSum(readFileSource(item.path, item.name))];
    const logger = memoryLogger();
    const renderViews = setup.perInput && setup.views;
    const multi = setup.steps.length > 1;
    const stepFolder = (i: number, analysis: string) => (multi ? `${perInputFolder(item)}/${i + 1}-${fileSafe(analysis)}` : perInputFolder(item));
    // large outputs (a volume larger than memory) are streamed into the input's result folder
    const sinks = new Map<number, FolderSink>();
    const outDir = setup.outDir;
    const output = outDir
      ? ({ index, analysis }: { index: number; analysis: string }) => {
          const sink = folderSink(join(outDir, stepFolder(index, analysis)));
          sinks.set(index, sink);
          return sink;
        }
      : undefined;
    const outcome = await runPipeline(
      s.registry,
      setup.steps,
      { primary: item.folder ? sources : (sources[0] as FileSource), named: s.named },
      { readerId: setup.readerId, renderViews, logger, ...(output ? { output } : {}), ...(s.host ? { parallel: s.host } : {}) },
    );
    const row = { cells: {}, units: {} };
    for (const step of outcome.steps) flattenValues(step.result.values, multi ? step.analysis : '', row);
    const files: WrittenFile[] = [];
    if (setup.perInput && setup.outDir) {
      for (const [i, step] of outcome.steps.entries()) {
        const folder = stepFolder(i, step.analysis);
        const written = [
          ...(sinks.get(i)?.written ?? []),
          ...(await writeResultFolder(join(setup.outDir, folder), step.result, step.views, logger, { csv: false })),
        ];
        for (const f of written) files.push({ ...f, path: `${folder}/${f.path}` });
        for (const w of step.writes) {
          const name = `${fileSafe(w.writer)}${w.extension}`;
          const f = writeTracked(join(setup.outDir, folder), name, w.bytes, w.mediaType);
          files.push({ ...f, path: `${folder}/${f.path}` });
        }
      }
    }
    const warnings = logger.entries.filter((e) => e.level === 'warn').map((e) => e.message);
    return {
      index: item.index,
      ok: true,
      durationMs: performance.now() - started,
      ...row,
      inputs: sources.map((src) => ({ path: src.name, sha256: src.sha256 as string, size: sourceBytes(src) })),
      files,
      reader: outcome.reader,
      ...(warnings.length ? { warnings } : {}),
    };
  } catch (error) {
    const e = toIonscopeError(error, { file: item.name });
    return {
      index: item.index,
      ok: false,
      durationMs: performance.now() - started,
      error: {
        code: e.code,
        message: e.message,
        ...(e.file ? { file: e.file } : {}),
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.field ? { field: e.field } : {}),
      },
    };
  }
}

/** Runs one chunk and returns one outcome per input (a failing input never fails the chunk). */
export default async function runChunk(task: ChunkTask): Promise<ItemOutcome[]> {
  let s: WorkerState;
  try {
    state ??= init();
    s = await state;
  } catch (error) {
    const e = toIonscopeError(error);
    return task.items.map((item) => ({
      index: item.index,
      ok: false as const,
      durationMs: 0,
      error: { code: e.code, message: `worker setup failed: ${e.message}` },
    }));
  }
  const out: ItemOutcome[] = [];
  for (const item of task.items) out.push(await runItem(s, item));
  return out;
}
