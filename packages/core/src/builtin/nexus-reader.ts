import { Confidence, type FileSource, type ReadContext, type ReaderContribution } from '../plugin/contract';
import { NEXUS_GENERIC_KIND, readNexus, sniffNexus } from '../serialize/nexus';

/**
 * Reads NeXus/HDF5: files ionscope wrote come back exactly (any kind); NXdata from other software
 * becomes a `nexus.data` dataset. Technique plugins that know a NeXus application definition
 * (pyFAI, NXtomo...) should sniff above 0.7 for their files and win.
 */
export const nexusReader: ReaderContribution = {
  id: 'ionscope.nexus',
  name: 'NeXus/HDF5 (ionscope results and plain NXdata)',
  description: 'NXentry/NXdata with @signal and @axes; files written by ionscope keep dtypes, masks, values, metadata and provenance',
  extensions: ['.nxs', '.nx5', '.nx', '.h5', '.hdf5'],
  kinds: ['*', NEXUS_GENERIC_KIND],
  sniff: ({ head }) => {
    const nexus = sniffNexus(head);
    if (nexus >= 1) return Confidence.certain; // written by ionscope
    if (nexus >= 0.9) return 0.7; // NeXus classes in the head: likely, but leave room for specialised readers
    return nexus > 0 ? 0.1 : Confidence.no;
  },
  read: async (source: FileSource, ctx: ReadContext) => {
    const [first, ...rest] = await readNexus(source.bytes, source.name);
    if (rest.length) ctx.logger.warn(`${source.name} holds ${rest.length + 1} NXdata groups; read the first (${first?.kind})`);
    return first as NonNullable<typeof first>;
  },
};
