/**
 * Metrohm Autolab exports. Two layouts:
 * - the FRA "Z60W Data File" text (`"Z60W Data File: Version 1.1"`, blank quoted lines, a settings
 *   line, the point count, a quoted column-name line `Freq (Hz) Ampl Bias Time(Sec) Z'(a) Z''(b) GD
 *   Err Range`, then comma-separated rows; Z″ signed);
 * - the NOVA ASCII/CSV export with named columns (`Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°)`),
 *   where Z″ is given as −Z″.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution, parseNumericTable } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { fileText, isNumberToken, parseError, parseNumber, requirePoints, sniffText, textLines } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

const NOVA = /Frequency \(Hz\)[;,\t]\s*Z' \((Ω|Ohm|ohm)\)[;,\t]\s*-Z'' \((Ω|Ohm|ohm)\)/;

function readZ60W(lines: string[], file: string, ctx?: ReadContext): Dataset {
  const headerLine = lines.findIndex((l) => /Freq/.test(l) && /Z'/.test(l));
  if (headerLine < 0) throw parseError(file, 'no column-name line found', { expected: "a line naming Freq (Hz), Z'(a), Z''(b)" });
  const names = (lines[headerLine] as string)
    .replace(/"/g, '')
    .trim()
    .replace(/Freq \(Hz\)/, 'Freq(Hz)')
    .split(/\s{2,}|\t/)
    .map((s) => s.trim())
    .filter(Boolean);
  const roles = classifyColumns(names);
  const columns: number[][] = names.map(() => []);
  for (let i = headerLine + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const tokens = line.split(',');
    if (tokens.length < names.length || !tokens.every(isNumberToken)) {
      throw parseError(file, 'a data row is not a row of numbers', {
        line: i + 1,
        expected: `${names.length} comma-separated numbers`,
        found: line.slice(0, 60),
      });
    }
    names.forEach((_, c) => (columns[c] as number[]).push(parseNumber(tokens[c])));
  }
  const { spectrum } = tableToSpectrum(columns, roles, file, { ctx });
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    instrument: { manufacturer: 'Metrohm Autolab', software: 'FRA (Z60W export)' },
    source: { fileName: file, format: (lines[0] ?? '').replace(/^\uFEFF?"|"$/g, '') },
  });
}

export function readAutolab(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const text = fileText(source.bytes);
  const lines = textLines(text);
  if (/Z60W Data File/.test(lines[0] ?? '')) return readZ60W(lines, file, ctx);
  if (!NOVA.test(text))
    throw parseError(file, 'not an Autolab impedance export', { line: 1, expected: "Z60W Data File, or NOVA columns Frequency (Hz), Z' (Ω), -Z'' (Ω)" });
  const table = parseNumericTable(text, { fileName: file });
  const headers = table.names.map((n, i) => (table.units[i] ? `${n} (${table.units[i]})` : n));
  const { spectrum } = tableToSpectrum(table.columns, classifyColumns(headers), file, { ctx });
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    instrument: { manufacturer: 'Metrohm Autolab', software: 'NOVA' },
    source: { fileName: file, format: 'NOVA ASCII export' },
  });
}

export const autolabReader: ReaderContribution = {
  id: 'impedance.autolab',
  name: 'Metrohm Autolab FRA / NOVA export',
  extensions: ['.txt', '.csv'],
  kinds: [SPECTRUM_KIND],
  sniff({ head }) {
    const text = sniffText(head, 4096);
    if (/^\uFEFF?"?Z60W Data File/.test(text)) return Confidence.certain;
    if (NOVA.test(text)) return Confidence.likely;
    return Confidence.no;
  },
  read: (source, ctx) => readAutolab(source, ctx),
};
