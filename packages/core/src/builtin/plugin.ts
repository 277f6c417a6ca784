/**
 * The built-in plugin (`ionscope`): readers and writers for ionscope's own formats, so results can
 * be saved, read back and chained. The CLI always registers it.
 */
import { definePlugin } from '../plugin/define-plugin';
import { NEXUS_GENERIC_KIND } from '../serialize/nexus';
import { API_VERSION, CORE_VERSION } from '../version';
import { datasetJsonReader } from './dataset-json-reader';
import { nexusReader } from './nexus-reader';
import { plotView } from './plot-view';
import { csvWriter, jsonWriter, nexusWriter } from './writers';

export const builtinPlugin = definePlugin({
  id: 'ionscope',
  name: 'ionscope built-in formats',
  version: CORE_VERSION,
  apiVersion: `^${API_VERSION.split('.')[0]}`,
  description: 'Reads and writes ionscope datasets: lossless JSON, NeXus/HDF5 (also plain NXdata from other software) and CSV; a generic plot',
  license: 'MIT',
  kinds: [{ id: NEXUS_GENERIC_KIND, description: 'NXdata read from a NeXus file written by other software: the signal, its axes with units, and errors' }],
  readers: [datasetJsonReader, nexusReader],
  views: [plotView],
  writers: [nexusWriter, jsonWriter, csvWriter],
});
