import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kAlpha2Position, profileValue } from '../src/models/profiles';
import { refineLattice, type CrystalSystem } from '../src/peaks/lattice';
import { searchPeaks } from '../src/peaks/search';
import { fitCaglioti, scherrer, williamsonHall } from '../src/peaks/size-strain';
import { identifyPhases } from '../src/phase/identify';
import { estimateBackground, snipBackground } from '../src/processing/background';
import { stripKAlpha2 } from '../src/processing/kalpha2';
import { dSpacing, type Cell } from '../src/structure/cell';
import { readCifStructure } from '../src/structure/cif-structure';
import { stickProfile } from '../src/structure/profile';
import { simulatePattern } from '../src/structure/simulate';
import { ANODE_WAVELENGTHS } from '../src/wavelengths';
import { DATA, hasData } from './helpers';

const cu = ANODE_WAVELENGTHS.Cu!;
const ratio = cu.kAlpha2 / cu.kAlpha1;
const grid = (a: number, b: number, step: number) => Float64Array.from({ length: Math.round((b - a) / step) + 1 }, (_, i) => a + i * step);

describe('background, Kα2 stripping, peak search', () => {
  const x = grid(20, 80, 0.01);
  const peaks = [30, 45.5, 62];
  const bg = x.map((t) => 200 + 2 * (t - 20) + 80 * Math.exp(-((t - 25) ** 2) / 200));
  const ka1 = x.map((t) => peaks.reduce((s, c) => s + 100 * profileValue('pseudo-voigt', t - c, 0.08, [0.5]), 0));
  const ka2 = x.map((t) => peaks.reduce((s, c) => s + 50 * profileValue('pseudo-voigt', t - kAlpha2Position(c, ratio), 0.08, [0.5]), 0));
  it('SNIP follows a smooth background under peaks', () => {
    const y = bg.map((b, i) => b + (ka1[i] as number));
    const est = snipBackground(y, 60);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((est[i] as number) - (bg[i] as number)) / (bg[i] as number));
    expect(worst).toBeLessThan(0.03);
  });
  it('arPLS and Chebyshev backgrounds (numerics) follow it too', () => {
    const y = bg.map((b, i) => b + (ka1[i] as number));
    for (const method of ['arpls', 'chebyshev'] as const) {
      const est = estimateBackground(x, y, { method, order: 8 });
      let worst = 0;
      for (let i = 100; i < x.length - 100; i++) worst = Math.max(worst, Math.abs((est[i] as number) - (bg[i] as number)) / (bg[i] as number));
      expect(worst, method).toBeLessThan(0.05);
    }
  });
  it('Rachinger stripping removes the Kα2 component', () => {
    const stripped = stripKAlpha2(
      x,
      ka1.map((v, i) => v + (ka2[i] as number)),
      ratio,
      0.5,
    );
    let err = 0;
    let ref = 0;
    for (let i = 0; i < x.length; i++) {
      err += ((stripped[i] as number) - (ka1[i] as number)) ** 2;
      ref += (ka1[i] as number) ** 2;
    }
    expect(Math.sqrt(err / ref)).toBeLessThan(0.02);
  });
  it('peak search finds the three peaks and their widths', () => {
    const y = bg.map((b, i) => b + 4 * ((ka1[i] as number) + (ka2[i] as number)));
    expect(searchPeaks(x, y, { minSignificance: 5, minRelativeHeight: 0.2 }).peaks.length).toBe(5);
    const found = searchPeaks(x, y, { minSignificance: 5, minRelativeHeight: 0.2, kAlpha2: { lambdaRatio: ratio, intensityRatio: 0.5 } });
    expect(found.peaks.map((p) => Math.round(p.position * 10) / 10)).toEqual([30, 45.5, 62]);
    expect(found.peaks[0]!.fwhm).toBeGreaterThan(0.06);
    expect(found.peaks[0]!.fwhm).toBeLessThan(0.14);
  });
});

describe('lattice refinement recovers known cells for all seven systems', () => {
  const cases: [CrystalSystem, Cell][] = [
    ['cubic', { a: 5.4116, b: 5.4116, c: 5.4116, alpha: 90, beta: 90, gamma: 90 }],
    ['tetragonal', { a: 4.59, b: 4.59, c: 2.96, alpha: 90, beta: 90, gamma: 90 }],
    ['hexagonal', { a: 2.8156, b: 2.8156, c: 14.0542, alpha: 90, beta: 90, gamma: 120 }],
    ['rhombohedral', { a: 5.42, b: 5.42, c: 5.42, alpha: 55.3, beta: 55.3, gamma: 55.3 }],
    ['orthorhombic', { a: 10.332, b: 6.01, c: 4.692, alpha: 90, beta: 90, gamma: 90 }],
    ['monoclinic', { a: 5.31, b: 8.66, c: 9.8, alpha: 90, beta: 101.2, gamma: 90 }],
    ['triclinic', { a: 5.1, b: 6.2, c: 7.3, alpha: 85, beta: 97, gamma: 103 }],
  ];
  for (const [system, cell] of cases) {
    it(system, () => {
      const hkls: [number, number, number][] = [];
      for (let h = -3; h <= 3; h++) for (let k = -3; k <= 3; k++) for (let l = -3; l <= 3; l++) if (h || k || l) hkls.push([h, k, l]);
      const peaks = hkls
        .map((hkl) => ({ hkl, twoTheta: (2 * Math.asin(cu.kAlpha1 / (2 * dSpacing(cell, ...hkl))) * 180) / Math.PI, sigma: 0.002 }))
        .filter((p) => p.twoTheta > 10 && p.twoTheta < 100)
        .slice(0, 30);
      const r = refineLattice(peaks, system, cu.kAlpha1);
      for (const k of ['a', 'b', 'c', 'alpha', 'beta', 'gamma'] as const) expect(r.cell[k], `${system} ${k}`).toBeCloseTo(cell[k], 6);
    });
  }
  it('reports standard errors consistent with noisy positions', () => {
    const cell = { a: 4.156826, b: 4.156826, c: 4.156826, alpha: 90, beta: 90, gamma: 90 };
    const hkls: [number, number, number][] = [
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
      [2, 0, 0],
      [2, 1, 0],
      [2, 1, 1],
      [2, 2, 0],
      [3, 0, 0],
      [3, 1, 0],
      [3, 1, 1],
    ];
    const noise = [0.003, -0.002, 0.001, -0.004, 0.002, 0.0, -0.001, 0.003, -0.002, 0.001];
    const peaks = hkls.map((hkl, i) => ({
      hkl,
      twoTheta: (2 * Math.asin(cu.kAlpha1 / (2 * dSpacing(cell, ...hkl))) * 180) / Math.PI + (noise[i] as number),
      sigma: 0.003,
    }));
    const r = refineLattice(peaks, 'cubic', cu.kAlpha1);
    expect(Math.abs(r.cell.a - cell.a)).toBeLessThan(3 * r.cellStderr.a);
    expect(r.cellStderr.a).toBeGreaterThan(1e-5);
    expect(r.cellStderr.a).toBeLessThan(1e-3);
  });
});

describe('Scherrer and Williamson–Hall', () => {
  it('recover size and strain from synthetic breadths with an instrumental contribution', () => {
    const lambda = cu.kAlpha1;
    const D = 250; // Å
    const eps = 0.002;
    const inst = { U: 0.004, V: -0.002, W: 0.003 };
    const tt = [25, 35, 45, 55, 65, 75, 85];
    const standard = tt.map((t) => ({
      twoTheta: t,
      fwhm: Math.sqrt(inst.U * Math.tan((t * Math.PI) / 360) ** 2 + inst.V * Math.tan((t * Math.PI) / 360) + inst.W),
    }));
    const cag = fitCaglioti(standard);
    expect(cag.U).toBeCloseTo(inst.U, 8);
    const sample = tt.map((t, i) => {
      const th = (t * Math.PI) / 360;
      const beta = ((0.9 * lambda) / (D * Math.cos(th)) + 4 * eps * Math.tan(th)) * (180 / Math.PI);
      return { twoTheta: t, fwhm: Math.sqrt(beta * beta + standard[i]!.fwhm ** 2) };
    });
    const wh = williamsonHall(sample, lambda, { instrument: cag });
    expect(wh.size.value).toBeCloseTo(D, 6);
    expect(wh.strain.value).toBeCloseTo(eps, 9);
    const pureSize = tt.map((t) => ({ twoTheta: t, fwhm: ((0.9 * lambda) / (D * Math.cos((t * Math.PI) / 360))) * (180 / Math.PI) }));
    for (const s of scherrer(pureSize, lambda)) expect(s.size).toBeCloseTo(D, 8);
  });
});

describe.skipIf(!hasData)('phase identification', () => {
  const names = [
    'LiFePO4_Pnma.cif',
    'FePO4_Pnma_heterosite.cif',
    'LiCoO2_R-3m.cif',
    'LiNiO2_R-3m.cif',
    'LiMn2O4_Fd-3m_xrdautoanalyzer.cif',
    'graphite_P63mmc.cif',
    'LiC6_P6mmm.cif',
    'Si_Fd-3m_NIST640c.cif',
    'CeO2_Fm-3m_NIST674b.cif',
    'LaB6_Pm-3m_NIST660c.cif',
  ];
  const refs = hasData ? names.map((n) => ({ name: n, structure: readCifStructure(readFileSync(`${DATA}cif/${n}`, 'utf8'), n) })) : [];
  it('a simulated LiFePO4/FePO4 mixture is identified as those two phases', () => {
    const x = grid(15, 70, 0.02);
    const sticks = (i: number) =>
      simulatePattern(refs[i]!.structure, { wavelength: cu.kAlpha1 }).map((p) => ({ twoTheta: p.twoTheta, intensity: p.intensity }));
    const opts = { fwhm: 0.12, eta: 0.5, kAlpha2: { lambdaRatio: ratio, intensityRatio: 0.5 } };
    const a = stickProfile(x, sticks(0), { ...opts, strain: 0.002 });
    const b = stickProfile(x, sticks(1), opts);
    let seed = 7;
    const y = x.map((t, i) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const clean = 300 + 2 * (t - 15) + 6 * (0.6 * (a[i] as number) + 0.4 * (b[i] as number));
      return clean + Math.sqrt(clean) * ((seed / 2147483648) * 2 - 1) * 1.7;
    });
    const r = identifyPhases(x, y, refs, { wavelength: cu.kAlpha1, kAlpha2: { lambdaRatio: ratio, intensityRatio: 0.5 }, fwhm: 0.12 });
    expect(r.selected.map((c) => c.name).sort()).toEqual(['FePO4_Pnma_heterosite.cif', 'LiFePO4_Pnma.cif']);
    expect(r.explained).toBeGreaterThan(0.9);
    expect(r.candidates[0]!.name).toBe('LiFePO4_Pnma.cif');
    expect(r.candidates.find((c) => c.name.startsWith('LiFePO4'))!.strain).toBeCloseTo(0.002, 3);
  });
});

describe.skipIf(!hasData)('Pawley whole-pattern fit', () => {
  it('recovers a strained LiFePO4 cell, zero shift and widths from a synthetic pattern', async () => {
    const { pawleyFit } = await import('../src/phase/pawley');
    const ref = readCifStructure(readFileSync(`${DATA}cif/LiFePO4_Pnma.cif`, 'utf8'), 'LiFePO4');
    const truth = { ...ref, cell: { ...ref.cell, a: 10.36, b: 6.02, c: 4.7 } };
    const x = grid(15, 60, 0.02);
    const sticks = simulatePattern(truth, { wavelength: cu.kAlpha1 }).map((p) => ({ twoTheta: p.twoTheta + 0.02, intensity: p.intensity }));
    const prof = stickProfile(x, sticks, { caglioti: { U: 0.005, V: -0.002, W: 0.006 }, eta: 0.4, kAlpha2: { lambdaRatio: ratio, intensityRatio: 0.5 } });
    let seed = 3;
    const y = prof.map((v, i) => {
      seed = (seed * 1664525 + 1013904223) % 4294967296;
      const c = 200 + 10 * v + 0.5 * (x[i] as number);
      return c + Math.sqrt(c) * 1.7 * ((seed / 4294967296) * 2 - 1);
    });
    const r = pawleyFit(
      x,
      y,
      y.map((v) => Math.sqrt(v)),
      ref,
      { wavelength: cu.kAlpha1, doublet: { lambdaRatio: ratio, intensityRatio: 0.5 } },
    );
    expect(r.system).toBe('orthorhombic');
    expect(Math.abs(r.cell.a - 10.36)).toBeLessThan(Math.max(4 * r.cellStderr.a, 2e-4));
    expect(Math.abs(r.cell.b - 6.02)).toBeLessThan(Math.max(4 * r.cellStderr.b, 2e-4));
    expect(Math.abs(r.cell.c - 4.7)).toBeLessThan(Math.max(4 * r.cellStderr.c, 2e-4));
    expect(r.zero.value).toBeCloseTo(0.02, 2);
    expect(r.reducedChiSquare).toBeLessThan(1.5);
    expect(r.rwp).toBeLessThan(0.06);
  });
});

describe.skipIf(!hasData)('quantitative phase analysis (Hill & Howard scale factors)', () => {
  it('recovers 70/30 wt% of LiFePO4/FePO4 from a simulated mixture', async () => {
    const { quantifyPhases } = await import('../src/phase/quantify');
    const { cellMass } = await import('../src/structure/atomic-weights');
    const { cellVolume } = await import('../src/structure/cell');
    const { expandAtoms } = await import('../src/structure/structure');
    const phases = ['LiFePO4_Pnma.cif', 'FePO4_Pnma_heterosite.cif'].map((n) => ({
      name: n,
      structure: readCifStructure(readFileSync(`${DATA}cif/${n}`, 'utf8'), n),
    }));
    // LiFePO4 cell: 4 formula units of 157.76 g/mol.
    expect(cellMass(expandAtoms(phases[0]!.structure))).toBeCloseTo(4 * (6.94 + 55.845 + 30.974 + 4 * 15.999), 6);
    const x = grid(15, 70, 0.02);
    const W = [0.7, 0.3];
    const kAlpha2 = { lambdaRatio: ratio, intensityRatio: 0.5 };
    let y = x.map((t) => 150 + 0.5 * t);
    phases.forEach((p, k) => {
      const sticks = simulatePattern(p.structure, { wavelength: cu.kAlpha1, twoThetaRange: [13, 72] }).map((s) => ({
        twoTheta: s.twoTheta,
        intensity: s.absoluteIntensity,
      }));
      const prof = stickProfile(x, sticks, { fwhm: 0.1, eta: 0.5, kAlpha2 });
      const scale = (W[k] as number) / (cellMass(expandAtoms(p.structure)) * cellVolume(p.structure.cell));
      y = y.map((v, i) => v + 2e4 * scale * (prof[i] as number));
    });
    let seed = 11;
    const noisyY = y.map((v) => {
      seed = (seed * 1664525 + 1013904223) % 4294967296;
      return v + Math.sqrt(v) * ((seed / 4294967296) * 2 - 1) * 1.7;
    });
    const r = quantifyPhases(x, noisyY, phases, { wavelength: cu.kAlpha1, fwhm: 0.1, kAlpha2 });
    expect(r.fractions[0]!.weightFraction).toBeCloseTo(0.7, 2);
    expect(r.fractions[1]!.weightFraction).toBeCloseTo(0.3, 2);
    expect(r.fractions[0]!.stderr).toBeGreaterThan(0);
    expect(r.fractions[0]!.stderr).toBeLessThan(0.01);
  });
});
