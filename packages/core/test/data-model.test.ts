import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convert,
  coordAt,
  coordCenters,
  coordDimSize,
  coordRange,
  coordValues,
  createDataset,
  DataError,
  type Dataset,
  datasetFromJson,
  datasetToJson,
  describeShape,
  dimCoord,
  elementCount,
  explicitCoord,
  regularCoord,
  signalName,
  sourceLabel,
  signalOf,
  standardDeviations,
  variable,
} from '../src/index';
import { randomDataset } from './random-dataset';

/** The DataError a function throws (fails the test when it throws nothing or something else). */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

const y3 = () => variable(['x'], Float64Array.from([1, 2, 3]), 'V');

describe('variables', () => {
  it('take their shape from 1-D values and need one for n-d', () => {
    expect(y3().shape).toEqual([3]);
    const img = variable(['y', 'x'], new Uint16Array(6), 'counts', { shape: [2, 3] });
    expect(img.shape).toEqual([2, 3]);
    expect(dataError(() => variable(['y', 'x'], new Uint16Array(6), 'counts')).field).toBe('shape');
  });
  it('name the field when values, dims or variances disagree with the shape', () => {
    expect(dataError(() => variable(['y', 'x'], new Float64Array(5), '', { shape: [2, 3] })).message).toMatch(
      /variable has 5 values but its shape \[2, 3\] needs 6/,
    );
    expect(dataError(() => variable(['x'], new Float64Array(3), '', { variances: new Float64Array(2) })).field).toBe('variable.variances');
    expect(dataError(() => variable(['x', 'x'], new Float64Array(4), '', { shape: [2, 2] })).field).toBe('variable.dims');
    expect(dataError(() => variable(['x'], new Float64Array(3), '', { shape: [3, 1] })).message).toMatch(/1 dims but a 2-d shape/);
  });
  it('give standard deviations as √variances', () => {
    expect(Array.from(standardDeviations(variable(['x'], Float64Array.of(1, 2), '', { variances: Float64Array.of(4, 0.25) })) ?? [])).toEqual([2, 0.5]);
    expect(standardDeviations(y3())).toBeUndefined();
  });
});

describe('coordinates', () => {
  it('regular: start + i·step without storing the values', () => {
    const c = regularCoord('t', 10, -0.5, 5, 's');
    expect('values' in c).toBe(false);
    expect(Array.from(coordValues(c))).toEqual([10, 9.5, 9, 8.5, 8]);
    expect(coordAt(c, 3)).toBe(8.5);
    expect(coordRange(c)).toEqual([8, 10]);
    expect(dataError(() => regularCoord('t', 0, Number.NaN, 5, 's')).field).toBe('t');
    expect(dataError(() => regularCoord('t', 0, 1, 2.5, 's')).message).toMatch(/non-negative integer length/);
  });
  it('explicit: any spacing and order, range ignores NaN', () => {
    const c = explicitCoord('f', Float64Array.from([1e4, 100, Number.NaN, 1]), 'Hz');
    expect(coordRange(c)).toEqual([1, 1e4]);
    expect(coordDimSize(c)).toBe(4);
  });
  it('bin edges: N+1 values for N points, centres between them', () => {
    const edges = explicitCoord('q', Float64Array.from([0, 1, 3, 6]), '1/Å', { binEdges: true });
    expect(coordDimSize(edges)).toBe(3);
    expect(Array.from(coordCenters(edges))).toEqual([0.5, 2, 4.5]);
    const ds = createDataset({ kind: 'test.hist', data: { n: variable(['q'], Float64Array.from([5, 6, 7]), 'counts') }, coords: { q: edges } });
    expect(describeShape(ds)).toEqual({ q: 3 });
    const regularEdges = regularCoord('q', 0, 0.5, 4, '1/Å', { binEdges: true });
    expect(Array.from(coordCenters(regularEdges))).toEqual([0.25, 0.75, 1.25]);
  });
});

describe('datasets', () => {
  it('check that dimension sizes agree, naming the coordinate', () => {
    const err = dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, coords: { x: explicitCoord('x', new Float64Array(4), 's') } }));
    expect(err.field).toBe('coords.x');
    expect(err.message).toMatch(/dimension "x" has size 3 elsewhere but 4 in coords\.x/);
    expect(dataError(() => createDataset({ kind: 'test.a', data: { y: y3(), z: variable(['x'], new Float64Array(2), '') } })).field).toBe('data.z');
  });
  it('check masks: known dimensions, one entry per point', () => {
    const base = { kind: 'test.a', data: { y: y3() } };
    const ok = createDataset({ ...base, masks: { bad: { dims: ['x'], values: Uint8Array.from([0, 1, 0]), reason: 'inductive' } } });
    expect(ok.masks?.bad?.reason).toBe('inductive');
    expect(dataError(() => createDataset({ ...base, masks: { m: { dims: ['t'], values: new Uint8Array(3) } } })).field).toBe('masks.m');
    expect(dataError(() => createDataset({ ...base, masks: { m: { dims: ['x'], values: new Uint8Array(2) } } })).message).toMatch(
      /mask "m" has 2 entries for 3 points/,
    );
  });
  it('check kind, signal and metadata, naming the field', () => {
    expect(dataError(() => createDataset({ kind: 'spectrum', data: { y: y3() } })).field).toBe('kind');
    expect(dataError(() => createDataset({ kind: 'test.a', signal: 'z', data: { y: y3() } })).field).toBe('signal');
    expect(dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, meta: { startTime: 'yesterday' } })).field).toBe('meta.startTime');
    expect(
      dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, meta: { sample: { thickness: { value: 1, unit: 'm', stderr: -1 } } } })).field,
    ).toBe('meta.sample.thickness.stderr');
    expect(dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, meta: { colour: 'red' } as never })).field).toBe('meta.');
  });
  it('keep the names of data variables, coordinates and values distinct (one namespace in the plain result)', () => {
    const x = regularCoord('i', 0, 1, 3, 's');
    const both = dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, coords: { y: x } }));
    expect(both.field).toBe('coords.y');
    const hidden = dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, values: { y: 1 } }));
    expect(hidden.field).toBe('values.y');
    expect(hidden.message).toMatch(/values\.y has the name of a data variable, which it would hide in the plain result/);
    expect(dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, coords: { t: x }, values: { t: 1 } })).field).toBe('values.t');
    expect(dataError(() => createDataset({ kind: 'test.a', data: { y: y3() }, values: { kind: 'other' } })).field).toBe('values.kind');
    expect(() => createDataset({ kind: 'test.a', data: { y: y3() }, coords: { t: x }, values: { slope: 1 } })).not.toThrow();
  });
  it('name their source in messages: the file, or the folder several files share', () => {
    expect(sourceLabel({ fileName: 'a.mpt' })).toBe('a.mpt');
    const parts = (...names: string[]) => ({ fileName: names[0] as string, parts: names.map((fileName) => ({ fileName })) });
    expect(sourceLabel(parts('scan/angles.npy', 'scan/projections.npy'))).toBe('scan');
    expect(sourceLabel(parts('run/a/1.xy', 'run/a/2.xy', 'run/b/3.xy'))).toBe('run');
    expect(sourceLabel(parts('1.xy', '2.xy', '3.xy'))).toBe('1.xy (+2 more files)');
    expect(sourceLabel(undefined)).toBeUndefined();
  });
  it('accept a full metadata record with an absolute start time and operando context', () => {
    const ds = createDataset({
      kind: 'test.a',
      data: { y: y3() },
      coords: { x: regularCoord('x', 0, 60, 3, 's', { label: 'time since start' }) },
      meta: {
        title: 'Cell 7, cycle 3',
        sample: { id: 'S7', thickness: { value: 45, unit: 'µm', stderr: 2 } },
        cell: { id: 'C7', chemistry: 'NMC811|graphite', nominalCapacity: { value: 2.5, unit: 'mA h' } },
        technique: { id: 'test', iri: 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#Test', label: 'Test' },
        startTime: '2024-03-01T14:05:00+01:00',
        operando: { cycle: 3, step: 2, potential: { value: 3.71, unit: 'V' }, elapsed: { value: 7200, unit: 's' } },
        source: { fileName: 'cell7.mpr', sha256: 'c'.repeat(64), size: 1024 },
      },
    });
    expect(signalName(ds)).toBe('y');
    expect(signalOf(ds).unit).toBe('V');
    expect(dimCoord(ds, 'x')?.label).toBe('time since start');
    expect(elementCount(ds)).toBe(3);
    // relative times in seconds + absolute start → absolute times
    const start = Date.parse(ds.meta.startTime as string);
    expect(new Date(start + (coordValues(ds.coords.x!)[2] as number) * 1000).toISOString()).toBe('2024-03-01T13:07:00.000Z');
  });
});

describe('lossless JSON', () => {
  it('round-trips random datasets (fast-check)', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const ds = randomDataset(g, { finiteJson: true });
        const text = JSON.stringify(datasetToJson(ds));
        expect(datasetFromJson(JSON.parse(text))).toEqual(ds);
      }),
      { numRuns: 150 },
    );
  });
  it('keeps NaN, infinities and -0 in typed arrays', () => {
    const ds = createDataset({ kind: 'test.a', data: { y: variable(['x'], Float64Array.from([Number.NaN, Number.NEGATIVE_INFINITY, -0, 1e-310]), '') } });
    const back = datasetFromJson(JSON.parse(JSON.stringify(datasetToJson(ds)))) as Dataset;
    expect(back).toEqual(ds);
    expect(Object.is(back.data.y?.values[2], -0)).toBe(true);
  });
});

describe('unit conversions (fast-check)', () => {
  const groups = [
    ['m', 'mm', 'µm', 'nm', 'Å', 'pm', 'km', 'cm'],
    ['Hz', 'kHz', 'MHz', 'THz', 'rad/s'],
    ['Ω', 'mΩ', 'kΩ', 'MΩ'],
    ['s', 'ms', 'µs', 'ns', 'ps', 'fs', 'min', 'h'],
    ['°', 'rad', 'mrad'],
    ['S/m', 'S/cm', 'mS/cm'],
    ['eV', 'meV', 'J'],
    ['cm^-1', 'm^-1', '1/nm'],
  ];
  it('convert there and back to the same value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groups), fc.nat(), fc.nat(), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (units, i, j, x) => {
        const a = units[i % units.length] as string;
        const b = units[j % units.length] as string;
        const back = convert(convert(x, a, b), b, a);
        expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(x)));
      }),
      { numRuns: 500 },
    );
  });
  it('compose: a → b → c equals a → c', () => {
    fc.assert(
      fc.property(fc.constantFrom(...groups), fc.nat(), fc.nat(), fc.nat(), (units, i, j, k) => {
        const [a, b, c] = [i, j, k].map((n) => units[n % units.length] as string) as [string, string, string];
        const direct = convert(1.2345, a, c);
        expect(Math.abs(convert(convert(1.2345, a, b), b, c) - direct)).toBeLessThanOrEqual(1e-12 * Math.abs(direct));
      }),
      { numRuns: 300 },
    );
  });
});
