/**
 * Running a plugin's sample data ({@link SampleDataContribution}) through the analyses it lists: the
 * demo does it, and plugins' tests check their samples the same way. The host says how a path
 * relative to the package root becomes bytes (`load`), so this stays free of file-system code.
 */
import type { Dataset } from '../data/dataset';
import { DataError, type IonscopeError, toIonscopeError } from '../errors';
import type { AnalysisContribution, FileSource, ParallelHost, SampleAnalysis, SampleDataContribution } from '../plugin/contract';
import type { Registry } from '../registry/registry';
import type { Logger } from '../util/logger';
import { readSource, readSources } from './read';
import { runAnalysis } from './run-analysis';

export interface SampleRunOptions {
  /** The file(s) at a sample path, relative to the plugin's package root (a folder gives several). */
  load: (relativePath: string) => Promise<FileSource | FileSource[]> | FileSource | FileSource[];
  logger?: Logger;
  parallel?: ParallelHost;
  signal?: AbortSignal;
}

/** One analysis of a sample, run or failed. */
export interface SampleStepOutcome {
  step: SampleAnalysis;
  analysis: AnalysisContribution | undefined;
  ok: boolean;
  result?: Dataset;
  error?: IonscopeError;
  /** Sample paths read for this step (each read once per sample), in input order. */
  files: string[];
  /** The file sources behind `files`, as loaded (with the checksums the host filled in). */
  sources: FileSource[];
  startedAt: Date;
  durationMs: number;
}

/**
 * The input a sample gives an analysis input: the earlier result for a step chained `after` one
 * (primary input only), else `files[name]`, else for the primary input `files.input` or the
 * sample's first file.
 */
function samplePath(sample: SampleDataContribution, name: string, primary: boolean): string | undefined {
  return sample.files[name] ?? (primary ? (sample.files.input ?? Object.values(sample.files)[0]) : undefined);
}

/**
 * Runs the sample's analyses in order and yields each outcome as it completes. A failed step does
 * not stop the others; a step chained after a failed one fails saying so. Files are read once.
 * Cancelling `signal` ends the run after the step in progress.
 */
export async function* runSample(registry: Registry, sample: SampleDataContribution, options: SampleRunOptions): AsyncGenerator<SampleStepOutcome> {
  const reads = new Map<string, Promise<{ dataset: Dataset; sources: FileSource[] }>>();
  const read = (path: string) => {
    let hit = reads.get(path);
    if (!hit) {
      hit = (async () => {
        const loaded = await options.load(path);
        const sources = Array.isArray(loaded) ? loaded : [loaded];
        const readOptions = { logger: options.logger, signal: options.signal };
        const { dataset } =
          sources.length === 1 ? await readSource(registry, sources[0] as FileSource, readOptions) : await readSources(registry, sources, readOptions);
        return { dataset, sources };
      })();
      reads.set(path, hit);
    }
    return hit;
  };
  const results = new Map<string, Dataset>();
  for (const step of sample.analyses) {
    const startedAt = new Date();
    const files: string[] = [];
    const sources: FileSource[] = [];
    let analysis: AnalysisContribution | undefined;
    let outcome: SampleStepOutcome;
    try {
      analysis = registry.analysis(step.analysis).item;
      const names = Object.keys(analysis.inputs);
      const inputs: Record<string, Dataset> = {};
      for (const [index, name] of names.entries()) {
        if (index === 0 && step.after !== undefined) {
          const earlier = results.get(step.after);
          if (!earlier) throw new DataError(`it follows ${step.after}, which did not succeed`, { field: 'after' });
          inputs[name] = earlier;
          continue;
        }
        const path = samplePath(sample, name, index === 0);
        if (path === undefined) continue;
        const loaded = await read(path);
        inputs[name] = loaded.dataset;
        files.push(path);
        sources.push(...loaded.sources);
      }
      const result = await runAnalysis(registry, analysis.id, inputs, step.params ?? {}, {
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.parallel ? { parallel: options.parallel } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      results.set(analysis.id, result);
      outcome = { step, analysis, ok: true, result, files, sources, startedAt, durationMs: Date.now() - startedAt.getTime() };
    } catch (error) {
      outcome = { step, analysis, ok: false, error: toIonscopeError(error), files, sources, startedAt, durationMs: Date.now() - startedAt.getTime() };
    }
    yield outcome;
    if (options.signal?.aborted) return;
  }
}
