/**
 * CH Instruments "A.C. Impedance" text export: a date line, `A.C. Impedance`, `Key = value`
 * settings, then `Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg` and comma-separated rows (Z″ signed).
 */
import { Confidence, type Dataset, type FileSource, parseKeyValueLines, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { fileText, parseError, sniffText, textLines } from './common';
import { readNamedTable } from './table-export';

export function readChi(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const text = fileText(source.bytes);
  const lines = textLines(text);
  if (!/^A\.C\. Impedance/.test((lines[1] ?? '').trim())) {
    throw parseError(file, 'not a CH Instruments impedance export', { line: 2, expected: 'A.C. Impedance', found: lines[1] ?? '' });
  }
  const dataAt = lines.findIndex((l) => /^Freq\/Hz/.test(l.trim()));
  const header = parseKeyValueLines(lines.slice(2, dataAt < 0 ? 30 : dataAt), /\s*[:=]\s*/);
  return readNamedTable(
    text,
    file,
    {
      title: 'A.C. Impedance',
      instrument: { manufacturer: 'CH Instruments', ...(header['Instrument Model'] ? { model: header['Instrument Model'] } : {}) },
      source: { fileName: file, format: 'CHI A.C. Impedance text' },
      extra: { date: (lines[0] ?? '').trim(), ...header },
    },
    ctx,
  );
}

export const chiReader: ReaderContribution = {
  id: 'impedance.chi',
  name: 'CH Instruments A.C. Impedance text',
  extensions: ['.txt', '.csv'],
  kinds: [SPECTRUM_KIND],
  sniff: ({ head }) => (/^[^\n]*\r?\nA\.C\. Impedance/.test(sniffText(head, 512)) ? Confidence.certain : Confidence.no),
  read: (source, ctx) => readChi(source, ctx),
};
