/**
 * nelly `.tim` traces (YaleTHz/nelly): two tab-separated columns, time in ps and field, CRLF,
 * no header. The layer stack lives in a separate input JSON (see nelly-input.ts).
 */
import { Confidence, type ReaderContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { extensionOf, headRows, traceLikeness } from './sniff-util';
import { readTraceTable } from './text-trace-parse';

export const nellyTimReader: ReaderContribution = {
  id: 'thz.nelly-tim',
  name: 'nelly time trace (.tim)',
  extensions: ['.tim'],
  kinds: [KIND.waveform],
  sniff({ name, head }) {
    if (extensionOf(name) !== '.tim') return Confidence.no;
    const rows = headRows(head);
    if (!rows || rows.rows.length < 16 || rows.header.length > 0) return Confidence.no;
    return traceLikeness(rows.rows) >= 0.3 ? Confidence.likely : Confidence.no;
  },
  read(source) {
    return readTraceTable(source, 'nelly .tim');
  },
};
