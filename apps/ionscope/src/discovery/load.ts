import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as core from '@ionscope/core';
import { type IonscopeError, type Plugin, Registry, toIonscopeError } from '@ionscope/core';
import { readConfig, resolveConfigEntry } from './config';
import { findPluginPackages, readPackageJson } from './find-packages';

/**
 * Where to look for plugins (env `IONSCOPE_DISCOVER`):
 * - `all` (default): node_modules above the cwd, next to the CLI's own installation, and the config;
 * - `cwd`: node_modules above the cwd and the config (not the CLI's installation);
 * - `config`: only what `ionscope.config.(json|mjs)` lists.
 * Core's built-in plugin (ionscope JSON/NeXus readers and writers) is always registered.
 */
export type DiscoveryMode = 'all' | 'cwd' | 'config';

export interface DiscoveryOptions {
  cwd?: string;
  mode?: DiscoveryMode;
}

/** A plugin that was registered, and where it lives. */
export interface LoadedPlugin {
  id: string;
  version: string;
  /** Package name or config entry (the registry source). */
  source: string;
  /** Package root: `sampleData` paths are relative to it. */
  root?: string;
  /** The module that was imported. */
  entry?: string;
  /** `builtin` (core), `node_modules` or `config`. */
  via: 'builtin' | 'node_modules' | 'config';
}

/** A plugin that could not be loaded or registered. The CLI warns and goes on without it. */
export interface PluginProblem {
  source: string;
  code: string;
  message: string;
}

export interface LoadedRegistry {
  registry: Registry;
  plugins: LoadedPlugin[];
  problems: PluginProblem[];
}

let cliRoot: string | undefined;

/** The folder of the `ionscope` package itself (apps/ionscope, or node_modules/ionscope). */
export function cliPackageRoot(): string {
  if (cliRoot) return cliRoot;
  // Walk up from this module (dist/chunk.js or src/discovery/load.ts) to the package.json named "ionscope".
  let dir = dirname(fileURLToPath(import.meta.url));
  while (true) {
    if (readPackageJson(dir)?.name === 'ionscope') return (cliRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) return (cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..'));
    dir = parent;
  }
}

export function discoveryModeFromEnv(value = process.env.IONSCOPE_DISCOVER): DiscoveryMode {
  return value === 'cwd' || value === 'config' ? value : 'all';
}

function coreRoot(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@ionscope/core/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * Builds a registry of everything installed: core's built-in plugin (when core has one), plugin
 * packages found in node_modules, and the plugins listed in the config file. A plugin that fails to
 * import or register becomes a {@link PluginProblem}; the others still load.
 */
export async function loadRegistry(options: DiscoveryOptions = {}): Promise<LoadedRegistry> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const mode = options.mode ?? discoveryModeFromEnv();
  const registry = new Registry();
  const plugins: LoadedPlugin[] = [];
  const problems: PluginProblem[] = [];
  const record = (error: unknown, source: string) => {
    const e: IonscopeError = toIonscopeError(error);
    problems.push({ source, code: e.code, message: e.message });
  };
  const register = (candidate: unknown, loaded: Omit<LoadedPlugin, 'id' | 'version'>) => {
    try {
      const plugin: Plugin = registry.register(candidate, loaded.source);
      plugins.push({ id: plugin.id, version: plugin.version, ...loaded });
    } catch (error) {
      record(error, loaded.source);
    }
  };

  // Core's own plugin (readers for ionscope JSON/NeXus, writers), when this core has one.
  const builtin = (core as Record<string, unknown>).builtinPlugin;
  if (builtin) register(builtin, { source: '@ionscope/core', root: coreRoot(), via: 'builtin' });

  if (mode !== 'config') {
    const searchFrom = mode === 'all' ? [cwd, cliPackageRoot()] : [cwd];
    for (const pkg of findPluginPackages(searchFrom)) {
      if (builtin && pkg.name === '@ionscope/core') continue;
      try {
        const module = await import(pathToFileURL(pkg.entry).href);
        register(module, { source: pkg.name, root: pkg.root, entry: pkg.entry, via: 'node_modules' });
      } catch (error) {
        record(wrapImport(error, pkg.entry), pkg.name);
      }
    }
  }

  let config: Awaited<ReturnType<typeof readConfig>>;
  try {
    config = await readConfig(cwd);
  } catch (error) {
    record(error, 'ionscope.config');
  }
  for (const entry of config?.plugins ?? []) {
    if (typeof entry !== 'string') {
      register(entry, { source: `${config?.file} (inline plugin)`, root: cwd, via: 'config' });
      continue;
    }
    try {
      const resolved = resolveConfigEntry(entry, dirname(config?.file ?? cwd), cwd);
      if (plugins.some((p) => p.entry === resolved.entry)) continue; // already found in node_modules
      const module = await import(pathToFileURL(resolved.entry).href);
      register(module, { source: resolved.source, root: resolved.root, entry: resolved.entry, via: 'config' });
    } catch (error) {
      record(wrapImport(error, entry), entry);
    }
  }
  return { registry, plugins, problems };
}

/** Import failures (missing build, syntax error) as a message that says which file. */
function wrapImport(error: unknown, entry: string): unknown {
  if (error instanceof core.IonscopeError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new core.PluginFailureError(`cannot load the plugin module: ${text}`, { file: entry, cause: error });
}
