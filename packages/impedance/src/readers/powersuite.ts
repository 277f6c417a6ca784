/**
 * Princeton Applied Research PowerSuite export: a `Frequency  Zre  Zimg` header (tab and space
 * separated) and rows in Hz and ohms with Zimg signed.
 */
import { Confidence, type Dataset, type FileSource, type ReadContext, type ReaderContribution } from '@ionscope/core';
import { SPECTRUM_KIND } from '../model/kinds';
import { fileText, parseError, sniffText } from './common';
import { readNamedTable } from './table-export';

const HEADER = /^Frequency\t\s*Zre\t\s*Zimg\s*$/m;

export function readPowerSuite(source: FileSource, ctx?: ReadContext): Dataset {
  const file = source.name;
  const text = fileText(source.bytes);
  if (!HEADER.test(text.slice(0, 200))) throw parseError(file, 'not a PowerSuite export', { line: 1, expected: 'Frequency\tZre\tZimg' });
  return readNamedTable(
    text,
    file,
    { instrument: { manufacturer: 'Princeton Applied Research', software: 'PowerSuite' }, source: { fileName: file, format: 'PowerSuite text' } },
    ctx,
  );
}

export const powerSuiteReader: ReaderContribution = {
  id: 'impedance.powersuite',
  name: 'PowerSuite (Princeton Applied Research) export',
  extensions: ['.txt'],
  kinds: [SPECTRUM_KIND],
  sniff: ({ head }) => (HEADER.test(sniffText(head, 200)) ? Confidence.certain : Confidence.no),
  read: (source, ctx) => readPowerSuite(source, ctx),
};
