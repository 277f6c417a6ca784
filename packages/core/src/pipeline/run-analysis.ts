import type { Dataset } from '../data/dataset';
import { validateDataset } from '../data/dataset';
import { hasDeferred, materializeDeferred } from '../data/deferred';
import type { JsonValue } from '../data/json';
import { sourceLabel } from '../data/metadata';
import type { ProvenanceInput } from '../data/provenance';
import { AbortError, InputError, toIonscopeError, throwIfAborted } from '../errors';
import type { AnalysisContext, OutputSink, OutputStream, ParallelHost, ParallelRunner, Plugin, ProgressReporter } from '../plugin/contract';
import { parseParams } from '../plugin/params';
import type { Registry } from '../registry/registry';
import { type Logger, silentLogger } from '../util/logger';
import { CORE_VERSION } from '../version';

export interface RunOptions {
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?: ProgressReporter;
  /** Where the analysis may stream large outputs (`ctx.output`); see {@link OutputSink}. */
  output?: OutputSink;
  /**
   * Worker threads for the analysis' tasks (`ctx.parallel`), when its plugin declares a
   * `workerModule`; see {@link ParallelHost}. Without it analyses run their tasks inline.
   */
  parallel?: ParallelHost;
}

/**
 * Runs one analysis: checks the named inputs and their kinds, validates the parameters (filling
 * defaults, converting quantities with units), calls the plugin, checks the result, and appends a
 * provenance step (plugin@version, params as used, input checksums, warnings, timing).
 * Everything thrown comes back as an IonscopeError.
 */
export async function runAnalysis(
  registry: Registry,
  analysisId: string,
  inputs: Record<string, Dataset>,
  params: unknown,
  options: RunOptions = {},
): Promise<Dataset> {
  const { item: analysis, plugin } = registry.analysis(analysisId);
  const signal = options.signal ?? new AbortController().signal;
  throwIfAborted(signal);

  const names = Object.keys(analysis.inputs);
  for (const [name, spec] of Object.entries(analysis.inputs)) {
    const given = inputs[name];
    if (!given) {
      if (spec.optional) continue;
      throw new InputError(`${analysisId} needs the input "${name}"`, {
        field: `inputs.${name}`,
        expected: `a dataset of kind ${spec.accepts.join(' or ')}${name === names[0] ? '' : ` (give it with --input ${name}=PATH)`}`,
      });
    }
    if (!spec.accepts.includes(given.kind)) {
      throw new InputError(`${analysisId} cannot use a "${given.kind}" dataset as its input "${name}"`, {
        file: sourceLabel(given.meta.source),
        field: `inputs.${name}`,
        expected: `a dataset of kind ${spec.accepts.join(' or ')}`,
      });
    }
  }
  const unknown = Object.keys(inputs).filter((n) => !(n in analysis.inputs));
  if (unknown.length) {
    throw new InputError(`${analysisId} has no input named ${unknown.map((n) => `"${n}"`).join(', ')}`, {
      field: 'inputs',
      expected: `one of ${names.join(', ')}`,
    });
  }

  const parsed = parseParams(analysis.params, params, analysisId);
  const warnings: string[] = [];
  const logger = options.logger ?? silentLogger;
  const output = options.output ? trackedSink(options.output) : undefined;
  const parallel = runnerFor(options.parallel, plugin, signal);
  const ctx: AnalysisContext = {
    logger,
    signal,
    progress: options.onProgress ?? (() => {}),
    warn: (message) => {
      warnings.push(message);
      logger.warn(message);
    },
    ...(output ? { output: output.sink } : {}),
    ...(parallel ? { parallel } : {}),
  };
  const started = Date.now();
  let result: Dataset;
  let runInputs = inputs;
  try {
    runInputs = await inMemoryUnlessAccepted(inputs, analysis.acceptsDeferred === true, signal);
    result = await analysis.run(runInputs, parsed, ctx);
    throwIfAborted(signal);
    validateDataset(result);
    await output?.closeCheck(analysisId);
  } catch (error) {
    await output?.abortOpen(error);
    if (signal.aborted) throw new AbortError(`${analysisId} was cancelled`);
    const primary = inputs[names[0] as string];
    throw toIonscopeError(error, { file: sourceLabel(primary?.meta.source), what: `${analysisId} failed` });
  }
  if (result.kind !== analysis.produces && !(Array.isArray(analysis.alsoProduces) && analysis.alsoProduces.includes(result.kind))) {
    logger.warn(`${analysisId} declared it produces "${analysis.produces}" but returned "${result.kind}"`);
  }
  const provenanceInputs: ProvenanceInput[] = Object.entries(inputs).map(([name, ds]) => ({
    name,
    kind: ds.kind,
    ...(ds.meta.source?.fileName ? { fileName: ds.meta.source.fileName } : {}),
    ...(ds.meta.source?.sha256 ? { sha256: ds.meta.source.sha256 } : {}),
  }));
  const primary = inputs[names[0] as string];
  return {
    ...result,
    meta: {
      ...(primary ? inheritMeta(primary) : {}),
      ...result.meta,
    },
    provenance: [
      ...(primary?.provenance ?? []),
      ...result.provenance,
      {
        type: 'analysis',
        operation: analysis.id,
        plugin: plugin.id,
        pluginVersion: plugin.version,
        coreVersion: CORE_VERSION,
        params: toJson(parsed),
        inputs: provenanceInputs,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        ...(warnings.length ? { warnings } : {}),
      },
    ],
  };
}

/**
 * The inputs as the analysis gets them: datasets with arrays still in their file are read into
 * memory unless the analysis declared `acceptsDeferred`.
 */
async function inMemoryUnlessAccepted(inputs: Record<string, Dataset>, accepts: boolean, signal: AbortSignal): Promise<Record<string, Dataset>> {
  if (accepts || !Object.values(inputs).some(hasDeferred)) return inputs;
  const out: Record<string, Dataset> = {};
  for (const [name, ds] of Object.entries(inputs)) out[name] = await materializeDeferred(ds, { signal });
  return out;
}

/**
 * The host's runner for the plugin's worker module, with the analysis' signal as the default for
 * every `map` (so cancelling the analysis cancels its tasks). None when the plugin has no worker
 * module or the host cannot load it.
 */
function runnerFor(host: ParallelHost | undefined, plugin: Plugin, signal: AbortSignal): ParallelRunner | undefined {
  if (!host || !plugin.workerModule) return undefined;
  const runner = host.runnerFor(plugin);
  if (!runner) return undefined;
  return {
    size: runner.size,
    map: (task, inputs, options) => runner.map(task, inputs, { ...options, signal: options?.signal ?? signal }),
  };
}

/**
 * Wraps the host's sink so that files an analysis left open are aborted when it fails (and
 * reported when it returns without closing them).
 */
function trackedSink(sink: OutputSink): { sink: OutputSink; abortOpen(reason: unknown): Promise<void>; closeCheck(id: string): Promise<void> } {
  const open = new Set<OutputStream>();
  const abortOpen = async (reason: unknown) => {
    for (const stream of open) await stream.abort(reason).catch(() => {});
    open.clear();
  };
  return {
    sink: {
      async create(name, options) {
        const stream = await sink.create(name, options);
        open.add(stream);
        return {
          write: (chunk) => stream.write(chunk),
          async close() {
            open.delete(stream);
            return stream.close();
          },
          async abort(reason) {
            open.delete(stream);
            await stream.abort(reason);
          },
        };
      },
    },
    abortOpen,
    async closeCheck(id) {
      if (open.size === 0) return;
      const count = open.size;
      await abortOpen(new Error('not closed'));
      throw new Error(`${id} returned with ${count} output file(s) still open`);
    },
  };
}

/** The metadata a result inherits from its primary input (who, what, when, which file). */
function inheritMeta(ds: Dataset): Dataset['meta'] {
  const { title, sample, cell, technique, instrument, operator, startTime, startTimeZone, operando, source } = ds.meta;
  return Object.fromEntries(
    Object.entries({ title, sample, cell, technique, instrument, operator, startTime, startTimeZone, operando, source }).filter(([, v]) => v !== undefined),
  );
}

/** Parameters as JSON for provenance (typed arrays become arrays, non-finite numbers strings). */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => toJson(v));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = toJson(v);
    return out;
  }
  return String(value);
}
