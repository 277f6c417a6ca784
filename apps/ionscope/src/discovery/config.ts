import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '@ionscope/core';
import { nodeModulesChain, pluginPackageAt, readPackageJson } from './find-packages';

/** The names `ionscope` looks for in the working directory, in this order. */
export const CONFIG_FILES = ['ionscope.config.json', 'ionscope.config.mjs'] as const;

/** One entry of `plugins` in a config file: a module specifier, a path, or (in .mjs) a plugin object. */
export type ConfigPluginEntry = string | Record<string, unknown>;

export interface IonscopeConfig {
  /** The config file that was read. */
  file: string;
  plugins: ConfigPluginEntry[];
}

/**
 * Reads `ionscope.config.json` or `ionscope.config.mjs` from `dir` (undefined when neither exists).
 * Both have the shape `{ "plugins": [ "ionscope-plugin-foo", "./local/plugin.mjs" ] }`.
 */
export async function readConfig(dir: string): Promise<IonscopeConfig | undefined> {
  for (const name of CONFIG_FILES) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    let value: unknown;
    try {
      if (name.endsWith('.json')) value = JSON.parse(readFileSync(file, 'utf8'));
      else value = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } catch (error) {
      throw new ConfigError(`cannot read the config: ${(error as Error).message}`, { file, cause: error });
    }
    const plugins = (value as { plugins?: unknown } | undefined)?.plugins ?? [];
    if (!Array.isArray(plugins) || !plugins.every((p) => typeof p === 'string' || (typeof p === 'object' && p !== null))) {
      throw new ConfigError('"plugins" must be a list', { file, field: 'plugins', expected: 'an array of module specifiers or paths' });
    }
    return { file, plugins: plugins as ConfigPluginEntry[] };
  }
  return undefined;
}

/** Where a config entry points: the module to import, and the package root its sample paths are relative to. */
export interface ResolvedEntry {
  /** Registry source: the package name, or the entry as written. */
  source: string;
  entry: string;
  root: string;
}

/**
 * Resolves a config entry: paths (`./x`, `../x`, `/x`) against the config file's folder (a folder
 * with a package.json is a package), bare specifiers (`ionscope-plugin-foo`, `@lab/plugin/sub`)
 * through the node_modules folders above `cwd`.
 */
export function resolveConfigEntry(spec: string, baseDir: string, cwd: string): ResolvedEntry {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const path = resolve(baseDir, spec);
    if (!existsSync(path)) throw new ConfigError(`plugin path "${spec}" does not exist`, { file: path, expected: 'a plugin module or package folder' });
    if (statSync(path).isDirectory()) return packageEntry(path, spec);
    return { source: spec, entry: path, root: nearestPackageRoot(path) };
  }
  const parts = spec.split('/');
  const nameParts = spec.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  const subpath = parts.slice(nameParts).join('/');
  for (const nodeModules of nodeModulesChain(cwd)) {
    const dir = join(nodeModules, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    if (!subpath) return packageEntry(dir, name);
    const entry = join(dir, subpath);
    if (!existsSync(entry)) throw new ConfigError(`"${spec}": ${entry} does not exist`, { field: 'plugins' });
    return { source: spec, entry, root: dir };
  }
  throw new ConfigError(`cannot find the plugin package "${name}"`, { field: 'plugins', expected: `it installed in a node_modules folder above ${cwd}` });
}

/** A package folder's plugin module: `ionscope.plugin`, else its ESM entry, else index.js. */
function packageEntry(dir: string, spec: string): ResolvedEntry {
  const declared = pluginPackageAt(dir);
  if (declared) return { source: declared.name, entry: declared.entry, root: declared.root };
  const pkg = readPackageJson(dir);
  const exp = pkg?.exports;
  const dot = typeof exp === 'string' ? exp : (exp?.['.'] ?? undefined);
  const fromExports = typeof dot === 'string' ? dot : (dot?.import ?? dot?.default);
  const main = typeof fromExports === 'string' ? fromExports : (pkg?.module ?? pkg?.main ?? 'index.js');
  return { source: pkg?.name ?? spec, entry: resolve(dir, main), root: dir };
}

function nearestPackageRoot(file: string): string {
  let dir = resolve(file, '..');
  while (true) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return resolve(file, '..');
    dir = parent;
  }
}
