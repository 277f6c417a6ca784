import type { Dataset, FileSource, ReadContext, ReaderContribution } from '@ionscope/core';
import { stackPatterns } from '../series/stack';
import { brmlReader } from './brml';
import { brukerRawReader } from './bruker-raw';
import { cifStructureReader } from './cif-structure';
import { gsasReader } from './gsas';
import { nexusReader } from './nexus';
import { pdCifReader } from './pdcif';
import { rasReader, rasxReader } from './rigaku';
import { uxdReader } from './uxd';
import { xrdmlReader } from './xrdml';
import { xyReader } from './xy';

/** Adds `readMany` (files → one `xrd.series`, time from each file's start time) to a single-pattern reader. */
function withSeries(reader: ReaderContribution): ReaderContribution {
  return {
    ...reader,
    async readMany(sources: FileSource[], ctx: ReadContext): Promise<Dataset> {
      const patterns: Dataset[] = [];
      for (const s of sources) {
        ctx.signal?.throwIfAborted();
        patterns.push(await reader.read(s, ctx));
      }
      return stackPatterns(patterns);
    },
  };
}

export const readers: ReaderContribution[] = [
  withSeries(xrdmlReader),
  withSeries(brukerRawReader),
  withSeries(uxdReader),
  withSeries(brmlReader),
  withSeries(rasReader),
  withSeries(rasxReader),
  withSeries(gsasReader),
  withSeries(pdCifReader),
  cifStructureReader,
  nexusReader,
  withSeries(xyReader),
];

export { brmlReader, brukerRawReader, cifStructureReader, gsasReader, nexusReader, pdCifReader, rasReader, rasxReader, uxdReader, xrdmlReader, xyReader };
