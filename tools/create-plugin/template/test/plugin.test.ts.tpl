import { readFileSync } from 'node:fs';
import { IonscopeError, ParseError, Registry, readSource, renderView, runAnalysis } from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin, { integrateTrapezoid } from '../src/index';
import { csvReader } from '../src/readers/csv';

const example = () => ({ name: 'example.csv', bytes: new Uint8Array(readFileSync(new URL('../examples/example.csv', import.meta.url))) });

function registry() {
  const r = new Registry();
  r.register(plugin, '__PACKAGE__');
  return r;
}

describe('__NAME__ plugin', () => {
  it('registers, and its reader recognises the example file', () => {
    const r = registry();
    const choice = r.chooseReader({ name: 'example.csv', head: example().bytes });
    expect(choice.reader.id).toBe('__ID__.csv');
    expect(choice.confidence).toBe(1);
  });

  it('integrates the example ramp y = 2x over [0, 3] s: exactly 9 V·s', async () => {
    const r = registry();
    const { dataset } = await readSource(r, example());
    expect(dataset.coords.x?.unit).toBe('s');
    const result = await runAnalysis(r, '__ID__.integrate', { input: dataset }, {});
    expect(result.values?.integral).toEqual({ value: 9, unit: 'V·s' });
    expect(result.provenance.at(-1)?.operation).toBe('__ID__.integrate');
  });

  it('takes the range with units: 500 ms to 2.5 s gives 2.5² − 0.5² = 6 V·s', async () => {
    const r = registry();
    const { dataset } = await readSource(r, example());
    const result = await runAnalysis(r, '__ID__.integrate', { input: dataset }, { from: '500 ms', to: '2.5 s' });
    expect((result.values?.integral as { value: number }).value).toBeCloseTo(6, 12);
    expect(result.values?.points).toBe(5);
  });

  it('propagates standard errors: σ² = Σ wᵢ² σᵢ²', () => {
    // unit spacing, σ = 1 everywhere: weights ½, 1, 1, ½ → σ² = ¼ + 1 + 1 + ¼
    const r = integrateTrapezoid([0, 1, 2, 3], [1, 1, 1, 1], [1, 1, 1, 1]);
    expect(r.value).toBe(3);
    expect(r.stderr).toBeCloseTo(Math.sqrt(2.5), 14);
  });

  it('draws a Vega-Lite chart with units in the axis titles', async () => {
    const r = registry();
    const { dataset } = await readSource(r, example());
    const view = await renderView(r, '__ID__.line', dataset);
    if (view.type !== 'vega-lite') throw new Error(`expected a Vega-Lite view, got ${view.type}`);
    const spec = view.spec as { encoding: { x: { title: string } }; data: { values: unknown[] } };
    expect(spec.encoding.x.title).toBe('time (s)');
    expect(spec.data.values).toHaveLength(7);
  });

  it('refuses a file without the format line, naming the file and line', async () => {
    const bytes = new TextEncoder().encode('x,y\n1,2\n');
    await expect(Promise.resolve().then(() => csvReader.read({ name: 'bad.csv', bytes }, { logger: console }))).rejects.toThrow(/bad\.csv, line 1: missing the format line/);
  });

  it('gives a dataset or an IonscopeError for any corrupted file (fast-check)', async () => {
    const good = example().bytes;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat({ max: good.length }), async (edits, cut) => {
        const bytes = good.slice(0, cut);
        for (const [at, b] of edits) if (at < bytes.length) bytes[at] = b;
        try {
          await csvReader.read({ name: 'fuzz.csv', bytes }, { logger: console });
        } catch (error) {
          if (!(error instanceof IonscopeError)) throw error;
          expect(error).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
