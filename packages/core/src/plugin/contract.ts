/**
 * The plugin contract: what a technique package contributes and how the app calls it.
 *
 * A plugin is a plain object built with {@link definePlugin}. Every contribution has a namespaced
 * id (`<plugin id>.<name>`). Readers turn bytes into a {@link Dataset}; analyses turn datasets into
 * result datasets; views turn a dataset into a chart (Vega-Lite) or an image (PNG); writers turn a
 * dataset into bytes; sample data lets `ionscope demo` show the plugin at work. Nothing here does
 * I/O: the app hands bytes in and takes bytes out, so plugins also run in a browser.
 */
import type { z } from 'zod';
import type { Dataset } from '../data/dataset';
import type { JsonValue } from '../data/json';
import type { Logger } from '../util/logger';

/**
 * A file handed to a reader: its name as the user gave it, and its bytes.
 *
 * A host may hand over a file larger than memory as a *ranged* source: `size` is the file's size,
 * `bytes` only its head (at least the first min(size, {@link SNIFF_BYTES}) bytes) and `range` reads
 * any other part. Core passes such a partial source only to readers that declare `ranged: true`;
 * for every other reader it reads the whole file through `range` first, so they always see
 * `bytes.length === size` (see `sourceSize`, `isPartialSource`, `readSourceRange`).
 */
export interface FileSource {
  /** File name (base name or the path as given); used in messages and metadata. */
  name: string;
  /** The whole file, or only its head when `size > bytes.length` (a ranged source). */
  bytes: Uint8Array;
  /** SHA-256 (hex), filled in by the app or the registry when known. */
  sha256?: string;
  mediaType?: string;
  /** Size of the whole file in bytes; absent means `bytes.length`. */
  size?: number;
  /**
   * Reads bytes [start, end) of the file (`end` is clamped to the size). Present on ranged sources;
   * the result may be shorter than asked only at the end of the file.
   */
  range?(start: number, end: number): Promise<Uint8Array>;
}

/** What a sniffer sees: the name and the first bytes (at most {@link SNIFF_BYTES}). */
export interface SniffInput {
  name: string;
  /** The first bytes of the file (up to 64 KiB). */
  head: Uint8Array;
  /** Total size in bytes when known. */
  size?: number;
}

/** How many leading bytes the registry passes to `sniff`. */
export const SNIFF_BYTES = 65536;

/**
 * Sniff confidences. A sniffer returns a number in [0, 1]; these names keep plugins consistent:
 * - `certain` (1.0): magic bytes or a format signature that only this format has;
 * - `likely` (0.8): a distinctive header or tag that could be shared by a close variant;
 * - `plausible` (0.5): the extension matches and the content is consistent;
 * - `generic` (0.2): a generic reader that can read this (CSV/TSV with numeric columns);
 * - `no` (0).
 */
export const Confidence = { certain: 1, likely: 0.8, plausible: 0.5, generic: 0.2, no: 0 } as const;

export interface ReadContext {
  logger: Logger;
  signal?: AbortSignal;
}

export interface ReaderContribution {
  /** Namespaced id: `impedance.biologic-mpt`. */
  id: string;
  /** Human name of the format: `BioLogic EC-Lab text export (.mpt)`. */
  name: string;
  description?: string;
  /** Lower-case extensions with the dot (`.mpt`). Used in messages and as a sniff hint. */
  extensions: string[];
  /** The dataset kinds this reader produces (`'*'`: any, the file says which). */
  kinds: string[];
  /** How sure this reader is that it can read the file, in [0, 1]. Must not throw. */
  sniff(input: SniffInput): number;
  /**
   * True when `read` (and `readMany`) can work from a partial, ranged {@link FileSource}: it reads
   * the header from `bytes` and the rest on demand with `range`, usually returning a dataset whose
   * large arrays stay in the file (`withDeferred`). Without it core gives the reader whole files.
   */
  ranged?: boolean;
  /** Reads one file. Throws a ParseError naming the line or field on bad input. */
  read(source: FileSource, ctx: ReadContext): Dataset | Promise<Dataset>;
  /**
   * Reads several files as one dataset (a folder of TIFF slices, a numbered series of patterns).
   * Optional: readers that only read single files omit it.
   */
  readMany?(sources: FileSource[], ctx: ReadContext): Dataset | Promise<Dataset>;
}

/** Progress of a long operation: a fraction in [0, 1] and an optional message. */
export type ProgressReporter = (fraction: number, message?: string) => void;

export interface AnalysisContext {
  logger: Logger;
  progress: ProgressReporter;
  /** Check it in long loops (throwIfAborted). */
  signal: AbortSignal;
  /** Warnings that belong in the result's provenance (unidentifiable parameter, clipped range). */
  warn(message: string): void;
  /**
   * Where large outputs can be streamed instead of returned in memory (the CLI writes them into
   * `--out DIR`). Absent when the host offers none (a browser, a library call without one): an
   * analysis whose result would not fit must then say how to proceed.
   */
  output?: OutputSink;
  /**
   * Worker threads the host lends this analysis for CPU-heavy pieces (slabs of a volume, blocks of
   * a map): `map(task, inputs)` runs the named export of the plugin's {@link PluginDefinition.workerModule}
   * once per input. Absent when the host has none (a browser, a library call, a worker of
   * `ionscope run` that already fills the cores): use `ctx.parallel ?? inlineRunner(tasks)` so the
   * same code runs the same tasks on the calling thread, with identical results.
   */
  parallel?: ParallelRunner;
}

/**
 * A task of a plugin's worker module: a named export taking one structured-cloneable value (plain
 * objects, arrays, numbers, strings, typed arrays) and returning one (or a promise of one).
 */
export type WorkerTask<T = any, R = any> = (input: T) => R | Promise<R>;

/** A worker module's tasks by name (`import * as tasks from './worker'`). */
export type WorkerTasks = Record<string, WorkerTask>;

export interface ParallelMapOptions {
  /** Cancels the tasks not yet finished; `map` then rejects. Core passes the analysis' signal by default. */
  signal?: AbortSignal;
}

/**
 * Runs tasks of the plugin's worker module, possibly on other threads. Inputs and results are
 * copied between threads by structured clone (SharedArrayBuffers are shared, not copied), so a task
 * must not rely on anything but its input and what its module computes itself. A task may modify
 * its input; the caller must not use an input again after handing it to `map` (inline runners do
 * not copy). Calling `map` again before the previous call settles is allowed: tasks queue on the
 * same threads, so a plugin can keep a window of work in flight and consume results in order.
 */
export interface ParallelRunner {
  /** Tasks that run at once (worker threads); 1 when they run one after another on the calling thread. */
  readonly size: number;
  /**
   * Runs `task` once per input; resolves with the results in input order, or rejects with the
   * first failure (a task's IonscopeError keeps its code and location).
   */
  map<T, R>(task: string, inputs: readonly T[], options?: ParallelMapOptions): Promise<R[]>;
}

/**
 * What a host with threads gives core (`runAnalysis(…, { parallel })`): a runner bound to each
 * plugin's worker module. Core asks only for plugins that declare `workerModule`.
 */
export interface ParallelHost {
  /** Worker threads the host runs tasks on. */
  readonly size: number;
  /** A runner for this plugin's worker module, or undefined when the host cannot load it. */
  runnerFor(plugin: Plugin): ParallelRunner | undefined;
}

/**
 * Files an analysis writes while it runs (a reconstructed volume slab by slab). The host decides
 * where they go and records them (checksums, RO-Crate); the analysis returns a small dataset that
 * names them in `values`.
 */
export interface OutputSink {
  /**
   * Starts a new output file. `name` is a plain file name (`volume.nrrd`, no folders); the host
   * refuses a name it has already handed out.
   */
  create(name: string, options?: { mediaType?: string; description?: string }): Promise<OutputStream>;
}

/** One file being written through an {@link OutputSink}. */
export interface OutputStream {
  /** Appends bytes. Await it: it resolves when the host has taken the chunk (back-pressure). */
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes the file and says what was written. */
  close(): Promise<WrittenOutput>;
  /** Gives the file up (the host removes what was written). Core calls it when the analysis fails. */
  abort(reason?: unknown): Promise<void>;
}

/** What a host wrote for an {@link OutputStream}. */
export interface WrittenOutput {
  /** The name given to `create`. */
  name: string;
  /** Bytes written. */
  size: number;
  /** SHA-256 (hex) of the bytes, when the host computed it while writing. */
  sha256?: string;
  mediaType?: string;
  /** Where it went, for messages (a path relative to the output folder, a URL). */
  location?: string;
}

/** A named input of an analysis. */
export interface AnalysisInput {
  /** Dataset kinds accepted for this input. */
  accepts: string[];
  description?: string;
  /** When true the analysis runs without it. */
  optional?: boolean;
}

export interface AnalysisContribution<P extends z.ZodType = z.ZodType> {
  /** Namespaced id: `impedance.fit-circuit`. */
  id: string;
  name: string;
  description?: string;
  /**
   * Named inputs. The first is the primary input (the FILE of `ionscope analyze FILE`); others are
   * given with `--input NAME=PATH`. Most analyses have one, conventionally called `input`.
   */
  inputs: Record<string, AnalysisInput>;
  /** A zod schema; its defaults fill in missing parameters. Use {@link quantityParam} for units. */
  params: P;
  /** The kind of the result dataset. */
  produces: string;
  /**
   * Other kinds `run` may return (a small `tomography.volume-file` instead of the volume when the
   * volume was streamed to `ctx.output`).
   */
  alsoProduces?: string[];
  /**
   * True when `run` handles inputs whose large arrays are still in their file (`deferredArrays`,
   * read in pieces with `DeferredArray.read`). Without it core reads such arrays into memory before
   * calling `run`, so every analysis sees ordinary datasets.
   */
  acceptsDeferred?: boolean;
  /** Views to render for the result by default (`ionscope analyze --out`, reports, demo). */
  views?: string[];
  /** References for the method (papers), shown in docs and reports. */
  references?: string[];
  run(inputs: Record<string, Dataset>, params: z.output<P>, ctx: AnalysisContext): Dataset | Promise<Dataset>;
}

/** A chart as a Vega-Lite specification (rendered to SVG in Node, interactive in a browser). */
export interface VegaLiteView {
  type: 'vega-lite';
  title?: string;
  spec: Record<string, unknown>;
}

/** A raster image (maps, slices, heatmaps too large for a chart). */
export interface ImageView {
  type: 'image';
  title?: string;
  mediaType: 'image/png';
  bytes: Uint8Array;
  width: number;
  height: number;
  /** Alternative text for reports. */
  alt?: string;
}

export type ViewOutput = VegaLiteView | ImageView;

export interface ViewContext {
  logger: Logger;
  signal?: AbortSignal;
}

export interface ViewContribution<P extends z.ZodType = z.ZodType> {
  id: string;
  name: string;
  description?: string;
  /** Dataset kinds this view draws (`'*'`: any kind). */
  accepts: string[];
  params?: P;
  render(data: Dataset, params: z.output<P>, ctx: ViewContext): ViewOutput | Promise<ViewOutput>;
}

export interface WriterContribution<P extends z.ZodType = z.ZodType> {
  id: string;
  name: string;
  description?: string;
  /** Dataset kinds this writer saves (`'*'`: any kind). */
  accepts: string[];
  /** Extension with the dot (`.tiff`). */
  extension: string;
  mediaType: string;
  params?: P;
  write(data: Dataset, params: z.output<P>, ctx: ViewContext): Uint8Array | Promise<Uint8Array>;
}

/** One analysis the demo runs on a sample. */
export interface SampleAnalysis {
  analysis: string;
  params?: Record<string, JsonValue>;
  /**
   * Chains this analysis after an earlier one of the same sample: the id of that analysis, whose
   * result becomes this one's primary input (`{ analysis: 'thz.fit-model', after: 'thz.thin-film' }`).
   * Other inputs still come from the sample's files.
   */
  after?: string;
  /** Views to render (defaults to the analysis' views). */
  views?: string[];
}

/**
 * Example data shipped in the plugin package. Paths are relative to the package root (the app reads
 * them; a web build fetches them), so the plugin itself stays free of file-system code.
 */
export interface SampleDataContribution {
  id: string;
  title: string;
  description?: string;
  /** Input name → path relative to the package root (`{input: 'examples/exampleData.csv'}`). */
  files: Record<string, string>;
  /** Licence and origin of the files (SPDX id and a note). */
  license: string;
  source?: string;
  analyses: SampleAnalysis[];
}

/** A dataset kind a plugin defines, documented for users and other plugins. */
export interface KindDefinition {
  id: string;
  description: string;
}

/** What a plugin module default-exports (through {@link definePlugin}). */
export interface PluginDefinition {
  /** Short lower-case id, the namespace of all contributions (`impedance`). */
  id: string;
  name: string;
  /** The plugin package's version (semver). */
  version: string;
  /** Core API versions this plugin works with, as a caret range (`^1`, `^1.2`). */
  apiVersion: string;
  description?: string;
  /** EMMO/CHAMEO IRI of the characterisation technique, when one exists. */
  technique?: { iri?: string; label: string };
  homepage?: string;
  license?: string;
  kinds?: KindDefinition[];
  readers?: ReaderContribution[];
  analyses?: AnalysisContribution<any>[];
  views?: ViewContribution<any>[];
  writers?: WriterContribution<any>[];
  sampleData?: SampleDataContribution[];
  /**
   * The plugin's worker module: a path relative to the package root (like sample data files), e.g.
   * `./dist/worker.js`, of an ES module whose named exports are {@link WorkerTask}s. Hosts with
   * threads load it in each worker and run its tasks for `ctx.parallel`; the module must import
   * nothing the plugin itself could not (it stays isomorphic).
   */
  workerModule?: string;
}

/** A registered plugin: the definition plus where it was loaded from. */
export interface Plugin extends PluginDefinition {
  readonly __ionscopePlugin: true;
}
