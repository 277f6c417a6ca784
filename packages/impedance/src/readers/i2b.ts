/**
 * i2b text export: free-form metadata lines, a blank line, the number of points, then rows of
 * `frequency Z′ Z″` (Hz, Ω; Z″ signed) separated by spaces.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { fileText, isNumberToken, parseError, parseNumber, requirePoints, SpectrumBuilder, cleanSpectrum, textLines } from './common';

export function readI2b(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  const countAt = lines.findIndex((l, i) => /^\s*\d+\s*$/.test(l) && /^\s*\S+\s+\S+\s+\S+\s*$/.test(lines[i + 1] ?? ''));
  if (countAt < 0) throw parseError(file, 'the point count line is missing', { expected: "a line with the number of points followed by \"f Z' Z''\" rows" });
  const count = Number((lines[countAt] as string).trim());
  const b = new SpectrumBuilder();
  for (let i = countAt + 1; i < countAt + 1 + count; i++) {
    const tokens = (lines[i] ?? '').trim().split(/\s+/);
    if (i >= lines.length || tokens.length < 3 || !tokens.slice(0, 3).every(isNumberToken)) {
      throw parseError(file, i >= lines.length ? `the file ends after ${i - countAt - 1} of ${count} points` : 'a data row is not three numbers', {
        line: i + 1,
        expected: 'frequency, Z′, Z″',
        found: (lines[i] ?? '').slice(0, 60),
      });
    }
    b.add(parseNumber(tokens[0]), parseNumber(tokens[1]), parseNumber(tokens[2]));
  }
  const spectrum = cleanSpectrum(b.build(), ctx, file);
  requirePoints(spectrum, file);
  const notes = lines
    .slice(0, countAt)
    .map((l) => l.trim())
    .filter(Boolean);
  return spectrumDataset(spectrum, { source: { fileName: file, format: 'i2b text' }, ...(notes.length ? { description: notes.join(' ') } : {}) });
}

export const i2bReader: ReaderContribution = {
  id: 'impedance.i2b',
  name: 'i2b text export (.i2b)',
  extensions: ['.i2b'],
  kinds: [SPECTRUM_KIND],
  sniff: ({ name }) => (name.toLowerCase().endsWith('.i2b') ? Confidence.likely : Confidence.no),
  read: (source, ctx) => readI2b(source, ctx),
};
