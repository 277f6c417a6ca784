import { describe, expect, it } from 'vitest';
import {
  AmbiguousReaderError,
  ApiVersionError,
  apiVersionSatisfied,
  Confidence,
  definePlugin,
  describeRegistry,
  DuplicateIdError,
  ManifestError,
  NoReaderError,
  Registry,
} from '../src/index';
import { toyFile, toyPlugin } from './fixture-plugin';

const sniffInput = (f = toyFile()) => ({ name: f.name, head: f.bytes });

describe('registry', () => {
  it('registers a plugin and picks its reader by sniffing', () => {
    const r = new Registry();
    r.register(toyPlugin, 'test');
    const choice = r.chooseReader(sniffInput());
    expect(choice.reader.id).toBe('toy.text');
    expect(choice.confidence).toBe(1);
    expect(choice.explanation).toMatch(/confidence 1.00/);
  });
  it('explains when no reader matches', () => {
    const r = new Registry();
    r.register(toyPlugin);
    const err = (() => {
      try {
        r.chooseReader({ name: 'x.bin', head: new Uint8Array([1, 2, 3]) });
      } catch (e) {
        return e as NoReaderError;
      }
    })();
    expect(err).toBeInstanceOf(NoReaderError);
    expect(err?.code).toBe('E_NO_READER');
    expect(err?.message).toMatch(/x\.bin/);
    expect(err?.message).toMatch(/Toy text \(\.toy\)/);
  });
  it('reports two readers that tie, and prefers a clearly better one', () => {
    const r = new Registry();
    r.register(toyPlugin);
    const twin = definePlugin({
      id: 'twin',
      name: 'Twin',
      version: '0.1.0',
      apiVersion: '^1',
      readers: [
        {
          id: 'twin.text',
          name: 'Twin text',
          extensions: ['.toy'],
          kinds: ['twin.curve'],
          sniff: () => Confidence.certain,
          read: () => {
            throw new Error('unused');
          },
        },
      ],
    });
    r.register(twin);
    expect(() => r.chooseReader(sniffInput())).toThrow(AmbiguousReaderError);
    expect(r.chooseReader(sniffInput(), 'twin.text').reader.id).toBe('twin.text');
    const weak = definePlugin({
      id: 'weak',
      name: 'Weak',
      version: '0.1.0',
      apiVersion: '^1',
      readers: [
        {
          id: 'weak.csv',
          name: 'Weak',
          extensions: [],
          kinds: ['weak.curve'],
          sniff: () => Confidence.generic,
          read: () => {
            throw new Error('unused');
          },
        },
      ],
    });
    const r2 = new Registry();
    r2.register(toyPlugin);
    r2.register(weak);
    const choice = r2.chooseReader(sniffInput());
    expect(choice.reader.id).toBe('toy.text');
    expect(choice.candidates.map((c) => c.reader)).toEqual(['toy.text', 'weak.csv']);
    expect(choice.explanation).toMatch(/next best weak\.csv at 0\.20/);
  });
  it('rejects a bad manifest with the field named', () => {
    const r = new Registry();
    const bad = {
      id: 'bad',
      name: 'Bad',
      version: '1.0.0',
      apiVersion: '^1',
      analyses: [{ id: 'bad.x', name: 'x', inputs: { input: { accepts: ['bad.k'] } }, params: {}, produces: 'bad.k', run: () => null }],
    };
    expect(() => r.register(bad, 'bad-package')).toThrow(ManifestError);
    expect(() => r.register(bad, 'bad-package')).toThrow(/bad-package, field "analyses\[0\]\.params": .*zod schema/);
    expect(() => r.register({ ...toyPlugin, id: 'other' }, 'p')).toThrow(/not in the plugin's namespace/);
    expect(() => definePlugin({ id: 'Bad Id', name: 'x', version: '1', apiVersion: '^1' })).toThrow(ManifestError);
  });
  it('accepts a sample analysis chained after an earlier one, and names the step that is not', () => {
    const sample = (analyses: { analysis: string; after?: string }[]) => ({
      ...toyPlugin,
      sampleData: [{ id: 's', title: 'S', files: { input: 'examples/a.txt' }, license: 'CC0-1.0', analyses }],
    });
    expect(() => new Registry().register(sample([{ analysis: 'toy.a' }, { analysis: 'toy.b', after: 'toy.a' }]), 'p')).not.toThrow();
    expect(() => new Registry().register(sample([{ analysis: 'toy.b', after: 'toy.a' }, { analysis: 'toy.a' }]), 'p')).toThrow(
      /field "sampleData\[0\]\.analyses\[0\]\.after": invalid plugin manifest: expected an analysis listed before this one in the sample, got "toy\.a"/,
    );
  });
  it('rejects an apiVersion this core does not satisfy', () => {
    const r = new Registry();
    expect(() => r.register({ ...toyPlugin, apiVersion: '^2' }, 'future-plugin')).toThrow(ApiVersionError);
    try {
      r.register({ ...toyPlugin, apiVersion: '^2' }, 'future-plugin');
    } catch (e) {
      expect((e as ApiVersionError).code).toBe('E_API_VERSION');
      expect((e as Error).message).toMatch(/future-plugin, field "apiVersion".*needs core API \^2/);
    }
    expect(apiVersionSatisfied('^1', '1.0.0')).toBe(true);
    expect(apiVersionSatisfied('^1.1', '1.0.0')).toBe(false);
    expect(apiVersionSatisfied('^1.0.0', '1.3.0')).toBe(true);
    expect(apiVersionSatisfied('1.x', '1.3.0')).toBe(true);
  });
  it('refuses the same plugin twice', () => {
    const r = new Registry();
    r.register(toyPlugin, 'a');
    expect(() => r.register(toyPlugin, 'b')).toThrow(DuplicateIdError);
  });
  it('describes everything as JSON with params as JSON Schema and units', () => {
    const r = new Registry();
    r.register(toyPlugin, 'toy-package');
    const [d] = describeRegistry(r);
    expect(d?.source).toBe('toy-package');
    const scale = d?.analyses.find((a) => a.id === 'toy.scale');
    const props = (scale!.params as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.factor?.type).toBe('number');
    expect(props.offset?.unit).toBe('V');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('large-data flags in manifests', () => {
  it('validates and describes ranged readers and deferred-aware analyses', () => {
    const r = new Registry();
    const reader = { ...toyPlugin.readers![0]!, ranged: true };
    const analysis = { ...toyPlugin.analyses![0]!, acceptsDeferred: true, alsoProduces: ['toy.summary'] };
    r.register({ ...toyPlugin, readers: [reader], analyses: [analysis] }, 'toy');
    const [d] = describeRegistry(r);
    expect(d?.readers[0]?.ranged).toBe(true);
    expect(d?.analyses[0]).toMatchObject({ acceptsDeferred: true, alsoProduces: ['toy.summary'] });
    expect(() => new Registry().register({ ...toyPlugin, analyses: [{ ...analysis, alsoProduces: ['NotAKind'] }] }, 'bad')).toThrow(/alsoProduces/);
    expect(() => new Registry().register({ ...toyPlugin, readers: [{ ...reader, ranged: 'yes' }] }, 'bad')).toThrow(/ranged/);
  });
});
