import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePlugin, makeProject, oneJson, runCli } from './helpers';

describe('ionscope plugins', () => {
  it('--json lists plugins with readers, analyses (params as JSON Schema with units), views and sample data', async () => {
    const cwd = makeProject();
    const r = await runCli(['plugins', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.core).toMatchObject({ version: expect.any(String), apiVersion: expect.stringMatching(/^1\./) });
    const demo = out.plugins.find((p: any) => p.id === 'demo');
    expect(demo).toMatchObject({ version: '1.0.0', source: expect.stringContaining('plugin-demo'), via: 'config' });
    expect(demo.readers.map((x: any) => x.id)).toEqual(['demo.text']);
    const scale = demo.analyses.find((a: any) => a.id === 'demo.scale');
    expect(scale.params.type).toBe('object');
    expect(scale.params.properties.factor).toMatchObject({ type: 'number', default: 1 });
    expect(scale.params.properties.offset.unit).toBe('V');
    expect(demo.views.map((v: any) => v.id)).toEqual(['demo.fit-plot', 'demo.curve-plot', 'demo.image']);
    expect(demo.sampleData[0]).toMatchObject({ id: 'demo.line', analyses: ['demo.line-fit', 'demo.scale', 'demo.slow'] });
    expect(out.problems).toEqual([]);
  });

  it('prints a readable list, and warns about a broken plugin without failing', async () => {
    const cwd = makeProject({ 'broken.mjs': 'export default {;' });
    writeFileSync(join(cwd, 'ionscope.config.json'), JSON.stringify({ plugins: [fixturePlugin, './broken.mjs'] }));
    const r = await runCli(['plugins'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/demo 1\.0\.0: Demo technique/);
    expect(r.stdout).toMatch(/analysis demo\.line-fit: Straight-line fit \(demo\.curve → demo\.fit\)/);
    expect(r.stderr).toMatch(/warning: plugin \.\/broken\.mjs was not loaded/);
    const json = oneJson((await runCli(['plugins', '--json'], { cwd })).stdout);
    expect(json.problems[0]).toMatchObject({ source: './broken.mjs', code: 'E_PLUGIN' });
  });
});

describe('ionscope command line', () => {
  it('--help and --version exit 0; no command or an unknown one exits 1 (with --json, an E_USAGE object)', async () => {
    const cwd = makeProject();
    const [help, version, none, unknown] = await Promise.all([
      runCli(['--help'], { cwd }),
      runCli(['--version'], { cwd }),
      runCli([], { cwd }),
      runCli(['bogus', '--json'], { cwd }),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: ionscope/);
    for (const cmd of ['plugins', 'inspect', 'analyze', 'run', 'report', 'demo']) expect(help.stdout).toContain(cmd);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(none.code).toBe(1);
    expect(unknown.code).toBe(1);
    expect(oneJson(unknown.stdout)).toEqual({ ok: false, error: { code: 'E_USAGE', message: "unknown command 'bogus'" } });
  });
});
