import { mkdirSync, statSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import Piscina from 'piscina';
import { ExitCode, CliErrorCode, fileError, usageError } from '../cli/errors';
import { printJson } from '../cli/log';
import { cliPackageRoot, discoveryModeFromEnv } from '../discovery/load';
import { type BatchInput, expandInputs, loadPipelineFile, namedInputPaths } from '../batch/pipeline-file';
import { formatSeconds, Progress } from '../batch/progress';
import type { ChunkTask, ItemOutcome, WorkerSetup } from '../batch/protocol';
import { ResultsTable } from '../batch/results-table';
import { crateSoftware, inputFile, writeCrate } from '../output/crate';
import { type RoCrateFile, toJson } from '@ionscope/core';
import { sha256, writeTracked } from '../output/result-folder';
import { readInput, sourceBytes } from '../io/sources';
import { threadCount } from '../parallel/thread-host';
import { type CommonOptions, openContext } from './context';

export interface RunOptions extends CommonOptions {
  out?: string;
  workers?: string;
}

/** Worker threads by default: one per core (the main thread only collects rows). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Inputs per message to a worker: large enough to amortise messaging, small enough to balance and report progress. */
export function chunkSize(inputs: number, workers: number): number {
  return Math.max(1, Math.min(256, Math.ceil(inputs / (workers * 8))));
}

export interface RunSummary {
  ok: boolean;
  pipeline: string;
  file: string;
  out: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  interrupted: boolean;
  durationMs: number;
  filesPerSecond: number;
  workers: number;
  failures: { file: string; code: string; message: string }[];
  outputs: string[];
}

/**
 * `ionscope run PIPELINE.(yaml|json) [--out DIR] [--workers N]`: the pipeline's steps over every
 * input its globs match, on worker threads. Keeps going past bad inputs; writes results.csv /
 * results.jsonl (every input's scalar results), per-input folders (unless `output.perInput: false`),
 * summary.json and ro-crate-metadata.json. Exit 0 when every input succeeded, 2 when some failed,
 * 130 when interrupted (Ctrl-C stops the workers and still prints the summary), 1 for config errors.
 */
export async function runCommand(pipelinePath: string, options: RunOptions): Promise<number> {
  const workersWanted = options.workers === undefined ? defaultWorkers() : Number(options.workers);
  if (!Number.isInteger(workersWanted) || workersWanted < 1) throw usageError('--workers must be a whole number ≥ 1', { found: String(options.workers) });
  const pipeline = loadPipelineFile(pipelinePath);
  const inputs = await expandInputs(pipeline);
  const ctx = await openContext(options);
  // Check the pipeline against what is installed before starting any worker (config errors exit 1).
  for (const step of pipeline.spec.steps) {
    ctx.registry.analysis(step.analysis);
    for (const view of step.views ?? []) ctx.registry.view(view);
    for (const writer of step.writers ?? []) ctx.registry.writer(writer);
  }
  if (pipeline.spec.reader) ctx.registry.reader(pipeline.spec.reader);
  const named = namedInputPaths(pipeline);
  // The fixed `with` inputs must exist before any worker starts; their checksums go into the RO-Crate.
  const namedFiles: RoCrateFile[] = [];
  for (const path of Object.values(named)) {
    try {
      statSync(path);
    } catch (error) {
      throw fileError(error, path);
    }
    const sources = readInput(path);
    for (const s of Array.isArray(sources) ? sources : [sources])
      namedFiles.push({ path: s.name, sha256: s.sha256 ?? sha256(s.bytes), encodingFormat: '', contentSize: sourceBytes(s), role: 'input' });
  }
  const outDir = resolve(options.out ?? join('ionscope-out', pipeline.name));
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw fileError(error, outDir, 'cannot create');
  }
  const perInput = pipeline.spec.output?.perInput ?? true;
  const views = pipeline.spec.output?.views ?? true;
  const workers = Math.min(workersWanted, inputs.length);
  // each input runs on one worker; cores the workers leave free go to their analyses' tasks
  const threadsPerWorker = Math.max(1, Math.floor(threadCount(undefined) / workers));
  const size = chunkSize(inputs.length, workers);
  const setup: WorkerSetup = {
    cwd: process.cwd(),
    discover: discoveryModeFromEnv(),
    steps: pipeline.spec.steps,
    readerId: pipeline.spec.reader,
    named,
    outDir: perInput ? outDir : undefined,
    perInput,
    views,
    threads: threadsPerWorker,
  };

  const progress = new Progress(inputs.length);
  progress.line(
    `ionscope: ${pipeline.name}: ${inputs.length} input${inputs.length === 1 ? '' : 's'} on ${workers} worker${workers === 1 ? '' : 's'} → ${outDir}`,
  );
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per queued chunk
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    progress.line('ionscope: interrupted: stopping the workers (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  const started = performance.now();
  const pool = new Piscina<ChunkTask, ItemOutcome[]>({
    filename: join(cliPackageRoot(), 'dist', 'worker.js'),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
    workerData: setup,
  });
  const table = new ResultsTable(outDir);
  const outcomes: (ItemOutcome | undefined)[] = new Array(inputs.length);
  let done = 0;
  let failed = 0;
  const record = (input: BatchInput, outcome: ItemOutcome) => {
    outcomes[input.index] = outcome;
    table.add(input, outcome);
    done++;
    if (!outcome.ok) {
      failed++;
      progress.line(`ionscope: failed: ${outcome.error.message}${outcome.error.code ? ` [${outcome.error.code}]` : ''}`);
    }
    progress.update(done, failed);
  };
  const submit = async (items: BatchInput[]): Promise<void> => {
    try {
      const results = await pool.run({ items: items.map(({ index, path, name, folder }) => ({ index, path, name, folder })) }, { signal: controller.signal });
      for (const outcome of results) record(inputs[outcome.index] as BatchInput, outcome);
    } catch (error) {
      if (controller.signal.aborted) return; // these inputs are counted as cancelled
      // A worker died (out of memory, a native crash): retry the chunk one input at a time to find the culprit.
      if (items.length > 1) {
        await Promise.all(items.map((item) => submit([item])));
        return;
      }
      const item = items[0] as BatchInput;
      record(item, {
        index: item.index,
        ok: false,
        durationMs: 0,
        error: { code: CliErrorCode.Worker, message: `${item.name}: the worker stopped: ${(error as Error).message}`, file: item.name },
      });
    }
  };
  const chunks: BatchInput[][] = [];
  for (let i = 0; i < inputs.length; i += size) chunks.push(inputs.slice(i, i + size));
  await Promise.all(chunks.map(submit));
  progress.update(done, failed, true);
  progress.finish();
  await pool.destroy();
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  const durationMs = performance.now() - started;

  ctx.logger.debug(`batch done in ${Math.round(durationMs)} ms`);
  const tableFiles = await table.close();
  ctx.logger.debug(`tables written at ${Math.round(performance.now() - started)} ms`);
  const succeeded = done - failed;
  const cancelled = inputs.length - done;
  const failures = inputs.flatMap((input) => {
    const o = outcomes[input.index];
    return o && !o.ok ? [{ file: input.name, code: o.error.code, message: o.error.message }] : [];
  });
  const summary: RunSummary = {
    ok: failed === 0 && cancelled === 0,
    pipeline: pipeline.name,
    file: pipeline.file,
    out: outDir,
    total: inputs.length,
    succeeded,
    failed,
    cancelled,
    interrupted: controller.signal.aborted,
    durationMs: Math.round(durationMs),
    filesPerSecond: Math.round((done / (durationMs / 1000)) * 10) / 10,
    workers,
    failures,
    outputs: [...tableFiles.map((f) => f.path), 'summary.json', 'ro-crate-metadata.json'],
  };
  const summaryFile = writeTracked(outDir, 'summary.json', JSON.stringify(summary, null, 2), 'application/json');

  // RO-Crate: every input read, every file written, one CreateAction per pipeline step.
  const crateInputs: RoCrateFile[] = namedFiles.map((f) => inputFile(outDir, resolve(f.path), f.sha256, f.contentSize));
  const perInputFiles: RoCrateFile[] = [];
  const plugins = new Set<string>();
  for (const o of outcomes) {
    if (!o?.ok) continue;
    for (const i of o.inputs) crateInputs.push(inputFile(outDir, resolve(pipeline.dir, i.path), i.sha256, i.size));
    for (const f of o.files) perInputFiles.push({ ...f, role: 'output' });
  }
  const combined: RoCrateFile[] = [...tableFiles, summaryFile].map((f) => ({ ...f, role: 'output' as const }));
  for (const step of pipeline.spec.steps) plugins.add(ctx.registry.analysis(step.analysis).plugin.id);
  writeCrate(outDir, {
    name: `ionscope run ${pipeline.name}`,
    description: pipeline.spec.description ?? `batch of ${inputs.length} inputs through ${pipeline.spec.steps.map((s) => s.analysis).join(' → ')}`,
    datePublished: new Date().toISOString(),
    files: [...crateInputs, ...combined, ...perInputFiles],
    software: crateSoftware(ctx.registry, plugins),
    actions: pipeline.spec.steps.map((step) => {
      const { item, plugin } = ctx.registry.analysis(step.analysis);
      return {
        name: item.name,
        analysis: item.id,
        plugin: plugin.id,
        pluginVersion: plugin.version,
        params: toJson(step.params ?? {}),
        inputs: crateInputs.map((f) => f.path),
        outputs: [...combined.map((f) => f.path), ...perInputFiles.filter((f) => f.path.endsWith('result.json')).map((f) => f.path)],
      };
    }),
    techniques: [...plugins].flatMap((id) => {
      const t = ctx.registry.plugin(id).technique;
      return t ? [t] : [];
    }),
  });

  ctx.logger.debug(`RO-Crate written at ${Math.round(performance.now() - started)} ms`);
  if (ctx.json) printJson(summary);
  else {
    const lines = [
      `${pipeline.name}: ${inputs.length} inputs in ${formatSeconds(durationMs / 1000)} (${summary.filesPerSecond} files/s on ${workers} worker${workers === 1 ? '' : 's'})`,
      `  succeeded: ${succeeded}`,
      `  failed:    ${failed}`,
    ];
    for (const f of failures.slice(0, 50)) lines.push(`    ${f.file}: ${f.message} [${f.code}]`);
    if (failures.length > 50) lines.push(`    … and ${failures.length - 50} more (see summary.json)`);
    if (cancelled) lines.push(`  cancelled: ${cancelled} (interrupted)`);
    lines.push(`results: ${join(outDir, 'results.csv')} (+ results.jsonl, summary.json, ro-crate-metadata.json${perInput ? ', inputs/' : ''})`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (controller.signal.aborted) return ExitCode.Interrupted;
  return failed > 0 ? ExitCode.Partial : ExitCode.Ok;
}
