import { readFileSync } from 'node:fs';
import { decode } from 'fast-png';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinPlugin,
  createDataset,
  datasetToJson,
  explicitCoord,
  InputError,
  IonscopeError,
  memoryLogger,
  ParseError,
  readNexus,
  readSource,
  renderView,
  Registry,
  regularCoord,
  runAnalysis,
  variable,
  writeDataset,
  writeNexus,
} from '../src/index';
import { toyFile, toyPlugin } from './fixture-plugin';

const FIXTURES = new URL('./fixtures/nexus/', import.meta.url).pathname;

function registry(): Registry {
  const r = new Registry();
  r.register(builtinPlugin, '@ionscope/core');
  r.register(toyPlugin, 'toy');
  return r;
}

describe('built-in plugin', () => {
  it('registers with its readers and generic writers', () => {
    const r = registry();
    expect(r.plugin('ionscope').version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.readers().map((x) => x.id)).toEqual(expect.arrayContaining(['ionscope.dataset-json', 'ionscope.nexus']));
    expect(r.writersFor('toy.curve').map((w) => w.id)).toEqual(['ionscope.nexus', 'ionscope.json', 'ionscope.csv']);
  });

  it('chains: a result written as NeXus or JSON is read back by sniffing and analysed again', async () => {
    const r = registry();
    const { dataset: input } = await readSource(r, toyFile());
    const result = await runAnalysis(r, 'toy.scale', { input }, { factor: 3 });
    for (const [writer, name] of [
      ['ionscope.nexus', 'scaled.nxs'],
      ['ionscope.json', 'scaled.json'],
    ] as const) {
      const { bytes } = await writeDataset(r, writer, result);
      const back = await readSource(r, { name, bytes });
      expect(back.choice.reader.id).toBe(writer === 'ionscope.nexus' ? 'ionscope.nexus' : 'ionscope.dataset-json');
      expect(back.choice.confidence).toBe(1);
      expect(back.dataset.kind).toBe('toy.curve');
      expect(back.dataset.data).toEqual(result.data);
      expect(back.dataset.values).toEqual(result.values);
      // the chain so far is kept, and the read is appended
      expect(back.dataset.provenance.map((p) => p.operation)).toEqual([
        'toy.text',
        'toy.scale',
        writer === 'ionscope.nexus' ? 'ionscope.nexus' : 'ionscope.dataset-json',
      ]);
      const again = await runAnalysis(r, 'toy.scale', { input: back.dataset }, { factor: 2 });
      expect(Array.from(again.data.y?.values ?? [])).toEqual([12, 24, 36]);
    }
  });

  it('writes CSV with units in the header', async () => {
    const r = registry();
    const ds = createDataset({
      kind: 'test.curve',
      data: { y: variable(['x'], Float64Array.from([1, 2]), 'Ω', { variances: Float64Array.from([0.25, 1]) }) },
      coords: { x: regularCoord('x', 10, 5, 2, 'Hz') },
    });
    const { bytes, extension, mediaType } = await writeDataset(r, 'ionscope.csv', ds);
    expect([extension, mediaType]).toEqual(['.csv', 'text/csv']);
    expect(new TextDecoder().decode(bytes)).toBe('x (Hz),y (Ω),y_stderr (Ω)\n10,1,0.5\n15,2,1\n');
  });

  it('reads plain NeXus from other software as nexus.data', async () => {
    const r = registry();
    const bytes = new Uint8Array(readFileSync(`${FIXTURES}/modern-nxdata.nxs`));
    const logger = memoryLogger();
    const { dataset, choice } = await readSource(r, { name: 'modern.nxs', bytes }, { logger });
    expect(choice.reader.id).toBe('ionscope.nexus');
    expect(choice.confidence).toBe(0.7);
    expect(dataset.kind).toBe('nexus.data');
    expect(dataset.data.counts?.shape).toEqual([3, 5]);
  });

  it('warns when a NeXus file holds several datasets and reads the first', async () => {
    const r = registry();
    const a = createDataset({ kind: 'test.a', data: { y: variable(['x'], Float64Array.of(1), '') } });
    const b = createDataset({
      kind: 'test.b',
      data: { y: variable(['x'], Float64Array.of(2), '') },
      coords: { x: explicitCoord('x', Float64Array.of(0), 's') },
    });
    const logger = memoryLogger();
    const { dataset } = await readSource(r, { name: 'two.nxs', bytes: await writeNexus([a, b]) }, { logger });
    expect(dataset.kind).toBe('test.a');
    expect(logger.entries.map((e) => e.message).join('\n')).toMatch(/holds 2 NXdata groups/);
  });

  it('reports broken dataset JSON as a ParseError with the line', async () => {
    const r = registry();
    const good = JSON.stringify(datasetToJson(createDataset({ kind: 'test.a', data: { y: variable(['x'], Float64Array.of(1), '') } })), null, 1);
    const broken = `${good.slice(0, 60)}\n,,${good.slice(60)}`;
    const err = await readSource(r, { name: 'bad.json', bytes: new TextEncoder().encode(broken) }).catch((e) => e);
    expect(err).toBeInstanceOf(IonscopeError);
    expect(err.code).toBe('E_PARSE');
    expect(err.message).toMatch(/^bad\.json, line \d+: invalid JSON/);
    const parsed = JSON.parse(good);
    parsed.data.y.shape = [2];
    const wrongShape = JSON.stringify(parsed);
    await expect(readSource(r, { name: 'shape.json', bytes: new TextEncoder().encode(wrongShape) })).rejects.toThrow(
      /shape\.json.*data\.y has 1 values but its shape \[2\] needs 2/,
    );
  });

  it('never throws anything but an IonscopeError on corrupted dataset JSON (fast-check)', async () => {
    const good = new TextEncoder().encode(
      JSON.stringify(
        datasetToJson(createDataset({ kind: 'test.a', data: { y: variable(['x'], Float64Array.from([1, Number.NaN, 3]), 'm') }, values: { a: 1 } })),
      ),
    );
    const reader = builtinPlugin.readers[0];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
        fc.nat({ max: good.length }),
        async (edits, cut) => {
          const bytes = good.slice(0, cut);
          for (const { at, byte } of edits) if (at < bytes.length) bytes[at] = byte;
          try {
            await reader.read({ name: 'fuzz.json', bytes }, { logger: memoryLogger() });
          } catch (error) {
            if (!(error instanceof IonscopeError)) throw error;
            expect(error).toBeInstanceOf(ParseError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  describe('generic plot', () => {
    it('draws 1-D NeXus data as a line with units', async () => {
      const [ds] = await readNexus(new Uint8Array(readFileSync(`${FIXTURES}/single-axis.nxs`)), 'single.nxs');
      const view = await renderView(registry(), 'ionscope.plot', ds!);
      if (view.type !== 'vega-lite') throw new Error('expected a chart');
      const spec = view.spec as { data: { values: { x: number; y: number }[] }; layer: { encoding: { x: { title: string }; y: { title: string } } }[] };
      expect(spec.data.values).toHaveLength(7);
      expect(spec.data.values[6]).toEqual({ x: 8060, y: 1 });
      expect(spec.layer[0]?.encoding.x.title).toBe('energy (eV)');
      expect(spec.layer[0]?.encoding.y.title).toBe('absorbance (a.u.)');
    });
    it('adds a ±σ band when there are variances and keeps the envelope of long curves', async () => {
      const n = 10_000;
      const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50) + (i === 7777 ? 5 : 0));
      const ds = createDataset({
        kind: 'test.long',
        data: { y: variable(['t'], y, 'V', { variances: new Float64Array(n).fill(0.04) }) },
        coords: { t: regularCoord('t', 0, 1e-3, n, 's') },
      });
      const view = await renderView(registry(), 'ionscope.plot', ds);
      if (view.type !== 'vega-lite') throw new Error('expected a chart');
      const spec = view.spec as { data: { values: { x: number; y: number; lo: number; hi: number }[] }; layer: unknown[] };
      expect(spec.layer).toHaveLength(2);
      expect(spec.data.values.length).toBeLessThanOrEqual(4000);
      expect(Math.max(...spec.data.values.map((r) => r.y))).toBe(y[7777]);
      expect(spec.data.values[0]!.hi - spec.data.values[0]!.y).toBeCloseTo(0.2, 12);
    });
    it('draws 2-D data as an image and the middle slice of 3-D data, with a scale bar for length axes', async () => {
      const [counts] = await readNexus(new Uint8Array(readFileSync(`${FIXTURES}/modern-nxdata.nxs`)), 'modern.nxs');
      const image = await renderView(registry(), 'ionscope.plot', counts!);
      expect(image.type).toBe('image');
      if (image.type !== 'image') return;
      expect(decode(image.bytes).width).toBe(image.width);
      const volume = createDataset({
        kind: 'test.volume',
        data: {
          mu: variable(
            ['z', 'y', 'x'],
            new Float32Array(3 * 20 * 30).map((_, i) => i),
            '1/m',
            { shape: [3, 20, 30] },
          ),
        },
        coords: { x: regularCoord('x', 0, 0.5, 30, 'µm') },
      });
      const slice = await renderView(registry(), 'ionscope.plot', volume);
      expect(slice.title).toBe('mu (z = 1)');
      expect(slice.type === 'image' && slice.alt).toMatch(/from 600 to 1199 1\/m/);
    });
    it('refuses a single value', async () => {
      const scalar = createDataset({ kind: 'test.scalar', data: { r: variable([], Float64Array.of(1), 'Ω', { shape: [] }) } });
      await expect(renderView(registry(), 'ionscope.plot', scalar)).rejects.toThrow(InputError);
    });
  });
});
