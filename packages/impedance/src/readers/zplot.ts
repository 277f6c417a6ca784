/**
 * Scribner ZPlot/ZView `.z` text (`ZPLOT2 ASCII`): a `key: value` header with nested
 * `Begin …`/`End …` blocks, the column names (`Freq(Hz) Ampl Bias Time(Sec) Z'(a) Z''(b) GD Err
 * Range`) on the line before `End Comments`, then tab-separated rows. Z″ is signed. Two variants
 * exist: ZPlot's own (long header, `Data Points:`) and the short one other software writes.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { fileText, isNumberToken, parseError, parseNumber, requirePoints, sniffText, textLines } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

export function readZPlot(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  if (!/^ZPLOT2 ASCII/.test(lines[0] ?? '')) throw parseError(file, 'not a ZPlot .z file', { line: 1, expected: 'ZPLOT2 ASCII', found: lines[0] ?? '' });
  const end = lines.findIndex((l) => /^End Comments/.test(l.trim()));
  if (end < 0) throw parseError(file, 'the header has no "End Comments" line', { expected: 'End Comments before the data' });
  const header: Record<string, string> = {};
  for (let i = 1; i < end; i++) {
    const m = /^\s*([^:]+?):\s*(.*)$/.exec(lines[i] as string);
    if (m && !(m[1]! in header)) header[m[1]!.trim()] = m[2]!.trim();
  }
  const namesLine = (lines[end - 1] ?? '').trim();
  const names = namesLine.split(/\t+/).map((s) => s.trim());
  const roles = classifyColumns(names.length >= 6 ? names : ['Freq(Hz)', 'Ampl', 'Bias', 'Time(Sec)', "Z'(a)", "Z''(b)", 'GD', 'Err', 'Range']);
  const width = Math.max(names.length, 6);
  const columns: number[][] = Array.from({ length: width }, () => []);
  for (let i = end + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    const tokens = line.split(/[\t ,]+/);
    if (tokens.length < 6 || !tokens.slice(0, 6).every(isNumberToken)) {
      throw parseError(file, 'a data row is not a row of numbers', { line: i + 1, expected: `${width} numbers`, found: line.slice(0, 60) });
    }
    for (let c = 0; c < width; c++) (columns[c] as number[]).push(parseNumber(tokens[c]));
  }
  const { spectrum } = tableToSpectrum(columns, roles, file, { ctx });
  requirePoints(spectrum, file);
  const announced = Number(header['Data Points']);
  if (Number.isInteger(announced) && announced !== spectrum.frequency.length) {
    ctx?.logger.warn(`${file}: the header announces ${announced} points but ${spectrum.frequency.length} were found (file cut short?)`);
  }
  const software = /^Measured Data,\s*(\S+):\s*(.*)$/.exec((lines[1] ?? '').trim());
  const meta: Metadata = {
    instrument: { software: software?.[1] ?? 'ZPlot', ...(software?.[2] ? { softwareVersion: software[2].trim() } : {}) },
    source: { fileName: file, format: 'ZPlot .z (ZPLOT2 ASCII)' },
    extra: header,
  };
  if (header['Experiment Type']) meta.title = header['Experiment Type'];
  const date = /^(\d{2})-(\d{2})-(\d{4})$/.exec(header.Date ?? '');
  if (date && /^\d{2}:\d{2}:\d{2}$/.test(header.Time ?? '')) {
    meta.startTime = `${date[3]}-${date[1]}-${date[2]}T${header.Time}`;
    meta.startTimeZone = 'unknown';
  }
  return spectrumDataset(spectrum, meta);
}

export const zplotReader: ReaderContribution = {
  id: 'impedance.zplot',
  name: 'Scribner ZPlot/ZView text (.z)',
  extensions: ['.z'],
  kinds: [SPECTRUM_KIND],
  sniff: ({ head }) => (/^ZPLOT2 ASCII/.test(sniffText(head, 64)) ? Confidence.certain : Confidence.no),
  read: (source, ctx) => readZPlot(source, ctx),
};
