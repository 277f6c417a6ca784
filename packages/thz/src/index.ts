import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';

/** @packageDocumentation @ionscope/thz: an ionscope technique plugin (work in progress). */
export default definePlugin({
  id: 'thz',
  name: 'thz',
  version: packageJson.version,
  apiVersion: '^1',
});
