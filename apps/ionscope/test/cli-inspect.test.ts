import { describe, expect, it } from 'vitest';
import { demoCurve, makeProject, oneJson, runCli } from './helpers';

describe('ionscope inspect', () => {
  it('--json says which reader and why, and describes kind, shape, axes and metadata', async () => {
    const cwd = makeProject();
    const r = await runCli(['inspect', 'line.demo', '--json'], { cwd });
    expect(r.code).toBe(0);
    const out = oneJson(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      file: 'line.demo',
      reader: { id: 'demo.text', plugin: 'demo', pluginVersion: '1.0.0', confidence: 1 },
      kind: 'demo.curve',
      signal: 'y',
      shape: { x: 10 },
      data: { y: { dims: ['x'], unit: 'V', range: [2.02, 6.48], variances: false } },
      coords: { x: { dim: 'x', unit: 's', length: 10, range: [0, 9], spacing: 'explicit' } },
      meta: { title: 'a straight line with noise (y = 2 + 0.5 x)', source: { fileName: 'line.demo', reader: 'demo.text', size: 128 } },
    });
    expect(out.explanation).toMatch(/demo\.text.*confidence 1\.00/);
    expect(out.candidates).toEqual([{ reader: 'demo.text', plugin: 'demo', confidence: 1 }]);
    expect(out.meta.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a folder as one dataset through readMany', async () => {
    const cwd = makeProject({ 'series/1.demo': demoCurve(0, 1, 5), 'series/2.demo': demoCurve(1, 1, 5), 'series/10.demo': demoCurve(2, 1, 5) });
    const out = oneJson((await runCli(['inspect', 'series', '--json'], { cwd })).stdout);
    expect(out).toMatchObject({ ok: true, kind: 'demo.series', shape: { file: 3, x: 5 } });
    expect(out.data.y.range).toEqual([0, 6]);
    expect(out.meta.source.parts.map((p: any) => p.fileName)).toEqual(['series/1.demo', 'series/2.demo', 'series/10.demo']);
  });

  it('explains when no reader recognises a file (exit 1, E_NO_READER listing the installed formats)', async () => {
    const cwd = makeProject({ 'mystery.bin': 'hello' });
    const r = await runCli(['inspect', 'mystery.bin', '--json'], { cwd });
    expect(r.code).toBe(1);
    const out = oneJson(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.error).toMatchObject({ code: 'E_NO_READER', file: 'mystery.bin' });
    expect(out.error.message).toMatch(/Demo text curve \(\.demo\)/);
    const human = await runCli(['inspect', 'mystery.bin'], { cwd });
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/ionscope: error: mystery\.bin: no installed reader recognises this file/);
  });

  it("reads the CLI's own result.json back with core's built-in reader", async () => {
    const cwd = makeProject();
    expect((await runCli(['analyze', 'line.demo', '-a', 'demo.line-fit', '--out', 'fit'], { cwd })).code).toBe(0);
    const out = oneJson((await runCli(['inspect', 'fit/result.json', '--json'], { cwd })).stdout);
    expect(out).toMatchObject({ ok: true, reader: { id: 'ionscope.dataset-json', plugin: 'ionscope' }, kind: 'demo.fit', values: { points: 10 } });
    expect(out.values.slope.value).toBeCloseTo(0.497697, 6);
  });

  it('--reader forces a reader; an unknown one is E_UNKNOWN', async () => {
    const cwd = makeProject({ 'curve.txt': demoCurve(1, 1, 4) });
    const forced = oneJson((await runCli(['inspect', 'curve.txt', '--reader', 'demo.text', '--json'], { cwd })).stdout);
    expect(forced).toMatchObject({ ok: true, reader: { id: 'demo.text' }, explanation: 'reader "demo.text" was chosen explicitly', shape: { x: 4 } });
    const unknown = await runCli(['inspect', 'curve.txt', '--reader', 'demo.nope', '--json'], { cwd });
    expect(unknown.code).toBe(1);
    expect(oneJson(unknown.stdout).error).toMatchObject({ code: 'E_UNKNOWN', message: expect.stringMatching(/no reader "demo\.nope"/) });
  });

  it('prints a human summary with the reader, the axes and their units', async () => {
    const cwd = makeProject();
    const r = await runCli(['inspect', 'line.demo'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/reader: demo\.text/);
    expect(r.stdout).toMatch(/x along x: 10 explicit values 0 … 9 s/);
    expect(r.stdout).toMatch(/y \(signal\) \[x\] float64 V: 2\.02 … 6\.48/);
  });
});
