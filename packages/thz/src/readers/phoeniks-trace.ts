/**
 * Correct@TDS / phoeniks averaged traces: `#` comment header ending in `timeaxis (ps)  E-field`,
 * then two space-separated columns (time in ps, mean field of N averaged waveforms).
 */
import { Confidence, type ReaderContribution } from '@ionscope/core';
import { KIND } from '../kinds';
import { headRows } from './sniff-util';
import { readTraceTable } from './text-trace-parse';

const SIGNATURE = /Correct@TDS|timeaxis\s*\(ps\)/i;

export const phoeniksTraceReader: ReaderContribution = {
  id: 'thz.phoeniks-trace',
  name: 'Correct@TDS / phoeniks averaged trace',
  extensions: ['.txt'],
  kinds: [KIND.waveform],
  sniff({ head }) {
    const rows = headRows(head, 20);
    if (!rows || rows.rows.length < 2) return Confidence.no;
    return rows.header.some((l) => SIGNATURE.test(l)) ? 0.9 : Confidence.no;
  },
  read(source) {
    const ds = readTraceTable(source, 'Correct@TDS averaged trace');
    const header = (ds.meta.extra?.header as string[] | undefined) ?? [];
    const averaged = header.map((l) => /Average over\s+(\d+)\s+waveforms/i.exec(l)).find(Boolean);
    if (averaged) ds.values = { ...ds.values, averagedWaveforms: Number(averaged[1]) };
    return ds;
  },
};
