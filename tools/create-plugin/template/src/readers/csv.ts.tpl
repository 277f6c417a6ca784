import {
  Confidence,
  createDataset,
  decodeText,
  explicitCoord,
  type FileSource,
  headText,
  ParseError,
  parseNumericTable,
  type ReaderContribution,
  variable,
} from '@ionscope/core';
import { KIND_CURVE } from '../kinds';

/** The first line of the format; the sniffer looks for it, so the reader is sure (confidence 1). */
export const MARKER = '# __ID__ export';

/**
 * Reads "__ID__ CSV export" files: the marker line, a header `name (unit),name (unit)`, then two
 * numeric columns x and y. Units come from the header (default s and V).
 */
export function readCsv(source: FileSource) {
  const text = decodeText(source.bytes);
  const first = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (first.trim() !== MARKER) throw new ParseError('missing the format line', { file: source.name, line: 1, expected: MARKER, found: first });
  const table = parseNumericTable(text, { fileName: source.name });
  const [x, y] = table.columns as [Float64Array, Float64Array];
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i] as number)) {
      throw new ParseError('x must be a finite number', { file: source.name, line: table.firstDataLine + i, field: table.names[0], found: String(x[i]) });
    }
  }
  return createDataset({
    kind: KIND_CURVE,
    data: { y: variable(['x'], y, table.units[1] || 'V', { label: table.names[1] || 'y' }) },
    coords: { x: explicitCoord('x', x, table.units[0] || 's', { label: table.names[0] || 'x' }) },
    meta: { title: source.name },
  });
}

export const csvReader: ReaderContribution = {
  id: '__ID__.csv',
  name: '__NAME__ CSV export',
  extensions: ['.csv'],
  kinds: [KIND_CURVE],
  sniff: ({ head }) => (headText(head, 256).trimStart().startsWith(MARKER) ? Confidence.certain : Confidence.no),
  read: readCsv,
};
