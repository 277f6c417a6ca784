import { type Dataset, Registry, readSource, resultToPlain, runAnalysis } from '@ionscope/core';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import plugin, { seriesDataset, simulateCircuit, spectrumDataset } from '../src/index';
import { dataFile, exampleData, hasData, hasPeers, peers } from './data';

const registry = new Registry();
registry.register(plugin);

function example(): Dataset {
  const { f, re, im } = exampleData();
  return spectrumDataset({ frequency: f, Zreal: re, Zimag: im }, { source: { fileName: 'exampleData.csv' } });
}

async function renderAll(ds: Dataset, views: string[]) {
  for (const id of views) {
    const out = await registry.view(id).item.render(ds, {}, { logger: console as never });
    expect(out.type).toBe('vega-lite');
    if (out.type === 'vega-lite') expect(() => compile(out.spec as never)).not.toThrow();
  }
}

describe.skipIf(!hasPeers)('analyses through the core pipeline, as the CLI runs them', () => {
  it('impedance.fit-circuit gives result.parameters {NAME: {value, stderr, unit}} and chiSquare', async () => {
    const result = await runAnalysis(
      registry,
      'impedance.fit-circuit',
      { input: example() },
      {
        circuit: 'R0-p(R1,C1)-p(R2-Wo1,C2)',
        initialGuess: '[.01,.01,100,.01,.05,100,1]',
        excludeInductive: true,
      },
    );
    const plain = resultToPlain(result) as any;
    const ref = peers().fits.default_unweighted;
    expect(Object.keys(plain.parameters)).toEqual(['R0', 'R1', 'C1', 'R2', 'Wo1_0', 'Wo1_1', 'C2']);
    expect(plain.parameters.R0.unit).toBe('Ω');
    expect(plain.parameters.Wo1_1.unit).toBe('s');
    expect(Math.abs(plain.parameters.R1.value / ref.parameters.R1 - 1)).toBeLessThan(0.005);
    expect(Math.abs(plain.parameters.C2.stderr / ref.std_errors_conf.C2 - 1)).toBeLessThan(0.1);
    expect(plain.chiSquare).toBeLessThan(ref.residual.sum_sq_unweighted_ohm2);
    expect(plain.points).toBe(57);
    expect(result.provenance.at(-1)?.operation).toBe('impedance.fit-circuit');
    await renderAll(result, ['impedance.nyquist-fit', 'impedance.bode', 'impedance.residuals']);
  });

  it('an unidentifiable parameter is reported as a provenance warning', async () => {
    const result = await runAnalysis(
      registry,
      'impedance.fit-circuit',
      { input: example() },
      {
        circuit: 'R0-p(R1,C1)-p(R2-Wo1,C2)',
        initialGuess: [0.01, 0.01, 100, 0.01, 0.05, 100, 1],
        excludeInductive: true,
        weighting: 'modulus',
      },
    );
    const warnings = result.provenance.at(-1)?.warnings ?? [];
    expect(warnings.some((w) => /Wo1_0 is not identifiable/.test(w))).toBe(true);
  });

  it('bad parameters give a ParamsError naming the field', async () => {
    await expect(runAnalysis(registry, 'impedance.fit-circuit', { input: example() }, { circuit: 'R0-p(R1,X1)' })).rejects.toThrow(/unknown element "X1"/);
    await expect(runAnalysis(registry, 'impedance.fit-circuit', { input: example() }, { circuit: 'R0-p(R1,C1)', initialGuess: [1, 2] })).rejects.toThrow(
      /3 parameters/,
    );
    await expect(runAnalysis(registry, 'impedance.fit-circuit', { input: example() }, { circuit: 'R0', initialGuess: 'abc' })).rejects.toThrow(/initialGuess/);
  });

  it('impedance.lin-kk gives M, mu and residuals', async () => {
    const result = await runAnalysis(registry, 'impedance.lin-kk', { input: example() }, { c: 0.5, addCapacitance: true, fMax: '999 Hz' });
    const plain = resultToPlain(result) as any;
    expect(plain.M).toBe(26);
    expect(Math.abs(plain.mu - 0.3063)).toBeLessThan(0.01);
    expect(plain.residualReal.values).toHaveLength(55);
    await renderAll(result, ['impedance.residuals', 'impedance.nyquist', 'impedance.bode']);
  });

  it('impedance.drt gives peaks (frequency, tau, resistance), lambda and Rinf', async () => {
    const result = await runAnalysis(registry, 'impedance.drt', { input: example() }, {});
    const plain = resultToPlain(result) as any;
    expect(plain.peaks.length).toBeGreaterThanOrEqual(3);
    for (const p of plain.peaks) {
      expect(p.frequency.unit).toBe('Hz');
      expect(p.tau.unit).toBe('s');
      expect(p.resistance.unit).toBe('Ω');
      expect(p.frequency.value * 2 * Math.PI * p.tau.value).toBeCloseTo(1, 10);
    }
    expect(plain.lambda).toBeGreaterThan(0);
    expect(plain.Rinf.unit).toBe('Ω');
    await renderAll(result, ['impedance.drt']);
  });
});

describe('operando series', () => {
  it('impedance.fit-series follows a drifting charge-transfer resistance with warm starts', async () => {
    const f = Array.from({ length: 40 }, (_, i) => 10 ** (4 - i * 0.15));
    const truth = Array.from({ length: 12 }, (_, k) => 0.01 * (1 + 0.1 * k));
    const spectra = truth.map((r1, k) => {
      const z = simulateCircuit('R0-p(R1,CPE1)', [0.02, r1, 2e-3, 0.9], f);
      return { frequency: Float64Array.from(f), Zreal: z.Zreal, Zimag: z.Zimag, time: Float64Array.from(f, (_, i) => 600 * k + i) };
    });
    const series = seriesDataset(spectra, {});
    const result = await runAnalysis(registry, 'impedance.fit-series', { input: series }, { circuit: 'R0-p(R1,CPE1)' });
    const r1 = result.data.R1!.values;
    truth.forEach((v, k) => expect(Math.abs((r1[k] as number) / v - 1)).toBeLessThan(1e-6));
    expect(result.data.R1!.unit).toBe('Ω');
    expect(result.values?.converged).toBe(12);
    const plain = resultToPlain(result) as any;
    expect(plain.time.values[3]).toBe(1800);
    await renderAll(result, ['impedance.parameters-series']);
  });

  it.skipIf(!hasData)('a multi-cycle EC-Lab file reads as a series and renders', async () => {
    const { dataset } = await readSource(registry, dataFile('impedance/pyimpspec/case-multiple-spectra.mpt'));
    expect(dataset.kind).toBe('impedance.series');
    await renderAll(dataset, ['impedance.nyquist', 'impedance.bode']);
    const result = await runAnalysis(registry, 'impedance.fit-series', { input: dataset }, { circuit: 'R0-p(R1,C1)-p(R2,CPE1)' });
    expect(result.values?.spectra).toBe(3);
  });
});

describe('views', () => {
  it('the Nyquist plot has equal axis spans', async () => {
    const out = await registry.view('impedance.nyquist').item.render(example(), {}, { logger: console as never });
    const spec = (out as { spec: any }).spec;
    const x = spec.layer[0].encoding.x.scale.domain;
    const y = spec.layer[0].encoding.y.scale.domain;
    expect(x[1] - x[0]).toBeCloseTo(y[1] - y[0], 12);
    expect(spec.width).toBe(spec.height);
  });
});

describe.skipIf(!hasData)('every shared spectrum goes through Lin-KK, the DRT and an automatic circuit fit', () => {
  const files = [
    'impedance/impedance_py/exampleDataBioLogic.mpt',
    'impedance/impedance_py/exampleDataGamry.DTA',
    'impedance/impedance_py/exampleDataZPlot.z',
    'impedance/impedance_py/exampleDataAutolab.txt',
    'impedance/impedance_py/exampleDataCHInstruments.txt',
    'impedance/impedance_py/exampleDataParstat.txt',
    'impedance/impedance_py/exampleDataPowersuite.txt',
    'impedance/impedance_py/exampleDataVersaStudio.par',
    'impedance/pyimpspec/data.dta',
    'impedance/pyimpspec/drift-corrected-data.dta',
    'impedance/pyDRTtools/LIB_data.txt',
    'impedance/pyDRTtools/LIB_data_2.txt',
    'impedance/pyDRTtools/1ZARC.csv',
    'electrochem/biologic/peis.mpt',
  ];
  for (const file of files) {
    it(file, async () => {
      const { dataset } = await readSource(registry, dataFile(file));
      const kk = resultToPlain(await runAnalysis(registry, 'impedance.lin-kk', { input: dataset }, {})) as any;
      expect(kk.M).toBeGreaterThanOrEqual(1);
      expect(Number.isFinite(kk.mu)).toBe(true);
      const drt = resultToPlain(await runAnalysis(registry, 'impedance.drt', { input: dataset }, {})) as any;
      expect(drt.Rinf.value).toBeGreaterThanOrEqual(0);
      expect(drt.gamma.values.every((v: number | null) => v !== null && v >= -1e-12)).toBe(true);
      const fit = resultToPlain(
        await runAnalysis(registry, 'impedance.fit-circuit', { input: dataset }, { circuit: 'R0-p(R1,CPE1)', excludeInductive: true }),
      ) as any;
      for (const p of Object.values(fit.parameters) as { value: number }[]) expect(Number.isFinite(p.value)).toBe(true);
      expect(fit.chiSquare).toBeGreaterThanOrEqual(0);
    });
  }

  it('1ZARC.csv (pyDRTtools synthetic ZARC): one dominant DRT peak and a ZARC fit', async () => {
    const { dataset } = await readSource(registry, dataFile('impedance/pyDRTtools/1ZARC.csv'));
    const drt = resultToPlain(await runAnalysis(registry, 'impedance.drt', { input: dataset }, {})) as any;
    const main = drt.peaks.reduce((a: any, b: any) => (b.resistance.value > a.resistance.value ? b : a));
    // Z′ runs from ≈10 Ω (1 MHz) to ≈59 Ω (10 mHz): R∞ ≈ 10 Ω and one arc of ≈50 Ω carried by the main peak.
    expect(Math.abs(drt.Rinf.value - 10)).toBeLessThan(1);
    expect(main.resistance.value).toBeGreaterThan(40);
    expect(main.resistance.value).toBeLessThan(55);
  });
});

describe('several files as one operando series', () => {
  it('readSources combines files into a series on one clock, and fit-series follows it', async () => {
    const { readSources } = await import('@ionscope/core');
    const { operandoSpectrum, OPERANDO_CIRCUIT } = await import('../tools/make-operando-batch');
    const files = [0, 1, 2, 3].map((k) => {
      const s = operandoSpectrum(k * 3000, 10000);
      const rows = s.f.map((f, i) => `${f}\t${s.re[i]}\t${-s.im[i]!}\t${i}`);
      const text = [
        'EC-Lab ASCII FILE',
        'Nb header lines : 5',
        '',
        'Acquisition started on : 01/02/2024 1' + k + ':00:00',
        'freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s',
        ...rows,
      ].join('\n');
      return { name: `cell-${k}.mpt`, bytes: new TextEncoder().encode(text) };
    });
    const { dataset } = await readSources(registry, files);
    expect(dataset.kind).toBe('impedance.series');
    const times = (dataset.coords.time as { values: Float64Array }).values;
    expect(Array.from(times)).toEqual([0, 3600, 7200, 10800]);
    const result = await runAnalysis(
      registry,
      'impedance.fit-series',
      { input: dataset },
      { circuit: OPERANDO_CIRCUIT, initialGuess: operandoSpectrum(0, 10000).params },
    );
    const r1 = result.data.R1!.values as Float64Array;
    for (let k = 1; k < 4; k++) expect(r1[k]!).toBeGreaterThan(r1[k - 1]!);
  });
});

describe('operando sample (examples/operando-lfp-eis.mpt, synthetic, same clock as the XRD sample)', () => {
  it('fit-series recovers R0 and R1 of the generator (R1 lowest at half charge) on an absolute clock', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(new URL('../examples/operando-lfp-eis.mpt', import.meta.url)));
    const { dataset } = await readSource(registry, { name: 'operando-lfp-eis.mpt', bytes });
    expect(dataset.kind).toBe('impedance.series');
    expect(dataset.meta.startTime).toBe('2024-05-01T10:00:00.000');
    const sample = plugin.sampleData?.find((s) => s.id === 'impedance.example-operando-lfp');
    const result = await runAnalysis(registry, 'impedance.fit-series', { input: dataset }, sample?.analyses[0]?.params ?? {});
    const r0 = result.data.R0!.values;
    const r1 = result.data.R1!.values;
    // the generator (scripts/make-operando-example.ts): x = k/19, R0 = 20 mΩ·(1 + 0.05x), R1 = 8 mΩ·(1 + 1.5·(1 − 4x(1 − x)))
    for (let k = 0; k < 20; k++) {
      const x = k / 19;
      expect(Math.abs((r0[k] as number) / (0.02 * (1 + 0.05 * x)) - 1), `R0 at step ${k}`).toBeLessThan(0.005);
      expect(Math.abs((r1[k] as number) / (0.008 * (1 + 1.5 * (1 - 4 * x * (1 - x)))) - 1), `R1 at step ${k}`).toBeLessThan(0.03);
    }
    expect(Array.from(result.coords.time ? (result.coords.time as { values: Float64Array }).values : [])[19]).toBeCloseTo(11400, 0);
  });
});
