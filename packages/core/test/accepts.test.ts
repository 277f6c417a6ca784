import { describe, expect, it } from 'vitest';
import { acceptsKind, createDataset, definePlugin, ManifestError, Registry, variable, writeDataset } from '../src/index';
import { toyPlugin } from './fixture-plugin';

const anyWriter = definePlugin({
  id: 'anyw',
  name: 'Writes anything',
  version: '1.0.0',
  apiVersion: '^1',
  writers: [
    { id: 'anyw.text', name: 'Kind as text', accepts: ['*'], extension: '.txt', mediaType: 'text/plain', write: (ds) => new TextEncoder().encode(ds.kind) },
  ],
});

describe("'*' in accepts", () => {
  it('matches any kind', () => {
    expect(acceptsKind(['*'], 'xrd.pattern')).toBe(true);
    expect(acceptsKind(['toy.curve'], 'xrd.pattern')).toBe(false);
    expect(acceptsKind(['toy.curve'], 'toy.curve')).toBe(true);
  });
  it('lets a writer save any dataset, and the registry lists it for every kind', async () => {
    const r = new Registry();
    r.register(toyPlugin);
    r.register(anyWriter);
    expect(r.writersFor('toy.curve').map((w) => w.id)).toEqual(['anyw.text']);
    expect(r.writersFor('some.other-kind').map((w) => w.id)).toEqual(['anyw.text']);
    const ds = createDataset({ kind: 'some.other-kind', data: { y: variable(['x'], Float64Array.of(1), '') } });
    const out = await writeDataset(r, 'anyw.text', ds);
    expect(new TextDecoder().decode(out.bytes)).toBe('some.other-kind');
  });
  it('is the only wildcard: other patterns are still refused', () => {
    expect(() =>
      definePlugin({
        id: 'bad',
        name: 'Bad',
        version: '1.0.0',
        apiVersion: '^1',
        writers: [{ id: 'bad.w', name: 'w', accepts: ['toy.*'], extension: '.txt', mediaType: 'text/plain', write: () => new Uint8Array() }],
      }),
    ).toThrow(ManifestError);
  });
});
