import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';

/** @packageDocumentation @ionscope/tomography: an ionscope technique plugin (work in progress). */
export default definePlugin({
  id: 'tomography',
  name: 'tomography',
  version: packageJson.version,
  apiVersion: '^1',
});
