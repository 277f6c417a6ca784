import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';

/** @packageDocumentation @ionscope/impedance: an ionscope technique plugin (work in progress). */
export default definePlugin({
  id: 'impedance',
  name: 'impedance',
  version: packageJson.version,
  apiVersion: '^1',
});
