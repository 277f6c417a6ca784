import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPluginPackages, nodeModulesChain } from '../src/discovery/find-packages';
import { cliPackageRoot, loadRegistry } from '../src/discovery/load';
import { fixturePlugin } from './helpers';

function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** A project with a plugin linked in (like a workspace), a scoped plugin, a broken one, a bad manifest, a future API and a non-plugin. */
function project() {
  const root = mkdtempSync(join(tmpdir(), 'ionscope-discovery-'));
  const nm = join(root, 'node_modules');
  mkdirSync(nm, { recursive: true });
  symlinkSync(fixturePlugin, join(nm, 'ionscope-plugin-demo'), 'dir');
  pkg(join(nm, 'not-a-plugin'), { name: 'not-a-plugin', version: '1.0.0' });
  pkg(
    join(nm, 'broken-plugin'),
    { name: 'broken-plugin', version: '1.0.0', type: 'module', ionscope: { plugin: './index.js' } },
    { 'index.js': 'export default {;\n' },
  );
  pkg(
    join(nm, '@lab', 'bad-manifest'),
    { name: '@lab/bad-manifest', version: '1.0.0', type: 'module', ionscope: { plugin: './index.js' } },
    {
      'index.js': "export default { id: 'Bad Id', name: 'x', version: '1.0.0', apiVersion: '^1' };\n",
    },
  );
  pkg(
    join(nm, 'future-plugin'),
    { name: 'future-plugin', version: '1.0.0', type: 'module', ionscope: { plugin: './index.js' } },
    {
      'index.js': "export default { id: 'future', name: 'Future', version: '3.0.0', apiVersion: '^9' };\n",
    },
  );
  const deep = join(root, 'experiments', 'day1');
  mkdirSync(deep, { recursive: true });
  return { root, nm, deep };
}

describe('plugin discovery', () => {
  it('finds packages with an "ionscope.plugin" field in node_modules from the cwd upward (scoped and symlinked too)', () => {
    const { nm, deep } = project();
    expect(nodeModulesChain(deep)[0]).toBe(nm);
    const found = findPluginPackages([deep]);
    const names = found.map((p) => p.name).sort();
    expect(names).toEqual(['@lab/bad-manifest', 'broken-plugin', 'future-plugin', 'ionscope-plugin-demo']);
    const demo = found.find((p) => p.name === 'ionscope-plugin-demo');
    expect(demo?.root).toBe(realpathSync(fixturePlugin));
    expect(demo?.entry).toBe(join(realpathSync(fixturePlugin), 'index.js'));
  });

  it('finds the plugins installed next to the CLI (this monorepo: workspace links in node_modules/@ionscope)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ionscope-empty-'));
    const names = findPluginPackages([empty, cliPackageRoot()]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@ionscope/impedance', '@ionscope/xrd', '@ionscope/thz', '@ionscope/tomography']));
    expect(findPluginPackages([empty])).toEqual([]);
  });

  it('finds plugins installed next to a globally installed CLI (prefix/lib/node_modules)', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'ionscope-global-'));
    const globalModules = join(prefix, 'lib', 'node_modules');
    pkg(join(globalModules, 'ionscope'), { name: 'ionscope', version: '0.1.0' });
    pkg(join(globalModules, 'ionscope-plugin-x'), { name: 'ionscope-plugin-x', version: '2.0.0', ionscope: { plugin: './x.js' } });
    expect(nodeModulesChain(join(globalModules, 'ionscope'))).toContain(globalModules);
    const found = findPluginPackages([mkdtempSync(join(tmpdir(), 'ionscope-elsewhere-')), join(globalModules, 'ionscope')]);
    expect(found.map((p) => [p.name, p.version, p.entry])).toEqual([
      ['ionscope-plugin-x', '2.0.0', join(realpathSync(globalModules), 'ionscope-plugin-x', 'x.js')],
    ]);
  });

  it('registers good plugins and reports broken ones without stopping', async () => {
    const { deep } = project();
    const loaded = await loadRegistry({ cwd: deep, mode: 'cwd' });
    expect(loaded.plugins.map((p) => [p.id, p.source, p.via])).toContainEqual(['demo', 'ionscope-plugin-demo', 'node_modules']);
    expect(loaded.registry.analysis('demo.line-fit').item.name).toBe('Straight-line fit');
    const bySource = Object.fromEntries(loaded.problems.map((p) => [p.source, p]));
    expect(bySource['broken-plugin']?.code).toBe('E_PLUGIN');
    expect(bySource['broken-plugin']?.message).toMatch(/broken-plugin.*index\.js: cannot load the plugin module/);
    expect(bySource['@lab/bad-manifest']?.code).toBe('E_INVALID_MANIFEST');
    expect(bySource['@lab/bad-manifest']?.message).toMatch(/@lab\/bad-manifest, field "id"/);
    expect(bySource['future-plugin']?.code).toBe('E_API_VERSION');
  });

  it('loads the plugins an ionscope.config.json or .mjs lists (paths, package names, inline objects)', async () => {
    const { root, deep } = project();
    writeFileSync(join(deep, 'ionscope.config.json'), JSON.stringify({ plugins: ['ionscope-plugin-demo', '../../local-plugin.mjs'] }));
    writeFileSync(
      join(root, 'local-plugin.mjs'),
      "export default { id: 'local', name: 'Local', version: '0.0.1', apiVersion: '^1', kinds: [{ id: 'local.thing', description: 'x' }] };\n",
    );
    const loaded = await loadRegistry({ cwd: deep, mode: 'config' });
    // core's built-in plugin (id "ionscope") is always there
    expect(loaded.plugins.map((p) => p.id).sort()).toEqual(['demo', 'ionscope', 'local']);
    expect(loaded.plugins.find((p) => p.id === 'ionscope')).toMatchObject({ source: '@ionscope/core', via: 'builtin' });
    expect(loaded.plugins.find((p) => p.id === 'local')?.source).toBe('../../local-plugin.mjs');
    expect(loaded.problems).toEqual([]);

    const mjsDir = join(root, 'mjs');
    mkdirSync(mjsDir);
    writeFileSync(
      join(mjsDir, 'ionscope.config.mjs'),
      "export default { plugins: [{ id: 'inline', name: 'Inline', version: '1.0.0', apiVersion: '^1' }, 'no-such-plugin'] };\n",
    );
    const fromMjs = await loadRegistry({ cwd: mjsDir, mode: 'config' });
    expect(fromMjs.plugins.map((p) => p.id)).toEqual(['ionscope', 'inline']);
    expect(fromMjs.problems[0]).toMatchObject({ source: 'no-such-plugin', code: 'E_CONFIG' });
  });
});
