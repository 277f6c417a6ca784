import { AmbiguousReaderError, ApiVersionError, DuplicateIdError, ManifestError, NoReaderError, UnknownContributionError } from '../errors';
import { acceptsKind } from '../plugin/accepts';
import { apiVersionSatisfied } from '../plugin/api-version';
import type { AnalysisContribution, Plugin, PluginDefinition, ReaderContribution, SniffInput, ViewContribution, WriterContribution } from '../plugin/contract';
import { isPlugin } from '../plugin/define-plugin';
import { validatePluginDefinition } from '../plugin/validate';
import { API_VERSION } from '../version';

/** A reader's sniff result. */
export interface SniffCandidate {
  reader: string;
  plugin: string;
  confidence: number;
}

/** The reader the registry picked for a file, and why. */
export interface ReaderChoice {
  reader: ReaderContribution;
  plugin: Plugin;
  confidence: number;
  /** Every reader that gave a non-zero confidence, best first. */
  candidates: SniffCandidate[];
  /** One sentence saying why this reader was chosen. */
  explanation: string;
}

/** A contribution together with the plugin that registered it. */
export interface Owned<T> {
  item: T;
  plugin: Plugin;
}

/** Two confidences closer than this are a tie. */
const TIE_MARGIN = 0.05;

/**
 * Holds the registered plugins and answers: which reader reads this file, which analyses accept
 * this kind, what does everything look like as JSON. Plugins are validated on registration.
 */
export class Registry {
  private readonly pluginsById = new Map<string, { plugin: Plugin; source: string }>();
  private readonly readersById = new Map<string, Owned<ReaderContribution>>();
  private readonly analysesById = new Map<string, Owned<AnalysisContribution>>();
  private readonly viewsById = new Map<string, Owned<ViewContribution>>();
  private readonly writersById = new Map<string, Owned<WriterContribution>>();

  /**
   * Registers a plugin (the default export of a plugin module). Throws a ManifestError for an
   * invalid definition, an ApiVersionError when its `apiVersion` does not accept this core, and a
   * DuplicateIdError when it or one of its contributions is already registered.
   * @param source where the plugin came from (package name or path), used in error messages.
   */
  register(candidate: unknown, source = 'plugin'): Plugin {
    const definition = unwrapModule(candidate);
    validatePluginDefinition(definition, source);
    const def = definition as PluginDefinition;
    if (!apiVersionSatisfied(def.apiVersion)) {
      throw new ApiVersionError(`plugin "${def.id}" ${def.version} needs core API ${def.apiVersion}, but this core provides ${API_VERSION}`, {
        file: source,
        field: 'apiVersion',
        expected: `a range that accepts ${API_VERSION}, e.g. "^${API_VERSION.split('.')[0]}"`,
        found: def.apiVersion,
      });
    }
    const existing = this.pluginsById.get(def.id);
    if (existing) {
      throw new DuplicateIdError(`plugin "${def.id}" is already registered (from ${existing.source})`, { file: source, field: 'id' });
    }
    const plugin: Plugin = isPlugin(def) ? def : Object.freeze({ ...def, __ionscopePlugin: true as const });
    const additions: [Map<string, Owned<unknown>>, { id: string }[] | undefined, string][] = [
      [this.readersById, plugin.readers, 'reader'],
      [this.analysesById, plugin.analyses, 'analysis'],
      [this.viewsById, plugin.views, 'view'],
      [this.writersById, plugin.writers, 'writer'],
    ];
    for (const [map, items, what] of additions) {
      for (const item of items ?? []) {
        if (map.has(item.id)) throw new DuplicateIdError(`${what} "${item.id}" is already registered`, { file: source });
      }
    }
    for (const [map, items] of additions) for (const item of items ?? []) map.set(item.id, { item, plugin });
    this.pluginsById.set(plugin.id, { plugin, source });
    return plugin;
  }

  plugins(): Plugin[] {
    return [...this.pluginsById.values()].map((p) => p.plugin);
  }

  plugin(id: string): Plugin {
    const entry = this.pluginsById.get(id);
    if (!entry) throw new UnknownContributionError(`no plugin "${id}" is registered`, { expected: this.known(this.pluginsById) });
    return entry.plugin;
  }

  /** Where a plugin was registered from. */
  sourceOf(pluginId: string): string | undefined {
    return this.pluginsById.get(pluginId)?.source;
  }

  readers(): ReaderContribution[] {
    return [...this.readersById.values()].map((o) => o.item);
  }
  analyses(): AnalysisContribution[] {
    return [...this.analysesById.values()].map((o) => o.item);
  }
  views(): ViewContribution[] {
    return [...this.viewsById.values()].map((o) => o.item);
  }
  writers(): WriterContribution[] {
    return [...this.writersById.values()].map((o) => o.item);
  }

  reader(id: string): Owned<ReaderContribution> {
    return this.lookup(this.readersById, id, 'reader');
  }
  analysis(id: string): Owned<AnalysisContribution> {
    return this.lookup(this.analysesById, id, 'analysis');
  }
  view(id: string): Owned<ViewContribution> {
    return this.lookup(this.viewsById, id, 'view');
  }
  writer(id: string): Owned<WriterContribution> {
    return this.lookup(this.writersById, id, 'writer');
  }

  /** Analyses whose primary input accepts this kind. */
  analysesFor(kind: string): AnalysisContribution[] {
    return this.analyses().filter((a) => Object.values(a.inputs)[0]?.accepts.includes(kind));
  }
  viewsFor(kind: string): ViewContribution[] {
    return this.views().filter((v) => acceptsKind(v.accepts, kind));
  }
  writersFor(kind: string): WriterContribution[] {
    return this.writers().filter((w) => acceptsKind(w.accepts, kind));
  }

  /** Every reader's confidence for this file, best first (zeros left out). Sniffers that throw count as 0. */
  sniff(input: SniffInput): SniffCandidate[] {
    const out: SniffCandidate[] = [];
    for (const { item, plugin } of this.readersById.values()) {
      let confidence = 0;
      try {
        confidence = Number(item.sniff(input));
      } catch {
        confidence = 0;
      }
      if (!Number.isFinite(confidence) || confidence <= 0) continue;
      out.push({ reader: item.id, plugin: plugin.id, confidence: Math.min(1, confidence) });
    }
    out.sort((a, b) => b.confidence - a.confidence || a.reader.localeCompare(b.reader));
    return out;
  }

  /**
   * Picks the reader for a file. With `readerId` the choice is forced. Otherwise the most confident
   * sniffer wins; a NoReaderError lists the formats that are installed when none matches, and an
   * AmbiguousReaderError lists the tied readers (choose one with `--reader`).
   */
  chooseReader(input: SniffInput, readerId?: string): ReaderChoice {
    const candidates = this.sniff(input);
    if (readerId) {
      const { item, plugin } = this.reader(readerId);
      const own = candidates.find((c) => c.reader === readerId)?.confidence ?? 0;
      return { reader: item, plugin, confidence: own, candidates, explanation: `reader "${readerId}" was chosen explicitly` };
    }
    const best = candidates[0];
    if (!best) {
      const formats = this.readers().map((r) => `${r.name} (${r.extensions.join(', ') || 'any extension'})`);
      throw new NoReaderError('no installed reader recognises this file', {
        file: input.name,
        expected: formats.length ? `one of: ${formats.join('; ')}` : 'an installed technique plugin (none is installed)',
      });
    }
    const tied = candidates.filter((c) => best.confidence - c.confidence < TIE_MARGIN);
    if (tied.length > 1) {
      throw new AmbiguousReaderError(
        `${tied.length} readers recognise this file equally well (${tied.map((c) => `${c.reader} ${c.confidence.toFixed(2)}`).join(', ')}); choose one with --reader`,
        { file: input.name, details: { candidates } },
      );
    }
    const { item, plugin } = this.reader(best.reader);
    const runnerUp = candidates[1];
    const explanation =
      `${item.name} (${best.reader}) recognised the file with confidence ${best.confidence.toFixed(2)}` +
      (runnerUp ? `; next best ${runnerUp.reader} at ${runnerUp.confidence.toFixed(2)}` : '; no other reader matched');
    return { reader: item, plugin, confidence: best.confidence, candidates, explanation };
  }

  private lookup<T>(map: Map<string, Owned<T>>, id: string, what: string): Owned<T> {
    const found = map.get(id);
    if (!found) {
      throw new UnknownContributionError(`no ${what} "${id}" is installed`, { field: what, expected: this.known(map) });
    }
    return found;
  }

  private known(map: Map<string, unknown>): string {
    const ids = [...map.keys()];
    return ids.length ? `one of ${ids.join(', ')}` : 'an installed plugin that provides it (none is installed)';
  }
}

/** Accepts a module namespace (`{default: plugin}`) as well as the plugin itself. */
function unwrapModule(candidate: unknown): unknown {
  if (candidate && typeof candidate === 'object' && 'default' in candidate && !('id' in candidate)) {
    return (candidate as { default: unknown }).default;
  }
  if (candidate === undefined || candidate === null) {
    throw new ManifestError('the plugin module exports nothing', { expected: 'a default export made with definePlugin()' });
  }
  return candidate;
}
