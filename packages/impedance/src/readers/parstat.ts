/**
 * Princeton Applied Research Parstat (VersaStudio/PowerCELL "export to text") tab-separated table:
 * `Potential (V)  Current (A)  Elapsed Time (s)  Frequency (Hz)  Zre (ohms)  Zim (ohms)  |Vac| (V)
 * |Iac| (A)`. DC rows (frequency 0) precede the EIS rows and are skipped. Zim is signed.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { fileText, parseError, sniffText } from './common';
import { readNamedTable } from './table-export';

const HEADER = /^Potential \(V\)\tCurrent \(A\)\tElapsed Time \(s\)\tFrequency \(Hz\)\tZre \(ohms\)\tZim \(ohms\)/;

export function readParstat(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const text = fileText(source.bytes);
  if (!HEADER.test(text))
    throw parseError(file, 'not a Parstat impedance export', {
      line: 1,
      expected: 'Potential (V)\tCurrent (A)\tElapsed Time (s)\tFrequency (Hz)\tZre (ohms)\tZim (ohms)',
    });
  return readNamedTable(
    text,
    file,
    { instrument: { manufacturer: 'Princeton Applied Research', model: 'Parstat' }, source: { fileName: file, format: 'Parstat text export' } },
    ctx,
  );
}

export const parstatReader: ReaderContribution = {
  id: 'impedance.parstat',
  name: 'Parstat (Princeton Applied Research) text export',
  extensions: ['.txt'],
  kinds: [SPECTRUM_KIND],
  sniff: ({ head }) => (HEADER.test(sniffText(head, 512)) ? Confidence.certain : Confidence.no),
  read: (source, ctx) => readParstat(source, ctx),
};
