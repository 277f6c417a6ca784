/**
 * The way a lab installs ionscope: `npm pack` core, the CLI and a plugin, install the three tarballs
 * into an empty folder outside this workspace, and use the installed `ionscope` binary there.
 * Dependencies (commander, piscina, vega, zod, h5wasm, ...) come from the npm registry.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { appRoot, demoCurve, fixturePlugin, sampleFile } from './helpers';

const exec = promisify(execFile);
const coreRoot = join(appRoot, '..', '..', 'packages', 'core');

/** The environment without the npm_* variables of an enclosing `npm test` (they would point npm at the workspace). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
}

async function run(cmd: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('standalone install (npm pack → npm install in a fresh folder)', () => {
  it('the installed ionscope finds the plugin and runs plugins, analyze and run', { timeout: 240_000 }, async () => {
    for (const dist of [join(coreRoot, 'dist', 'index.js'), join(appRoot, 'dist', 'bin.js'), join(appRoot, 'dist', 'worker.js')]) {
      expect(existsSync(dist), `${dist} is missing: build first (nx runs build before test)`).toBe(true);
    }
    const root = mkdtempSync(join(tmpdir(), 'ionscope-standalone-'));
    const tarballs = join(root, 'tarballs');
    const project = join(root, 'lab-project');
    mkdirSync(tarballs);
    mkdirSync(project);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    for (const dir of [coreRoot, appRoot, fixturePlugin]) {
      const packed = await run(npm, ['pack', '--pack-destination', tarballs, '--silent'], dir);
      expect(packed.code, packed.stderr).toBe(0);
    }
    const files = readdirSync(tarballs).sort();
    expect(files).toEqual(['ionscope-0.1.0.tgz', 'ionscope-core-0.1.0.tgz', 'ionscope-plugin-demo-1.0.0.tgz'].sort());
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lab-project', private: true }));
    const installed = await run(npm, ['install', '--no-audit', '--no-fund', ...files.map((f) => join(tarballs, f))], project);
    expect(installed.code, installed.stderr).toBe(0);

    const bin = join(project, 'node_modules', '.bin', process.platform === 'win32' ? 'ionscope.cmd' : 'ionscope');
    // discovery as users get it: no IONSCOPE_DISCOVER, no config file
    const plugins = await run(bin, ['plugins', '--json'], project);
    expect(plugins.code, plugins.stderr).toBe(0);
    const listed = JSON.parse(plugins.stdout);
    const demo = listed.plugins.find((p: any) => p.id === 'demo');
    expect(demo).toMatchObject({ version: '1.0.0', source: 'ionscope-plugin-demo', via: 'node_modules' });
    expect(demo.root).toBe(join(project, 'node_modules', 'ionscope-plugin-demo'));
    expect(listed.problems).toEqual([]);

    copyFileSync(sampleFile, join(project, 'line.demo'));
    const analyzed = await run(bin, ['analyze', 'line.demo', '--analysis', 'demo.line-fit', '--out', 'fit', '--json'], project);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    const result = JSON.parse(analyzed.stdout);
    expect(result).toMatchObject({ ok: true, analysis: 'demo.line-fit', result: { slope: { unit: 'V/s' }, intercept: { unit: 'V' } } });
    expect(result.result.slope.value).toBeCloseTo(0.497697, 5);
    expect(readdirSync(join(project, 'fit')).sort()).toEqual(['result.csv', 'result.json', 'ro-crate-metadata.json', 'view-demo.fit-plot.svg', 'views.json']);

    // a batch on the installed worker threads
    mkdirSync(join(project, 'data'));
    for (let i = 1; i <= 4; i++) writeFileSync(join(project, 'data', `${i}.demo`), demoCurve(i, i, 6));
    writeFileSync(join(project, 'pipeline.yaml'), 'inputs: data/*.demo\nsteps:\n  - analysis: demo.line-fit\noutput: { views: false }\n');
    const batch = await run(bin, ['run', 'pipeline.yaml', '--out', 'batch', '--json'], project);
    expect(batch.code, batch.stderr).toBe(0);
    expect(JSON.parse(batch.stdout)).toMatchObject({ ok: true, total: 4, succeeded: 4 });
    expect(readFileSync(join(project, 'batch', 'results.csv'), 'utf8').split('\n')[1]).toMatch(/^data\/1\.demo,ok,1,/);
  });
});
