import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Coordinate,
  createDataset,
  type Dataset,
  explicitCoord,
  IonscopeError,
  isRegular,
  loadH5wasm,
  NEXUS_GENERIC_KIND,
  ParseError,
  readNexus,
  regularCoord,
  sniffNexus,
  variable,
  writeNexus,
} from '../src/index';
import { randomDataset, step } from './random-dataset';

const FIXTURES = new URL('./fixtures/nexus/', import.meta.url).pathname;
const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const hasData = existsSync(DATA);
if (!hasData) console.warn(`[skip] ../shared/data not found at ${DATA}: real-file NeXus tests skipped`);

/** Every dtype, 0-d to 3-d, bin edges, regular and explicit coordinates, masks, both variance types. */
function richDataset(): Dataset {
  const nx = 4;
  const ny = 3;
  const nz = 2;
  const image = new Float32Array(nz * ny * nx).map((_, i) => i * 0.25 - 3);
  const varF32 = new Float32Array(image.length).map((_, i) => (i % 5) * 0.1 + 0.01);
  const varF64 = Float64Array.from({ length: nx }, (_, i) => (i + 1) ** 2); // perfect squares: stored as errors only
  const mask = new Uint8Array(ny * nx);
  mask[2] = 1;
  mask[7] = 1;
  return createDataset({
    kind: 'test.rich',
    signal: 'image',
    data: {
      image: variable(['z', 'y', 'x'], image, 'counts', { shape: [nz, ny, nx], variances: varF32, label: 'Intensität µ' }),
      line: variable(['x'], Float64Array.from([1.5, Number.NaN, Number.POSITIVE_INFINITY, -0]), 'Ω', { variances: varF64 }),
      i8: variable(['x'], Int8Array.from([-128, -1, 0, 127]), ''),
      u8: variable(['x'], Uint8Array.from([0, 1, 254, 255]), ''),
      i16: variable(['x'], Int16Array.from([-32768, -2, 3, 32767]), 'V'),
      u16: variable(['x'], Uint16Array.from([0, 1, 65534, 65535]), 'V'),
      i32: variable(['x'], Int32Array.from([-(2 ** 31), -5, 6, 2 ** 31 - 1]), 's'),
      u32: variable(['x'], Uint32Array.from([0, 7, 2 ** 32 - 2, 2 ** 32 - 1]), 's'),
      scalar: variable([], Float64Array.of(Math.PI), 'rad', { shape: [] }),
      'ratio/percent': variable(['y'], Float64Array.from([0.1, 0.2, 0.3]), '%'),
      empty: variable(['w', 'x'], new Float64Array(0), 'm', { shape: [0, nx] }),
    },
    coords: {
      x: regularCoord('x', 0.5, 0.25, nx + 1, 'mm', { binEdges: true, label: 'position' }),
      y: explicitCoord('y', Float32Array.from([10, 20, 40]), 'µm'),
      z: explicitCoord('z', Int32Array.from([100, 200]), 's'),
      '.': explicitCoord('y', Float64Array.from([1, 2, 3]), 'K'),
      image_errors: regularCoord('z', -1, 2, nz, 'h'),
    },
    masks: {
      gaps: { dims: ['y', 'x'], values: mask, reason: 'detector gap' },
      none: { dims: ['x'], values: new Uint8Array(nx) },
    },
    values: {
      fit: { value: 1.25, stderr: 0.05, unit: 'Ω' },
      chiSquare: Number.NaN as unknown as number,
      tiny: -0,
      peaks: [{ position: 1, height: 2 }],
      flag: true,
      note: null,
    },
    meta: {
      title: 'rich — ü',
      sample: { name: 'NMC811 cathode', thickness: { value: 45, unit: 'µm', stderr: 1 } },
      technique: { id: 'test', iri: 'https://example.org/technique#T', label: 'Test' },
      startTime: '2024-03-01T14:05:00+01:00',
      operando: { cycle: 3, potential: { value: 3.7, unit: 'V' } },
      source: { fileName: 'rich.bin', sha256: 'b'.repeat(64), size: 1234, reader: 'test.reader' },
      extra: { header: { gain: 2, infinite: Number.POSITIVE_INFINITY } },
    },
    provenance: [step('test.read', null), step('test.fit', { circuit: 'R0-p(R1,C1)', weights: [1, 2] })],
  });
}

describe('NeXus round trip', () => {
  it('gives back every dtype, shape, coordinate, mask, variance, value, metadata and provenance', async () => {
    const ds = richDataset();
    const bytes = await writeNexus(ds);
    const [back, ...rest] = await readNexus(bytes, 'rich.nxs');
    expect(rest).toHaveLength(0);
    expect(back).toEqual(ds);
    // dtypes survive (toEqual already checks the typed-array class; be explicit for the reader of the test)
    expect(back?.data.u32?.values).toBeInstanceOf(Uint32Array);
    expect(back?.data.image?.variances).toBeInstanceOf(Float32Array);
    expect(back?.coords.z && !isRegular(back.coords.z) ? back.coords.z.values : undefined).toBeInstanceOf(Int32Array);
    expect(back?.coords.x && isRegular(back.coords.x)).toBe(true);
    expect(Object.is(back?.values?.tiny, -0)).toBe(true);
    expect(Object.keys(back?.data ?? {})).toEqual(Object.keys(ds.data));
  });

  it('keeps several datasets in order, one NXentry each', async () => {
    const a = richDataset();
    const b = createDataset({ kind: 'test.small', data: { y: variable(['t'], Float64Array.from([1, 2]), 'A') }, coords: {} });
    const back = await readNexus(await writeNexus([b, a, b]), 'three.nxs');
    expect(back.map((d) => d.kind)).toEqual(['test.small', 'test.rich', 'test.small']);
    expect(back[1]).toEqual(a);
    expect(back[0]).toEqual(b);
  });

  it('writes standard NeXus that other software can plot', async () => {
    const bytes = await writeNexus(richDataset());
    const { h5, FS } = await loadH5wasm();
    FS.writeFile('/nexus-check.nxs', bytes);
    const f = new h5.File('/nexus-check.nxs', 'r');
    try {
      expect(f.attrs.NX_class?.value).toBe('NXroot');
      expect(f.attrs.default?.value).toBe('entry');
      const data = f.get('entry/data') as InstanceType<typeof h5.Group>;
      expect(data.attrs.NX_class?.value).toBe('NXdata');
      expect(data.attrs.signal?.value).toBe('image');
      // dims z, y, x → the coordinate datasets that label them
      expect(data.attrs.axes?.value).toEqual(['z', 'y', 'x']);
      // the coordinate called "image_errors" gives way to the signal's errors (a NeXus convention)
      expect((data.get('image_errors_2') as InstanceType<typeof h5.Dataset>).attrs.ionscope_name?.value).toBe('image_errors');
      expect(data.attrs.x_indices?.value).toBe(2);
      expect(data.attrs['._indices']).toBeUndefined(); // '.' is not a valid link name: stored as '_dot'
      expect(data.attrs._dot_indices?.value).toBe(1);
      const errors = data.get('image_errors') as InstanceType<typeof h5.Dataset>;
      expect(errors.attrs.ionscope_role?.value).toBe('errors');
      const e = errors.value as Float32Array;
      expect(e[6]).toBeCloseTo(Math.sqrt(0.11), 6);
      expect((data.get('x') as InstanceType<typeof h5.Dataset>).attrs.units?.value).toBe('mm');
      expect(Array.from((data.get('x') as InstanceType<typeof h5.Dataset>).value as Float64Array)).toEqual([0.5, 0.75, 1, 1.25, 1.5]);
      // line's variances are perfect squares: √ then ² gives them back, so no extra copy
      expect(data.keys()).not.toContain('line_variances');
      expect(data.keys()).toContain('image_variances');
      expect((f.get('entry/title') as InstanceType<typeof h5.Dataset>).value).toBe('rich — ü');
      expect((f.get('entry/process_2') as InstanceType<typeof h5.Group>).attrs.NX_class?.value).toBe('NXprocess');
      expect((f.get('entry/process_2/program') as InstanceType<typeof h5.Dataset>).value).toBe('test.fit');
    } finally {
      f.close();
      FS.unlink('/nexus-check.nxs');
    }
  });

  it('compresses large integer arrays by default, floats on request, and reads them back exactly', async () => {
    const n = 200_000;
    const counts = new Uint16Array(n).map((_, i) => Math.floor(i / 100));
    const ds = createDataset({ kind: 'test.big', data: { y: variable(['i'], counts, 'counts') } });
    const compressed = await writeNexus(ds);
    const plain = await writeNexus(ds, { compression: 0 });
    expect(plain.length).toBeGreaterThan(n * 2);
    expect(compressed.length).toBeLessThan(plain.length / 10);
    expect((await readNexus(compressed))[0]).toEqual(ds);
    const floats = createDataset({
      kind: 'test.big',
      data: { y: variable(['i'], Float64Array.from(counts), 'V') },
      coords: { i: regularCoord('i', 0, 1, n, '') },
    });
    const floatDefault = await writeNexus(floats);
    expect(floatDefault.length).toBeGreaterThan(n * 8 * 2); // values + expanded coordinate, stored plain
    const floatCompressed = await writeNexus(floats, { compressFloats: true });
    expect(floatCompressed.length).toBeLessThan(floatDefault.length / 10);
    expect((await readNexus(floatCompressed))[0]).toEqual(floats);
  });

  it('refuses an inconsistent dataset naming the field', async () => {
    const bad = { kind: 'test.bad', data: { y: { dims: ['x'], shape: [3], values: new Float64Array(2), unit: '' } }, coords: {}, meta: {}, provenance: [] };
    await expect(writeNexus(bad as unknown as Dataset)).rejects.toThrow(/data\.y has 2 values but its shape \[3\] needs 3/);
  });

  it('round-trips random datasets (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const ds = randomDataset(g);
        const back = await readNexus(await writeNexus(ds));
        expect(back).toEqual([ds]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('NeXus from other software', () => {
  it('reads @signal/@axes/@<axis>_indices with errors, bin edges and auxiliary signals', async () => {
    const [ds, ...rest] = await readNexus(new Uint8Array(readFileSync(`${FIXTURES}/modern-nxdata.nxs`)), 'modern.nxs');
    expect(rest).toHaveLength(0);
    expect(ds?.kind).toBe(NEXUS_GENERIC_KIND);
    expect(ds?.signal).toBe('counts');
    const counts = ds?.data.counts;
    expect(counts?.dims).toEqual(['temperature', 'two_theta']);
    expect(counts?.shape).toEqual([3, 5]);
    expect(counts?.unit).toBe('counts');
    expect(counts?.label).toBe('detector counts');
    expect(counts?.values).toBeInstanceOf(Int32Array);
    expect(counts?.values[1 * 5 + 3]).toBe(13);
    expect(counts?.variances?.[1 * 5 + 3]).toBeCloseTo(14, 12); // errors = √(10i + j + 1)
    expect(ds?.data.monitor?.values).toBeInstanceOf(Float32Array);
    expect(ds?.data.monitor?.values[2 * 5 + 4]).toBe(1006);
    const tt = ds?.coords.two_theta as Coordinate;
    expect(tt.binEdges).toBe(true);
    expect(tt.unit).toBe('degrees');
    expect(ds?.coords.temperature?.unit).toBe('K');
    expect(ds?.meta.title).toBe('temperature scan');
    expect(ds?.meta.startTime).toBe('2024-03-01T14:05:00+01:00');
    const nexus = ds?.meta.extra?.nexus as { entry: string; data: string; definition: string; skipped: string[] };
    expect(nexus.entry).toBe('/entry');
    expect(nexus.definition).toBe('NXmonopd');
    expect(nexus.skipped.join('\n')).toMatch(/polar: spans dimensions 0,1/);
  });

  it('reads the older signal=1 / axis=n / primary=1 attributes and a legacy errors dataset', async () => {
    const [ds] = await readNexus(new Uint8Array(readFileSync(`${FIXTURES}/legacy-nxdata.nxs`)), 'legacy.nxs');
    expect(ds?.signal).toBe('intensity');
    expect(ds?.data.intensity?.dims).toEqual(['y', 'x']);
    expect(ds?.data.intensity?.values[3 * 2 + 1]).toBe(301);
    expect(ds?.data.intensity?.variances?.[0]).toBe(0.25);
    expect(Array.from((ds?.coords.y as { values: Float64Array } | undefined)?.values ?? [])).toEqual([0, 0.5, 1, 1.5]);
    expect(ds?.coords.y?.unit).toBe('mm');
    expect(ds?.coords.y_steps).toBeUndefined(); // not primary
    expect(ds?.meta.extra?.nexus).toMatchObject({ entry: '/entry1', data: '/entry1/scan' });
  });

  it('reads a single string @axes and converts 64-bit integer axes to float64', async () => {
    const [ds] = await readNexus(new Uint8Array(readFileSync(`${FIXTURES}/single-axis.nxs`)), 'single.nxs');
    expect(ds?.data.absorbance?.values).toBeInstanceOf(Float32Array);
    const energy = ds?.coords.energy as { values: Float64Array; unit: string };
    expect(energy.values).toBeInstanceOf(Float64Array);
    expect(Array.from(energy.values)).toEqual([8000, 8010, 8020, 8030, 8040, 8050, 8060]);
    expect(energy.unit).toBe('eV');
  });

  it('sniffs NeXus, plain HDF5 and other bytes', async () => {
    expect(sniffNexus((await writeNexus(richDataset())).subarray(0, 65536))).toBe(1);
    expect(sniffNexus(new Uint8Array(readFileSync(`${FIXTURES}/modern-nxdata.nxs`)))).toBe(0.9);
    expect(sniffNexus(new TextEncoder().encode('x,y\n1,2\n'))).toBe(0);
  });

  it.skipIf(!hasData)('refuses HDF5 that holds no NXdata (DXchange) with a clear ParseError', async () => {
    const bytes = new Uint8Array(readFileSync(`${DATA}/tomography/tomopy_tooth_dxchange.h5`));
    expect(sniffNexus(bytes.subarray(0, 65536))).toBe(0.1);
    await expect(readNexus(bytes, 'tooth.h5')).rejects.toThrow(/tooth\.h5: no NeXus NXdata group with a signal found/);
  });
});

describe('NeXus bad input', () => {
  it('names the file when the bytes are not HDF5 or are truncated', async () => {
    await expect(readNexus(new TextEncoder().encode('hello'), 'x.nxs')).rejects.toThrow(/x\.nxs, byte 0: not an HDF5 file/);
    const bytes = await writeNexus(richDataset());
    const err = await readNexus(bytes.slice(0, 3000), 'cut.nxs').catch((e) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(/^cut\.nxs, byte 0: HDF5 could not open the file: truncated file/);
  });

  it('refuses an array too large to read in one piece instead of exhausting WASM memory', async () => {
    const { h5, FS } = await loadH5wasm();
    const path = '/huge-declared.nxs';
    const f = new h5.File(path, 'w');
    const entry = f.create_group('entry');
    entry.create_attribute('NX_class', 'NXentry');
    const data = entry.create_group('data');
    data.create_attribute('NX_class', 'NXdata');
    data.create_attribute('signal', 'big');
    const big = data.create_dataset({ name: 'big', data: new Float64Array(1), shape: [1, 1], maxshape: [null, null], chunks: [16, 16] });
    big.resize([50_000, 50_000]); // 20 GB declared, nothing written: the file stays small
    f.close();
    const bytes = FS.readFile(path);
    FS.unlink(path);
    expect(bytes.length).toBeLessThan(100_000);
    await expect(readNexus(bytes, 'huge.nxs')).rejects.toThrow(/huge\.nxs, field "\/entry\/data\/big": dataset of shape \[50000, 50000\] is too large/);
  });

  it('gives datasets or an IonscopeError for corrupted files, never another exception (fast-check)', async () => {
    const good = await writeNexus(richDataset());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat({ max: good.length }), { nil: undefined }),
        async (flips, cut) => {
          const bytes = good.slice(0, cut ?? good.length);
          for (const { at, xor } of flips) if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ xor;
          try {
            const out = await readNexus(bytes, 'fuzz.nxs');
            expect(out.length).toBeGreaterThan(0);
          } catch (error) {
            if (!(error instanceof IonscopeError)) throw error;
            expect(error.file).toBe('fuzz.nxs');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
