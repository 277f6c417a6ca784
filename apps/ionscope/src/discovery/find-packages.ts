import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** An installed package that declares an ionscope plugin in its package.json. */
export interface PluginPackage {
  /** Package name (`@ionscope/impedance`), used as the registry source. */
  name: string;
  version: string;
  /** Real path of the package folder (symlinks resolved, so workspace links work). */
  root: string;
  /** Absolute path of the plugin module (`ionscope.plugin` resolved against `root`). */
  entry: string;
  /** The node_modules folder it was found in. */
  foundIn: string;
}

/** Reads a package.json, or undefined when it is missing or not JSON. */
export function readPackageJson(dir: string): Record<string, any> | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The node_modules folders Node would search from `start`: `<dir>/node_modules` for `start` and
 * every ancestor, plus `dir` itself when it is a node_modules folder (a package installed inside
 * one, such as the CLI under a global prefix).
 */
export function nodeModulesChain(start: string): string[] {
  const out: string[] = [];
  let dir = resolve(start);
  while (true) {
    if (basename(dir) === 'node_modules') out.push(dir);
    else {
      const candidate = join(dir, 'node_modules');
      if (isDirectory(candidate)) out.push(candidate);
    }
    const parent = dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Package folders directly in a node_modules folder (including `@scope/name`). */
function packageDirs(nodeModules: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(nodeModules);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      try {
        for (const inner of readdirSync(join(nodeModules, entry))) if (!inner.startsWith('.')) out.push(join(nodeModules, entry, inner));
      } catch {
        // not a folder: ignore
      }
    } else {
      out.push(join(nodeModules, entry));
    }
  }
  return out;
}

/** The package's plugin entry when its package.json declares `"ionscope": {"plugin": "<path>"}`. */
export function pluginPackageAt(dir: string, foundIn = dirname(dir)): PluginPackage | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  // Most packages in node_modules are not plugins: skip the JSON parse for them.
  if (!text.includes('"ionscope"')) return undefined;
  let pkg: Record<string, any> | undefined;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  const plugin = pkg?.ionscope?.plugin;
  if (!pkg || typeof plugin !== 'string' || !plugin) return undefined;
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return undefined;
  }
  return { name: String(pkg.name ?? basename(dir)), version: String(pkg.version ?? '0.0.0'), root, entry: resolve(root, plugin), foundIn };
}

/**
 * Every plugin package installed where the user's project or the CLI itself can see it. The
 * folders are searched in order (the cwd's chain first, then the CLI's own installation); the first
 * package with a given name wins, so a project's copy shadows a global one.
 */
export function findPluginPackages(searchFrom: string[]): PluginPackage[] {
  const seenFolders = new Set<string>();
  const byName = new Map<string, PluginPackage>();
  for (const start of searchFrom) {
    for (const nodeModules of nodeModulesChain(start)) {
      let real: string;
      try {
        real = realpathSync(nodeModules);
      } catch {
        continue;
      }
      if (seenFolders.has(real)) continue;
      seenFolders.add(real);
      for (const dir of packageDirs(nodeModules)) {
        const found = pluginPackageAt(dir, nodeModules);
        if (found && !byName.has(found.name)) byName.set(found.name, found);
      }
    }
  }
  return [...byName.values()];
}
