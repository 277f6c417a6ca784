import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { danglingRoCrateReferences } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import { demoCurve, makeProject, oneJson, runCli } from './helpers';

/** A project with `n` straight lines y = i + 0.5·i·x (+ wiggle) under data/, plus extra files. */
function batchProject(n: number, pipeline: string, extra: Record<string, string> = {}) {
  const files: Record<string, string> = { 'pipeline.yaml': pipeline, ...extra };
  for (let i = 1; i <= n; i++) files[`data/s${i}.demo`] = demoCurve(i, 0.5 * i, 12, 0.01);
  return makeProject(files);
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const cols = (head as string).split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
}

describe('ionscope run', () => {
  it('runs every input on worker threads and writes the combined table, per-input results, summary and RO-Crate (exit 0)', async () => {
    const cwd = batchProject(12, 'name: lines\ninputs: data/*.demo\nsteps:\n  - analysis: demo.line-fit\n');
    const r = await runCli(['run', 'pipeline.yaml', '--out', 'out', '--workers', '2'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/lines: 12 inputs in .* on 2 workers/);
    expect(r.stdout).toMatch(/succeeded: 12/);
    const out = join(cwd, 'out');
    const rows = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(Object.keys(rows[0] as object)).toEqual([
      'file',
      'status',
      'slope (V/s)',
      'slope_stderr (V/s)',
      'intercept (V)',
      'intercept_stderr (V)',
      'rSquared',
      'points',
      'method',
      'error',
    ]);
    // natural input order, and each slope near its true value 0.5·i
    expect(rows.map((row) => row.file)).toEqual(Array.from({ length: 12 }, (_, i) => `data/s${i + 1}.demo`));
    rows.forEach((row, i) => expect(Number(row['slope (V/s)'])).toBeCloseTo(0.5 * (i + 1), 2));
    const jsonl = readFileSync(join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(12);
    expect(jsonl[0]).toMatchObject({ ok: true, reader: 'demo.text', units: { slope: 'V/s' } });
    // per-input folder with the lossless result and the view
    expect(readdirSync(join(out, 'inputs', 'data', 's3.demo')).sort()).toEqual(['result.json', 'view-demo.fit-plot.svg', 'views.json']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ ok: true, total: 12, succeeded: 12, failed: 0, cancelled: 0, workers: 2 });
    const crate = JSON.parse(readFileSync(join(out, 'ro-crate-metadata.json'), 'utf8'));
    const files = crate['@graph'].filter((e: any) => e['@type'] === 'File');
    expect(files.filter((f: any) => String(f['@id']).includes('data/s')).length).toBe(12 + 12 * 3);
  });

  it('keeps going past a bad input and exits 2 with the failure in the summary (views and per-input output off)', async () => {
    const cwd = batchProject(6, 'inputs: [data/*.demo]\nsteps:\n  - analysis: demo.line-fit\noutput: { views: false, perInput: false }\n', {
      'data/broken.demo': '#demo\n0 1\n1 not-a-number\n',
    });
    const r = await runCli(['run', 'pipeline.yaml', '--out', 'out', '--json'], { cwd });
    expect(r.code).toBe(2);
    const summary = oneJson(r.stdout);
    expect(summary).toMatchObject({ ok: false, total: 7, succeeded: 6, failed: 1, cancelled: 0, interrupted: false });
    expect(summary.failures).toEqual([
      { file: 'data/broken.demo', code: 'E_PARSE', message: expect.stringMatching(/data\/broken\.demo, line 3: expected two numbers/) },
    ]);
    expect(r.stderr).toMatch(/failed: data\/broken\.demo, line 3/);
    const out = join(cwd, 'out');
    expect(existsSync(join(out, 'inputs'))).toBe(false);
    const rows = parseCsv(readFileSync(join(out, 'results.csv'), 'utf8'));
    expect(rows.find((row) => row.file === 'data/broken.demo')?.status).toBe('failed');
    expect(rows.filter((row) => row.status === 'ok')).toHaveLength(6);
  });

  it('passes fixed `with` inputs to every input and chains steps', async () => {
    const pipeline = [
      'inputs: data/*.demo',
      'with: { reference: ref.demo }',
      'steps:',
      '  - analysis: demo.scale',
      '    params: { factor: 2, offset: "500 mV" }',
      '  - analysis: demo.line-fit',
      '    writers: [ionscope.json]',
      'output: { views: false }',
    ].join('\n');
    const cwd = batchProject(3, pipeline, { 'ref.demo': demoCurve(0.5, 0, 12) });
    const r = await runCli(['run', 'pipeline.yaml', '--out', 'out', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(readFileSync(join(cwd, 'out', 'results.csv'), 'utf8'));
    // y' = 2·(i + 0.5·i·x + w) + 0.5 − 0.5 → slope i (the reference cancels the offset), intercept ≈ 2i
    rows.forEach((row, k) => {
      expect(row['demo.scale.referenced']).toBe('true');
      expect(Number(row['demo.line-fit.slope (V/s)'])).toBeCloseTo(k + 1, 1);
      expect(Number(row['demo.line-fit.intercept (V)'])).toBeCloseTo(2 * (k + 1), 1);
    });
    expect(readdirSync(join(cwd, 'out', 'inputs', 'data', 's1.demo')).sort()).toEqual(['1-demo.scale', '2-demo.line-fit']);
    // the step's writer (core's built-in lossless JSON writer) wrote next to the result
    const written = JSON.parse(readFileSync(join(cwd, 'out', 'inputs', 'data', 's1.demo', '2-demo.line-fit', 'ionscope.json.json'), 'utf8'));
    expect(written).toMatchObject({ format: 'ionscope.dataset/1', kind: 'demo.fit' });
    const crate = JSON.parse(readFileSync(join(cwd, 'out', 'ro-crate-metadata.json'), 'utf8'));
    expect(crate['@graph'].some((e: any) => e['@type'] === 'File' && String(e['@id']).includes('ref.demo'))).toBe(true);
    expect(danglingRoCrateReferences(crate)).toEqual([]);
  });

  it('exits 1 for configuration errors before starting workers', async () => {
    const cwd = batchProject(2, 'inputs: data/*.demo\nsteps:\n  - analysis: demo.nope\n', {
      'empty.yaml': 'inputs: nothing/*.demo\nsteps:\n  - analysis: demo.line-fit\n',
      'invalid.yaml': 'inputs: data/*.demo\n',
      'syntax.json': '{ "inputs": ',
    });
    const [unknown, empty, invalid, syntax, workers] = await Promise.all([
      runCli(['run', 'pipeline.yaml', '--json'], { cwd }),
      runCli(['run', 'empty.yaml', '--json'], { cwd }),
      runCli(['run', 'invalid.yaml', '--json'], { cwd }),
      runCli(['run', 'syntax.json', '--json'], { cwd }),
      runCli(['run', 'pipeline.yaml', '--workers', '0', '--json'], { cwd }),
    ]);
    expect([unknown.code, empty.code, invalid.code, syntax.code, workers.code]).toEqual([1, 1, 1, 1, 1]);
    expect(oneJson(unknown.stdout).error).toMatchObject({ code: 'E_UNKNOWN', message: expect.stringMatching(/demo\.nope/) });
    expect(oneJson(empty.stdout).error).toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/matched no files/) });
    expect(oneJson(invalid.stdout).error).toMatchObject({ code: 'E_CONFIG', field: 'steps' });
    expect(oneJson(syntax.stdout).error).toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/not valid JSON/) });
    expect(oneJson(workers.stdout).error).toMatchObject({ code: 'E_USAGE' });
  });

  it('stops the workers on SIGINT and still prints the summary (exit 130)', async () => {
    const cwd = batchProject(40, 'name: slow\ninputs: data/*.demo\nsteps:\n  - analysis: demo.slow\n    params: { ms: 600 }\noutput: { views: false }\n');
    let sent = 0;
    const r = await runCli(['run', 'pipeline.yaml', '--out', 'out', '--workers', '2'], {
      cwd,
      onStderr: (text, child) => {
        // interrupt once the first inputs have finished
        if (!sent && /ionscope: [1-9]\d*\/40/.test(text)) {
          sent = Date.now();
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBeGreaterThan(0);
    expect(r.code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(6000); // the rest (≥ 36 × 600 ms / 2 workers ≈ 11 s) is not waited for
    expect(r.stderr).toMatch(/interrupted: stopping the workers/);
    expect(r.stdout).toMatch(/cancelled: \d+ \(interrupted\)/);
    const summary = JSON.parse(readFileSync(join(cwd, 'out', 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    expect(summary.cancelled).toBeGreaterThan(0);
    expect(summary.succeeded + summary.cancelled).toBe(40);
    expect(summary.succeeded).toBeLessThan(40);
  });
});
