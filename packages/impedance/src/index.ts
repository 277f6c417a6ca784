import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { KINDS } from './model/kinds';
import { READERS } from './readers/index';

export * from './model/kinds';
export * from './model/spectrum';
export * from './readers/index';

/** @packageDocumentation @ionscope/impedance: EIS readers, equivalent circuits, Lin-KK, DRT, operando series. */
export default definePlugin({
  id: 'impedance',
  name: 'Electrochemical impedance spectroscopy',
  version: packageJson.version,
  apiVersion: '^1',
  description: 'Reads EIS files from every common potentiostat, fits equivalent circuits, validates with Lin-KK and computes the DRT.',
  technique: {
    iri: 'https://w3id.org/emmo/domain/characterisation-methodology/chameo#ElectrochemicalImpedanceSpectroscopy',
    label: 'Electrochemical impedance spectroscopy',
  },
  license: 'MIT',
  kinds: KINDS,
  readers: READERS,
});
export * from './circuits/elements';
export * from './circuits/parser';
export * from './circuits/compile';
export * from './fitting/fit-circuit';
export * from './fitting/initial-guess';
