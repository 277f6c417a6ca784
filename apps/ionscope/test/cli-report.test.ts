import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/report/html';
import { splitCsvLine } from '../src/report/collect';
import { demoCurve, makeProject, oneJson, runCli } from './helpers';

/** Asserts the page needs nothing from the network: no external src/href, no scripts or stylesheets to fetch. */
function expectSelfContained(html: string) {
  const refs = [...html.matchAll(/\b(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1] as string);
  for (const ref of refs) expect(ref, ref.slice(0, 60)).toMatch(/^(data:|#)/);
  expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
  expect(html).not.toMatch(/<link[^>]*stylesheet/i);
  expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  expect(html).toMatch(/<meta charset="utf-8">/);
  // embedded SVGs must not reach out either
  for (const m of html.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)) {
    const svg = Buffer.from(m[1] as string, 'base64').toString('utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/(?:href|src)\s*=\s*["']https?:/i);
  }
}

describe('ionscope report', () => {
  it('writes one self-contained report.html for an analyze --out folder (inline SVG/PNG, parameters with stderr and units, metadata, provenance)', async () => {
    const cwd = makeProject();
    expect((await runCli(['analyze', 'line.demo', '-a', 'demo.line-fit', '--out', 'fit'], { cwd })).code).toBe(0);
    expect((await runCli(['analyze', 'line.demo', '-a', 'demo.scale', '--out', 'fit/scaled'], { cwd })).code).toBe(0);
    const r = await runCli(['report', 'fit', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    expect(out).toEqual({ ok: true, report: join(cwd, 'fit', 'report.html'), results: 2 });
    const html = readFileSync(out.report, 'utf8');
    expectSelfContained(html);
    expect(html.match(/<img[^>]+src="data:image\/svg\+xml;base64,/g)).toHaveLength(2);
    expect(html.match(/<img[^>]+src="data:image\/png;base64,/g)).toHaveLength(1);
    // the fitted slope with its standard error and unit, in the parameter table
    expect(html).toMatch(/<td>slope<\/td><td class="num">0\.497697<\/td><td class="num">0\.00315326<\/td><td>V\/s<\/td>/);
    expect(html).toContain('a straight line with noise (y = 2 + 0.5 x)');
    expect(html).toMatch(/Provenance/);
    expect(html).toMatch(/<code>demo\.line-fit<\/code>/);
    expect(html).toMatch(/line\.demo <code>[0-9a-f]{12}…<\/code>/);
  });

  it('shows a batch: summary with failures and the combined table', async () => {
    const files: Record<string, string> = {
      'pipeline.yaml': 'name: lines\ninputs: data/*.demo\nsteps:\n  - analysis: demo.line-fit\noutput: { views: false }\n',
      'data/bad.demo': '#demo\n1 <script>\n',
    };
    for (let i = 1; i <= 4; i++) files[`data/s${i}.demo`] = demoCurve(i, 2, 8);
    const cwd = makeProject(files);
    expect((await runCli(['run', 'pipeline.yaml', '--out', 'batch'], { cwd })).code).toBe(2);
    const r = await runCli(['report', 'batch'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/batch\/report\.html \(4 results\)/);
    const html = readFileSync(join(cwd, 'batch', 'report.html'), 'utf8');
    expectSelfContained(html);
    expect(html).toMatch(/<h1>lines<\/h1>/);
    expect(html).toMatch(/5 inputs, <span class="ok">4 succeeded<\/span>, <span class="bad">1 failed<\/span>/);
    expect(html).toContain('&lt;script&gt;'); // the bad line is shown escaped, never as markup
    expect(html).not.toContain('<script>');
    expect(html).toMatch(/Combined results \(5 inputs\)/);
    expect(html).toMatch(/<th>slope \(V\/s\)<\/th>/);
  });

  it('fails with exit 1 for a folder that does not exist', async () => {
    const cwd = makeProject();
    const r = await runCli(['report', 'nowhere', '--json'], { cwd });
    expect(r.code).toBe(1);
    expect(oneJson(r.stdout).error.code).toBe('E_FILE');
  });

  it('escapes HTML and reads quoted CSV cells', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(splitCsvLine('a,"b, ""c""",,d')).toEqual(['a', 'b, "c"', '', 'd']);
  });
});

describe('ionscope demo', () => {
  it("runs every plugin's sample data through its analyses and writes the report", async () => {
    const cwd = makeProject();
    const r = await runCli(['demo', '--out', 'demo-out', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.samples.map((s: any) => [s.plugin, s.sample, s.analysis, s.ok])).toEqual([
      ['demo', 'demo.line', 'demo.line-fit', true],
      ['demo', 'demo.line', 'demo.scale', true],
      ['demo', 'demo.line', 'demo.slow', true],
    ]);
    const html = readFileSync(out.report, 'utf8');
    expectSelfContained(html);
    expect(html).toMatch(/<h1>ionscope demo<\/h1>/);
    expect(html).toMatch(/A noisy straight line/);
    expect(html).toMatch(/CC0-1\.0/);
    expect(html.match(/<section class="result"/g)).toHaveLength(3);
    // the sample's params went through quantityParam: 100 mV → 0.1 V
    const scaled = JSON.parse(readFileSync(join(cwd, 'demo-out', 'demo', 'demo.line', 'demo.scale', 'result.json'), 'utf8'));
    expect(scaled.provenance.at(-1).params).toMatchObject({ factor: 2, offset: 0.1 });
    // demo.slow is chained after demo.scale: it received the scaled curve, and its provenance says so
    const chained = JSON.parse(readFileSync(join(cwd, 'demo-out', 'demo', 'demo.line', 'demo.slow', 'result.json'), 'utf8'));
    expect(chained.data.y.values).toEqual(scaled.data.y.values);
    expect(chained.provenance.map((p: any) => p.operation)).toEqual(['demo.text', 'demo.scale', 'demo.slow']);
    const crate = JSON.parse(readFileSync(join(cwd, 'demo-out', 'ro-crate-metadata.json'), 'utf8'));
    const actions = crate['@graph'].filter((e: any) => e['@type'] === 'CreateAction');
    expect(actions).toHaveLength(3);
    // the chained action's inputs are the files demo.scale wrote
    expect(actions[2].object.map((o: any) => o['@id'])).toContain('demo/demo.line/demo.scale/result.json');
  });

  it('says plainly when no installed plugin has sample data (exit 0, nothing written)', async () => {
    const cwd = makeProject({ 'bare.mjs': "export default { id: 'bare', name: 'Bare', version: '0.1.0', apiVersion: '^1' };\n" });
    writeFileSync(join(cwd, 'ionscope.config.json'), JSON.stringify({ plugins: ['./bare.mjs'] }));
    const r = await runCli(['demo', '--out', 'demo-out'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No installed plugin ships sample data yet \(installed plugins: .*bare 0\.1\.0\)/);
    expect(existsSync(join(cwd, 'demo-out'))).toBe(false);
  });
});
