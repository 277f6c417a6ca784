import type { PipelineStep } from '@ionscope/core';
import type { DiscoveryMode } from '../discovery/load';
import type { WrittenFile } from '../output/result-folder';
import type { Cell } from './flatten';

/** What every worker gets once (piscina `workerData`): how to find plugins and what to run. */
export interface WorkerSetup {
  cwd: string;
  discover: DiscoveryMode;
  steps: PipelineStep[];
  readerId?: string;
  /** Extra named inputs (absolute paths), read once per worker. */
  named: Record<string, string>;
  /** Absolute output folder, or undefined when per-input results are off. */
  outDir?: string;
  perInput: boolean;
  views: boolean;
  /**
   * Threads each worker may lend its analyses' tasks (`ctx.parallel`): the cores left over when
   * there are fewer workers than cores; 1 (no threads, tasks inline) when the workers fill them.
   */
  threads: number;
}

/** One chunk of inputs (inputs go to workers in chunks, not one message per file). */
export interface ChunkTask {
  items: { index: number; path: string; name: string; folder: boolean }[];
}

export interface ItemOk {
  index: number;
  ok: true;
  durationMs: number;
  cells: Record<string, Cell>;
  units: Record<string, string>;
  /** Input files with checksums (for the RO-Crate). */
  inputs: { path: string; sha256: string; size: number }[];
  /** Files written for this input, relative to the run's output folder. */
  files: WrittenFile[];
  reader: string;
  warnings?: string[];
}

export interface ItemFailed {
  index: number;
  ok: false;
  durationMs: number;
  error: { code: string; message: string; file?: string; line?: number; field?: string };
}

export type ItemOutcome = ItemOk | ItemFailed;
