import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { analyses } from './analyses/index';
import { KIND_DEFINITIONS } from './kinds';
import { readers } from './readers/index';
import { views } from './views/plots';

/**
 * @packageDocumentation
 * @ionscope/xrd: powder X-ray diffraction for ionscope: readers for the common instrument formats,
 * 2θ/Q/d axes, background and Kα2 handling, peak search and profile fits, CIF → pattern simulation,
 * phase identification, lattice refinement, size–strain and operando series.
 */
export default definePlugin({
  id: 'xrd',
  name: 'Powder X-ray diffraction',
  version: packageJson.version,
  apiVersion: '^1',
  description: 'Powder diffraction readers, peak and profile fits, CIF pattern simulation, phase identification, lattice refinement, operando series',
  technique: { label: 'X-ray diffraction', iri: 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#XRD' },
  license: 'MIT',
  kinds: KIND_DEFINITIONS,
  readers,
  analyses,
  views,
  sampleData: [],
});

export * from './axes';
export * from './kinds';
export * from './wavelengths';
export * from './readers/index';
export { stackPatterns, seriesRow, seriesTime } from './series/stack';
export { trackPeaks } from './series/track';
export { readCifStructure, parseTypeSymbol } from './structure/cif-structure';
export { simulatePattern, uniqueFamilies, type SimulatedPeak, type SimulateOptions } from './structure/simulate';
export { stickProfile } from './structure/profile';
export type { Structure, AtomSite } from './structure/structure';
export type { Cell } from './structure/cell';
export { fitProfile, type ProfileFitOptions, type ProfileFitResult } from './peaks/fit';
export { searchPeaks } from './peaks/search';
export { refineLattice, type CrystalSystem } from './peaks/lattice';
export { scherrer, williamsonHall, fitCaglioti } from './peaks/size-strain';
export { identifyPhases } from './phase/identify';
export { snipBackground, estimateBackground } from './processing/background';
export { stripKAlpha2 } from './processing/kalpha2';
export { profileValue, kAlpha2Position, type ProfileShape } from './models/profiles';
