import { definePlugin } from '@ionscope/core';
import packageJson from '../package.json';
import { KINDS } from './model/kinds';
import { READERS } from './readers/index';
import { drtAnalysis } from './analyses/drt';
import { fitCircuitAnalysis } from './analyses/fit-circuit';
import { fitSeriesAnalysis } from './analyses/fit-series';
import { linKKAnalysis } from './analyses/lin-kk';
import { VIEWS } from './views/index';

export * from './model/kinds';
export * from './model/spectrum';
export * from './readers/index';
export * from './analyses/fit-circuit';
export * from './analyses/fit-series';
export * from './analyses/lin-kk';
export * from './analyses/drt';
export * from './analyses/params';
export * from './views/index';

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
  analyses: [fitCircuitAnalysis, fitSeriesAnalysis, linKKAnalysis, drtAnalysis],
  views: VIEWS,
  sampleData: [
    {
      id: 'impedance.example-li-ion',
      title: 'Li-ion cell spectrum (impedance.py exampleData.csv)',
      description: '66 points, 10 kHz to 3 mHz; circuit fit as in the impedance.py getting-started guide, Lin-KK and DRT.',
      files: { input: 'examples/exampleData.csv' },
      license: 'MIT',
      source: 'impedance.py (ECSHackWeek) data/exampleData.csv; notice in examples/NOTICE.md',
      analyses: [
        {
          analysis: 'impedance.fit-circuit',
          params: { circuit: 'R0-p(R1,C1)-p(R2-Wo1,C2)', initialGuess: [0.01, 0.01, 100, 0.01, 0.05, 100, 1], excludeInductive: true },
        },
        { analysis: 'impedance.lin-kk', params: { c: 0.5, addCapacitance: true, fMax: 999 } },
        { analysis: 'impedance.drt' },
      ],
    },
    {
      id: 'impedance.example-lib-drt',
      title: 'Li-ion battery spectrum (pyDRTtools LIB_data.txt)',
      description: '107 points, 1 kHz to 5 mHz; DRT and Lin-KK.',
      files: { input: 'examples/LIB_data.txt' },
      license: 'MIT',
      source: "pyDRTtools (ciuccislab) 'EIS data/text files/LIB_data.txt'; notice in examples/NOTICE.md",
      analyses: [{ analysis: 'impedance.drt' }, { analysis: 'impedance.lin-kk', params: { c: 0.85, addCapacitance: true } }],
    },
  ],
});
export * from './circuits/elements';
export * from './circuits/parser';
export * from './circuits/compile';
export * from './fitting/fit-circuit';
export * from './fitting/initial-guess';
export * from './methods/lin-kk';
export * from './methods/drt';
export * from './model/combine';
