/**
 * Shared parsing of delimited THz traces: column 1 is time, the other columns are the field
 * (repeats of one measurement), optionally followed by a standard-deviation column.
 */
import { decodeText, type FileSource, type NumericTable, ParseError, parseNumericTable } from '@ionscope/core';
import { chooseTimeUnit } from '../util/time-unit';
import { createWaveform } from '../waveform';

const STD_NAME = /^(std|sd|sigma|σ|err|error|uncertainty|stderr|dev)/i;
const FIELD_UNIT_NAME = /^(V|mV|µV|uV|nV|A|nA|pA|a\.u\.|arb)/;

export function parseTraceTable(source: FileSource): NumericTable {
  const text = decodeText(source.bytes);
  const table = parseNumericTable(text, { fileName: source.name, commentPrefixes: ['#', '%', '!', '//', ';'] });
  if (table.columns.length < 2) {
    throw new ParseError('a THz trace needs a time column and a field column', {
      file: source.name,
      expected: '≥ 2 numeric columns',
      found: `${table.columns.length}`,
    });
  }
  return table;
}

/** Reads a trace file (any delimiter, optional header) into a thz.waveform dataset. */
export function readTraceTable(source: FileSource, format: string, table: NumericTable = parseTraceTable(source)) {
  const [timeCol, ...rest] = table.columns as [Float64Array, ...Float64Array[]];
  const step = table.rows > 1 ? ((timeCol[table.rows - 1] as number) - (timeCol[0] as number)) / (table.rows - 1) : Number.NaN;
  const unit = chooseTimeUnit(table.units[0] ?? '', step, source.name);
  const time = new Float64Array(timeCol.length);
  for (let i = 0; i < time.length; i++) time[i] = (timeCol[i] as number) * unit.toPs;

  // Field columns are repeats; a trailing column named like "std"/"error" is an uncertainty.
  const names = table.names.slice(1);
  let std: Float64Array | undefined;
  const traces: Float64Array[] = [];
  rest.forEach((col, k) => {
    if (k > 0 && STD_NAME.test(names[k] ?? '') && !std) std = col;
    else traces.push(col);
  });
  const fieldUnit = table.units[1] && FIELD_UNIT_NAME.test(table.units[1]) ? table.units[1].replace(/^uV$/, 'µV') : 'a.u.';
  return createWaveform({
    time,
    traces,
    ...(std && traces.length === 1 ? { std } : {}),
    fieldUnit,
    fileName: source.name,
    timeAxis: { sourceUnit: unit.unit, unitFrom: unit.source, reversed: false },
    meta: {
      source: { fileName: source.name, format },
      ...(table.headerLines.some((l) => l.trim()) ? { extra: { header: table.headerLines.filter((l) => l.trim()).slice(0, 40) } } : {}),
    },
    values: { columns: table.names },
  });
}
