import { readFileSync } from 'node:fs';
import { createDataset, type Dataset, IonscopeError, Registry, readSource, readSources, resultToPlain, runAnalysis } from '@ionscope/core';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { describe, expect, it } from 'vitest';
import plugin, { makePattern } from '../src/index';
import { rietveldRefine } from '../src/rietveld/refine';
import { freeCoordinateBasis } from '../src/rietveld/special-positions';
import { readCifStructure } from '../src/structure/cif-structure';
import type { Structure } from '../src/structure/structure';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';
import { dataFile, hasData } from './helpers';
import { synthesise } from './rietveld-synthetic';

const registry = new Registry();
registry.register(plugin);
const root = new URL('../', import.meta.url).pathname;
const file = (p: string) => ({ name: p.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(`${root}${p}`)) });
const cu = ANODE_WAVELENGTHS.Cu!;
const ratio = cu.kAlpha2 / cu.kAlpha1;
const radiation = { kAlpha1: cu.kAlpha1, kAlpha2: cu.kAlpha2, kAlpha2Ratio: 0.5, wavelength: cu.kAlpha1, anode: 'Cu', probe: 'x-ray' as const };
const cif = (name: string) => readCifStructure(readFileSync(`${root}examples/cif/${name}`, 'utf8'), name);

const strained = (s: Structure, e: [number, number, number]): Structure => ({
  ...s,
  cell: { ...s.cell, a: s.cell.a * (1 + e[0]), b: s.cell.b * (1 + e[1]), c: s.cell.c * (1 + e[2]) },
});

describe('special positions', () => {
  it('keeps the coordinates that site symmetry fixes', () => {
    const lfp = cif('LiFePO4_Pnma.cif');
    const free = (label: string) => {
      const s = lfp.sites.find((t) => t.label === label)!;
      return freeCoordinateBasis(lfp.symops, s.x, s.y, s.z);
    };
    expect(free('Li0').free).toBe(0); // 4a, inversion centre
    const fe = free('Fe1'); // 4c on the mirror y = 1/4: x and z free, y fixed
    expect(fe.free).toBe(2);
    expect([fe.basis[2], fe.basis[3]]).toEqual([0, 0]);
    expect(free('O3').free).toBe(3); // 8d general position
    const lab6 = cif('LaB6_Pm-3m_NIST660c.cif');
    const b = freeCoordinateBasis(lab6.symops, 0.1996, 0.5, 0.5); // 6f (x, 1/2, 1/2)
    expect(b.free).toBe(1);
    expect(Array.from(b.basis)).toEqual([1, 0, 0]);
    expect(freeCoordinateBasis(lab6.symops, 0, 0, 0).free).toBe(0);
    // (x, x, x) on a 3-fold axis of Pm-3m: one free direction along [111].
    const xxx = freeCoordinateBasis(lab6.symops, 0.2, 0.2, 0.2);
    expect(xxx.free).toBe(1);
    expect(Array.from(xxx.basis)).toEqual([1, 1, 1]);
  });
});

describe('Rietveld refinement: synthetic LiFePO4/FePO4 70/30 wt% (ground truth)', () => {
  const x = Float64Array.from({ length: Math.round((100 - 15) / 0.02) + 1 }, (_, i) => 15 + i * 0.02);
  const lfp = cif('LiFePO4_Pnma.cif');
  const fp = cif('FePO4_Pnma_heterosite.cif');
  const truthCells = [strained(lfp, [0.002, -0.0015, 0.001]), strained(fp, [-0.001, 0.002, 0.0015])];
  const truth = { zero: 0.025, U: 0.004, V: -0.002, W: 0.005, eta: 0.45, counts: 400 };
  const B = [0.6, 0.9];
  const y = synthesise(
    x,
    [
      { structure: truthCells[0]!, weight: 0.7, B: B[0]! },
      { structure: truthCells[1]!, weight: 0.3, B: B[1]! },
    ],
    truth,
    5,
  );

  it('recovers weight fractions, cells, B, zero and profile from the CIF starting values (xrd.rietveld)', async () => {
    const pattern = makePattern({ x, intensity: y, radiation, variances: 'poisson' });
    const phases = (await readSources(registry, [file('examples/cif/LiFePO4_Pnma.cif'), file('examples/cif/FePO4_Pnma_heterosite.cif')])).dataset;
    const t0 = performance.now();
    const result = await runAnalysis(registry, 'xrd.rietveld', { input: pattern, phases }, {});
    const ms = performance.now() - t0;
    const plain = resultToPlain(result) as Record<string, unknown> & {
      phases: {
        phase: string;
        weightFraction: { value: number; stderr: number };
        cell: Record<string, { value: number; stderr: number }>;
        overallB: { value: number; stderr: number };
        rBragg: number;
        reflections: unknown[];
      }[];
      zero: { value: number; stderr: number };
      caglioti: Record<string, { value: number; stderr: number }>;
      rp: number;
      rwp: number;
      rexp: number;
      gof: number;
      reducedChiSquare: number;
      stages: { name: string; converged: boolean; rwp: number }[];
      calculated: { values: number[] };
      difference: { values: number[] };
    };
    const report = plain.phases.map(
      (p) =>
        `${p.phase} W = ${p.weightFraction.value.toFixed(4)} ± ${p.weightFraction.stderr.toFixed(4)}, B = ${p.overallB.value.toFixed(3)} ± ${p.overallB.stderr.toFixed(3)}, R-Bragg ${(100 * p.rBragg).toFixed(2)} %`,
    );
    console.info(
      `[rietveld synthetic] ${ms.toFixed(0)} ms; Rp ${(100 * plain.rp).toFixed(2)} %, Rwp ${(100 * plain.rwp).toFixed(2)} %, Rexp ${(100 * plain.rexp).toFixed(2)} %, GOF ${plain.gof.toFixed(3)}; ${report.join('; ')}; zero ${plain.zero.value.toFixed(5)} ± ${plain.zero.stderr.toFixed(5)}`,
    );
    const [pl, pf] = plain.phases;
    expect(pl!.phase).toMatch(/LiFePO4/);
    // Weight fractions: within 1 wt% and within 2 stated standard errors of the truth.
    for (const [p, w] of [
      [pl!, 0.7],
      [pf!, 0.3],
    ] as const) {
      expect(Math.abs(p.weightFraction.value - w)).toBeLessThan(0.01);
      expect(Math.abs(p.weightFraction.value - w)).toBeLessThan(2 * p.weightFraction.stderr);
      expect(p.weightFraction.stderr).toBeGreaterThan(0);
    }
    // Cells within 3σ of the strained truth.
    plain.phases.forEach((p, k) => {
      for (const key of ['a', 'b', 'c'] as const) {
        const c = p.cell[key]!;
        expect(Math.abs(c.value - truthCells[k]!.cell[key]), `${p.phase} ${key}`).toBeLessThan(3 * c.stderr);
        expect(c.stderr).toBeLessThan(1e-4);
      }
      expect(Math.abs(p.overallB.value - B[k]!)).toBeLessThan(3 * p.overallB.stderr);
      expect(p.rBragg).toBeLessThan(0.03);
    });
    expect(Math.abs(plain.zero.value - truth.zero)).toBeLessThan(3 * plain.zero.stderr);
    expect(plain.caglioti.W!.value).toBeCloseTo(truth.W, 3);
    expect(plain.gof).toBeGreaterThan(0.95);
    expect(plain.gof).toBeLessThan(1.08);
    expect(plain.reducedChiSquare).toBeCloseTo(plain.gof ** 2, 10);
    expect(plain.rwp / plain.rexp).toBeCloseTo(plain.gof, 10);
    // Staging recorded; the Rwp falls stage by stage and the last stage converged.
    expect(plain.stages.map((s) => s.name)[0]).toMatch(/scale/);
    expect(plain.stages.at(-1)!.converged).toBe(true);
    expect(plain.stages.at(-1)!.rwp).toBeLessThan(plain.stages[0]!.rwp / 5);
    // Curves: calculated + difference = observed.
    expect(plain.calculated.values[1000]! + plain.difference.values[1000]!).toBeCloseTo(y[1000]!, 6);
    // The view compiles and renders.
    const view = await registry.view('xrd.rietveld-plot').item.render(result, {}, { logger: console as never });
    if (view.type !== 'vega-lite') throw new Error('expected a Vega-Lite view');
    const svg = await new vega.View(vega.parse(vl.compile(view.spec as never).spec), { renderer: 'none' }).toSVG();
    expect(svg.length).toBeGreaterThan(1000);
    // every reflection tick is drawn, and in a colour (a shared color scale once left them unfilled)
    const ticks = svg.match(/aria-roledescription="tick"[^>]*>/g) ?? [];
    expect(ticks.length).toBe(plain.phases.reduce((n: number, p: any) => n + p.reflections.length, 0));
    for (const t of ticks) expect(t).toMatch(/fill="#[0-9a-f]{6}"/);
  });

  it('refines fractional coordinates of chosen sites, special positions kept', () => {
    // Single phase, O3 (general) and Fe1 (mirror) displaced in the truth.
    const moved: Structure = {
      ...truthCells[0]!,
      sites: truthCells[0]!.sites.map((s) =>
        s.label === 'O3' ? { ...s, x: s.x + 0.004, y: s.y - 0.003, z: s.z + 0.003 } : s.label === 'Fe1' ? { ...s, x: s.x - 0.003, z: s.z + 0.002 } : s,
      ),
    };
    const xs = x.subarray(0, 3751); // 15–90°
    const ys = synthesise(xs, [{ structure: moved, weight: 1, B: 0.6 }], { ...truth, counts: 1000 }, 9);
    const sites = ['Fe1', 'O3'].map((l) => lfp.sites.findIndex((s) => s.label === l));
    const r = rietveldRefine(
      Float64Array.from(xs),
      ys,
      ys.map((v) => Math.sqrt(Math.max(v, 1))),
      [{ structure: lfp, name: 'LiFePO4', system: 'orthorhombic', coordinateSites: sites }],
      {
        wavelength: cu.kAlpha1,
        doublet: { lambdaRatio: ratio, intensityRatio: 0.5 },
        fwhm: 0.1,
      },
    );
    const coords = r.phases[0]!.coordinates;
    const o3 = coords.find((c) => c.label === 'O3')!;
    const fe = coords.find((c) => c.label === 'Fe1')!;
    const want = (label: string) => moved.sites.find((s) => s.label === label)!;
    console.info(
      `[rietveld coordinates] GOF ${r.gof.toFixed(3)}; O3 ${[o3.x, o3.y, o3.z].map((v) => `${v.value.toFixed(5)}(${Math.round(v.stderr * 1e5)})`).join(' ')}; Fe1 ${[fe.x, fe.y, fe.z].map((v) => `${v.value.toFixed(5)}(${Math.round(v.stderr * 1e5)})`).join(' ')}`,
    );
    for (const [c, label] of [
      [o3, 'O3'],
      [fe, 'Fe1'],
    ] as const) {
      for (const k of ['x', 'y', 'z'] as const) {
        const v = c[k];
        const target = want(label)[k];
        if (v.stderr === 0)
          expect(v.value).toBe(target); // fixed by symmetry
        else expect(Math.abs(v.value - target), `${label}.${k}`).toBeLessThan(3 * v.stderr);
      }
    }
    expect(fe.y.value).toBe(0.75); // on the mirror: never refined
    expect(fe.y.stderr).toBe(0);
    expect(o3.x.stderr).toBeGreaterThan(0);
    expect(r.gof).toBeLessThan(1.1);
  });
});

describe.skipIf(!hasData)('Rietveld refinement of the LaB6 NIST SRM 660-series pattern (GSAS-II tutorial data)', () => {
  it('refines a against the certified value and reports the agreement', async () => {
    const pattern = (await readSource(registry, dataFile('patterns/gsas2tut_NIST660CBI.gsas'))).dataset;
    const structure = (await readSource(registry, dataFile('cif/LaB6_Pm-3m_NIST660c.cif'))).dataset;
    const run = async (params: Record<string, unknown>) =>
      resultToPlain(await runAnalysis(registry, 'xrd.rietveld', { input: pattern, structure }, { doublet: 'on', ...params })) as {
        phases: { cell: { a: { value: number; stderr: number } }; overallB: { value: number; stderr: number }; rBragg: number }[];
        rwp: number;
        rexp: number;
        gof: number;
        zero: { value: number; stderr: number };
        specimenDisplacement?: { value: number; stderr: number };
      };
    const full = await run({});
    const low = await run({ range: [15, 60] });
    const high = await run({ range: [60, 125] });
    const disp = await run({ refineDisplacement: true });
    const pawley = resultToPlain(await runAnalysis(registry, 'xrd.pawley', { input: pattern, structure }, { doublet: 'on' })) as {
      cell: { a: { value: number } };
    };
    const line = (name: string, r: typeof full) =>
      `${name}: a = ${r.phases[0]!.cell.a.value.toFixed(6)} ± ${r.phases[0]!.cell.a.stderr.toFixed(6)} Å, B = ${r.phases[0]!.overallB.value.toFixed(3)} Å², zero ${r.zero.value.toFixed(4)}°${r.specimenDisplacement ? `, D ${r.specimenDisplacement.value.toFixed(4)}°` : ''}, Rwp ${(100 * r.rwp).toFixed(2)} %, Rexp ${(100 * r.rexp).toFixed(2)} %, GOF ${r.gof.toFixed(2)}, R-Bragg ${(100 * r.phases[0]!.rBragg).toFixed(2)} %`;
    console.info(
      `[rietveld LaB6] certified SRM 660c a = 4.156826 Å; Pawley a = ${pawley.cell.a.value.toFixed(6)} Å\n  ${[
        line('15–125°', full),
        line('15–60° (asymmetric low-angle peaks)', low),
        line('60–125°', high),
        line('15–125° + displacement', disp),
      ].join('\n  ')}`,
    );
    // Tutorial data of the SRM 660 series (660a/b/c certify 4.15692, 4.15689, 4.156826 Å at 22.5 °C), Cu
    // wavelengths assumed (the file names none), zero shift refined: a comes out ≈ 4·10⁻⁴ low (as the
    // Pawley fit of the same file), so the bound is the one xrd.lattice uses; the agreement with Pawley is tight.
    for (const r of [full, high]) {
      expect(Math.abs(r.phases[0]!.cell.a.value - 4.156826)).toBeLessThan(3e-3);
      expect(r.phases[0]!.overallB.value).toBeGreaterThan(0);
      expect(r.phases[0]!.overallB.value).toBeLessThan(1.5);
      expect(r.rwp).toBeLessThan(0.12);
    }
    expect(Math.abs(full.phases[0]!.cell.a.value - pawley.cell.a.value)).toBeLessThan(5e-4);
    // Zero, displacement and a are nearly collinear on one cubic phase: the error of a grows many-fold.
    expect(disp.phases[0]!.cell.a.stderr).toBeGreaterThan(5 * full.phases[0]!.cell.a.stderr);
    // Peak asymmetry (axial divergence) is not modelled: the low-angle part, with the asymmetric (110),
    // fits much worse than the high-angle part.
    expect(low.gof).toBeGreaterThan(2 * high.gof);
    expect(high.rwp).toBeLessThan(full.rwp);
  });
});

describe('Rietveld refinement on a short range (15–40°) of a two-phase pattern', () => {
  // The example operando series mixes simulated LiFePO4 and FePO4 patterns (unstrained CIF cells,
  // FWHM 0.1°). On these patterns the first partial-range stage used to pull zero shift and cells
  // into a solution that fitted 15–24° only (pattern 12: zero 1.0°, LiFePO4 a 10.96 Å, Rwp 55 %);
  // such a stage is now undone when it fits the whole range worse.
  for (const k of ['03', '12', '18']) {
    it(`lfp_charge_${k}.xy: GOF ≈ 1 and the CIF cells`, async () => {
      const pattern = (await readSource(registry, file(`examples/operando-lfp/lfp_charge_${k}.xy`))).dataset;
      const lfp = (await readSource(registry, file('examples/cif/LiFePO4_Pnma.cif'))).dataset;
      const fp = (await readSource(registry, file('examples/cif/FePO4_Pnma_heterosite.cif'))).dataset;
      const r = resultToPlain(await runAnalysis(registry, 'xrd.rietveld', { input: pattern, structure: lfp, phases: fp }, {})) as any;
      expect(r.gof).toBeLessThan(1.15);
      expect(Math.abs(r.zero.value)).toBeLessThan(0.01);
      const cells = Object.fromEntries(r.phases.map((p: any) => [p.phase, p.cell]));
      expect(Math.abs(cells.LiFePO4.a.value - cif('LiFePO4_Pnma.cif').cell.a)).toBeLessThan(0.01);
      expect(Math.abs(cells.FePO4.a.value - cif('FePO4_Pnma_heterosite.cif').cell.a)).toBeLessThan(0.01);
      expect(r.stages.some((s: any) => s.reverted)).toBe(true);
    });
  }
});

describe('xrd.rietveld bad input', () => {
  const x = Float64Array.from({ length: 200 }, (_, i) => 5 + i * 0.015); // 5–8°: below every LiFePO4 reflection
  const pattern = makePattern({ x, intensity: x.map(() => 100), radiation, variances: 'poisson' });
  const expectError = async (promise: Promise<unknown>, name: string, field: string | RegExp) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IonscopeError);
    expect((error as Error).name).toBe(name);
    expect((error as IonscopeError).field).toMatch(field);
  };
  it('no reflection of a phase inside the pattern → DataError naming the phase', async () => {
    const structure = (await readSource(registry, file('examples/cif/LiFePO4_Pnma.cif'))).dataset;
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: pattern, structure }, {}), 'DataError', 'phases[0]');
    const wide = makePattern({ x: Float64Array.from({ length: 2000 }, (_, i) => 10 + i * 0.02), intensity: new Float64Array(2000).fill(100), radiation });
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: wide, structure }, { range: [10, 12] }), 'DataError', 'range');
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: wide, structure }, { range: [60, 70] }), 'ParamsError', 'range');
  });
  it('a structure without atoms → DataError naming phases[k].sites; an unknown site → ParamsError refineSites; no phase → InputError', async () => {
    const empty: Dataset = createDataset({
      kind: 'xrd.structure',
      data: {},
      coords: {},
      values: { structures: [{ name: 'empty', cell: { a: 4, b: 4, c: 4, alpha: 90, beta: 90, gamma: 90 }, symops: ['x,y,z'], sites: [] }] },
    });
    const wide = makePattern({ x: Float64Array.from({ length: 2000 }, (_, i) => 10 + i * 0.02), intensity: new Float64Array(2000).fill(100), radiation });
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: wide, phases: empty }, {}), 'DataError', 'phases[0].sites');
    const structure = (await readSource(registry, file('examples/cif/LiFePO4_Pnma.cif'))).dataset;
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: wide, structure }, { refineSites: ['O9'] }), 'ParamsError', 'refineSites');
    await expectError(runAnalysis(registry, 'xrd.rietveld', { input: wide }, {}), 'InputError', 'phases');
  });
});
