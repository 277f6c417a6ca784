import { describe, expect, it } from 'vitest';
import {
  AbortError,
  datasetFromJson,
  datasetToJson,
  InputError,
  ParamsError,
  readSource,
  Registry,
  resultToPlain,
  runAnalysis,
  runBatch,
  runPipeline,
} from '../src/index';
import { toyFile, toyPlugin } from './fixture-plugin';

const registry = () => {
  const r = new Registry();
  r.register(toyPlugin, 'toy');
  return r;
};

describe('pipeline', () => {
  it('reads, fills source metadata and starts provenance', async () => {
    const { dataset } = await readSource(registry(), toyFile());
    expect(dataset.meta.source?.fileName).toBe('a.toy');
    expect(dataset.meta.source?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(dataset.meta.source?.reader).toBe('toy.text');
    expect(dataset.provenance[0]?.type).toBe('read');
    expect(dataset.provenance[0]?.pluginVersion).toBe('1.2.3');
  });
  it('names the file and line when a reader fails', async () => {
    await expect(readSource(registry(), toyFile('bad.toy', '1 2\n3 x\n'))).rejects.toThrow(/bad\.toy, line 3: expected two numbers/);
  });
  it('runs an analysis with defaults, units and provenance', async () => {
    const r = registry();
    const { dataset } = await readSource(r, toyFile());
    const result = await runAnalysis(r, 'toy.scale', { input: dataset }, { factor: 3, offset: '500 mV' });
    expect(Array.from(result.data.y!.values)).toEqual([6.5, 12.5, 18.5]);
    const step = result.provenance.at(-1)!;
    expect(step).toMatchObject({ type: 'analysis', operation: 'toy.scale', plugin: 'toy', pluginVersion: '1.2.3', params: { factor: 3, offset: 0.5 } });
    expect(step.inputs[0]?.sha256).toBe(dataset.meta.source?.sha256);
    expect(result.meta.source?.fileName).toBe('a.toy');
    expect(resultToPlain(result)).toMatchObject({
      kind: 'toy.curve',
      sum: { value: 37.5, unit: 'V' },
      y: { unit: 'V', values: [6.5, 12.5, 18.5] },
      x: { unit: 's' },
    });
  });
  it('rejects bad params and wrong kinds with clear errors', async () => {
    const r = registry();
    const { dataset } = await readSource(r, toyFile());
    await expect(runAnalysis(r, 'toy.scale', { input: dataset }, { factor: 'big' })).rejects.toThrow(ParamsError);
    await expect(runAnalysis(r, 'toy.scale', { input: dataset }, { offset: '3 Ω' })).rejects.toThrow(/offset.*cannot convert/);
    await expect(runAnalysis(r, 'toy.scale', { input: { ...dataset, kind: 'other.thing' } }, {})).rejects.toThrow(InputError);
    await expect(runAnalysis(r, 'toy.scale', {}, {})).rejects.toThrow(/needs the input "input"/);
  });
  it('runs read → analysis → views for one input', async () => {
    const out = await runPipeline(registry(), [{ analysis: 'toy.scale', params: { factor: 2 } }, { analysis: 'toy.scale' }], { primary: toyFile() });
    expect(out.steps).toHaveLength(2);
    expect(Array.from(out.steps[1]!.result.data.y!.values)).toEqual([8, 16, 24]);
    expect(out.steps[0]!.views[0]!.output.type).toBe('vega-lite');
  });
  it('a failing input does not stop the batch', async () => {
    const r = registry();
    const files = [toyFile('1.toy'), toyFile('2.toy', 'oops'), toyFile('3.toy')];
    const events: number[] = [];
    const summary = await runBatch(files, (f) => runPipeline(r, [{ analysis: 'toy.scale' }], { primary: f }), {
      concurrency: 2,
      onProgress: (e) => events.push(e.done),
    });
    expect(summary.succeeded).toBe(2);
    expect(summary.failed).toBe(1);
    expect(summary.failures[0]).toMatchObject({ index: 1, code: 'E_PARSE' });
    expect(summary.failures[0]?.message).toMatch(/2\.toy, line 2/);
    expect(events).toEqual([1, 2, 3]);
  });
  it('abort cancels the rest of a batch', async () => {
    const controller = new AbortController();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const summary = await runBatch(
      items,
      async (i, _index, signal) => {
        if (i === 2) controller.abort();
        await new Promise((res) => setTimeout(res, 5));
        if (signal.aborted) throw new AbortError();
        return i;
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(summary.succeeded).toBe(2);
    expect(summary.cancelled).toBe(8);
    expect(summary.failed).toBe(0);
  });
  it('abort reaches a running analysis', async () => {
    const r = registry();
    const { dataset } = await readSource(r, toyFile());
    const controller = new AbortController();
    controller.abort();
    await expect(runAnalysis(r, 'toy.scale', { input: dataset }, {}, { signal: controller.signal })).rejects.toThrow(AbortError);
  });
  it('round-trips a dataset through lossless JSON', async () => {
    const r = registry();
    const { dataset } = await readSource(r, toyFile());
    const withNaN = { ...dataset, data: { y: { ...dataset.data.y!, values: Float64Array.from([Number.NaN, 1 / 3, Number.POSITIVE_INFINITY]) } } };
    const back = datasetFromJson(JSON.parse(JSON.stringify(datasetToJson(withNaN))));
    expect(back.data.y!.values).toEqual(withNaN.data.y.values);
    expect(back.meta).toEqual(dataset.meta);
    expect(back.provenance).toEqual(dataset.provenance);
  });
});
