import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';

/** @packageDocumentation @ionscope/xrd: an ionscope technique plugin (work in progress). */
export default definePlugin({
  id: 'xrd',
  name: 'xrd',
  version: packageJson.version,
  apiVersion: '^1',
});
