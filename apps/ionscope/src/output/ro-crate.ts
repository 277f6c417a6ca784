import * as core from '@ionscope/core';

/**
 * The RO-Crate input the CLI assembles; the same shape as core's `buildRoCrate(input)`
 * (packages/core/src/fair/ro-crate.ts). When core exports `buildRoCrate` it is used; until then a
 * minimal RO-Crate 1.2 document is built here, so swapping costs nothing.
 */
export interface RoCrateFile {
  /** Path relative to the crate root (POSIX separators). */
  path: string;
  sha256: string;
  encodingFormat: string;
  contentSize: number;
  role: 'input' | 'output';
}

export interface RoCrateAction {
  name: string;
  analysis: string;
  plugin: string;
  pluginVersion: string;
  params: unknown;
  /** Paths (as in `files`) of the action's inputs and outputs. */
  inputs: string[];
  outputs: string[];
  startTime?: string;
  endTime?: string;
}

export interface RoCrateInput {
  name: string;
  description?: string;
  datePublished?: string;
  license?: string;
  files: RoCrateFile[];
  software: { name: string; version: string; url?: string }[];
  actions: RoCrateAction[];
  techniques: { iri?: string; label: string }[];
}

type Builder = (input: RoCrateInput) => unknown;

/** The RO-Crate metadata document (`ro-crate-metadata.json`) for these files and actions. */
export function buildCrate(input: RoCrateInput): unknown {
  const fromCore = (core as Record<string, unknown>).buildRoCrate as Builder | undefined;
  return typeof fromCore === 'function' ? fromCore(input) : minimalRoCrate(input);
}

/** A small RO-Crate 1.2 document: root dataset, files with sha256, software, CreateActions, techniques. */
export function minimalRoCrate(input: RoCrateInput): Record<string, unknown> {
  const softwareId = (s: { name: string; version: string; url?: string }) => s.url ?? `#software-${s.name}@${s.version}`;
  const techniqueId = (t: { iri?: string; label: string }) => t.iri ?? `#technique-${t.label.replace(/\s+/g, '-')}`;
  const graph: Record<string, unknown>[] = [
    {
      '@id': 'ro-crate-metadata.json',
      '@type': 'CreativeWork',
      conformsTo: { '@id': 'https://w3id.org/ro/crate/1.2' },
      about: { '@id': './' },
    },
    {
      '@id': './',
      '@type': 'Dataset',
      name: input.name,
      description: input.description ?? input.name,
      datePublished: input.datePublished ?? new Date().toISOString(),
      license: input.license ? { '@id': input.license } : undefined,
      hasPart: input.files.map((f) => ({ '@id': f.path })),
      about: input.techniques.map((t) => ({ '@id': techniqueId(t) })),
      mentions: input.actions.map((_, i) => ({ '@id': `#action-${i + 1}` })),
    },
    ...input.files.map((f) => ({
      '@id': f.path,
      '@type': 'File',
      name: f.path.split('/').pop(),
      sha256: f.sha256,
      encodingFormat: f.encodingFormat,
      contentSize: String(f.contentSize),
      description: f.role === 'input' ? 'input data' : 'result',
    })),
    ...input.software.map((s) => ({
      '@id': softwareId(s),
      '@type': 'SoftwareApplication',
      name: s.name,
      version: s.version,
      ...(s.url ? { url: s.url } : {}),
    })),
    ...input.actions.map((a, i) => ({
      '@id': `#action-${i + 1}`,
      '@type': 'CreateAction',
      name: a.name,
      instrument: { '@id': softwareId(input.software.find((s) => s.name === a.plugin) ?? { name: a.plugin, version: a.pluginVersion }) },
      object: a.inputs.map((p) => ({ '@id': p })),
      result: a.outputs.map((p) => ({ '@id': p })),
      ...(a.startTime ? { startTime: a.startTime } : {}),
      ...(a.endTime ? { endTime: a.endTime } : {}),
      description: `${a.analysis} with parameters ${JSON.stringify(a.params)}`,
    })),
    ...input.techniques.map((t) => ({ '@id': techniqueId(t), '@type': 'DefinedTerm', name: t.label })),
  ];
  return { '@context': 'https://w3id.org/ro/crate/1.2/context', '@graph': graph.map(dropUndefined) };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
