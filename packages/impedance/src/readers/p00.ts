/**
 * The "P00" ASCII export (IviumSoft/ZAHNER-style, as pyimpspec calls it): `Procedure : <title>`,
 * a date/current line, free text, then the column names `f/Hz  Z'/Ohm  -Z''/Ohm  time/s  Edc/V
 * Idc/A`, a line with the point count, and whitespace-separated rows. The third column is −Z″.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { fileText, isNumberToken, parseError, parseNumber, requirePoints, sniffText, textLines } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

export function readP00(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  const title = /^Procedure\s*:\s*(.*)$/.exec((lines[0] ?? '').trim());
  if (!title) throw parseError(file, 'not a P00 export', { line: 1, expected: 'Procedure : <title>', found: lines[0] ?? '' });
  const headerAt = lines.findIndex((l) => /^\s*f\/Hz\s/.test(l));
  if (headerAt < 0) throw parseError(file, 'the column-name line is missing', { expected: "f/Hz  Z'/Ohm  -Z''/Ohm ..." });
  const names = (lines[headerAt] as string).trim().split(/\s+/);
  const count = Number((lines[headerAt + 1] ?? '').trim());
  if (!Number.isInteger(count) || count < 0)
    throw parseError(file, 'the point count is missing', { line: headerAt + 2, expected: 'an integer', found: lines[headerAt + 1] ?? '' });
  const columns: number[][] = names.map(() => []);
  for (let i = headerAt + 2; i < headerAt + 2 + count; i++) {
    const tokens = (lines[i] ?? '').trim().split(/\s+/);
    if (i >= lines.length || tokens.length < names.length || !tokens.slice(0, names.length).every(isNumberToken)) {
      throw parseError(file, i >= lines.length ? `the file ends after ${i - headerAt - 2} of ${count} points` : 'a data row is not a row of numbers', {
        line: i + 1,
        expected: `${names.length} numbers`,
        found: (lines[i] ?? '').slice(0, 60),
      });
    }
    names.forEach((_, c) => (columns[c] as number[]).push(parseNumber(tokens[c])));
  }
  const { spectrum } = tableToSpectrum(columns, classifyColumns(names), file, { ctx });
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    title: title[1]?.trim(),
    source: { fileName: file, format: 'P00 ASCII export' },
    extra: {
      header: lines
        .slice(1, headerAt)
        .map((l) => l.trim())
        .filter(Boolean),
    },
  });
}

export const p00Reader: ReaderContribution = {
  id: 'impedance.p00',
  name: 'P00 ASCII impedance export',
  extensions: ['.p00'],
  kinds: [SPECTRUM_KIND],
  sniff({ head, name }) {
    const text = sniffText(head, 2048);
    if (/^Procedure\s*:/.test(text) && /\n\s*f\/Hz\s/.test(text)) return Confidence.certain;
    return /\.p\d\d$/i.test(name) && /^Procedure/.test(text) ? Confidence.plausible : Confidence.no;
  },
  read: (source, ctx) => readP00(source, ctx),
};
