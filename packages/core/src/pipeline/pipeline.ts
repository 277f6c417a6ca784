import type { Dataset } from '../data/dataset';
import { throwIfAborted } from '../errors';
import type { FileSource, OutputSink, ParallelHost, ViewOutput } from '../plugin/contract';
import type { Registry } from '../registry/registry';
import type { Logger } from '../util/logger';
import { readSource, readSources } from './read';
import { renderView, writeDataset } from './render';
import { runAnalysis } from './run-analysis';
import type { PipelineStep } from './spec';

export interface PipelineInputs {
  /** The primary input: one file, or several read together by the reader's `readMany`. */
  primary: FileSource | FileSource[];
  /** Extra named inputs (`reference`), read once and passed to steps that declare them. */
  named?: Record<string, FileSource | Dataset>;
}

export interface PipelineStepOutcome {
  analysis: string;
  result: Dataset;
  views: { id: string; output: ViewOutput }[];
  writes: { writer: string; bytes: Uint8Array; extension: string; mediaType: string }[];
}

export interface PipelineOutcome {
  input: Dataset;
  reader: string;
  steps: PipelineStepOutcome[];
  durationMs: number;
}

export interface PipelineOptions {
  readerId?: string;
  renderViews?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  /**
   * Where each step may stream large outputs (its `ctx.output`): called once per step with its
   * position and analysis id; return undefined to offer none for that step.
   */
  output?: (step: { index: number; analysis: string }) => OutputSink | undefined;
  /** Worker threads for every step's tasks (`ctx.parallel`), see {@link ParallelHost}. */
  parallel?: ParallelHost;
}

/**
 * Read → analyses → views → writers for one input. Steps run in order; each takes the previous
 * step's result (or the file that was read, with `fromInput`). Extra named inputs go to every step
 * that declares an input of that name.
 */
export async function runPipeline(registry: Registry, steps: PipelineStep[], inputs: PipelineInputs, options: PipelineOptions = {}): Promise<PipelineOutcome> {
  const started = Date.now();
  const readOptions = { readerId: options.readerId, logger: options.logger, signal: options.signal };
  const { dataset: input, choice } = Array.isArray(inputs.primary)
    ? await readSources(registry, inputs.primary, readOptions)
    : await readSource(registry, inputs.primary, readOptions);
  const named: Record<string, Dataset> = {};
  for (const [name, value] of Object.entries(inputs.named ?? {})) {
    named[name] = isDataset(value) ? value : (await readSource(registry, value, { logger: options.logger, signal: options.signal })).dataset;
  }
  const outcomes: PipelineStepOutcome[] = [];
  let current = input;
  for (const [index, step] of steps.entries()) {
    throwIfAborted(options.signal);
    const { item: analysis } = registry.analysis(step.analysis);
    const [primaryName, ...others] = Object.keys(analysis.inputs) as [string, ...string[]];
    const stepInputs: Record<string, Dataset> = { [primaryName]: step.fromInput ? input : current };
    for (const name of others) if (named[name]) stepInputs[name] = named[name];
    const output = options.output?.({ index, analysis: step.analysis });
    const result = await runAnalysis(registry, step.analysis, stepInputs, step.params ?? {}, {
      logger: options.logger,
      signal: options.signal,
      ...(output ? { output } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
      onProgress: (f, m) => options.onProgress?.((index + f) / steps.length, m),
    });
    const viewIds = options.renderViews === false ? [] : (step.views ?? analysis.views ?? []);
    const views: PipelineStepOutcome['views'] = [];
    for (const id of viewIds) views.push({ id, output: await renderView(registry, id, result, {}, options) });
    const writes: PipelineStepOutcome['writes'] = [];
    for (const id of step.writers ?? []) writes.push({ writer: id, ...(await writeDataset(registry, id, result, {}, options)) });
    outcomes.push({ analysis: step.analysis, result, views, writes });
    current = result;
  }
  return { input, reader: choice.reader.id, steps: outcomes, durationMs: Date.now() - started };
}

function isDataset(value: FileSource | Dataset): value is Dataset {
  return typeof (value as Dataset).kind === 'string' && typeof (value as Dataset).data === 'object';
}
