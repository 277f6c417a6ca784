import { z } from 'zod';
import type { WriterContribution } from '../plugin/contract';
import { datasetToJson } from '../serialize/json';
import { writeNexus } from '../serialize/nexus';
import { datasetToCsv } from '../serialize/plain';

const encoder = new TextEncoder();

/** Any dataset as NeXus/HDF5 (readable by NeXus tools, and back by ionscope without loss). */
export const nexusWriter: WriterContribution<z.ZodObject<{ compression: z.ZodDefault<z.ZodNumber>; compressFloats: z.ZodDefault<z.ZodBoolean> }>> = {
  id: 'ionscope.nexus',
  name: 'NeXus/HDF5',
  description: 'One NXentry with an NXdata group (signal, axes, units, errors) plus masks, values, metadata and provenance',
  accepts: ['*'],
  extension: '.nxs',
  mediaType: 'application/x-hdf5',
  params: z.object({
    compression: z.number().int().min(0).max(9).default(1).describe('gzip level for large arrays (0 = none)'),
    compressFloats: z.boolean().default(false).describe('also compress floating-point arrays (slower, small gain on noisy data)'),
  }),
  write: (data, params) => writeNexus(data, { compression: params.compression, compressFloats: params.compressFloats }),
};

/** Any dataset as lossless JSON (dtypes, NaN and infinities kept), read back by `ionscope.dataset-json`. */
export const jsonWriter: WriterContribution = {
  id: 'ionscope.json',
  name: 'ionscope dataset JSON (lossless)',
  accepts: ['*'],
  extension: '.json',
  mediaType: 'application/json',
  write: (data) => encoder.encode(JSON.stringify(datasetToJson(data))),
};

/** The 1-D data of a dataset as CSV with units in the header (or a table of its values). */
export const csvWriter: WriterContribution = {
  id: 'ionscope.csv',
  name: 'CSV table',
  description: 'Coordinate and 1-D variables as columns, "name (unit)" headers, _stderr columns; a name/value/stderr/unit table when there are no 1-D data',
  accepts: ['*'],
  extension: '.csv',
  mediaType: 'text/csv',
  write: (data) => encoder.encode(datasetToCsv(data)),
};
