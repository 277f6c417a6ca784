import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { danglingRoCrateReferences } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { demoCurve, makeProject, oneJson, runCli } from './helpers';

/** Ordinary least squares with textbook standard errors, computed here independently of the plugin. */
function ols(x: number[], y: number[]) {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b) / n;
  const my = y.reduce((a, b) => a + b) / n;
  const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const slope = x.reduce((a, v, i) => a + (v - mx) * ((y[i] as number) - my), 0) / sxx;
  const intercept = my - slope * mx;
  const s2 = x.reduce((a, v, i) => a + ((y[i] as number) - intercept - slope * v) ** 2, 0) / (n - 2);
  return { slope, intercept, slopeStderr: Math.sqrt(s2 / sxx), interceptStderr: Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)) };
}

describe('ionscope analyze', () => {
  it('--json prints exactly one object {ok, analysis, result, provenance} with values, units and stderr', async () => {
    const cwd = makeProject();
    const r = await runCli(['analyze', 'line.demo', '--analysis', 'demo.line-fit', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    expect(Object.keys(out)).toEqual(['ok', 'analysis', 'result', 'provenance']);
    expect(out.ok).toBe(true);
    expect(out.analysis).toBe('demo.line-fit');
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [2.02, 2.47, 3.05, 3.49, 3.98, 4.53, 4.97, 5.52, 5.99, 6.48];
    const truth = ols(x, y);
    expect(out.result.kind).toBe('demo.fit');
    expect(out.result.slope.value).toBeCloseTo(truth.slope, 12);
    expect(out.result.slope.stderr).toBeCloseTo(truth.slopeStderr, 12);
    expect(out.result.slope.unit).toBe('V/s');
    expect(out.result.intercept.value).toBeCloseTo(truth.intercept, 12);
    expect(out.result.intercept.stderr).toBeCloseTo(truth.interceptStderr, 12);
    expect(out.result.fit).toMatchObject({ unit: 'V', dims: ['x'] });
    expect(out.result.x).toMatchObject({ unit: 's', values: x });
    expect(out.provenance.map((p: any) => [p.type, p.operation])).toEqual([
      ['read', 'demo.text'],
      ['analysis', 'demo.line-fit'],
    ]);
    expect(out.provenance[1]).toMatchObject({
      plugin: 'demo',
      pluginVersion: '1.0.0',
      inputs: [{ name: 'input', fileName: 'line.demo', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });
  });

  it('parses --param as JSON or text, converts quantities with units, sets nested keys, and reads --params files', async () => {
    const cwd = makeProject({ 'params.json': JSON.stringify({ factor: 10, label: 'from file' }) });
    const r = await runCli(
      [
        'analyze',
        'line.demo',
        '-a',
        'demo.scale',
        '--params',
        'params.json',
        '--param',
        'factor=2',
        '--param',
        'offset=250 mV',
        '--param',
        'clip.max=9',
        '--json',
      ],
      {
        cwd,
      },
    );
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    const y = [2.02, 2.47, 3.05, 3.49, 3.98, 4.53, 4.97, 5.52, 5.99, 6.48].map((v) => Math.min(9, v * 2 + 0.25));
    out.result.y.values.forEach((v: number, i: number) => expect(v).toBeCloseTo(y[i] as number, 12));
    expect(out.result).toMatchObject({ factor: 2, label: 'from file', referenced: false });
    expect(out.provenance.at(-1).params).toEqual({ factor: 2, offset: 0.25, label: 'from file', clip: { max: 9 } });
  });

  it('takes extra named inputs with --input NAME=PATH', async () => {
    const cwd = makeProject({ 'ref.demo': demoCurve(1, 0.5, 10) });
    const out = oneJson((await runCli(['analyze', 'line.demo', '-a', 'demo.scale', '--input', 'reference=ref.demo', '--json'], { cwd })).stdout);
    expect(out.ok).toBe(true);
    expect(out.result.referenced).toBe(true);
    expect(out.result.y.values[0]).toBeCloseTo(2.02 - 1, 12);
    expect(out.provenance.at(-1).inputs.map((i: any) => [i.name, i.fileName])).toEqual([
      ['input', 'line.demo'],
      ['reference', 'ref.demo'],
    ]);
  });

  it('fails with exit 1 and one {ok:false,error} object: bad unit, unknown analysis, failing plugin, parse error, usage', async () => {
    const cwd = makeProject({ 'bad.demo': '#demo\n1 2\n3 oops\n' });
    const cases: [string[], string, RegExp][] = [
      [['analyze', 'line.demo', '-a', 'demo.scale', '--param', 'offset=3 Ω'], 'E_PARAMS', /offset: cannot convert/],
      [['analyze', 'line.demo', '-a', 'demo.nope'], 'E_UNKNOWN', /no analysis "demo\.nope"/],
      [['analyze', 'line.demo', '-a', 'demo.fail'], 'E_PLUGIN', /demo\.fail failed: deliberate failure/],
      [['analyze', 'bad.demo', '-a', 'demo.line-fit'], 'E_PARSE', /bad\.demo, line 3: expected two numbers/],
      [['analyze', 'missing.demo', '-a', 'demo.line-fit'], 'E_FILE', /missing\.demo: cannot read it: no such file/],
      [['analyze', 'line.demo'], 'E_USAGE', /required option '-a, --analysis <id>'/],
      [['analyze', 'line.demo', '-a', 'demo.scale', '--input', 'nosuch=line.demo'], 'E_USAGE', /has no input named "nosuch"/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli([...args, '--json'], { cwd })));
    results.forEach((r, i) => {
      const [, code, message] = cases[i] as [string[], string, RegExp];
      expect(r.code, `${cases[i]?.[0].join(' ')}: ${r.stderr}`).toBe(1);
      const out = oneJson(r.stdout);
      expect(out).toMatchObject({ ok: false, error: { code } });
      expect(out.error.message).toMatch(message);
    });
  });

  it('--out writes result.json (lossless), result.csv, the views as SVG/PNG and ro-crate-metadata.json', async () => {
    const cwd = makeProject();
    const r = await runCli(['analyze', 'line.demo', '-a', 'demo.scale', '--param', 'factor=3', '--out', 'out', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    const dir = join(cwd, 'out');
    expect(out.outputs.map((p: string) => p.slice(dir.length + 1)).sort()).toEqual(
      ['result.json', 'result.csv', 'view-demo.curve-plot.svg', 'view-demo.image.png', 'views.json', 'ro-crate-metadata.json'].sort(),
    );
    const saved = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(saved).toMatchObject({ format: 'ionscope.dataset/1', kind: 'demo.curve', data: { y: { unit: 'V', values: { dtype: 'float64' } } } });
    expect(saved.data.y.values.data[0]).toBeCloseTo(6.06, 12);
    const csv = readFileSync(join(dir, 'result.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('x (s),y (V)');
    expect(csv[1]).toBe(`0,${2.02 * 3}`);
    const svg = readFileSync(join(dir, 'view-demo.curve-plot.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('x (s)');
    expect(svg).toContain('y (V)');
    const png = readFileSync(join(dir, 'view-demo.image.png'));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const crate = JSON.parse(readFileSync(join(dir, 'ro-crate-metadata.json'), 'utf8'));
    const graph: any[] = crate['@graph'];
    const byId = Object.fromEntries(graph.map((e) => [e['@id'], e]));
    expect(byId['ro-crate-metadata.json'].conformsTo['@id']).toMatch(/ro\/crate\/1\.2/);
    const input = graph.find((e) => e['@type'] === 'File' && String(e['@id']).includes('line.demo'));
    expect(input).toMatchObject({ sha256: out.provenance[0].inputs[0].sha256, contentSize: expect.anything() });
    expect(danglingRoCrateReferences(crate)).toEqual([]);
    expect(byId['result.json']).toMatchObject({ '@type': 'File', encodingFormat: 'application/json' });
    const action = graph.find((e) => e['@type'] === 'CreateAction');
    expect(action).toBeTruthy();
    expect(JSON.stringify(action)).toContain('demo.scale');
  });

  it('prints a readable result without --json (quantities with ± and units)', async () => {
    const cwd = makeProject();
    const r = await runCli(['analyze', 'line.demo', '-a', 'demo.line-fit'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/slope: 0\.497697 ± 0\.00315326 V\/s/);
    expect(r.stdout).toMatch(/intercept: 2\.01036 ± 0\.0168338 V/);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('keeps stdout to one JSON object even when a plugin prints with console.log', async () => {
    const cwd = makeProject({
      'chatty.mjs': "console.log('hello from a chatty plugin');\nexport default { id: 'chatty', name: 'Chatty', version: '1.0.0', apiVersion: '^1' };\n",
    });
    const config = JSON.parse(readFileSync(join(cwd, 'ionscope.config.json'), 'utf8'));
    writeFileSync(join(cwd, 'ionscope.config.json'), JSON.stringify({ plugins: [...config.plugins, './chatty.mjs'] }));
    const r = await runCli(['analyze', 'line.demo', '-a', 'demo.line-fit', '--json'], { cwd });
    expect(r.code).toBe(0);
    expect(oneJson(r.stdout).ok).toBe(true);
  });
});
