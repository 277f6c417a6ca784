import { paramsJsonSchema } from '../plugin/params';
import type { Registry } from './registry';

/** A JSON description of one plugin: what `ionscope plugins --json` prints. */
export interface PluginDescription {
  id: string;
  name: string;
  version: string;
  apiVersion: string;
  description?: string;
  technique?: { iri?: string; label: string };
  source?: string;
  kinds: { id: string; description: string }[];
  readers: { id: string; name: string; extensions: string[]; kinds: string[]; description?: string; ranged?: boolean }[];
  analyses: {
    id: string;
    name: string;
    description?: string;
    inputs: Record<string, { accepts: string[]; optional?: boolean; description?: string }>;
    produces: string;
    alsoProduces?: string[];
    acceptsDeferred?: boolean;
    params: Record<string, unknown>;
    views?: string[];
    references?: string[];
  }[];
  views: { id: string; name: string; accepts: string[]; params?: Record<string, unknown> }[];
  writers: { id: string; name: string; accepts: string[]; extension: string; mediaType: string }[];
  sampleData: { id: string; title: string; files: Record<string, string>; license: string; analyses: string[] }[];
  /** The worker module whose tasks hosts run on threads (`ctx.parallel`), relative to the package root. */
  workerModule?: string;
}

/** Describes every registered plugin as plain JSON (params as JSON Schema 2020-12). */
export function describeRegistry(registry: Registry): PluginDescription[] {
  return registry.plugins().map((p) => ({
    id: p.id,
    name: p.name,
    version: p.version,
    apiVersion: p.apiVersion,
    ...(p.description ? { description: p.description } : {}),
    ...(p.technique ? { technique: p.technique } : {}),
    ...(registry.sourceOf(p.id) ? { source: registry.sourceOf(p.id) } : {}),
    kinds: p.kinds ?? [],
    readers: (p.readers ?? []).map((r) => ({
      id: r.id,
      name: r.name,
      extensions: r.extensions,
      kinds: r.kinds,
      ...(r.description ? { description: r.description } : {}),
      ...(r.ranged ? { ranged: true } : {}),
    })),
    analyses: (p.analyses ?? []).map((a) => ({
      id: a.id,
      name: a.name,
      ...(a.description ? { description: a.description } : {}),
      inputs: a.inputs,
      produces: a.produces,
      ...(a.alsoProduces ? { alsoProduces: a.alsoProduces } : {}),
      ...(a.acceptsDeferred ? { acceptsDeferred: true } : {}),
      params: paramsJsonSchema(a.params),
      ...(a.views ? { views: a.views } : {}),
      ...(a.references ? { references: a.references } : {}),
    })),
    views: (p.views ?? []).map((v) => ({ id: v.id, name: v.name, accepts: v.accepts, ...(v.params ? { params: paramsJsonSchema(v.params) } : {}) })),
    writers: (p.writers ?? []).map((w) => ({ id: w.id, name: w.name, accepts: w.accepts, extension: w.extension, mediaType: w.mediaType })),
    sampleData: (p.sampleData ?? []).map((s) => ({
      id: s.id,
      title: s.title,
      files: s.files,
      license: s.license,
      analyses: s.analyses.map((a) => a.analysis),
    })),
    ...(p.workerModule ? { workerModule: p.workerModule } : {}),
  }));
}
