import type { JsonValue } from './json';

/** One input of a provenance step, identified by checksum where it came from a file. */
export interface ProvenanceInput {
  /** Input name in the step (`input`, `sample`, `reference`). */
  name: string;
  kind?: string;
  fileName?: string;
  sha256?: string;
}

/** One step of the chain that produced a dataset: read, analysis, or a transformation. */
export interface ProvenanceStep {
  type: 'read' | 'analysis' | 'transform' | 'write';
  /** The reader/analysis/writer id (`impedance.fit-circuit`). */
  operation: string;
  plugin: string;
  pluginVersion: string;
  coreVersion: string;
  /** Validated parameters as used (defaults filled in). */
  params?: JsonValue;
  inputs: ProvenanceInput[];
  /** ISO 8601 time the step started. */
  startedAt: string;
  durationMs: number;
  /** Warnings raised during the step (for example an unidentifiable fit parameter). */
  warnings?: string[];
}
