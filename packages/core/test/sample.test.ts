import { describe, expect, it } from 'vitest';
import { Registry, runSample, type SampleDataContribution, type SampleStepOutcome } from '../src/index';
import { toyFile, toyPlugin } from './fixture-plugin';

const registry = new Registry();
registry.register(toyPlugin, 'toy');

const sample = (analyses: SampleDataContribution['analyses']): SampleDataContribution => ({
  id: 'toy.sample',
  title: 'Toy sample',
  files: { input: 'examples/a.toy' },
  license: 'CC0-1.0',
  analyses,
});

async function collect(s: SampleDataContribution, loads: string[] = []): Promise<SampleStepOutcome[]> {
  const out: SampleStepOutcome[] = [];
  const load = (path: string) => {
    loads.push(path);
    return toyFile(path.split('/').pop());
  };
  for await (const o of runSample(registry, s, { load })) out.push(o);
  return out;
}

describe('runSample: a sample through its analyses', () => {
  it('reads each file once, and a chained step gets the earlier result as its input', async () => {
    const loads: string[] = [];
    const steps = await collect(
      sample([
        { analysis: 'toy.scale', params: { factor: 3 } },
        { analysis: 'toy.scale', params: { factor: 10 }, after: 'toy.scale' },
      ]),
      loads,
    );
    expect(loads).toEqual(['examples/a.toy']);
    expect(steps.map((s) => s.ok)).toEqual([true, true]);
    // file y = 2, 4, 6 → ×3 → ×10
    expect(Array.from(steps[0]!.result!.data.y!.values)).toEqual([6, 12, 18]);
    expect(Array.from(steps[1]!.result!.data.y!.values)).toEqual([60, 120, 180]);
    expect(steps[0]!.files).toEqual(['examples/a.toy']);
    expect(steps[1]!.files).toEqual([]); // its input came from the first step
    expect(steps[1]!.result!.provenance.map((p) => p.operation)).toEqual(['toy.text', 'toy.scale', 'toy.scale']);
  });

  it('a failed step does not stop the next; a step chained after it fails saying why', async () => {
    const steps = await collect(
      sample([{ analysis: 'toy.fail' }, { analysis: 'toy.scale', after: 'toy.fail' }, { analysis: 'toy.scale', params: { factor: 1 } }]),
    );
    expect(steps.map((s) => s.ok)).toEqual([false, false, true]);
    expect(steps[1]!.error!.message).toMatch(/follows toy\.fail, which did not succeed/);
    expect(steps[1]!.error!.field).toBe('after');
    expect(Array.from(steps[2]!.result!.data.y!.values)).toEqual([2, 4, 6]);
  });

  it('an unknown analysis or an unreadable file is a failed step, not an exception', async () => {
    const steps = await collect(sample([{ analysis: 'toy.nothing' }]));
    expect(steps[0]!.ok).toBe(false);
    expect(steps[0]!.error!.message).toMatch(/toy\.nothing/);
    const broken: SampleStepOutcome[] = [];
    for await (const o of runSample(registry, sample([{ analysis: 'toy.scale' }]), { load: () => ({ name: 'a.toy', bytes: new Uint8Array([1, 2]) }) }))
      broken.push(o);
    expect(broken[0]!.ok).toBe(false);
    expect(broken[0]!.error!.code).toBe('E_NO_READER');
  });
});
