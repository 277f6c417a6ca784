import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { KIND_DEFINITIONS } from './kinds';
import { readers } from './readers/index';

/**
 * @packageDocumentation
 * @ionscope/xrd: powder X-ray diffraction for ionscope: readers for the common instrument formats,
 * 2θ/Q/d axes, background and Kα2 handling, peak search and profile fits, CIF → pattern simulation,
 * phase identification, lattice refinement and operando series.
 */
export default definePlugin({
  id: 'xrd',
  name: 'Powder X-ray diffraction',
  version: packageJson.version,
  apiVersion: '^1',
  description: 'Powder diffraction readers, peak and profile fits, CIF pattern simulation, phase identification, operando series',
  technique: { label: 'X-ray diffraction', iri: 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#XRD' },
  license: 'MIT',
  kinds: KIND_DEFINITIONS,
  readers,
});

export * from './axes';
export * from './kinds';
export * from './wavelengths';
export * from './readers/index';
export { stackPatterns, seriesRow, seriesTime } from './series/stack';
