/**
 * Eco Chemie (Autolab FRA) `.dfr` file: `VERSION8.0`, the number of points, a spectrum count line,
 * then nine lines per point whose first three are frequency (Hz), Z′ and −Z″ (Ω), followed by a
 * trailer (dates and settings). Z″ is negated on reading.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { spectrumDataset } from '../model/spectrum';
import { cleanSpectrum, fileText, isNumberToken, parseError, parseNumber, requirePoints, SpectrumBuilder, sniffText, textLines } from './common';

const VALUES_PER_POINT = 9;

export function readDfr(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const lines = textLines(fileText(source.bytes));
  const version = /^VERSION(\S+)/.exec((lines[0] ?? '').trim());
  if (!version) throw parseError(file, 'not an Eco Chemie .dfr file', { line: 1, expected: 'VERSION<number>', found: lines[0] ?? '' });
  const count = Number((lines[1] ?? '').trim());
  if (!Number.isInteger(count) || count < 0) throw parseError(file, 'the point count is missing', { line: 2, expected: 'an integer', found: lines[1] ?? '' });
  const first = 3;
  const b = new SpectrumBuilder();
  for (let p = 0; p < count; p++) {
    const at = first + p * VALUES_PER_POINT;
    for (let k = 0; k < 3; k++) {
      if (!isNumberToken(lines[at + k])) {
        throw parseError(file, at + k >= lines.length ? `the file ends inside point ${p + 1} of ${count}` : 'a point value is not a number', {
          line: at + k + 1,
          expected: ['frequency (Hz)', 'Z′ (Ω)', '−Z″ (Ω)'][k],
          found: (lines[at + k] ?? '').slice(0, 40),
        });
      }
    }
    b.add(parseNumber(lines[at]), parseNumber(lines[at + 1]), -parseNumber(lines[at + 2]));
  }
  const spectrum = cleanSpectrum(b.build(), ctx, file);
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    instrument: { manufacturer: 'Eco Chemie', software: 'FRA' },
    source: { fileName: file, format: `Eco Chemie dfr ${version[1]}` },
  });
}

export const dfrReader: ReaderContribution = {
  id: 'impedance.ecochemie-dfr',
  name: 'Eco Chemie FRA data file (.dfr)',
  extensions: ['.dfr'],
  kinds: [SPECTRUM_KIND],
  sniff({ head, name }) {
    const text = sniffText(head, 64);
    if (/^VERSION\d+(\.\d+)?\r?\n\s*\d+\r?\n/.test(text)) return name.toLowerCase().endsWith('.dfr') ? Confidence.certain : Confidence.plausible;
    return Confidence.no;
  },
  read: (source, ctx) => readDfr(source, ctx),
};
