import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openHdf5, ParseError, parseKeyValueLines, parseNumericTable, splitNameAndUnit } from '../src/index';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const hasData = existsSync(DATA);
if (!hasData) console.warn(`[skip] ../shared/data not found at ${DATA}: real-file tests skipped`);

describe('parseNumericTable', () => {
  it('finds header, names with units and the numeric block', () => {
    const text = "Instrument: X\nDate = 2024-01-01\n\nFreq (Hz)\tZ' [Ohm]\t-Z''/Ohm\n1e4\t1.5\t-0.2\n1000\t1.6\t0.1\n100\t2.0\t0.9\n";
    const t = parseNumericTable(text);
    expect(t.delimiter).toBe('\t');
    expect(t.names).toEqual(['Freq', "Z'", "-Z''"]);
    expect(t.units).toEqual(['Hz', 'Ohm', 'Ohm']);
    expect(t.rows).toBe(3);
    expect(Array.from(t.columns[0]!)).toEqual([1e4, 1000, 100]);
    expect(t.firstDataLine).toBe(5);
    expect(parseKeyValueLines(t.headerLines)).toMatchObject({ Instrument: 'X', Date: '2024-01-01' });
  });
  it('reads decimal commas with semicolons, CRLF and Fortran exponents', () => {
    const t = parseNumericTable('a;b\r\n1,5;2,5\r\n3,25;4D-2\r\n');
    expect(t.decimalComma).toBe(true);
    expect(Array.from(t.columns[0]!)).toEqual([1.5, 3.25]);
    expect(t.columns[1]![1]).toBeCloseTo(0.04, 15);
  });
  it('reads comma-separated with an index column', () => {
    const t = parseNumericTable(',Freq,Real,Imag\n0,1.0,2.0,-3.0\n1,2.0,3.0,-4.0\n');
    expect(t.names).toEqual(['', 'Freq', 'Real', 'Imag']);
    expect(t.columns.length).toBe(4);
  });
  it('stops at trailing text and reports when there is no table', () => {
    expect(parseNumericTable('1 2\n3 4\nEND\n5 6\n').rows).toBe(2);
    expect(() => parseNumericTable('hello\nworld', { fileName: 'x.txt' })).toThrow(ParseError);
    expect(() => parseNumericTable('hello\nworld', { fileName: 'x.txt' })).toThrow(/x\.txt: no table of numbers/);
  });
  it('splits names and units', () => {
    expect(splitNameAndUnit('f/Hz')).toEqual({ name: 'f', unit: 'Hz' });
    expect(splitNameAndUnit('Time (ps)')).toEqual({ name: 'Time', unit: 'ps' });
    expect(splitNameAndUnit('plain')).toEqual({ name: 'plain', unit: '' });
  });
  it.skipIf(!hasData)('reads real exports', () => {
    const csv = parseNumericTable(readFileSync(`${DATA}/impedance/impedance_py/exampleData.csv`, 'utf8'));
    expect(csv.rows).toBe(66);
    expect(csv.columns.length).toBe(3);
    const xy = parseNumericTable(readFileSync(`${DATA}/xrd/patterns/xrdautoanalyzer_LiMnO2.xy`, 'utf8'));
    expect(xy.rows).toBe(9001);
  });
});

describe('openHdf5', () => {
  it('refuses non-HDF5 bytes with the file named', async () => {
    await expect(openHdf5(new Uint8Array(100), 'fake.h5')).rejects.toThrow(/fake\.h5, byte 0: not an HDF5 file/);
  });
  it.skipIf(!hasData)('opens the DXchange tooth scan', async () => {
    const h = await openHdf5(new Uint8Array(readFileSync(`${DATA}/tomography/tomopy_tooth_dxchange.h5`)), 'tooth.h5');
    const data = h.file.get('exchange/data') as { shape: number[] };
    expect(data.shape).toEqual([181, 2, 640]);
    h.close();
  });
});
