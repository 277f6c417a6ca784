/**
 * Data larger than memory: ranged FileSources (head in `bytes`, the rest through `range`),
 * deferred arrays read by hyperslabs, and the output sink an analysis streams large results into.
 */
import { describe, expect, it } from 'vitest';
import {
  completeSource,
  Confidence,
  createDataset,
  type Dataset,
  deferredArrays,
  definePlugin,
  memoryOutputSink,
  type FileSource,
  hasDeferred,
  isPartialSource,
  materializeDeferred,
  rawDeferredArray,
  readSource,
  readSourceRange,
  Registry,
  runAnalysis,
  runPipeline,
  regularCoord,
  SNIFF_BYTES,
  variable,
  withDeferred,
  z,
} from '../src/index';

/** A ranged source over `bytes` that counts what it was asked for. */
function rangedSource(name: string, bytes: Uint8Array, head = 64): FileSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    name,
    bytes: bytes.subarray(0, head),
    size: bytes.length,
    sha256: 'a'.repeat(64),
    reads,
    range: async (start, end) => {
      reads.push([start, end]);
      return bytes.slice(start, Math.min(end, bytes.length));
    },
  };
}

/** "BLK1" + u32 nz, ny, nx (LE) + float32 LE values: a tiny raw format for the tests. */
function blockFile(shape: [number, number, number], values: Float32Array): Uint8Array {
  const out = new Uint8Array(16 + values.byteLength);
  out.set(new TextEncoder().encode('BLK1'));
  const dv = new DataView(out.buffer);
  shape.forEach((n, i) => dv.setUint32(4 + 4 * i, n, true));
  out.set(new Uint8Array(values.buffer), 16);
  return out;
}

function readBlock(source: FileSource, ranged: boolean): Dataset {
  const dv = new DataView(source.bytes.buffer, source.bytes.byteOffset, 16);
  const shape = [dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true)] as [number, number, number];
  const coords = { z: regularCoord('z', 0, 1, shape[0], 'µm'), y: regularCoord('y', 0, 1, shape[1], 'µm'), x: regularCoord('x', 0, 1, shape[2], 'µm') };
  if (ranged && isPartialSource(source)) {
    const base = createDataset({ kind: 'blk.volume', coords, values: { note: 'deferred' } });
    return withDeferred(
      base,
      {
        volume: rawDeferredArray({
          dims: ['z', 'y', 'x'],
          shape,
          dtype: 'float32',
          unit: 'a.u.',
          offset: 16,
          littleEndian: true,
          readBytes: (a, b) => readSourceRange(source, a, b),
          file: source.name,
        }),
      },
      { signal: 'volume' },
    );
  }
  const values = new Float32Array(source.bytes.slice(16).buffer);
  return createDataset({ kind: 'blk.volume', signal: 'volume', data: { volume: variable(['z', 'y', 'x'], values, 'a.u.', { shape }) }, coords });
}

const seen: { deferred: boolean; bytes: number }[] = [];
const blockPlugin = (ranged: boolean) =>
  definePlugin({
    id: 'blk',
    name: 'Blocks',
    version: '0.0.1',
    apiVersion: '^1',
    readers: [
      {
        id: 'blk.raw',
        name: 'BLK1 raw',
        extensions: ['.blk'],
        kinds: ['blk.volume'],
        ranged,
        sniff: ({ head }) => (new TextDecoder().decode(head.subarray(0, 4)) === 'BLK1' ? Confidence.certain : Confidence.no),
        read: (source) => {
          seen.push({ deferred: isPartialSource(source), bytes: source.bytes.length });
          return readBlock(source, ranged);
        },
      },
    ],
    analyses: [
      {
        id: 'blk.sum',
        name: 'Sum (in memory)',
        inputs: { input: { accepts: ['blk.volume'] } },
        params: z.object({}),
        produces: 'blk.sum',
        run: (inputs) => {
          const v = inputs.input?.data.volume?.values as Float32Array;
          return createDataset({ kind: 'blk.sum', values: { sum: v.reduce((a, b) => a + b, 0), deferred: hasDeferred(inputs.input as Dataset) } });
        },
      },
      {
        id: 'blk.stream-sum',
        name: 'Sum slab by slab, copy to a file',
        inputs: { input: { accepts: ['blk.volume'] } },
        params: z.object({ fail: z.boolean().default(false), leaveOpen: z.boolean().default(false) }),
        produces: 'blk.sum',
        alsoProduces: ['blk.file'],
        acceptsDeferred: true,
        run: async (inputs, params, ctx) => {
          const ds = inputs.input as Dataset;
          const a = deferredArrays(ds).volume;
          if (!a) throw new Error('expected a deferred volume');
          const [nz, ny, nx] = a.shape as [number, number, number];
          const out = ctx.output ? await ctx.output.create('copy.raw', { mediaType: 'application/octet-stream' }) : undefined;
          let sum = 0;
          for (let z0 = 0; z0 < nz; z0++) {
            const slab = (await a.read([z0, 0, 0], [1, ny, nx])) as Float32Array;
            for (const v of slab) sum += v;
            await out?.write(new Uint8Array(slab.buffer));
            if (params.fail && z0 === 1) throw new Error('disk full');
          }
          if (params.leaveOpen) return createDataset({ kind: 'blk.sum', values: { sum } });
          const written = await out?.close();
          return createDataset({ kind: written ? 'blk.file' : 'blk.sum', values: { sum, ...(written ? { file: written.name, size: written.size } : {}) } });
        },
      },
    ],
  });

const memorySink = memoryOutputSink;

const shape: [number, number, number] = [4, 3, 5];
const values = Float32Array.from({ length: 60 }, (_, i) => i * 0.5 - 7);
const file = blockFile(shape, values);

describe('ranged file sources', () => {
  it('reads ranges from the head or through range(), and completes a partial source', async () => {
    const s = rangedSource('a.blk', file, 20);
    expect(isPartialSource(s)).toBe(true);
    expect(Array.from(await readSourceRange(s, 0, 8))).toEqual(Array.from(file.subarray(0, 8)));
    expect(s.reads).toEqual([]);
    expect(Array.from(await readSourceRange(s, 16, 24))).toEqual(Array.from(file.subarray(16, 24)));
    expect(s.reads).toEqual([[16, 24]]);
    expect((await readSourceRange(s, 250, 1e9)).length).toBe(file.length - 250);
    const whole = await completeSource(s);
    expect(isPartialSource(whole)).toBe(false);
    expect(Array.from(whole.bytes)).toEqual(Array.from(file));
    const broken = { ...s, range: async () => new Uint8Array(2) };
    await expect(readSourceRange(broken, 30, 40)).rejects.toThrow(/ended early: 2 of 10 bytes/);
  });

  it('gives a partial source only to readers that declare ranged, others the whole file', async () => {
    seen.length = 0;
    const plain = new Registry();
    plain.register(blockPlugin(false), 'blk');
    const big = Uint8Array.from({ length: SNIFF_BYTES + 100 }, (_, i) => i & 0xff);
    big.set(file);
    const { dataset } = await readSource(plain, rangedSource('a.blk', file));
    expect(seen.at(-1)).toEqual({ deferred: false, bytes: file.length });
    expect(hasDeferred(dataset)).toBe(false);
    expect(dataset.meta.source).toMatchObject({ size: file.length, sha256: 'a'.repeat(64) });

    const ranged = new Registry();
    ranged.register(blockPlugin(true), 'blk');
    const out = await readSource(ranged, rangedSource('a.blk', file));
    expect(seen.at(-1)).toEqual({ deferred: true, bytes: 64 });
    expect(hasDeferred(out.dataset)).toBe(true);
    expect(out.dataset.meta.source).toMatchObject({ size: file.length, reader: 'blk.raw' });
  });
});

describe('deferred arrays', () => {
  it('reads any hyperslab exactly, one byte range per contiguous run', async () => {
    const s = rangedSource('a.blk', file);
    const a = rawDeferredArray({
      dims: ['z', 'y', 'x'],
      shape,
      dtype: 'float32',
      unit: '',
      offset: 16,
      littleEndian: true,
      readBytes: (p, q) => readSourceRange(s, p, q),
    });
    const expectBlock = async (start: number[], count: number[]) => {
      const got = await a.read(start, count);
      const want: number[] = [];
      for (let z0 = 0; z0 < count[0]!; z0++)
        for (let y = 0; y < count[1]!; y++) for (let x = 0; x < count[2]!; x++) want.push(values[((start[0]! + z0) * 3 + start[1]! + y) * 5 + start[2]! + x]!);
      expect(Array.from(got)).toEqual(want);
    };
    s.reads.length = 0;
    await expectBlock([0, 1, 0], [4, 2, 5]); // rows 1–2 of every slice: one run per slice
    expect(s.reads.length).toBe(4);
    s.reads.length = 0;
    await expectBlock([1, 0, 0], [2, 3, 5]); // whole slices: one run
    expect(s.reads.length).toBe(1);
    await expectBlock([3, 2, 1], [1, 1, 3]);
    await expectBlock([0, 0, 0], [4, 3, 5]);
    await expect(a.read([0, 0, 0], [5, 3, 5])).rejects.toThrow(/outside/);
  });

  it('swaps bytes of big-endian data and reports a truncated file', async () => {
    const be = new Uint8Array(6 * 2);
    const dv = new DataView(be.buffer);
    for (let i = 0; i < 6; i++) dv.setInt16(2 * i, i * 1000 - 2500, false);
    const a = rawDeferredArray({
      dims: ['y', 'x'],
      shape: [2, 3],
      dtype: 'int16',
      unit: '',
      offset: 0,
      littleEndian: false,
      readBytes: async (p, q) => be.slice(p, q),
    });
    expect(Array.from(await a.read([0, 0], [2, 3]))).toEqual([-2500, -1500, -500, 500, 1500, 2500]);
    const cut = rawDeferredArray({
      dims: ['y', 'x'],
      shape: [2, 3],
      dtype: 'int16',
      unit: '',
      offset: 4,
      littleEndian: false,
      readBytes: async (p, q) => be.slice(p, q),
    });
    await expect(cut.read([0, 0], [2, 3])).rejects.toThrow(/end early/);
  });

  it('checks deferred arrays against the dataset and materialises them', async () => {
    const base = createDataset({ kind: 'blk.volume', coords: { z: regularCoord('z', 0, 1, 4, '') } });
    const a = rawDeferredArray({
      dims: ['z', 'y', 'x'],
      shape,
      dtype: 'float32',
      unit: 'a.u.',
      offset: 16,
      littleEndian: true,
      readBytes: async (p, q) => file.slice(p, q),
    });
    expect(() => withDeferred(base, { v: { ...a, shape: [5, 3, 5] } })).toThrow(/dimension "z" has size 4/);
    const ds = withDeferred(base, { volume: a }, { signal: 'volume' });
    const mem = await materializeDeferred(ds);
    expect(hasDeferred(mem)).toBe(false);
    expect(mem.signal).toBe('volume');
    expect(Array.from(mem.data.volume?.values ?? [])).toEqual(Array.from(values));
  });
});

describe('analyses and deferred inputs, output sinks', () => {
  const registry = () => {
    const r = new Registry();
    r.register(blockPlugin(true), 'blk');
    return r;
  };
  const expected = values.reduce((s, v) => s + v, 0);

  it('reads deferred inputs into memory for analyses that do not accept them', async () => {
    const r = registry();
    const { dataset } = await readSource(r, rangedSource('a.blk', file));
    const result = await runAnalysis(r, 'blk.sum', { input: dataset }, {});
    expect(result.values).toMatchObject({ sum: expected, deferred: false });
  });

  it('passes deferred inputs and the sink to analyses that take them; no kind warning for alsoProduces', async () => {
    const r = registry();
    const { dataset } = await readSource(r, rangedSource('a.blk', file));
    const sink = memorySink();
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const result = await runAnalysis(r, 'blk.stream-sum', { input: dataset }, {}, { output: sink, logger });
    expect(result.kind).toBe('blk.file');
    expect(result.values).toMatchObject({ sum: expected, file: 'copy.raw', size: 240 });
    const copy = new Float32Array((sink.files.get('copy.raw') ?? new Uint8Array()).slice().buffer);
    expect(Array.from(copy)).toEqual(Array.from(values));
    expect(warnings.filter((w) => /declared it produces/.test(w))).toEqual([]);
    const noSink = await runAnalysis(r, 'blk.stream-sum', { input: dataset }, {});
    expect(noSink.kind).toBe('blk.sum');
  });

  it('aborts files left open when the analysis fails or forgets to close them', async () => {
    const r = registry();
    const { dataset } = await readSource(r, rangedSource('a.blk', file));
    const sink = memorySink();
    await expect(runAnalysis(r, 'blk.stream-sum', { input: dataset }, { fail: true }, { output: sink })).rejects.toThrow(/disk full/);
    expect(sink.aborted).toEqual(['copy.raw']);
    const sink2 = memorySink();
    await expect(runAnalysis(r, 'blk.stream-sum', { input: dataset }, { leaveOpen: true }, { output: sink2 })).rejects.toThrow(/still open/);
    expect(sink2.aborted).toEqual(['copy.raw']);
  });

  it('gives each pipeline step the sink the host chose for it', async () => {
    const sinks: { index: number; analysis: string }[] = [];
    const sink = memorySink();
    const out = await runPipeline(
      registry(),
      [{ analysis: 'blk.stream-sum' }],
      { primary: rangedSource('a.blk', file) },
      {
        output: (step) => {
          sinks.push(step);
          return sink;
        },
      },
    );
    expect(sinks).toEqual([{ index: 0, analysis: 'blk.stream-sum' }]);
    expect(out.steps[0]?.result.values).toMatchObject({ sum: expected, file: 'copy.raw' });
    expect(sink.closed).toEqual(['copy.raw']);
  });
});
