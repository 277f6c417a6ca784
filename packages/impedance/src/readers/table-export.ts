/**
 * Shared path for delimited text exports with a column-name row: parse with core's
 * `parseNumericTable`, find the impedance columns by name, build the spectrum.
 */
import { type Dataset, type Metadata, parseNumericTable, type ReadContext } from '@ionscope/core';
import { spectrumDataset } from '../model/spectrum';
import { requirePoints } from './common';
import { classifyColumns, tableToSpectrum } from './columns';

export function readNamedTable(text: string, file: string, meta: Metadata, ctx?: ReadContext, options: { guessImagSign?: boolean } = {}): Dataset {
  const table = parseNumericTable(text, { fileName: file });
  const headers = table.names.map((n, i) => (table.units[i] ? `${n} (${table.units[i]})` : n));
  const { spectrum, imagSignFlipped } = tableToSpectrum(table.columns, classifyColumns(headers), file, { ctx, guessImagSign: options.guessImagSign });
  requirePoints(spectrum, file);
  return spectrumDataset(spectrum, {
    ...meta,
    extra: { ...(meta.extra ?? {}), columns: headers, ...(imagSignFlipped ? { imaginaryColumnNegated: true } : {}) },
  });
}
