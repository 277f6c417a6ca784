/**
 * FAIR export: the `ro-crate-metadata.json` of an ionscope output folder.
 *
 * Follows RO-Crate 1.2 (https://w3id.org/ro/crate/1.2): the metadata descriptor with `conformsTo`,
 * a root Dataset with name, description, datePublished, license and `hasPart`, one File entity per
 * file with `sha256`, `encodingFormat` (IANA media type) and `contentSize`. Analyses are recorded
 * the way the Process Run Crate profile (https://w3id.org/ro/wfrun/process/0.5) does: one
 * CreateAction per analysis with the plugin as `instrument` (a SoftwareApplication with its version),
 * the input files and the parameters (PropertyValue) as `object`, the outputs as `result`, all
 * mentioned from the root. Techniques are DefinedTerms (EMMO/CHAMEO IRIs where known) given as the
 * root's `measurementTechnique` and `about`.
 */
import type { JsonObject, JsonValue } from '../data/json';
import { SerializationError } from '../errors';
import { CORE_VERSION } from '../version';

export const RO_CRATE_CONTEXT = 'https://w3id.org/ro/crate/1.2/context';
export const RO_CRATE_SPEC = 'https://w3id.org/ro/crate/1.2';
export const PROCESS_RUN_CRATE_PROFILE = 'https://w3id.org/ro/wfrun/process/0.5';
/** The name core gives itself among the crate's SoftwareApplications. */
export const CORE_SOFTWARE_NAME = '@ionscope/core';

/** A file of the crate: a result the run wrote, or an input it read. */
export interface RoCrateFile {
  /** Path relative to the crate root (the output folder), `/`-separated. Inputs outside it may be absolute or `../`. */
  path: string;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  /** IANA media type (see {@link mediaTypeForPath}). */
  encodingFormat: string;
  /** Size in bytes. */
  contentSize: number;
  name?: string;
  description?: string;
  role: 'input' | 'output';
}

export interface RoCrateSoftware {
  name: string;
  version: string;
  url?: string;
}

/** One analysis run: which plugin did what to which files with which parameters. */
export interface RoCrateAction {
  name: string;
  /** Analysis id (`impedance.fit-circuit`). */
  analysis: string;
  /** Plugin id or package name; matched against `software` by name and version. */
  plugin: string;
  pluginVersion: string;
  params: JsonValue;
  /** Paths of the input files (as in `files`). */
  inputs: string[];
  /** Paths of the files it produced (as in `files`). */
  outputs: string[];
  /** ISO 8601 times. */
  startTime?: string;
  endTime?: string;
}

export interface RoCrateTechnique {
  /** Ontology IRI of the method (EMMO/CHAMEO), when one exists. */
  iri?: string;
  label: string;
}

export interface RoCrateInput {
  name: string;
  description?: string;
  /** ISO 8601 date or date-time; default: now. */
  datePublished?: string;
  /** SPDX id (`CC-BY-4.0`) or a licence URL; when absent the crate says no licence was given. */
  license?: string;
  files: RoCrateFile[];
  software: RoCrateSoftware[];
  actions: RoCrateAction[];
  techniques: RoCrateTechnique[];
}

type Ref = { '@id': string };
const ref = (id: string): Ref => ({ '@id': id });

/**
 * Builds the RO-Crate metadata document (the content of `ro-crate-metadata.json`). Throws a
 * SerializationError naming the field when a checksum is malformed, a path is listed twice with
 * different content, or an action refers to a file that is not in `files`.
 */
export function buildRoCrate(input: RoCrateInput): JsonObject {
  const graph: JsonObject[] = [];
  const ids = new Set<string>();
  const add = (entity: JsonObject) => {
    const id = entity['@id'] as string;
    if (!ids.has(id)) {
      ids.add(id);
      graph.push(entity);
    }
  };

  const fileIds = new Map<string, string>();
  const fileEntities: JsonObject[] = [];
  // Index by @id: a batch lists tens of thousands of files, so no linear search per file.
  const fileEntityById = new Map<string, JsonObject>();
  input.files.forEach((file, i) => {
    const where = `files[${i}]`;
    if (normalisePath(file.path) === 'ro-crate-metadata.json') return; // the descriptor describes itself
    if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
      throw new SerializationError('not a SHA-256 checksum', { field: `${where}.sha256`, expected: '64 lower-case hex digits', found: file.sha256 });
    }
    if (!Number.isInteger(file.contentSize) || file.contentSize < 0) {
      throw new SerializationError('invalid file size', { field: `${where}.contentSize`, expected: 'a size in bytes', found: String(file.contentSize) });
    }
    const id = fileId(file.path);
    const seen = fileEntityById.get(id);
    if (seen) {
      if (seen.sha256 !== file.sha256) {
        throw new SerializationError(`"${file.path}" is listed twice with different checksums`, { field: `${where}.path` });
      }
      fileIds.set(file.path, id);
      return;
    }
    fileIds.set(file.path, id);
    fileIds.set(normalisePath(file.path), id);
    const entity: JsonObject = {
      '@id': id,
      '@type': 'File',
      name: file.name ?? baseName(file.path),
      description: file.description ?? (file.role === 'input' ? 'Input data read by ionscope' : 'Result written by ionscope'),
      encodingFormat: file.encodingFormat,
      contentSize: String(file.contentSize),
      sha256: file.sha256,
      ...(id.startsWith('#') ? { localPath: file.path } : {}),
    };
    fileEntities.push(entity);
    fileEntityById.set(id, entity);
  });

  // Software: core (always), what the caller lists, and every plugin an action used.
  const software: { name: string; version: string; url?: string; id: string }[] = [];
  const softwareByKey = new Map<string, string>();
  const softwareId = (name: string, version: string, url?: string): string => {
    const key = `${name}@${version}`;
    const found = softwareByKey.get(key);
    if (found) return found;
    const id = `#software-${slug(name)}@${version}`;
    software.push({ name, version, ...(url ? { url } : {}), id });
    softwareByKey.set(key, id);
    return id;
  };
  if (!input.software.some((s) => s.name === CORE_SOFTWARE_NAME)) softwareId(CORE_SOFTWARE_NAME, CORE_VERSION, 'https://www.npmjs.com/package/@ionscope/core');
  for (const s of input.software) softwareId(s.name, s.version, s.url);

  const actionEntities: JsonObject[] = [];
  const parameterEntities: JsonObject[] = [];
  input.actions.forEach((action, i) => {
    const where = `actions[${i}]`;
    const id = `#action-${i + 1}-${slug(action.analysis || action.name)}`;
    const lookup = (path: string, field: string) => {
      const found = fileIds.get(path) ?? fileIds.get(normalisePath(path));
      if (!found) throw new SerializationError(`${action.name} refers to "${path}", which is not in files`, { field, expected: 'a path listed in files' });
      return ref(found);
    };
    const params = parameterValues(id, action.params);
    parameterEntities.push(...params);
    actionEntities.push({
      '@id': id,
      '@type': 'CreateAction',
      name: action.name,
      description: `ionscope analysis ${action.analysis} (${action.plugin} ${action.pluginVersion})`,
      identifier: action.analysis,
      instrument: ref(softwareId(action.plugin, action.pluginVersion)),
      object: [...action.inputs.map((p, k) => lookup(p, `${where}.inputs[${k}]`)), ...params.map((p) => ref(p['@id'] as string))],
      result: action.outputs.map((p, k) => lookup(p, `${where}.outputs[${k}]`)),
      ...(action.startTime ? { startTime: action.startTime } : {}),
      ...(action.endTime ? { endTime: action.endTime } : {}),
      actionStatus: ref('http://schema.org/CompletedActionStatus'),
    });
  });

  const techniques = input.techniques.map((t) => ({
    '@id': t.iri ?? `#technique-${slug(t.label)}`,
    '@type': 'DefinedTerm',
    name: t.label,
    ...(t.iri ? { url: t.iri } : {}),
  }));
  const license = licenseEntity(input.license);

  add({ '@id': 'ro-crate-metadata.json', '@type': 'CreativeWork', conformsTo: ref(RO_CRATE_SPEC), about: ref('./') });
  add({
    '@id': './',
    '@type': 'Dataset',
    name: input.name,
    description: input.description ?? `Results of ${input.actions.length} ionscope analys${input.actions.length === 1 ? 'is' : 'es'}`,
    datePublished: input.datePublished ?? new Date().toISOString(),
    license: ref(license['@id'] as string),
    conformsTo: ref(PROCESS_RUN_CRATE_PROFILE),
    hasPart: fileEntities.map((f) => ref(f['@id'] as string)),
    mentions: actionEntities.map((a) => ref(a['@id'] as string)),
    ...(techniques.length ? { measurementTechnique: techniques.map((t) => ref(t['@id'])), about: techniques.map((t) => ref(t['@id'])) } : {}),
  });
  add({ '@id': RO_CRATE_SPEC, '@type': 'CreativeWork', name: 'RO-Crate Metadata Specification 1.2', version: '1.2' });
  add({ '@id': PROCESS_RUN_CRATE_PROFILE, '@type': 'CreativeWork', name: 'Process Run Crate', version: '0.5' });
  add(license);
  for (const f of fileEntities) add(f);
  for (const a of actionEntities) add(a);
  for (const p of parameterEntities) add(p);
  for (const s of software) {
    add({ '@id': s.id, '@type': 'SoftwareApplication', name: s.name, version: s.version, softwareVersion: s.version, ...(s.url ? { url: s.url } : {}) });
  }
  for (const t of techniques) add(t);
  return { '@context': RO_CRATE_CONTEXT, '@graph': graph };
}

/**
 * Every `{"@id": ...}` reference in the crate that does not name an entity of its `@graph`
 * (ignoring the schema.org action-status IRIs). Empty for a consistent crate.
 */
export function danglingRoCrateReferences(crate: JsonObject): string[] {
  const graph = (crate['@graph'] ?? []) as JsonObject[];
  const ids = new Set(graph.map((e) => e['@id'] as string));
  const missing = new Set<string>();
  const visit = (value: JsonValue, top: boolean) => {
    if (Array.isArray(value)) value.forEach((v) => visit(v, false));
    else if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      if (!top && keys.length === 1 && keys[0] === '@id') {
        const id = value['@id'] as string;
        if (!ids.has(id) && !id.startsWith('http://schema.org/')) missing.add(id);
      } else for (const [k, v] of Object.entries(value)) if (k !== '@id') visit(v, false);
    }
  };
  for (const entity of graph) visit(entity, true);
  return [...missing];
}

/** Parameters as PropertyValue entities, one per top-level key (nested values as JSON text). */
function parameterValues(actionId: string, params: JsonValue): JsonObject[] {
  const entries: [string, JsonValue][] =
    params && typeof params === 'object' && !Array.isArray(params)
      ? Object.entries(params)
      : params === null || params === undefined
        ? []
        : [['params', params]];
  return entries.map(([name, value]) => ({
    '@id': `${actionId}-param-${slug(name)}`,
    '@type': 'PropertyValue',
    name,
    value: value !== null && typeof value === 'object' ? JSON.stringify(value) : value,
  }));
}

function licenseEntity(license: string | undefined): JsonObject {
  if (!license) {
    return {
      '@id': '#license-not-given',
      '@type': 'CreativeWork',
      name: 'No licence given',
      description: 'The creator of this crate did not state a licence; ask them before reusing the data.',
    };
  }
  if (/^https?:\/\//.test(license)) return { '@id': license, '@type': 'CreativeWork', name: license, identifier: license };
  const spdx = `https://spdx.org/licenses/${encodeURIComponent(license)}`;
  return { '@id': spdx, '@type': 'CreativeWork', name: license, identifier: license, url: spdx };
}

/** `./a//b\\c` → `a/b/c`. */
function normalisePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^(\.\/)+/, '');
}

/**
 * The `@id` of a file: its path relative to the crate root as a URI reference (spaces, `%`, `#`, `?`
 * escaped; other UTF-8 kept, as RO-Crate prefers IRIs), or a local `#` id for a file outside the
 * crate (absolute or `../` path), which RO-Crate allows for files not present in the crate.
 */
function fileId(path: string): string {
  const p = normalisePath(path);
  const escaped = p.replace(/[%\s#?[\]"<>\\^`{|}]/g, (c) => encodeURIComponent(c));
  if (/^[A-Za-z]:\//.test(p) || p.startsWith('/') || p === '..' || p.startsWith('../')) return `#file:${escaped}`;
  return escaped;
}

function baseName(path: string): string {
  const p = normalisePath(path);
  return p.slice(p.lastIndexOf('/') + 1) || p;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9@.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}
