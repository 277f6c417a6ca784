import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cifNumber, parseCif } from '../src/io/cif';
import { cellVolume, dSpacing, isHexagonalCell } from '../src/structure/cell';
import { parseTypeSymbol, readCifStructure } from '../src/structure/cif-structure';
import { formFactor } from '../src/structure/form-factors';
import { simulatePattern, uniqueFamilies } from '../src/structure/simulate';
import { expandAtoms } from '../src/structure/structure';
import { parseSymOp } from '../src/structure/symmetry';
import { DATA, hasData, hasPeers, PEERS } from './helpers';

interface PeerPeak {
  two_theta: number;
  rel_intensity: number;
  hkl: { hkl: number[]; multiplicity: number }[];
  d_A: number;
}

describe('CIF syntax', () => {
  it('reads items, loops, quoted strings, text fields and su', () => {
    const blocks = parseCif("data_x\n_a 1.5(2)\n_b 'it''s x'\n_c\n;\nline one\nline two\n;\nloop_\n_l_p\n_l_q\n1 'a b'\n2 \"c\"\n", 'x.cif');
    expect(blocks[0]!.items.get('_a')).toBe('1.5(2)');
    expect(blocks[0]!.items.get('_b')).toBe("it''s x");
    expect(blocks[0]!.items.get('_c')).toBe('line one\nline two');
    expect(blocks[0]!.loops[0]!.rows).toEqual([
      ['1', 'a b'],
      ['2', 'c'],
    ]);
    expect(cifNumber('1.406(26)')).toEqual({ value: 1.406, su: expect.closeTo(0.026, 12) });
    expect(cifNumber('5540(160)')).toEqual({ value: 5540, su: 160 });
    expect(Number.isNaN(cifNumber('?').value)).toBe(true);
  });
  it('symmetry operators and type symbols', () => {
    const op = parseSymOp('-x+1/2, y-x, z+0.25');
    expect(Array.from(op.rotation)).toEqual([-1, 0, 0, -1, 1, 0, 0, 0, 1]);
    expect(Array.from(op.translation)).toEqual([0.5, 0, 0.25]);
    expect(parseTypeSymbol('Mn3.5+')).toEqual({ element: 'Mn', oxidation: 3.5 });
    expect(parseTypeSymbol('O2-')).toEqual({ element: 'O', oxidation: -2 });
    expect(parseTypeSymbol('Li')).toEqual({ element: 'Li' });
  });
  it('form factors: f(0) ≈ Z', () => {
    expect(formFactor('Fe', 0)).toBeCloseTo(26, 1);
    expect(formFactor('O', 0)).toBeCloseTo(8, 1);
    expect(formFactor('La', 0)).toBeCloseTo(57, 1);
  });
  it('cell geometry', () => {
    const cubic = { a: 4, b: 4, c: 4, alpha: 90, beta: 90, gamma: 90 };
    expect(dSpacing(cubic, 1, 1, 1)).toBeCloseTo(4 / Math.sqrt(3), 12);
    expect(cellVolume(cubic)).toBeCloseTo(64, 12);
    const hex = { a: 3, b: 3, c: 5, alpha: 90, beta: 90, gamma: 120 };
    expect(isHexagonalCell(hex)).toBe(true);
    expect(dSpacing(hex, 1, 0, 0)).toBeCloseTo((3 * Math.sqrt(3)) / 2, 12);
  });
  it('hkl families as pymatgen groups them', () => {
    expect(
      uniqueFamilies([
        [1, 0, 0],
        [0, 1, 0],
        [-1, 0, 0],
        [3, 3, 3],
      ]),
    ).toEqual([
      { hkl: [1, 0, 0], multiplicity: 3 },
      { hkl: [3, 3, 3], multiplicity: 1 },
    ]);
  });
  it('synthetic NaCl (Fm-3m by operators) has only all-odd/all-even reflections', () => {
    const ops = ['x,y,z', 'x+1/2,y+1/2,z', 'x+1/2,y,z+1/2', 'x,y+1/2,z+1/2'];
    const cif = `data_NaCl\n_cell_length_a 5.64\n_cell_length_b 5.64\n_cell_length_c 5.64\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_symmetry_equiv_pos_as_xyz\n${ops.map((o) => `'${o}'`).join('\n')}\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\nCl1 0.5 0.5 0.5\n`;
    const s = readCifStructure(cif, 'nacl.cif');
    expect(expandAtoms(s).length).toBe(8);
    const peaks = simulatePattern(s);
    const labels = peaks.map((p) => p.families[0]!.hkl.join(''));
    expect(labels.slice(0, 4)).toEqual(['111', '200', '220', '311']);
    expect(peaks[1]!.intensity).toBe(100); // (200): Na + Cl in phase
    expect(peaks[1]!.families[0]!.multiplicity).toBe(6);
  });
  it('fuzz: random text gives a ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          readCifStructure(`data_x\n${text}`, 'f.cif');
        } catch (error) {
          expect((error as { code?: string }).code).toMatch(/^E_/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe.skipIf(!hasData || !hasPeers)('simulation vs pymatgen XRDCalculator (λ = 1.54184 Å, 0–90°)', () => {
  const peers = hasPeers ? JSON.parse(readFileSync(`${PEERS}pymatgen_patterns.json`, 'utf8')) : { structures: [] };
  for (const entry of peers.structures as { file: string; peaks: PeerPeak[] }[]) {
    it(`${entry.file}: positions within 0.002°, intensities within 2 points above 5 %, same hkl families`, () => {
      const s = readCifStructure(readFileSync(`${DATA}cif/${entry.file}`, 'utf8'), entry.file);
      const peaks = simulatePattern(s, { wavelength: 1.54184, twoThetaRange: [0, 90] });
      for (const p of entry.peaks) {
        const near = peaks
          .filter((q) => Math.abs(q.twoTheta - p.two_theta) < 0.002)
          .sort((a, b) => Math.abs(a.twoTheta - p.two_theta) - Math.abs(b.twoTheta - p.two_theta))[0];
        expect(near, `peak at ${p.two_theta}`).toBeDefined();
        expect(Math.abs(near!.d - p.d_A)).toBeLessThan(2e-5);
        if (p.rel_intensity > 5) {
          expect(Math.abs(near!.intensity - p.rel_intensity), `I at ${p.two_theta}`).toBeLessThan(2);
          const key = (f: { hkl: number[]; multiplicity: number }[]) => f.map((x) => `${x.hkl.join(',')}×${x.multiplicity}`).sort();
          expect(key(near!.families)).toEqual(key(p.hkl));
        }
      }
      // And no strong peak of ours is missing from pymatgen's list.
      for (const q of peaks.filter((x) => x.intensity > 5)) expect(entry.peaks.some((p) => Math.abs(p.two_theta - q.twoTheta) < 0.002)).toBe(true);
    });
  }
});

describe.skipIf(!hasData)('space-group operators from Hall and H-M symbols', async () => {
  const { hallOperators, HALL_BY_HM } = await import('../src/structure/hall');
  const key = (o: { rotation: Int8Array; translation: Float64Array }) =>
    `${Array.from(o.rotation).join(',')}|${Array.from(o.translation, (v) => Math.round((((v % 1) + 1) % 1) * 24) % 24).join(',')}`;
  const files = [
    'CeO2_Fm-3m_NIST674b.cif',
    'FePO4_Pnma_heterosite.cif',
    'LaB6_Pm-3m_NIST660c.cif',
    'LiC6_P6mmm.cif',
    'LiCoO2_R-3m.cif',
    'LiFePO4_Pnma.cif',
    'LiNiO2_R-3m.cif',
    'Si_Fd-3m_NIST640c.cif',
    'graphite_P63mmc.cif',
  ];
  for (const f of files) {
    it(`${f}: the operators generated from the symbol equal the CIF's`, () => {
      const s = readCifStructure(readFileSync(`${DATA}cif/${f}`, 'utf8'), f);
      const hm = (s.spaceGroup?.hm ?? '').replace(/[\s_]/g, '');
      const ops = hallOperators(HALL_BY_HM[f.startsWith('Si') ? 'Fd-3m:1' : hm] as string);
      expect(new Set(ops.map(key))).toEqual(new Set(s.symops.map(key)));
    });
  }
  it('every table entry generates a group of the right order', () => {
    const orders: Record<string, number> = {
      P1: 1,
      'P-1': 2,
      'P21/c': 4,
      'C2/c': 8,
      'C2/m': 8,
      Pnma: 8,
      Pbca: 8,
      Cmcm: 16,
      'I4/mmm': 32,
      'I41/amd': 32,
      'R-3m': 36,
      'R-3': 18,
      'P63/mmc': 24,
      'P6/mmm': 24,
      'Fm-3m': 192,
      'Fd-3m': 192,
      'Im-3m': 96,
      'Ia-3': 48,
      'Ia-3d': 96,
      'F-43m': 96,
      'P42/mnm': 16,
    };
    for (const [hm, n] of Object.entries(orders)) expect(hallOperators(HALL_BY_HM[hm] as string).length, hm).toBe(n);
  });
  it('a CIF without operators is expanded from its H-M symbol and simulates like the full CIF', () => {
    const text = readFileSync(`${DATA}cif/LiFePO4_Pnma.cif`, 'utf8');
    const stripped = text.replace(/loop_\s+_symmetry_equiv_pos_site_id\s+_symmetry_equiv_pos_as_xyz[\s\S]*?(?=loop_)/, '');
    expect(stripped).not.toContain('_symmetry_equiv_pos_as_xyz');
    const a = simulatePattern(readCifStructure(text, 'full.cif'));
    const b = simulatePattern(readCifStructure(stripped, 'stripped.cif'));
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(b[i]!.intensity).toBeCloseTo(a[i]!.intensity, 8);
  });
});
