import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { type Dataset, type FileSource, readSource, readSources, runAnalysis } from '@ionscope/core';
import { ExitCode, reportError, usageError } from '../cli/errors';
import { printJson } from '../cli/log';
import { buildParams, parseNamedInputs } from '../cli/params';
import { readInput, sourceBytes } from '../io/sources';
import { crateSoftware, crateTechniques, inputFile, lastAnalysisStep, outputFiles, writeCrate } from '../output/crate';
import { formatSummary, formatValues, summarizeDataset } from '../output/describe';
import { folderSink } from '../output/folder-sink';
import { plainResult, renderViews, sha256, writeResultFolder } from '../output/result-folder';
import { createThreadHost, threadCount } from '../parallel/thread-host';
import { type CommonOptions, openContext } from './context';

export interface AnalyzeOptions extends CommonOptions {
  analysis: string;
  input?: string[];
  param?: string[];
  params?: string;
  reader?: string;
  out?: string;
  threads?: string;
}

/** Fills in each source's SHA-256 (Node's hash is faster than Web Crypto) and keeps the absolute path for the crate. */
function withChecksums(input: FileSource | FileSource[]): FileSource[] {
  const list = Array.isArray(input) ? input : [input];
  for (const s of list) s.sha256 ??= sha256(s.bytes);
  return list;
}

/**
 * `ionscope analyze FILE --analysis ID [--input NAME=PATH]... [--param K=V]... [--params FILE.json]
 * [--reader ID] [--out DIR] [--threads N] [--json]`: reads FILE (a folder: all its files together),
 * runs one analysis (its plugin's worker tasks on N threads, default one per core), prints the
 * result; `--out` also writes result.json/.csv, the views and an RO-Crate.
 */
export async function analyzeCommand(file: string, options: AnalyzeOptions): Promise<number> {
  if (!options.analysis) throw usageError('analyze needs --analysis ID', { expected: 'an analysis id from `ionscope plugins`' });
  const params = buildParams(options.param, options.params);
  const threads = threadCount(options.threads);
  const namedPaths = parseNamedInputs(options.input);
  const ctx = await openContext(options);
  const { item: analysis, plugin } = ctx.registry.analysis(options.analysis);
  const inputNames = Object.keys(analysis.inputs);
  const primaryName = inputNames[0] as string;
  for (const name of Object.keys(namedPaths)) {
    if (name === primaryName) throw usageError(`"${name}" is the primary input: give it as FILE, not with --input`, { field: `inputs.${name}` });
    if (!inputNames.includes(name))
      throw usageError(`${analysis.id} has no input named "${name}"`, {
        field: 'inputs',
        expected: `one of ${inputNames.slice(1).join(', ') || '(no extra inputs)'}`,
      });
  }

  const started = new Date();
  const readFiles: { absPath: string; sha256: string; size: number }[] = [];
  const readOne = async (path: string, readerId?: string): Promise<Dataset> => {
    const input = readInput(path);
    const sources = withChecksums(input);
    for (const s of sources) readFiles.push({ absPath: resolve(s.name), sha256: s.sha256 as string, size: sourceBytes(s) });
    const { dataset, choice } = Array.isArray(input)
      ? await readSources(ctx.registry, sources, { readerId, logger: ctx.logger })
      : await readSource(ctx.registry, sources[0] as FileSource, { readerId, logger: ctx.logger });
    ctx.logger.info(`${path}: read with ${choice.reader.id} (${choice.explanation})`);
    return dataset;
  };
  const inputs: Record<string, Dataset> = { [primaryName]: await readOne(file, options.reader) };
  for (const [name, path] of Object.entries(namedPaths)) inputs[name] = await readOne(path);

  // with --out, large outputs (a volume larger than memory) are streamed into the folder as they are computed
  const sink = options.out ? folderSink(resolve(options.out)) : undefined;
  // plugins with a worker module run their heavy tasks (reconstruction slabs) on one thread per core
  const host = threads > 1 ? createThreadHost(ctx.plugins, { size: threads, logger: ctx.logger }) : undefined;
  // Ctrl-C (or SIGTERM) cancels the analysis: its tasks on the threads stop, core removes the
  // half-written outputs, and the exit code is 130. A second Ctrl-C quits at once.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per task queued on the threads
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
    ctx.logger.warn(`interrupted: cancelling ${analysis.id} (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: Dataset;
  try {
    result = await runAnalysis(ctx.registry, analysis.id, inputs, params, {
      logger: ctx.logger,
      signal: controller.signal,
      ...(sink ? { output: sink } : {}),
      ...(host ? { parallel: host } : {}),
      onProgress: (fraction, message) => ctx.logger.debug(`${Math.round(fraction * 100)}%${message ? ` ${message}` : ''}`),
    });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    reportError(error, ctx.json); // core's AbortError; it already removed the half-written outputs
    return ExitCode.Interrupted;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await host?.destroy();
  }
  const ended = new Date();

  let outputs: string[] | undefined;
  if (options.out) {
    const outDir = resolve(options.out);
    const views = await renderViews(ctx.registry, analysis.views ?? [], result, ctx.logger);
    const written = [...(sink?.written ?? []), ...(await writeResultFolder(outDir, result, views, ctx.logger))];
    const inputFiles = readFiles.map((f) => inputFile(outDir, f.absPath, f.sha256, f.size));
    const outFiles = outputFiles(outDir, outDir, written);
    const step = lastAnalysisStep(result);
    const crate = writeCrate(outDir, {
      name: `${analysis.name} of ${file}`,
      description: `ionscope analyze ${file} --analysis ${analysis.id}`,
      datePublished: ended.toISOString(),
      files: [...inputFiles, ...outFiles],
      software: crateSoftware(ctx.registry, [plugin.id, ...result.provenance.map((p) => p.plugin)]),
      actions: [
        {
          name: analysis.name,
          analysis: analysis.id,
          plugin: plugin.id,
          pluginVersion: plugin.version,
          params: step?.params ?? params,
          inputs: inputFiles.map((f) => f.path),
          outputs: outFiles.map((f) => f.path),
          startTime: started.toISOString(),
          endTime: ended.toISOString(),
        },
      ],
      techniques: crateTechniques([result]),
    });
    outputs = [...written.map((f) => f.path), crate.path].map((p) => resolve(outDir, p));
    ctx.logger.info(`wrote ${outputs.length} files to ${outDir}`);
  }

  if (ctx.json) {
    const plain = plainResult(result, options.out ? resolve(options.out) : undefined);
    printJson({ ok: true, analysis: analysis.id, result: plain, provenance: result.provenance, ...(outputs ? { outputs } : {}) });
    return ExitCode.Ok;
  }
  const summary = summarizeDataset(result);
  const lines = [`${analysis.id} (${plugin.id} ${plugin.version}) on ${file}`];
  if (Object.keys(summary.values).length) lines.push('results:', ...formatValues(summary.values));
  lines.push(...formatSummary(summary, { values: false, meta: false }));
  const warnings = result.provenance.at(-1)?.warnings ?? [];
  for (const w of warnings) lines.push(`warning: ${w}`);
  if (outputs) lines.push(`written to ${resolve(options.out as string)}:`, ...outputs.map((o) => `  ${o}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ExitCode.Ok;
}
