import { describe, expect, it } from 'vitest';
import { decodeTiffStack } from '../src/io/tiff-decode';
import { gaussianFilter, medianFilter } from '../src/volume/filters';
import { isoSurfaceArea, marchingCubesTable, phaseSurfaceArea } from '../src/volume/marching-cubes';
import { faceCountingArea, particleStatistics, throughConnectedFraction, volumeFractions } from '../src/volume/morphology';
import { applyThresholds, multiOtsu, otsu } from '../src/volume/threshold';
import { dataFile, hasData, hasPeers, peers, rng, warnSkip } from './helpers';

function ball(n: number, r: number, cx = n / 2 - 0.5, cy = n / 2 - 0.5, cz = n / 2 - 0.5, target?: Uint8Array, value = 1): Uint8Array {
  const v = target ?? new Uint8Array(n * n * n);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) v[(z * n + y) * n + x] = value;
  return v;
}

describe('thresholds', () => {
  it('Otsu splits a bimodal histogram between the modes; multi-Otsu finds three classes', () => {
    const r = rng(11);
    const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const two = Float32Array.from({ length: 20000 }, (_, i) => (i % 2 ? 50 : 150) + 10 * gauss());
    // the criterion is flat across the empty gap between the modes: any threshold in it separates them
    const t = otsu(two);
    expect(t).toBeGreaterThan(80);
    expect(t).toBeLessThan(120);
    let misclassified = 0;
    two.forEach((v, i) => {
      if (v > t !== (i % 2 === 0)) misclassified++;
    });
    expect(misclassified / two.length).toBeLessThan(0.001);
    const three = Float32Array.from({ length: 30000 }, (_, i) => ([20, 100, 200][i % 3] as number) + 8 * gauss());
    const [t1, t2] = multiOtsu(three, 3);
    expect(t1).toBeGreaterThan(40);
    expect(t1).toBeLessThan(80);
    expect(t2).toBeGreaterThan(120);
    expect(t2).toBeLessThan(180);
    const classes = applyThresholds(three, [t1 as number, t2 as number]);
    let wrong = 0;
    classes.forEach((c, i) => {
      if (c !== i % 3) wrong++;
    });
    expect(wrong / classes.length).toBeLessThan(0.001);
  });
});

describe('filters', () => {
  it('Gaussian smoothing conserves the total and blurs a point to the right width', () => {
    const n = 21;
    const v = new Float32Array(n * n * n);
    v[(10 * n + 10) * n + 10] = 1000;
    const g = gaussianFilter(v, [n, n, n], 2);
    const total = g.reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(1000, 2);
    // variance along x of the blurred point: σ² = 4
    let m2 = 0;
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) s += g[(z * n + y) * n + x] as number;
      m2 += s * (x - 10) ** 2;
    }
    expect(m2 / total).toBeCloseTo(4, 1);
  });
  it('median filtering removes isolated outliers and keeps edges', () => {
    const n = 10;
    const v = new Float32Array(n * n * n);
    for (let i = 0; i < v.length; i++) v[i] = i % n < 5 ? 0 : 100;
    v[(4 * n + 4) * n + 2] = 1e6;
    const m = medianFilter(v, [n, n, n], 1);
    expect(m[(4 * n + 4) * n + 2]).toBe(0);
    expect(m[(4 * n + 4) * n + 4]).toBe(0);
    expect(m[(4 * n + 4) * n + 5]).toBe(100);
  });
});

describe('marching cubes (generated table) and face counting', () => {
  it('builds closed loops for all 256 configurations (each cut edge used once)', () => {
    const table = marchingCubesTable();
    expect(table.length).toBe(256);
    expect(table[0]).toEqual([]);
    expect(table[1]?.length).toBe(1);
    expect(table[1]?.[0]?.length).toBe(3);
    for (let c = 0; c < 256; c++) {
      const edges = (table[c] as number[][]).flat();
      expect(new Set(edges).size).toBe(edges.length);
    }
  });
  it('sphere: marching cubes ≈ +9 % on binary data (≈ 1 % after σ = 1 smoothing), face counting ≈ 3/2', () => {
    const n = 64;
    const r = 20;
    const v = ball(n, r);
    const exact = 4 * Math.PI * r * r;
    // binary data: the known overestimate of marching cubes on voxelised surfaces (Lindblad 2005)
    const mc = isoSurfaceArea(v, [n, n, n]).area;
    expect(mc / exact).toBeGreaterThan(1.06);
    expect(mc / exact).toBeLessThan(1.11);
    expect(Math.abs(isoSurfaceArea(gaussianFilter(v, [n, n, n], 1), [n, n, n], 0.5).area / exact - 1)).toBeLessThan(0.01);
    const fc = faceCountingArea(v, [n, n, n], 1).faces;
    expect(fc / exact).toBeGreaterThan(1.4);
    expect(fc / exact).toBeLessThan(1.6);
    // a smooth field (distance function) gives an even closer area
    const d = new Float32Array(n * n * n);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) d[(z * n + y) * n + x] = r - Math.hypot(x - 31.5, y - 31.5, z - 31.5);
    expect(Math.abs(isoSurfaceArea(d, [n, n, n], 0).area / exact - 1)).toBeLessThan(0.01);
  });
  it('a flat interface has exactly its area both ways', () => {
    const n = 8;
    const v = new Uint8Array(n * n * n);
    for (let i = 0; i < v.length; i++) v[i] = Math.floor(i / (n * n)) < 4 ? 1 : 0;
    expect(faceCountingArea(v, [n, n, n], 1).faces).toBe(64);
    expect(phaseSurfaceArea(v, [n, n, n], 1).area).toBeCloseTo(49, 9); // (n−1)² between voxel centres
  });
});

describe('particles', () => {
  it('equivalent diameters of separated balls', () => {
    const n = 48;
    const v = new Uint8Array(n * n * n);
    ball(n, 5, 12, 12, 12, v);
    ball(n, 8, 32, 30, 30, v);
    ball(n, 3, 12, 36, 36, v);
    const p = particleStatistics(v, [n, n, n], 1);
    expect(p.count).toBe(3);
    expect(p.diameters[0]).toBeCloseTo(16, 0);
    expect(p.diameters[1]).toBeCloseTo(10, 0);
    expect(p.diameters[2]).toBeCloseTo(6, 0);
    expect(p.touchingBorder).toBe(0);
    expect(p.dv50).toBeCloseTo(p.diameters[0] as number, 9);
  });
});

warnSkip('electrode volume fractions, surface areas and through fractions');
describe.skipIf(!hasData || !hasPeers)('TauFactor electrode vs published metrics', () => {
  const published = hasPeers ? peers('results.json').taufactor_published : undefined;
  const t = hasData ? decodeTiffStack(dataFile('taufactor_electrode_nmc_3phase_256.tiff').bytes) : undefined;
  const shape: [number, number, number] = [256, 256, 256];
  const phases = { pore: 0, NMC: 85, CBD: 170 } as const;
  it('volume fractions pore/NMC/CBD', () => {
    const f = volumeFractions(t?.values as Uint8Array);
    for (const [name, label] of Object.entries(phases))
      expect(f.get(label)).toBeCloseTo(published.electrode_tiff_volume_fractions?.[name] ?? published['electrode.tiff_volume_fractions'][name], 6);
  });
  it('face-counting specific surface areas (voxel 100 µm / 256)', () => {
    const a = 100e-6 / 256;
    const ref = published['electrode.tiff_SSA_face_counting_per_m_px=100e-6/256'];
    for (const [name, label] of Object.entries(phases)) {
      const ssa = faceCountingArea(t?.values as Uint8Array, shape, label).specificArea / a;
      expect(Math.abs(ssa / ref[name] - 1), name).toBeLessThan(0.01);
    }
  });
  it('through-connected fractions along axis 0 for 6/18/26 connectivity', () => {
    const ref = published.through_fraction_x_face_edge_corner;
    for (const [name, label] of Object.entries(phases))
      ([6, 18, 26] as const).forEach((conn, i) => {
        const f = throughConnectedFraction(t?.values as Uint8Array, shape, label, 0, conn);
        expect(Math.abs(f - ref[name][i]), `${name} ${conn}`).toBeLessThan(6e-5);
      });
  }, 60_000);
});
