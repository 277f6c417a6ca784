/**
 * IviumSoft data files: `.idf` (one dataset) and `.ids` (several). Each dataset is a text block of
 * `key=value` lines (Method, Technique, Title, starttime...) and data objects; the impedance is in
 * `primary_data`: a line with the column count (3), one with the row count, then rows of
 * `Z′ Z″ f` (Ω, Ω signed, Hz). Binary bytes around the text blocks are ignored.
 */
import { Confidence, type Dataset, type FileSource, type Metadata, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SERIES_KIND, SPECTRUM_KIND } from '../model/kinds';
import { type SpectrumArrays, spectrumOrSeries } from '../model/spectrum';
import { cleanSpectrum, isNumberToken, parseError, parseNumber, SpectrumBuilder, textLines } from './common';

/** Ivium files mix binary header bytes with Latin-1 text. */
function latin1(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes);
}

export function readIvium(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(latin1(source.bytes));
  const spectra: SpectrumArrays[] = [];
  const header: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const kv = /^([A-Za-z][\w .]*?)=(.*)$/.exec(line);
    if (kv && !(kv[1]! in header)) header[kv[1]!] = kv[2]!.trim();
    if (line !== 'primary_data') continue;
    const cols = Number((lines[i + 1] ?? '').trim());
    const rows = Number((lines[i + 2] ?? '').trim());
    if (!Number.isInteger(cols) || cols < 3 || !Number.isInteger(rows) || rows < 0) {
      throw parseError(file, 'primary_data has no column and row counts', {
        line: i + 2,
        expected: 'the column count (3) and the row count',
        found: `${lines[i + 1]} / ${lines[i + 2]}`,
      });
    }
    const b = new SpectrumBuilder();
    for (let r = 0; r < rows; r++) {
      const at = i + 3 + r;
      const tokens = (lines[at] ?? '').trim().split(/\s+/);
      if (at >= lines.length || tokens.length < 3 || !tokens.slice(0, 3).every(isNumberToken)) {
        throw parseError(file, at >= lines.length ? `primary_data ends after ${r} of ${rows} rows` : 'a primary_data row is not three numbers', {
          line: at + 1,
          expected: 'Z′ Z″ f',
          found: (lines[at] ?? '').slice(0, 60),
        });
      }
      b.add(parseNumber(tokens[2]), parseNumber(tokens[0]), parseNumber(tokens[1]));
    }
    spectra.push(cleanSpectrum(b.build(), ctx, file));
    i += 2 + rows;
  }
  if (!spectra.length) throw parseError(file, 'no primary_data block found', { expected: 'an Ivium dataset with primary_data (Z′, Z″, f)' });
  if (header.Method && header.Method !== 'Impedance') ctx?.logger.warn(`${file}: method is "${header.Method}", not Impedance`);
  const meta: Metadata = {
    instrument: {
      manufacturer: 'Ivium',
      software: 'IviumSoft',
      ...(header.software ? { softwareVersion: header.software } : {}),
      ...(header.serialnumber ? { serial: header.serialnumber } : {}),
    },
    source: { fileName: file, format: `IviumSoft ${file.toLowerCase().endsWith('.ids') ? '.ids' : '.idf'}` },
    extra: { Method: header.Method, Technique: header.Technique, Title: header.Title, starttime: header.starttime },
  };
  if (header.Title) meta.title = header.Title;
  return spectrumOrSeries(spectra, meta);
}

export const iviumReader: ReaderContribution = {
  id: 'impedance.ivium',
  name: 'IviumSoft data file (.idf, .ids)',
  extensions: ['.idf', '.ids'],
  kinds: [SPECTRUM_KIND, SERIES_KIND],
  sniff({ head, name }) {
    const text = latin1(head.subarray(0, Math.min(head.length, 65536)));
    const ivium = /\nMethod=/.test(text) && /\nTechnique=/.test(text);
    if (ivium && /\nMethod=Impedance/.test(text)) return Confidence.certain;
    if (ivium) return 0.3;
    return /\.id[fs]$/i.test(name) ? 0.1 : Confidence.no;
  },
  read: (source, ctx) => readIvium(source, ctx),
};
