import { describe, expect, it } from 'vitest';
import { decodeTiffStack } from '../src/io/tiff-decode';
import { labelComponents } from '../src/volume/components';
import { tortuosity } from '../src/volume/tortuosity/solve';
import { dataFile, hasData, hasPeers, peers, warnSkip } from './helpers';

describe('connected components (union-find)', () => {
  it('labels 6-, 18- and 26-connected voxels correctly', () => {
    // two voxels touching by an edge, and one touching the second by a corner only
    const shape: [number, number, number] = [3, 3, 3];
    const m = new Uint8Array(27);
    m[0] = 1; // (0,0,0)
    m[1 * 9 + 1 * 3 + 0] = 1; // (1,1,0): edge neighbour of (0,0,0)
    m[2 * 9 + 2 * 3 + 1] = 1; // (2,2,1): corner neighbour of (1,1,0)
    expect(labelComponents(m, shape, 6).count).toBe(3);
    expect(labelComponents(m, shape, 18).count).toBe(2);
    const c26 = labelComponents(m, shape, 26);
    expect(c26.count).toBe(1);
    expect(c26.sizes[1]).toBe(3);
  });
  it('handles a U shape whose arms meet late (label merging)', () => {
    const m = new Uint8Array(5 * 5);
    for (let y = 0; y < 5; y++) {
      m[y * 5] = 1;
      m[y * 5 + 4] = 1;
    }
    for (let x = 0; x < 5; x++) m[4 * 5 + x] = 1;
    const c = labelComponents(m, [1, 5, 5], 6);
    expect(c.count).toBe(1);
    expect(c.labels[4]).toBe(1);
    expect(c.sizes[1]).toBe(13);
  });
});

describe('tortuosity (TauFactor conventions)', () => {
  it('straight channel: τ = 1.0000', () => {
    const n = 20;
    const D = new Uint8Array(n * n * n);
    for (let z = 0; z < n; z++) for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) D[z * 400 + y * 20 + x] = 1;
    const r = tortuosity(D, [n, n, n], 0);
    expect(r.tau).toBeCloseTo(1, 8);
    expect(r.porosity).toBe(0.25);
    expect(r.effectiveDiffusivity).toBeCloseTo(0.25, 8);
    expect(r.macMullin).toBeCloseTo(4, 6);
  });
  it('uniform block with one solid wall parallel to transport: τ = 1', () => {
    const n = 20;
    const D = new Uint8Array(n * n * n).fill(1);
    for (let z = 0; z < n; z++) for (let y = 0; y < n; y++) D[z * 400 + y * 20] = 0;
    expect(tortuosity(D, [n, n, n], 0).tau).toBeCloseTo(1, 8);
    expect(tortuosity(D, [n, n, n], 1).tau).toBeCloseTo(1, 8);
  });
  it("TauFactor's slanted staircase (20 × 21 × 21): τ = 7.5167 ± 0.001", () => {
    const D = new Uint8Array(20 * 21 * 21);
    for (let i = 0; i < 20; i++) for (let y = i; y < i + 2; y++) for (let x = i; x < i + 2; x++) D[i * 441 + y * 21 + x] = 1;
    const r = tortuosity(D, [20, 21, 21], 0, { tol: 1e-10 });
    expect(Math.abs(r.tau - 7.5167)).toBeLessThan(0.001);
    expect(r.unknowns).toBe(80);
    expect(r.fluxMismatch).toBeLessThan(1e-8);
  });
  it('2-D checkerboard D1 = 1, D2 = 0.25, 8-pixel cells: D_eff = 0.4886 ± 0.001 (harmonic face means)', () => {
    const N = 64;
    const D = new Float32Array(N * N);
    for (let z = 0; z < N; z++) for (let y = 0; y < N; y++) D[z * N + y] = (((z / 8) | 0) + ((y / 8) | 0)) % 2 ? 0.25 : 1;
    const r = tortuosity(D, [N, N, 1], 0);
    expect(Math.abs(r.effectiveDiffusivity - 0.4886)).toBeLessThan(0.001);
    expect(r.meanDiffusivity).toBeCloseTo(0.625, 12);
    expect(r.tau).toBeCloseTo(0.625 / r.effectiveDiffusivity, 12);
  });
  it('a dead-end pore carries no flux: τ = ∞', () => {
    const D = new Uint8Array(10 * 50 * 50);
    for (let z = 0; z < 8; z++) D[z * 2500 + 25 * 50 + 25] = 1;
    const r = tortuosity(D, [10, 50, 50], 0);
    expect(r.tau).toBe(Number.POSITIVE_INFINITY);
    expect(r.effectiveDiffusivity).toBe(0);
    expect(r.percolating).toBe(false);
  });
  it('isolated pores do not conduct and are counted', () => {
    const n = 12;
    const D = new Uint8Array(n * n * n);
    for (let z = 0; z < n; z++) D[z * n * n + 2 * n + 2] = 1; // a through channel
    D[5 * n * n + 8 * n + 8] = 1; // an isolated voxel
    const r = tortuosity(D, [n, n, n], 0);
    expect(r.isolatedCells).toBe(1);
    // ε counts the isolated voxel (13 of 12³), D_eff only the channel: τ = ε/D_eff = 13/12
    expect(r.tau).toBeCloseTo(13 / 12, 8);
    expect(r.effectiveDiffusivity * n * n).toBeCloseTo(1, 8);
  });
});

warnSkip('tortuosity of the TauFactor electrode');
describe.skipIf(!hasData || !hasPeers)('TauFactor electrode (pore = 0)', () => {
  it('128³ crop: τ matches the reference finite-volume solver (2.08961)', () => {
    const t = decodeTiffStack(dataFile('taufactor_electrode_nmc_3phase_256.tiff').bytes);
    const N = 128;
    const D = new Uint8Array(N ** 3);
    for (let z = 0; z < N; z++)
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) D[(z * N + y) * N + x] = t.values[(z * 256 + y) * 256 + x] === 0 ? 1 : 0;
    const ref = peers('tortuosity_electrode_crop128_result.json').results[0];
    const r = tortuosity(D, [N, N, N], 0);
    expect(r.porosity).toBeCloseTo(ref.eps, 9);
    expect(r.unknowns).toBe(ref.n_unknowns);
    expect(Math.abs(r.tau - ref.tau)).toBeLessThan(5e-4);
    expect(r.iterations).toBeLessThan(30);
  });
  it.skipIf(!process.env.IONSCOPE_SLOW)(
    '256³ (IONSCOPE_SLOW=1): ε = 0.449917, τ = 2.0772 ± 0.002',
    () => {
      const t = decodeTiffStack(dataFile('taufactor_electrode_nmc_3phase_256.tiff').bytes);
      const D = new Uint8Array(t.values.length);
      for (let i = 0; i < D.length; i++) D[i] = t.values[i] === 0 ? 1 : 0;
      const r = tortuosity(D, [256, 256, 256], 0);
      expect(r.porosity).toBeCloseTo(0.449917, 6);
      expect(Math.abs(r.tau - 2.0772)).toBeLessThan(0.002);
    },
    180_000,
  );
});
