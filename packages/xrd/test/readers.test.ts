import { readdirSync } from 'node:fs';
import { coordValues, IonscopeError, loadH5wasm, Registry, readSource, scratchPath } from '@ionscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin, { patternArrays, radiationOf, readers } from '../src/index';
import { ctx, DATA, dataFile, hasData } from './helpers';

const registry = () => {
  const r = new Registry();
  r.register(plugin);
  return r;
};

describe.skipIf(!hasData)('every pattern under shared/data/xrd/patterns reads', () => {
  const files = hasData ? readdirSync(`${DATA}patterns`) : [];
  const expected: Record<string, { reader: string; n: number; first: number; last: number; max?: number; wavelength?: number; anode?: string }> = {
    'cheminfo_MG1-Cu2O-28_bg_subtracted.xy': { reader: 'xrd.xy', n: 3449, first: 10, last: 70.005, anode: 'Cu' },
    'cheminfo_test.brml': { reader: 'xrd.brml', n: 2443, first: 20, last: 79.9968, max: 6933, wavelength: 1.5406, anode: 'Cu' },
    'geddes_bruker4_diffrac_eva.raw': { reader: 'xrd.bruker-raw', n: 7134, first: 10, last: 85.0413, wavelength: 1.5406 },
    'geddes_empyrean_sample.xrdml': { reader: 'xrd.xrdml', n: 5027, first: 4.00656514, last: 69.99936587, max: 100168, wavelength: 1.540598, anode: 'Cu' },
    'geddes_gsas.raw': { reader: 'xrd.gsas', n: 4941, first: 16, last: 16 + 4940 * 0.017 },
    'geddes_rigaku_sample.rasx': { reader: 'xrd.rigaku-rasx', n: 2334, first: 10, last: 79.99, wavelength: 1.540593, anode: 'Cu' },
    'gsas2tut_LaB6_Jan2018.raw': { reader: 'xrd.bruker-raw', n: 3040, first: 10, last: 70.0044, max: 134930, wavelength: 1.5406, anode: 'Cu' },
    'gsas2tut_NIST660CBI.gsas': { reader: 'xrd.gsas', n: 8378, first: 15.0066, last: 15.0066 + 8377 * 0.0131303 },
    'xrdautoanalyzer_LiMnO2.xy': { reader: 'xrd.xy', n: 9001, first: 10, last: 100 },
    'xylib_BT86.raw': { reader: 'xrd.bruker-raw', n: 2374, first: 3, last: 40.0, max: 5774, wavelength: 1.5406, anode: 'Cu' },
    'xylib_BT86_.UXD': { reader: 'xrd.uxd', n: 2374, first: 3, last: 40.0, max: 5774, wavelength: 1.5406, anode: 'Cu' },
    'xylib_cod1517474_pdCIF.cif': { reader: 'xrd.pdcif', n: 3296, first: 1.5, last: 166.25, max: 8440, wavelength: 2.0785 },
    'xylib_empyrean.xrdml': { reader: 'xrd.xrdml', n: 196, first: 30.05, last: 41.75, max: 22, wavelength: 1.540598, anode: 'Cu' },
  };
  it('knows every file in the folder', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });
  for (const [file, e] of Object.entries(expected)) {
    it(`${file} → ${e.reader}`, async () => {
      const { dataset, choice } = await readSource(registry(), dataFile(`patterns/${file}`));
      expect(choice.reader.id).toBe(e.reader);
      expect(dataset.kind).toBe('xrd.pattern');
      const { x, y } = patternArrays(dataset);
      expect(y.length).toBe(e.n);
      expect(x[0]).toBeCloseTo(e.first, 3);
      expect(x[x.length - 1]).toBeCloseTo(e.last, 2);
      if (e.max !== undefined) expect(Math.max(...y)).toBeCloseTo(e.max, 3);
      const r = radiationOf(dataset);
      if (e.wavelength !== undefined) expect(r.wavelength).toBeCloseTo(e.wavelength, 5);
      if (e.anode !== undefined) expect(r.anode).toBe(e.anode);
    });
  }
  it('xylib_BT86.raw and xylib_BT86_.UXD give the same data', async () => {
    const raw = patternArrays((await readSource(registry(), dataFile('patterns/xylib_BT86.raw'))).dataset);
    const uxd = patternArrays((await readSource(registry(), dataFile('patterns/xylib_BT86_.UXD'))).dataset);
    expect(uxd.y).toEqual(raw.y);
    // The UXD prints 2θ with two decimals; the RAW has the exact step 0.015592°.
    for (let i = 0; i < raw.x.length; i++) expect(Math.abs((uxd.x[i] as number) - (raw.x[i] as number))).toBeLessThan(0.0051);
  });
  it('GSAS STD: centidegree start/step, CRLF, σ² = counts', async () => {
    const ds = (await readSource(registry(), dataFile('patterns/gsas2tut_NIST660CBI.gsas'))).dataset;
    const { x, y, sigma } = patternArrays(ds);
    expect(x[1]! - x[0]!).toBeCloseTo(0.0131303, 9);
    expect(y[0]).toBe(2364);
    expect(sigma![0]).toBeCloseTo(Math.sqrt(2364), 9);
  });
  it('pdCIF: intensities with su in parentheses become variances', async () => {
    const ds = (await readSource(registry(), dataFile('patterns/xylib_cod1517474_pdCIF.cif'))).dataset;
    const { y, sigma } = patternArrays(ds);
    expect(y[0]).toBe(5540);
    expect(sigma![0]).toBeCloseTo(160, 9);
    expect(radiationOf(ds).probe).toBe('neutron');
  });
  it('cheminfo .xy: the quoted metadata header is read, negative values kept', async () => {
    const ds = (await readSource(registry(), dataFile('patterns/cheminfo_MG1-Cu2O-28_bg_subtracted.xy'))).dataset;
    expect(ds.meta.operator).toBe('Lab Manager');
    expect((ds.meta.extra as Record<string, string>).Scantype).toBe('Coupled TwoTheta/Theta');
    expect(Math.min(...patternArrays(ds).y)).toBeLessThan(0);
  });
  it('readMany stacks files into an xrd.series', async () => {
    const reader = readers.find((r) => r.id === 'xrd.bruker-raw')!;
    const ds = await reader.readMany!([dataFile('patterns/xylib_BT86.raw'), dataFile('patterns/xylib_BT86.raw')], ctx);
    expect(ds.kind).toBe('xrd.series');
    expect(ds.data.intensity!.shape).toEqual([2, 2374]);
  });
});

describe('synthetic formats', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('XRDML: <counts> with attenuation are multiplied once, <intensities> are not; several scans form a series', async () => {
    const doc = (tag: string, scans: number) => `<?xml version="1.0"?><xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/1.3"><xrdMeasurement>
<usedWavelength intended="K-Alpha 1"><kAlpha1 unit="Angstrom">1.78901</kAlpha1><kAlpha2 unit="Angstrom">1.79290</kAlpha2><ratioKAlpha2KAlpha1>0.5</ratioKAlpha2KAlpha1></usedWavelength>
<incidentBeamPath><xRayTube><anodeMaterial>Co</anodeMaterial></xRayTube></incidentBeamPath>
${Array.from({ length: scans }, (_, k) => `<scan><header><startTimeStamp>2024-01-01T10:0${k}:00+01:00</startTimeStamp></header><dataPoints><positions axis="2Theta" unit="deg"><listPositions>10 10.5 11</listPositions></positions><countingTimes unit="seconds">1 1 2</countingTimes><beamAttenuationFactors>1 10 1</beamAttenuationFactors><${tag} unit="counts">5 ${7 + k} 9</${tag}></dataPoints></scan>`).join('')}
</xrdMeasurement></xrdMeasurements>`;
    const reader = readers.find((r) => r.id === 'xrd.xrdml')!;
    const counts = await reader.read({ name: 'a.xrdml', bytes: enc(doc('counts', 1)) }, ctx);
    expect(Array.from(patternArrays(counts).y)).toEqual([5, 70, 9]);
    expect(radiationOf(counts)).toMatchObject({ anode: 'Co', kAlpha1: 1.78901, wavelength: 1.78901 });
    expect(Array.from(counts.data.countingTime!.values)).toEqual([1, 1, 2]);
    const intensities = await reader.read({ name: 'b.xrdml', bytes: enc(doc('intensities', 1)) }, ctx);
    expect(Array.from(patternArrays(intensities).y)).toEqual([5, 7, 9]);
    const series = await reader.read({ name: 'c.xrdml', bytes: enc(doc('intensities', 3)) }, ctx);
    expect(series.kind).toBe('xrd.series');
    expect(Array.from(coordValues(series.coords.time!))).toEqual([0, 60, 120]);
  });
  it('GSAS ESD, ALT and FXYE records', async () => {
    const reader = readers.find((r) => r.id === 'xrd.gsas')!;
    const f8 = (v: number) => v.toFixed(1).padStart(8);
    const esd = `t\r\nBANK 1 3 1 CONST 1000.0 2.0 0 0 ESD\r\n${[100, 10, 200, 14, 300, 17].map(f8).join('')}\r\n`;
    const a = patternArrays(await reader.read({ name: 'a.gsa', bytes: enc(esd) }, ctx));
    expect(Array.from(a.x)).toEqual([10, 10.02, 10.04]);
    expect(Array.from(a.sigma!)).toEqual([10, 14, 17]);
    const alt = `t\nBANK 1 2 1 ALT 1000.0 2.0 0 0 ALT\n${'  1000.0'}${'  100.0'}${' 10.0'}${'  1003.0'}${'  200.0'}${' 14.0'}\n`;
    const b = patternArrays(await reader.read({ name: 'b.gsa', bytes: enc(alt) }, ctx));
    expect(Array.from(b.x)).toEqual([10, 10.03]);
    const fxye = 't\nBANK 1 2 2 CONS 1000 2 0 0 FXYE\n1000 5 2\n1002 6 3\n';
    const c = patternArrays(await reader.read({ name: 'c.fxye', bytes: enc(fxye) }, ctx));
    expect(Array.from(c.y)).toEqual([5, 6]);
    expect(Array.from(c.sigma!)).toEqual([2, 3]);
  });
  it('Rigaku .ras: intensity × attenuation', async () => {
    const ras =
      '*RAS_DATA_START\n*RAS_HEADER_START\n*HW_XG_TARGET_NAME "Cu"\n*HW_XG_WAVE_LENGTH_ALPHA1 "1.540593"\n*RAS_HEADER_END\n*RAS_INT_START\n10.00 5 1\n10.02 6 2\n*RAS_INT_END\n';
    const ds = await readers.find((r) => r.id === 'xrd.rigaku-ras')!.read({ name: 'a.ras', bytes: enc(ras) }, ctx);
    expect(Array.from(patternArrays(ds).y)).toEqual([5, 12]);
    expect(radiationOf(ds).anode).toBe('Cu');
  });
  it('.xy with a Q column header becomes a Q-axis pattern', async () => {
    const ds = await readers.find((r) => r.id === 'xrd.xy')!.read({ name: 'q.xy', bytes: enc('# wavelength: 0.7093\nQ(1/A) I\n1.0 5\n1.1 6\n1.2 7\n') }, ctx);
    expect(ds.coords.q?.unit).toBe('1/Å');
    expect(radiationOf(ds).wavelength).toBe(0.7093);
  });
  it('NeXus as pyFAI writes it: a 1-D pattern in Q (nm⁻¹) and a 2-D stack with time', async () => {
    const { h5, FS } = await loadH5wasm();
    const make = (twoD: boolean) => {
      const path = scratchPath(twoD ? 'stack.h5' : 'one.h5');
      const f = new h5.File(path, 'w');
      const entry = f.create_group('entry');
      entry.create_attribute('NX_class', 'NXentry');
      const inst = entry.create_group('instrument');
      const mono = inst.create_group('monochromator');
      const wl = mono.create_dataset({ name: 'wavelength', data: new Float64Array([1e-10]) });
      wl.create_attribute('units', 'm');
      const res = entry.create_group('results');
      res.create_attribute('NX_class', 'NXdata');
      res.create_attribute('signal', 'intensity');
      res.create_attribute('axes', twoD ? ['.', '2th_deg'] : ['q_nm^-1']);
      if (twoD) {
        res.create_dataset({ name: 'intensity', data: new Float64Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
        res.create_dataset({ name: '2th_deg', data: new Float64Array([10, 11, 12]) });
        res.create_dataset({ name: 'time', data: new Float64Array([100, 160]) });
      } else {
        res.create_dataset({ name: 'intensity', data: new Float64Array([1, 2, 3]) });
        res.create_dataset({ name: 'q_nm^-1', data: new Float64Array([10, 20, 30]) });
        res.create_dataset({ name: 'errors', data: new Float64Array([1, 1, 2]) });
      }
      f.close();
      const bytes = FS.readFile(path);
      FS.unlink(path);
      return bytes;
    };
    const reader = readers.find((r) => r.id === 'xrd.nexus')!;
    const one = await reader.read({ name: 'one.h5', bytes: make(false) }, ctx);
    expect(one.kind).toBe('xrd.pattern');
    expect(Array.from(patternArrays(one).x)).toEqual([1, 2, 3]);
    expect(radiationOf(one).wavelength).toBeCloseTo(1, 12);
    expect(patternArrays(one).sigma![2]).toBe(2);
    const stack = await reader.read({ name: 'stack.h5', bytes: make(true) }, ctx);
    expect(stack.kind).toBe('xrd.series');
    expect(stack.data.intensity!.shape).toEqual([2, 3]);
    expect(Array.from(coordValues(stack.coords.time!))).toEqual([0, 60]);
  });
});

describe('fuzzing: random, truncated and corrupted bytes give an IonscopeError, never another exception', () => {
  const samples = hasData ? readdirSync(`${DATA}patterns`).map((f) => dataFile(`patterns/${f}`)) : [];
  const syncReaders = readers.filter((r) => r.id !== 'xrd.nexus');
  const check = async (reader: (typeof readers)[number], name: string, bytes: Uint8Array) => {
    try {
      await reader.read({ name, bytes }, ctx);
    } catch (error) {
      if (!(error instanceof IonscopeError)) throw new Error(`${reader.id} threw ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    }
  };
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...syncReaders), async (bytes, reader) =>
        check(reader, `f${reader.extensions[0]}`, bytes),
      ),
      { numRuns: 300 },
    );
  });
  it.skipIf(!hasData)('truncated and corrupted real files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        async (file, cut, flips) => {
          const bytes = file.bytes.slice(0, Math.floor(file.bytes.length * cut));
          for (const [pos, v] of flips) if (bytes.length) bytes[pos % bytes.length] = v;
          for (const reader of syncReaders) {
            if (reader.sniff({ name: file.name, head: bytes.subarray(0, 65536) }) > 0) await check(reader, file.name, bytes);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('NeXus sniffing next to core', () => {
  it('pyFAI-style files go to xrd.nexus, other HDF5 does not', async () => {
    const { h5, FS } = await loadH5wasm();
    const path = scratchPath('pyfai.h5');
    const f = new h5.File(path, 'w');
    const res = f.create_group('entry').create_group('results');
    res.create_attribute('NX_class', 'NXdata');
    res.create_attribute('signal', 'intensity');
    res.create_attribute('axes', ['2th_deg']);
    res.create_dataset({ name: 'intensity', data: new Float64Array([1, 2, 3]) });
    res.create_dataset({ name: '2th_deg', data: new Float64Array([10, 11, 12]) });
    f.close();
    const bytes = FS.readFile(path);
    FS.unlink(path);
    const r = new Registry();
    r.register(plugin);
    const reader = readers.find((x) => x.id === 'xrd.nexus')!;
    expect(reader.sniff({ name: 'a.h5', head: bytes.subarray(0, 65536) })).toBeGreaterThan(0.7);
    const plain = new Uint8Array(bytes.length);
    plain.set(bytes.subarray(0, 8));
    expect(reader.sniff({ name: 'b.h5', head: plain })).toBeLessThan(0.7);
    const { dataset } = await readSource(r, { name: 'a.h5', bytes });
    expect(dataset.kind).toBe('xrd.pattern');
  });
});

describe('Bruker RAW v1 and v2 (synthetic files laid out as the DIFFRAC-AT documentation describes)', () => {
  const ascii = (view: DataView, offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  it('v1 ("RAW "): two ranges, start/step/Kα1 from the range header', async () => {
    const steps = [3, 2];
    const size = 4 + steps.reduce((a, n) => a + 156 + 4 * n, 0);
    const view = new DataView(new ArrayBuffer(size));
    ascii(view, 0, 'RAW ');
    let o = 4;
    steps.forEach((n, r) => {
      view.setUint32(o, n, true);
      view.setFloat32(o + 4, 1.5, true); // time per step
      view.setFloat32(o + 8, 0.02, true); // step
      view.setFloat32(o + 20, 10 + r, true); // start 2θ
      ascii(view, o + 36, 'sample');
      view.setFloat32(o + 68, 1.5406, true);
      view.setFloat32(o + 72, 1.54439, true);
      view.setUint32(o + 148, r === 0 ? 1 : 0, true); // following range
      for (let i = 0; i < n; i++) view.setFloat32(o + 152 + 4 * i, 100 + i, true);
      o += 152 + 4 * n + 4 * 0;
    });
    const bytes = new Uint8Array(view.buffer);
    const reader = readers.find((x) => x.id === 'xrd.bruker-raw')!;
    expect(reader.sniff({ name: 'a.raw', head: bytes })).toBeGreaterThan(0.5);
    const ds = await reader.read({ name: 'a.raw', bytes }, ctx);
    const { x, y } = patternArrays(ds);
    expect(Array.from(y)).toEqual([100, 101, 102]);
    expect(x[1]).toBeCloseTo(10.02, 5);
    expect(radiationOf(ds).kAlpha1).toBeCloseTo(1.5406, 5);
    expect(ds.meta.sample?.name).toBe('sample');
  });
  it('v2 ("RAW2"): anode, wavelengths and a range with its own header length', async () => {
    const n = 4;
    const headerLen = 64;
    const view = new DataView(new ArrayBuffer(256 + headerLen + 4 * n));
    ascii(view, 0, 'RAW2');
    view.setUint16(4, 1, true);
    ascii(view, 188, 'Co');
    view.setFloat32(190, 1.78897, true);
    view.setFloat32(194, 1.79285, true);
    view.setFloat32(198, 0.5, true);
    view.setUint16(256, headerLen, true);
    view.setUint16(258, n, true);
    view.setFloat32(264, 2, true); // time per step
    view.setFloat32(268, 0.05, true); // step
    view.setFloat32(272, 20, true); // start
    for (let i = 0; i < n; i++) view.setFloat32(256 + headerLen + 4 * i, 7 * i, true);
    const bytes = new Uint8Array(view.buffer);
    const ds = await readers.find((x) => x.id === 'xrd.bruker-raw')!.read({ name: 'b.raw', bytes }, ctx);
    const { x, y } = patternArrays(ds);
    expect(Array.from(y)).toEqual([0, 7, 14, 21]);
    expect(x[3]).toBeCloseTo(20.15, 5);
    expect(radiationOf(ds)).toMatchObject({ anode: 'Co', kAlpha2Ratio: 0.5 });
    expect(radiationOf(ds).kAlpha1).toBeCloseTo(1.78897, 5);
  });
});
