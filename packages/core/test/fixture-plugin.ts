import { Confidence, createDataset, definePlugin, explicitCoord, ParseError, quantityParam, variable, z } from '../src/index';
import type { Dataset, FileSource } from '../src/index';

/** A tiny technique used by the core tests: two-column "x y" text files with a `#toy` header. */
export function readToy(source: FileSource): Dataset {
  const text = new TextDecoder().decode(source.bytes);
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '#toy') throw new ParseError('missing the #toy header', { line: 1, expected: '#toy', found: lines[0] ?? '' });
  const xs: number[] = [];
  const ys: number[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const [a, b] = line.trim().split(/\s+/).map(Number);
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new ParseError('expected two numbers', { line: i + 2, found: line });
    xs.push(a as number);
    ys.push(b as number);
  });
  return createDataset({
    kind: 'toy.curve',
    data: { y: variable(['x'], Float64Array.from(ys), 'V') },
    coords: { x: explicitCoord('x', Float64Array.from(xs), 's') },
  });
}

export const toyPlugin = definePlugin({
  id: 'toy',
  name: 'Toy technique',
  version: '1.2.3',
  apiVersion: '^1',
  readers: [
    {
      id: 'toy.text',
      name: 'Toy text',
      extensions: ['.toy'],
      kinds: ['toy.curve'],
      sniff: ({ head }) => (new TextDecoder().decode(head.subarray(0, 4)) === '#toy' ? Confidence.certain : Confidence.no),
      read: readToy,
    },
  ],
  analyses: [
    {
      id: 'toy.scale',
      name: 'Scale',
      inputs: { input: { accepts: ['toy.curve'] } },
      params: z.object({ factor: z.number().default(2), offset: quantityParam('V').default(0) }),
      produces: 'toy.curve',
      views: ['toy.line'],
      run: async (inputs, params, ctx) => {
        const input = inputs.input as Dataset;
        const y = input.data.y?.values as Float64Array;
        const out = new Float64Array(y.length);
        for (let i = 0; i < y.length; i++) {
          if (ctx.signal.aborted) throw new Error('aborted');
          out[i] = y[i]! * params.factor + params.offset;
        }
        ctx.progress(1);
        if (params.factor > 100) ctx.warn('a very large factor');
        return createDataset({
          kind: 'toy.curve',
          data: { y: variable(['x'], out, 'V') },
          coords: input.coords,
          values: { sum: { value: out.reduce((a, b) => a + b, 0), unit: 'V' } },
        });
      },
    },
    {
      id: 'toy.fail',
      name: 'Always fails',
      inputs: { input: { accepts: ['toy.curve'] } },
      params: z.object({}),
      produces: 'toy.curve',
      run: () => {
        throw new Error('boom');
      },
    },
  ],
  views: [
    {
      id: 'toy.line',
      name: 'Line',
      accepts: ['toy.curve'],
      render: () => ({ type: 'vega-lite', spec: { mark: 'line' } }),
    },
  ],
});

export const toyFile = (name = 'a.toy', body = '1 2\n2 4\n3 6\n'): FileSource => ({ name, bytes: new TextEncoder().encode(`#toy\n${body}`) });
