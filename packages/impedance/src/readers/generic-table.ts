/**
 * Generic delimited text (CSV, TSV, whitespace): any table with a frequency column and either
 * Z′/Z″ or |Z|/phase, found by header name and unit (`Freq (kHz)`, `Z' [mOhm]`, `-Z''`, `|Z|`,
 * `phase/deg`). Without a header, the first three columns are taken as f, Z′, Z″, and Z″'s sign is
 * decided from the data (a column positive at most points is −Z″). A leading index column
 * (`,Freq,Real,Imag` as pandas writes) is skipped.
 */
import { Confidence, type Dataset, type FileSource, parseNumericTable, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { extensionOf, fileText, requirePoints, sniffText } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

/** NUL or other low control bytes mean a binary file. */
function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if ((head[i] as number) < 9) return true;
  return false;
}

export function readGenericTable(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const table = parseNumericTable(fileText(source.bytes), { fileName: file });
  const headers = table.names.map((n, i) => (table.units[i] ? `${n} (${table.units[i]})` : n));
  let roles = classifyColumns(headers);
  const named = roles.frequency >= 0;
  if (!named) {
    // No usable header: f, Z′, Z″ in the first three columns (after an index column 0, 1, 2...).
    const first = table.columns[0] as Float64Array;
    const isIndex = table.columns.length >= 4 && first.every((v, i) => v === i || v === i + 1);
    const o = isIndex ? 1 : 0;
    roles = { ...classifyColumns([]), frequency: o, real: o + 1, imag: o + 2 };
    if (table.columns.length < o + 3) {
      roles.real = -1;
    }
  }
  const imagHeader = roles.imag >= 0 ? (headers[roles.imag] ?? '') : '';
  // Names like "Imag" or "Z''" do not say which sign the file uses; "-Z''" does.
  const { spectrum, imagSignFlipped } = tableToSpectrum(table.columns, roles, file, { ctx, guessImagSign: !roles.imagNegated });
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    source: { fileName: file, format: `delimited text (${table.delimiter === '\t' ? 'tab' : table.delimiter === ' ' ? 'whitespace' : table.delimiter})` },
    extra: { columns: headers, ...(imagSignFlipped ? { imaginaryColumnNegated: true, imaginaryColumn: imagHeader } : {}) },
  });
}

export const genericTableReader: ReaderContribution = {
  id: 'impedance.table',
  name: 'Delimited text (CSV/TSV) with frequency and impedance columns',
  extensions: ['.csv', '.tsv', '.txt', '.dat'],
  kinds: [SPECTRUM_KIND],
  sniff({ head, name }) {
    const ext = extensionOf(name);
    if (!['.csv', '.tsv', '.txt', '.dat', ''].includes(ext)) return Confidence.no;
    const text = sniffText(head, 4096);
    if (!text || looksBinary(head)) return Confidence.no;
    return /freq/i.test(text) || /^[\s\d.eE+-]+[,;\t ][\s\d.eE+-]+[,;\t ][\s\d.eE+-]+/m.test(text) ? Confidence.generic : Confidence.no;
  },
  read: (source, ctx) => readGenericTable(source, ctx),
};
