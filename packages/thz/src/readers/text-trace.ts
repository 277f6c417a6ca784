/**
 * Generic delimited THz traces (`.txt`, `.dat`, `.csv`, `.tsv`, `.asc`): a time column in ps, fs or
 * s (from the header or the sampling step) and one or more field columns (repeats → mean ± SEM).
 */
import { Confidence, type ReaderContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { extensionOf, headRows, traceLikeness } from './sniff-util';
import { readTraceTable } from './text-trace-parse';

const EXTENSIONS = ['.txt', '.dat', '.csv', '.tsv', '.asc', '.tim'];
const THZ_WORDS = /\b(THz|E-?field|time\s*\(?\s*(ps|fs)\b|delay\s*\(?\s*ps|terahertz|TDS)\b/i;

export const textTraceReader: ReaderContribution = {
  id: 'thz.text-trace',
  name: 'THz time trace (delimited text: time + field columns)',
  extensions: EXTENSIONS,
  kinds: [KIND.waveform],
  sniff({ name, head }) {
    const rows = headRows(head);
    if (!rows || rows.rows.length < 16) return Confidence.no;
    // A first row that starts with an empty cell is a 2-D map header, not a trace.
    if (/^\s*[\t,;]/.test(rows.firstLine)) return Confidence.no;
    const likeness = traceLikeness(rows.rows);
    if (likeness < 0.3) return Confidence.no;
    const ext = EXTENSIONS.includes(extensionOf(name)) ? 0.05 : 0;
    const words = rows.header.some((l) => THZ_WORDS.test(l)) ? 0.15 : 0;
    return Math.min(0.7, 0.3 + 0.2 * likeness + ext + words);
  },
  read(source) {
    return readTraceTable(source, 'delimited text trace');
  },
};
