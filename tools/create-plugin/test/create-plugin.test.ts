import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry, readSource, renderView, runAnalysis } from '@ionscope/core';
import { afterAll, describe, expect, it } from 'vitest';

const GENERATOR = new URL('../index.mjs', import.meta.url).pathname;
const REPO = new URL('../../../', import.meta.url).pathname;
const BIN = join(REPO, 'node_modules', '.bin');
const scratch = mkdtempSync(join(tmpdir(), 'ionscope-create-plugin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function generate(args: string[], cwd = scratch) {
  return spawnSync(process.execPath, [GENERATOR, ...args], { cwd, encoding: 'utf8' });
}

describe('create-plugin, standalone (outside the workspace)', () => {
  const dir = join(scratch, 'standalone');
  const pkg = join(dir, 'raman-map');

  it('writes a package with a reader, an analysis, a view, sample data, tests and a bench', () => {
    mkdirSync(dir, { recursive: true });
    const run = generate(['raman-map', '--dir', dir, '--name', 'Raman mapping']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created ionscope-plugin-raman-map .*standalone/);
    for (const f of [
      'package.json',
      'tsconfig.json',
      'tsconfig.test.json',
      'tsup.config.ts',
      'vitest.config.ts',
      'README.md',
      'src/index.ts',
      'src/readers/csv.ts',
      'src/analyses/integrate.ts',
      'src/views/line.ts',
      'test/plugin.test.ts',
      'bench/index.ts',
      'examples/example.csv',
      'examples/NOTICE.md',
    ]) {
      expect(existsSync(join(pkg, f)), f).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest.ionscope).toEqual({ plugin: './dist/index.js' });
    expect(manifest.peerDependencies['@ionscope/core']).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['typescript', 'tsup', 'vitest', 'fast-check']));
    expect(readFileSync(join(pkg, 'src/index.ts'), 'utf8')).not.toMatch(/__ID__|__NAME__|__PACKAGE__/);
    // Resolve @ionscope/core, vitest and TypeScript from the workspace, as `npm install` would.
    symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  });

  it('registers with a Registry and runs its sample through reader, analysis and view', async () => {
    const mod = await import(pathToFileURL(join(pkg, 'src/index.ts')).href);
    const registry = new Registry();
    const plugin = registry.register(mod, 'ionscope-plugin-raman-map');
    expect(plugin.id).toBe('raman-map');
    expect(plugin.name).toBe('Raman mapping');
    expect(registry.analyses().map((a) => a.id)).toEqual(['raman-map.integrate']);
    const sample = plugin.sampleData?.[0];
    const bytes = new Uint8Array(readFileSync(join(pkg, sample?.files.input as string)));
    const { dataset, choice } = await readSource(registry, { name: 'example.csv', bytes });
    expect(choice.reader.id).toBe('raman-map.csv');
    const result = await runAnalysis(registry, sample?.analyses[0]?.analysis as string, { input: dataset }, {});
    expect(result.values?.integral).toEqual({ value: 9, unit: 'V·s' });
    expect((await renderView(registry, 'raman-map.line', result)).type).toBe('vega-lite');
  });

  it('type-checks and passes its own tests', () => {
    const tsc = spawnSync(join(BIN, 'tsc'), ['-p', 'tsconfig.test.json'], { cwd: pkg, encoding: 'utf8' });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const vitest = spawnSync(join(BIN, 'vitest'), ['run'], { cwd: pkg, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+7 passed/);
  });
});

describe('create-plugin inside a workspace', () => {
  it('extends the workspace configs and uses the shared bench harness', () => {
    const root = join(scratch, 'workspace');
    mkdirSync(join(root, 'packages', 'core'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.base.json'), '{}');
    writeFileSync(join(root, 'vitest.shared.ts'), '');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ devDependencies: { vitest: '4.1.12' } }));
    writeFileSync(join(root, 'packages', 'core', 'package.json'), JSON.stringify({ name: '@ionscope/core', version: '0.7.1' }));
    const run = generate(['eels', '--dir', join(root, 'packages')], root);
    expect(run.status, run.stderr).toBe(0);
    const pkg = join(root, 'packages', 'eels');
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@ionscope/eels');
    expect(manifest.peerDependencies).toEqual({ '@ionscope/core': '^0.7.1' });
    expect(manifest.devDependencies).toEqual({ '@ionscope/core': '0.7.1', '@ionscope/bench': '0.0.0' });
    expect(JSON.parse(readFileSync(join(pkg, 'tsconfig.json'), 'utf8')).extends).toBe('../../tsconfig.base.json');
    expect(readFileSync(join(pkg, 'vitest.config.ts'), 'utf8')).toMatch(/from '\.\.\/\.\.\/vitest\.shared'/);
    expect(readFileSync(join(pkg, 'bench/index.ts'), 'utf8')).toMatch(/from '@ionscope\/bench'/);
    expect(run.stdout).toMatch(/npm install/);
  });
});

describe('create-plugin refuses bad input', () => {
  it('rejects invalid ids, the built-in id, and a non-empty target', () => {
    for (const id of ['Raman', '1xrd', 'a.b', 'ionscope']) {
      const run = generate([id, '--dir', scratch]);
      expect(run.status, id).toBe(1);
      expect(run.stderr).toMatch(/create-plugin: /);
    }
    const dir = join(scratch, 'busy');
    mkdirSync(join(dir, 'thz'), { recursive: true });
    writeFileSync(join(dir, 'thz', 'keep.txt'), 'mine');
    const run = generate(['thz', '--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/exists and is not empty/);
    expect(readFileSync(join(dir, 'thz', 'keep.txt'), 'utf8')).toBe('mine');
    expect(generate([]).status).toBe(1);
  });
});
