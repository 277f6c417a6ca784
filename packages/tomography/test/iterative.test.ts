import { describe, expect, it } from 'vitest';
import { backprojectGeometry, backprojectPairs } from '../src/recon/backproject';
import { fbp } from '../src/recon/fbp';
import { cgls, forwardProject, sirt } from '../src/recon/iterative';
import { rng } from './helpers';
import { discsImage, discsSinogram, PHANTOM, rmseInCircle, thetas } from './phantom';

describe('matched projector pair', () => {
  it('forward projection is the exact transpose of back-projection: ⟨Ax, y⟩ = ⟨x, Aᵀy⟩', () => {
    const n = 40;
    const nDet = 44;
    const theta = thetas(30);
    const g = backprojectGeometry(n, theta, nDet, 21.7, true);
    const r = rng(7);
    const x = new Float64Array(n * n).map(() => r());
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (j < (g.first[i] as number) || j > (g.last[i] as number)) x[i * n + j] = 0;
    const y = new Float64Array(theta.length * nDet).map(() => r());
    const Ax = new Float64Array(theta.length * nDet);
    forwardProject(g, x, nDet, Ax, new Float64Array(g.width + 2));
    const pairs = new Float64Array(2 * g.width * theta.length);
    for (let a = 0; a < theta.length; a++)
      for (let p = 0; p < g.width; p++) {
        const k = p - g.offset;
        const v = k >= 0 && k < nDet ? (y[a * nDet + k] as number) : 0;
        const next = k + 1 >= 0 && k + 1 < nDet ? (y[a * nDet + k + 1] as number) : 0;
        pairs[2 * (a * g.width + p)] = v;
        pairs[2 * (a * g.width + p) + 1] = next - v;
      }
    const Aty = new Float64Array(n * n);
    backprojectPairs(g, pairs, Aty);
    let lhs = 0;
    let rhs = 0;
    for (let i = 0; i < Ax.length; i++) lhs += (Ax[i] as number) * (y[i] as number);
    for (let i = 0; i < x.length; i++) rhs += (x[i] as number) * (Aty[i] as number);
    expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-12);
  });
});

describe('CGLS and SIRT', () => {
  const n = 64;
  const phantom = PHANTOM.map((d) => ({ ...d, x: d.x * 0.9, y: d.y * 0.9, r: d.r * 0.9 }));
  const truth = discsImage(phantom, n);
  it('CGLS from 10 angles beats FBP from the same sparse data and its residual decreases', () => {
    const theta = thetas(10);
    const sino = discsSinogram(phantom, theta, n);
    const res = cgls(sino, theta, n, { iterations: 10 });
    const e1 = rmseInCircle(res.image, truth, n, 28);
    const e2 = rmseInCircle(fbp(sino, theta, n), truth, n, 28);
    expect(e1).toBeLessThan(e2);
    expect(e1).toBeLessThan(0.1);
    for (let i = 1; i < res.residualNorms.length; i++) expect(res.residualNorms[i]).toBeLessThanOrEqual((res.residualNorms[i - 1] as number) * (1 + 1e-9));
  });
  it('SIRT with non-negativity converges towards the phantom', () => {
    const theta = thetas(60);
    const sino = discsSinogram(
      phantom.filter((d) => d.value > 0),
      theta,
      n,
    );
    const t = discsImage(
      phantom.filter((d) => d.value > 0),
      n,
    );
    const res = sirt(sino, theta, n, { iterations: 150, nonNegative: true });
    expect(rmseInCircle(res.image, t, n, 28)).toBeLessThan(0.1);
    expect(res.residualNorms[149]).toBeLessThan((res.residualNorms[0] as number) / 10);
    expect(Math.min(...res.image)).toBeGreaterThanOrEqual(0);
  });
});
