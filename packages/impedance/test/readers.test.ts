import { memoryLogger, Registry, readSource } from '@ionscope/core';
import { describe, expect, it } from 'vitest';
import plugin, { seriesSpectrum, spectrumArrays, spectrumCount } from '../src/index';
import { dataFile, hasData, pyimpspecReference } from './data';

const registry = new Registry();
registry.register(plugin);

async function read(relative: string) {
  const file = dataFile(relative);
  const { dataset, choice } = await readSource(registry, file, { logger: memoryLogger() });
  return { dataset, reader: choice.reader.id };
}

describe.skipIf(!hasData)('every shared impedance file reads', () => {
  const expected: [string, string, number, number][] = [
    // file, reader, spectra, points in the first spectrum
    ['impedance/impedance_py/exampleData.csv', 'impedance.table', 1, 66],
    ['impedance/impedance_py/exampleDataBioLogic.mpt', 'impedance.biologic-mpt', 1, -1],
    ['impedance/impedance_py/exampleDataGamry.DTA', 'impedance.gamry-dta', 1, -1],
    ['impedance/impedance_py/exampleDataGamryABORT.DTA', 'impedance.gamry-dta', 1, -1],
    ['impedance/impedance_py/exampleDataZPlot.z', 'impedance.zplot', 1, 21],
    ['impedance/impedance_py/exampleDataAutolab.txt', 'impedance.autolab', 1, 41],
    ['impedance/impedance_py/exampleDataCHInstruments.txt', 'impedance.chi', 1, -1],
    ['impedance/impedance_py/exampleDataParstat.txt', 'impedance.parstat', 1, 31],
    ['impedance/impedance_py/exampleDataPowersuite.txt', 'impedance.powersuite', 1, -1],
    ['impedance/impedance_py/exampleDataVersaStudio.par', 'impedance.versastudio', 1, -1],
    ['impedance/pyimpspec/data.dta', 'impedance.gamry-dta', 1, 29],
    ['impedance/pyimpspec/drift-corrected-data.dta', 'impedance.gamry-dta', 1, -1],
    ['impedance/pyimpspec/data.idf', 'impedance.ivium', 1, 29],
    ['impedance/pyimpspec/data.ids', 'impedance.ivium', 2, 29],
    ['impedance/pyimpspec/data.P00', 'impedance.p00', 1, 29],
    ['impedance/pyimpspec/data.dfr', 'impedance.ecochemie-dfr', 1, 29],
    ['impedance/pyimpspec/data.i2b', 'impedance.i2b', 1, 29],
    ['impedance/pyimpspec/data.pssession', 'impedance.palmsens', 1, 29],
    ['impedance/pyimpspec/data.z', 'impedance.zplot', 1, 29],
    ['impedance/pyimpspec/data-metadata.mpt', 'impedance.biologic-mpt', 1, 29],
    ['impedance/pyimpspec/case-multiple-spectra.mpt', 'impedance.biologic-mpt', 3, 29],
    ['impedance/pyDRTtools/LIB_data.txt', 'impedance.table', 1, 107],
    ['impedance/pyDRTtools/LIB_data_2.txt', 'impedance.table', 1, 100],
    ['impedance/pyDRTtools/1ZARC.csv', 'impedance.table', 1, 81],
    ['electrochem/biologic/peis.mpt', 'impedance.biologic-mpt', -1, -1],
    ['electrochem/biologic/geis.mpt', 'impedance.biologic-mpt', -1, 41],
    ['electrochem/biologic/zir.mpt', 'impedance.biologic-mpt', 1, 1],
    ['electrochem/biologic/zir.mpr', 'impedance.biologic-mpr', 1, 1],
  ];
  for (const [file, reader, spectra, points] of expected) {
    it(file, async () => {
      const { dataset, reader: used } = await read(file);
      expect(used).toBe(reader);
      const count = spectrumCount(dataset);
      if (spectra > 0) expect(count).toBe(spectra);
      const first = seriesSpectrum(dataset, 0);
      if (points > 0) expect(first.frequency.length).toBe(points);
      expect(first.frequency.length).toBeGreaterThan(0);
      for (let k = 0; k < count; k++) {
        const s = seriesSpectrum(dataset, k);
        for (let i = 0; i < s.frequency.length; i++) {
          expect(s.frequency[i]).toBeGreaterThan(0);
          expect(Number.isFinite(s.Zreal[i])).toBe(true);
          expect(Number.isFinite(s.Zimag[i])).toBe(true);
        }
      }
    });
  }
});

describe.skipIf(!hasData)('pyimpspec cross-format files give the f/Z of data.json', () => {
  const ref = pyimpspecReference();
  // Relative tolerance: 1e-6 where the file stores ≥ 7 significant digits; the Ivium files store
  // 6 digits (±5e-6) and the P00 export rounds its frequencies to 4 digits (up to 3.6e-4 off), so their own precision is the bound.
  const files: [string, number][] = [
    ['data.dta', 1e-6],
    ['data.dfr', 1e-6],
    ['data.i2b', 1e-6],
    ['data.pssession', 1e-6],
    ['data.z', 1e-6],
    ['data-metadata.mpt', 1e-6],
    ['case-multiple-spectra.mpt', 1e-6],
    ['data.idf', 5e-6],
    ['data.ids', 5e-6],
    ['data.P00', 5e-4],
  ];
  for (const [file, tol] of files) {
    it(`${file} within ${tol} relative`, async () => {
      const { dataset } = await read(`impedance/pyimpspec/${file}`);
      for (let k = 0; k < spectrumCount(dataset); k++) {
        const s = seriesSpectrum(dataset, k);
        expect(s.frequency.length).toBe(ref.f.length);
        let worst = 0;
        for (let i = 0; i < ref.f.length; i++) {
          const scale = Math.hypot(ref.re[i]!, ref.im[i]!);
          worst = Math.max(
            worst,
            Math.abs(s.frequency[i]! - ref.f[i]!) / ref.f[i]!,
            Math.abs(s.Zreal[i]! - ref.re[i]!) / scale,
            Math.abs(s.Zimag[i]! - ref.im[i]!) / scale,
          );
        }
        expect(worst).toBeLessThanOrEqual(tol);
      }
    });
  }
});

describe.skipIf(!hasData)('BioLogic .mpr agrees with the .mpt of the same run', () => {
  it('zir.mpr = zir.mpt', async () => {
    const a = spectrumArrays((await read('electrochem/biologic/zir.mpr')).dataset);
    const b = spectrumArrays((await read('electrochem/biologic/zir.mpt')).dataset);
    for (const key of ['frequency', 'Zreal', 'Zimag'] as const) {
      for (let i = 0; i < a[key].length; i++) expect(Math.abs(a[key][i]! - b[key][i]!) / Math.abs(b[key][i]!)).toBeLessThan(1e-6);
    }
  });
});

describe.skipIf(!hasData)('header metadata and operando context', () => {
  it('EC-Lab: technique, device, software version, start time, mean potential and current', async () => {
    const { dataset } = await read('impedance/impedance_py/exampleDataBioLogic.mpt');
    expect(dataset.meta.title).toBe('Potentio Electrochemical Impedance Spectroscopy');
    expect(dataset.meta.instrument?.model).toBe('SP-150');
    expect(dataset.meta.instrument?.softwareVersion).toBe('11.18');
    expect(dataset.meta.startTime).toBe('2018-02-04T10:02:46');
    expect(dataset.meta.instrument?.settings?.['Va (mV)']).toBe('20.0');
    const s = spectrumArrays(dataset);
    const meanE = s.Ewe!.reduce((a, b) => a + b, 0) / s.Ewe!.length;
    expect(dataset.meta.operando?.potential?.value).toBeCloseTo(meanE, 12);
    expect(dataset.meta.operando?.current?.unit).toBe('A');
    expect(Math.abs(s.I![0]! - -4.8041187e-5)).toBeLessThan(1e-12);
  });

  it('Gamry: potentiostat, framework version, DC potential; the aborted file is flagged', async () => {
    const { dataset } = await read('impedance/impedance_py/exampleDataGamry.DTA');
    expect(dataset.meta.instrument?.model).toBe('REF3000-34128');
    expect(dataset.meta.operando?.potential?.value).toBe(-0.05);
    const aborted = await read('impedance/impedance_py/exampleDataGamryABORT.DTA');
    expect(aborted.dataset.meta.extra?.aborted).toBe(true);
  });

  it('GEIS with 61 cycles reads as a series with cycle numbers and start times', async () => {
    const { dataset } = await read('electrochem/biologic/geis.mpt');
    expect(dataset.kind).toBe('impedance.series');
    const cycles = (dataset.coords.cycle as { values: Float64Array }).values;
    expect(cycles[0]).toBe(1);
    expect(cycles[cycles.length - 1]).toBe(cycles.length);
    const times = (dataset.coords.time as { values: Float64Array }).values;
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThan(times[k - 1]!);
  });
});
