/**
 * 2-D THz maps as delimited text (the mcgillthz layout): the first row holds the delays (pump–probe
 * or excitation delay, ps) after an empty corner cell; every following row is a THz gate time
 * followed by the field at each delay. Header cells left empty give NaN delays, masked and
 * reported (`missingDelays`), so an analysis can take them from a companion map.
 */
import { Confidence, decodeText, type FileSource, ParseError, type ReaderContribution, splitLines } from '@ionscope/core';
import { KIND } from '../kinds';
import { createMap2d } from '../map2d';
import { chooseTimeUnit } from '../util/time-unit';
import { MIN_POINTS } from '../waveform';
import { headRows } from './sniff-util';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eEdD][+-]?\d+)?$/;

function delimiterOf(line: string): string {
  if (line.includes('\t')) return '\t';
  if (line.includes(',')) return ',';
  if (line.includes(';')) return ';';
  return '';
}

function num(token: string): number {
  return NUMBER.test(token) ? Number(token.replace(/[dD]/, 'e')) : Number.NaN;
}

export function readMap2dText(source: FileSource) {
  const file = source.name;
  const lines = splitLines(decodeText(source.bytes));
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) throw new ParseError('empty file', { file, expected: 'a header row of delays and rows of time + field' });
  const headerLine = lines[headerIndex] as string;
  const delim = delimiterOf(headerLine);
  if (!delim) throw new ParseError('the header row is not delimited', { file, line: headerIndex + 1, expected: 'tab-, comma- or semicolon-separated delays' });
  const headerCells = headerLine.split(delim).map((c) => c.trim());
  const corner = headerCells[0] ?? '';
  if (corner !== '' && NUMBER.test(corner)) {
    throw new ParseError('the first header cell should be empty or a label', {
      file,
      line: headerIndex + 1,
      expected: 'an empty corner cell before the delays',
      found: corner,
    });
  }
  const rows: number[][] = [];
  let width = 0;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const cells = line.split(delim).map((c) => c.trim());
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    const values = cells.map(num);
    if (values.some((v) => !Number.isFinite(v))) {
      throw new ParseError('expected numbers', { file, line: i + 1, expected: 'time followed by field values', found: line.slice(0, 60) });
    }
    if (width === 0) width = values.length;
    if (values.length !== width) {
      throw new ParseError(`row has ${values.length} numbers, the first data row has ${width}`, { file, line: i + 1, expected: `${width} numbers` });
    }
    rows.push(values);
  }
  if (width < 2) throw new ParseError('no data columns after the time column', { file, expected: 'time followed by field values at each delay' });
  if (rows.length < MIN_POINTS) throw new ParseError(`only ${rows.length} time rows`, { file, expected: `≥ ${MIN_POINTS} rows` });
  const nDelay = width - 1;
  const delayCells = headerCells.slice(1);
  while (delayCells.length > nDelay && delayCells[delayCells.length - 1] === '') delayCells.pop();
  if (delayCells.length > nDelay) {
    throw new ParseError(`the header lists ${delayCells.length} delays for ${nDelay} data columns`, {
      file,
      line: headerIndex + 1,
      expected: `${nDelay} delays`,
    });
  }
  const delay = new Float64Array(nDelay).fill(Number.NaN);
  delayCells.forEach((c, j) => {
    if (c === '') return;
    const v = num(c);
    if (!Number.isFinite(v)) throw new ParseError('a delay in the header is not a number', { file, line: headerIndex + 1, field: `column ${j + 2}`, found: c });
    delay[j] = v;
  });
  const nt = rows.length;
  const step = ((rows[nt - 1]?.[0] as number) - (rows[0]?.[0] as number)) / (nt - 1);
  const unit = chooseTimeUnit('', step, file);
  const ascending = step > 0;
  const time = new Float64Array(nt);
  const field = new Float64Array(nDelay * nt);
  for (let r = 0; r < nt; r++) {
    const row = rows[ascending ? r : nt - 1 - r] as number[];
    time[r] = (row[0] as number) * unit.toPs;
    if (r > 0 && !((time[r] as number) > (time[r - 1] as number))) {
      throw new ParseError('the time column is not strictly monotonic', { file, field: `time row ${r + 1}`, expected: 'strictly increasing time' });
    }
    for (let j = 0; j < nDelay; j++) field[j * nt + r] = row[j + 1] as number;
  }
  return createMap2d({
    delay,
    time,
    field,
    meta: { source: { fileName: file, format: 'delimited 2-D map (delays in the header row)' } },
    values: {
      timeAxis: { unit: 'ps', sourceUnit: unit.unit, unitFrom: unit.source, sortedDescending: !ascending, reversed: false },
      delayUnitFrom: 'assumed ps',
    },
  });
}

export const map2dTextReader: ReaderContribution = {
  id: 'thz.map2d-text',
  name: '2-D THz map (delimited text, delays in the header row; mcgillthz layout)',
  extensions: ['.dat', '.txt', '.csv', '.tsv'],
  kinds: [KIND.map2d],
  sniff({ head }) {
    const rows = headRows(head, 50);
    if (!rows) return Confidence.no;
    const first = rows.firstLine;
    const delim = delimiterOf(first);
    if (!delim) return Confidence.no;
    const cells = first.split(delim).map((c) => c.trim());
    if (cells[0] !== '' || cells.length < 3) return Confidence.no;
    const delays = cells.slice(1).filter((c) => c !== '');
    if (delays.length < 2 || !delays.every((c) => NUMBER.test(c))) return Confidence.no;
    const data = rows.rows;
    if (data.length < 4 || (data[0]?.length ?? 0) < 3) return Confidence.no;
    return 0.85;
  },
  read: readMap2dText,
};
