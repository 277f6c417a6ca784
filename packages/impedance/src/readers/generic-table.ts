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
import { extensionOf, fileText, parseError, requirePoints, sniffText } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

/** NUL or other low control bytes mean a binary file. */
function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) if ((head[i] as number) < 9) return true;
  return false;
}

/**
 * Headerless numeric rows whose first column is a logarithmic frequency sweep (positive, spanning
 * two decades or more, each step the same ratio within 30 %) followed by at least two numbers:
 * the signature of an f, Z′, Z″ export rather than a diffraction pattern.
 */
function looksLikeSweep(text: string): boolean {
  const rows = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^[#%!]/.test(l))
    .slice(0, 60)
    .map((l) => l.split(/[,;\t ]+/).map(Number));
  const numeric = rows.filter((r) => r.length >= 3 && r.every(Number.isFinite));
  if (numeric.length < 8) return false;
  // Skip a leading index column (0, 1, 2...).
  const c = numeric.every((r, i) => r[0] === i || r[0] === i + 1) && numeric[0]!.length >= 4 ? 1 : 0;
  const f = numeric.map((r) => r[c] as number);
  if (f.some((v) => !(v > 0))) return false;
  const ratios = f.slice(1).map((v, i) => Math.log(v / (f[i] as number)));
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const span = Math.abs(Math.log10((f[f.length - 1] as number) / (f[0] as number)));
  return Math.abs(mean) > 0 && ratios.every((r) => Math.abs(r - mean) <= 0.3 * Math.abs(mean) + 1e-12) && span >= 1;
}

export function readGenericTable(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const table = parseNumericTable(fileText(source.bytes), { fileName: file });
  const headers = table.names.map((n, i) => (table.units[i] ? `${n} (${table.units[i]})` : n));
  let roles = classifyColumns(headers);
  const named = roles.frequency >= 0;
  const hasHeader = table.names.some((n, i) => n !== `col${i + 1}`);
  if (!named && hasHeader) {
    throw parseError(file, 'no frequency column in the header', {
      line: table.firstDataLine - 1,
      field: 'header',
      expected: "a column named Freq, Frequency or f (Hz) with Z'/Z'' or |Z|/phase columns",
      found: headers.join(', '),
    });
  }
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
    const text = sniffText(head, 8192);
    if (!text || looksBinary(head)) return Confidence.no;
    // A header naming a frequency and an impedance column is specific to impedance.
    if (/freq/i.test(text) && /(z'|zre|re\(z\)|zreal|real|\|z\|)/i.test(text)) return 0.6;
    return looksLikeSweep(text) ? 0.45 : /^[\s\d.eE+-]+[,;\t ][\s\d.eE+-]+[,;\t ][\s\d.eE+-]+/m.test(text) ? Confidence.generic : Confidence.no;
  },
  read: (source, ctx) => readGenericTable(source, ctx),
};
